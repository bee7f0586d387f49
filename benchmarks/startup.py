"""Launch to first paint: `selfeval drafts/example-2024.toml` beside a minimal Textual app.

    python benchmarks/startup.py [--runs N]

Each program is started in a pseudo-terminal of 80×24 (TERM=xterm-256color)
and timed from the fork until the first frame containing the marker text has
been written: the department's name, which the editor shows in its title bar
and the minimal app shows in its one Label. Runs are interleaved so that
machine noise hits both alike; the medians and their ratio are printed
(goal: the editor within 1.5× the minimal app).

The editor paints its frame before it has loaded the draft, so a second time
is printed for it: until the first step's fields are on the screen ("ready",
marked by the field label 单位全称, which exists only once the draft is loaded).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"
MARKER = "衡阳市科学技术协会"
READY = "单位全称"
MINIMAL = f"""
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label({MARKER!r})

Minimal().run()
"""


def first_paint(argv: list[str], markers: tuple[str, ...] = (MARKER,), *, timeout: float = 20.0) -> list[float]:
    """Seconds from starting ``argv`` in an 80×24 pty until each marker is on screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    wanted = [m.encode("utf-8") for m in markers]
    found: dict[bytes, float] = {}
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{argv} did not paint within {timeout}s; output: {seen[-500:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program exited
                raise RuntimeError(f"{argv} exited before painting; output: {seen[-500:]!r}") from None
            seen += chunk
            now = time.perf_counter() - start
            for m in wanted:
                if m not in found and m in seen:
                    found[m] = now
            if len(found) == len(wanted):
                return [found[m] for m in wanted]
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="selfeval-startup-"))
    try:
        draft = work / "example-2024.toml"
        shutil.copyfile(EXAMPLE, draft)
        selfeval = Path(sys.executable).with_name("selfeval")
        editor = [str(selfeval), str(draft)] if selfeval.exists() else [sys.executable, "-m", "selfeval", str(draft)]
        minimal = [sys.executable, "-c", MINIMAL]
        first_paint(minimal)  # warm the file cache and .pyc files
        first_paint(editor, (MARKER, READY))
        samples: dict[str, list[float]] = {"minimal": [], "selfeval": [], "selfeval ready": []}
        for _ in range(args.runs):
            samples["minimal"] += first_paint(minimal)
            paint, ready = first_paint(editor, (MARKER, READY))
            samples["selfeval"].append(paint)
            samples["selfeval ready"].append(ready)
        base = statistics.median(samples["minimal"])
        print(f"launch to first paint, 80×24 pty, {args.runs} runs each, interleaved; python {sys.version.split()[0]}")
        for name, values in samples.items():
            med = statistics.median(values)
            spread = f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}"
            print(f"{name:15s} median {med * 1000:7.1f} ms  (range {spread} ms)  ratio {med / base:4.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
