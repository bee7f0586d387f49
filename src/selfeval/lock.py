"""One editor per draft: ``FILE.lock`` says who holds it, the kernel says whether they still do.

The lock file holds the holder's pid, host, user and start time, so a second
editor can be told who has the draft open and since when (and open it
read-only). Where the platform has ``fcntl``, the file is also locked with
``flock``: the kernel releases that lock when the holder dies, however it dies,
so a lock left by a crash or a dropped SSH session is recognised as stale. A
record naming a process on this host that no longer runs is stale too. The
user's own stale lock is taken over with a notice; another user's is taken
over only when asked to (``acquire(force=True)``, after the editor asked the
user): :class:`DraftLocked` with ``stale`` says it may be. Headless ``check``
and ``render`` take no lock.
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

__all__ = ["LockInfo", "DraftLocked", "DraftLock", "lock_path", "lock_mode"]


def lock_path(draft: Path) -> Path:
    """``FILE.lock`` beside the draft's real file: every name of a draft (a
    symlink, the target) shares one lock."""
    real = Path(os.path.realpath(draft))
    return real.with_name(real.name + ".lock")


def lock_mode(folder: Path) -> int:
    """The lock file's mode: readable by all, and writable by whoever may write
    the folder (a group-shared folder gives a group-writable lock), so that
    every user who can edit the draft can read the lock and take it when free."""
    try:
        folder_mode = os.stat(folder).st_mode
    except OSError:
        folder_mode = 0
    return 0o644 | (folder_mode & 0o022)


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

    def same_user(self, other: LockInfo) -> bool:
        return self.user == other.user


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
        self.path = lock_path(self.draft)  # of the real file, not of a symlink
        self.info: LockInfo | None = None
        self.took_over: LockInfo | None = None
        self._fd: int | None = None
        self._force = False  # acquire(force=True): another user's stale lock may be taken

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
        """Open the lock file and flock it; retry if a releasing holder unlinked it meanwhile.

        A lock file this user may not write (another user made it, in a folder
        both may write) is opened for reading, which is enough for ``flock``:
        held means the draft is held; free means its holder is gone, and the
        stale file is replaced by one of ours. ``OSError`` when the lock can be
        neither read nor taken (the caller opens read-only and says why).
        """
        mode = lock_mode(self.path.parent)
        for _ in range(5):
            created = False
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
                created = True
            except FileExistsError:
                try:
                    fd = os.open(self.path, os.O_RDWR)
                except FileNotFoundError:
                    continue  # released meanwhile: try again
                except PermissionError:
                    self._check_foreign_lock(self._force)
                    continue  # the stale foreign lock file is gone: create ours
            if created:
                with contextlib.suppress(OSError):
                    os.fchmod(fd, mode)  # the umask must not make it private
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

    def _check_foreign_lock(self, force: bool = False) -> None:
        """A lock file we may read but not write (another user's): raise :class:`DraftLocked`
        if its holder still holds it, or (``stale``) unless ``force``; else remove it
        (``OSError`` if we cannot)."""
        fd = os.open(self.path, os.O_RDONLY)  # PermissionError: cannot even read it
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise DraftLocked(self.draft, self.holder()) from None
            else:  # pragma: no cover - Windows
                raise DraftLocked(self.draft, self.holder())
            previous = self.holder()
            if previous is not None and previous.on_this_host() and _pid_alive(previous.pid) and fcntl is None:
                raise DraftLocked(self.draft, previous)  # pragma: no cover
            if previous is not None and not previous.on_this_host():
                raise DraftLocked(self.draft, previous)
            if not force:  # another user's lock, left behind: only when the user says so
                raise DraftLocked(self.draft, previous, stale=True)
            self.took_over = previous
            os.unlink(self.path)  # OSError (a sticky folder): cannot take it
        finally:
            os.close(fd)

    def acquire(self, *, force: bool = False) -> LockInfo:
        """Take the lock or raise :class:`DraftLocked`. ``force`` takes another user's stale
        lock on this host, and a lock from another host whose holder we cannot verify
        (never one a running local process holds)."""
        self._force = force
        fd = self._open_locked()
        try:
            previous = self.holder()
            me = LockInfo.mine()
            if self.took_over is not None:
                pass  # a foreign stale lock file, already replaced by ours
            elif previous is not None and (previous.pid, previous.host) != (me.pid, me.host):
                if previous.on_this_host():
                    if _pid_alive(previous.pid) and fcntl is None:
                        raise DraftLocked(self.draft, previous)
                    # the kernel lock was free, or the process is gone: stale. The
                    # user's own is taken over; another user's only when asked to
                    if not previous.same_user(me) and not force:
                        raise DraftLocked(self.draft, previous, stale=True)
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
