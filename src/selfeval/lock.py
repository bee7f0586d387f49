"""One editor per draft: ``FILE.lock`` says who holds it, the kernel says whether they still do.

The lock file holds the holder's pid, host, user and start time, so a second
editor can be told who has the draft open and since when (and open it
read-only). Where the platform has ``fcntl``, the file is also locked with
``flock``: the kernel releases that lock when the holder dies, however it dies,
so a lock left by a crash or a dropped SSH session is recognised as stale. A
record naming a process on this host that no longer runs is stale too, and is
taken over with a notice. Headless ``check`` and ``render`` take no lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from selfeval.errors import DraftLocked

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LockInfo", "DraftLocked", "DraftLock", "lock_path"]


def lock_path(draft: Path) -> Path:
    return draft.with_name(draft.name + ".lock")


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    user: str
    since: str  # ISO time, local

    @classmethod
    def mine(cls) -> LockInfo:
        try:
            user = getpass.getuser()
        except Exception:  # no user name in some containers
            user = str(os.getuid()) if hasattr(os, "getuid") else "?"
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            user=user,
            since=dt.datetime.now().isoformat(timespec="seconds"),
        )

    @classmethod
    def parse(cls, text: str) -> LockInfo | None:
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["since"]))
        except (ValueError, KeyError, TypeError):
            return None

    def describe(self) -> str:
        since = self.since.replace("T", " ")
        return f"{self.user}（{self.host}，进程 {self.pid}）自 {since} 起"

    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    except OSError:
        return False
    return True


class DraftLock:
    """``with DraftLock(path) as lock:`` — or ``acquire()`` / ``release()``.

    After ``acquire()``, ``lock.took_over`` describes a stale lock that was taken
    over (to tell the user), or is ``None``.
    """

    def __init__(self, draft: Path | str) -> None:
        self.draft = Path(draft)
        self.path = lock_path(self.draft)
        self.info: LockInfo | None = None
        self.took_over: LockInfo | None = None
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> LockInfo | None:
        """Who the lock file names (``None`` when there is none or it is unreadable)."""
        try:
            return LockInfo.parse(self.path.read_text(encoding="utf-8"))
        except OSError:
            return None

    def _open_locked(self) -> int:
        """Open the lock file and flock it; retry if a releasing holder unlinked it meanwhile."""
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if fcntl is None:
                return fd
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise DraftLocked(self.draft, self.holder()) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return fd
            os.close(fd)  # we locked a file that is no longer the lock file
        raise DraftLocked(self.draft, self.holder())

    def acquire(self, *, force: bool = False) -> LockInfo:
        """Take the lock or raise :class:`DraftLocked`. ``force`` takes it from a live holder
        on another host whose lock we cannot verify (never from a running local process)."""
        fd = self._open_locked()
        try:
            previous = self.holder()
            me = LockInfo.mine()
            if previous is not None and (previous.pid, previous.host) != (me.pid, me.host):
                if previous.on_this_host():
                    if _pid_alive(previous.pid) and fcntl is None:
                        raise DraftLocked(self.draft, previous)
                    # the kernel lock was free, or the process is gone: stale
                    self.took_over = previous
                elif force:
                    self.took_over = previous
                else:
                    # another machine's record: flock may not reach across hosts, so believe it
                    raise DraftLocked(self.draft, previous)
            data = json.dumps(asdict(me), ensure_ascii=False).encode("utf-8")
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self.info = me
        return me

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            if self.holder() == self.info:
                self.path.unlink()
        with contextlib.suppress(OSError):
            os.close(self._fd)  # also drops the flock
        self._fd = None

    def __enter__(self) -> DraftLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
