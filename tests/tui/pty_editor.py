"""``selfeval DRAFT`` in a pseudo-terminal, for tests that need a real terminal:
keys that arrive in one ``write()`` (a burst), and terminals in another encoding."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

_ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHMc])")

TAB = "\t"
ENTER = "\r"
F8 = "\x1b[19~"
CTRL_N = "\x0e"
CTRL_S = "\x13"
CTRL_Q = "\x11"


class PtyEditor:
    """The editor in a pty of ``cols``×``rows``; output is drained as it comes."""

    def __init__(self, draft: Path, *, env: dict[str, str] | None = None, encoding: str = "utf-8",
                 cols: int = 80, rows: int = 24) -> None:
        base = dict(os.environ, TERM="xterm-256color")
        base.pop("NO_COLOR", None)
        base.update(env or {})
        self.encoding = encoding
        pid, fd = pty.fork()
        if pid == 0:  # child
            with contextlib.suppress(OSError):
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(sys.executable, [sys.executable, "-m", "selfeval", str(draft)], base)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self.status: int | None = None

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def drawn(self, since: int = 0) -> str:
        """What was drawn after offset ``since``, escape sequences left out."""
        return _ESCAPES.sub("", self.output[since:].decode(self.encoding, "replace"))

    def wait_for(self, text: str, timeout: float = 60.0, *, since: int = 0) -> None:
        end = time.monotonic() + timeout
        while text not in self.drawn(since):
            if time.monotonic() > end:
                raise TimeoutError(f"editor did not show {text!r}; it drew: …{self.drawn(since)[-1500:]}")
            self.pump(0.2)

    def write(self, keys: str | bytes) -> None:
        """All of ``keys`` in ONE write: the editor reads them as one burst."""
        data = keys if isinstance(keys, bytes) else keys.encode(self.encoding)
        assert os.write(self.fd, data) == len(data)

    def save_and_quit(self, timeout: float = 60.0) -> int:
        mark = len(self.output)
        self.write(CTRL_S)
        self.wait_for("已保存到", timeout, since=mark)
        self.write(CTRL_Q)
        return self.wait(timeout)

    def wait(self, timeout: float = 30.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
                with contextlib.suppress(OSError):
                    os.close(self.fd)
                return status
        self.kill()
        raise TimeoutError("editor did not exit")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def gb18030_locale(folder: Path) -> dict[str, str] | None:
    """LC_ALL/LOCPATH for a zh_CN.GB18030 locale (the system's, or one built in
    ``folder`` with localedef); ``None`` when neither is possible."""
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().split()
    for name in listed:
        if name.replace("-", "") in ("zh_cn.gb18030",):
            return {"LC_ALL": name, "LANG": name}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["localedef", "-i", "zh_CN", "-f", "GB18030", str(folder / "zh_CN.GB18030")],
            check=True, capture_output=True, timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return {"LOCPATH": str(folder), "LC_ALL": "zh_CN.GB18030", "LANG": "zh_CN.GB18030"}
