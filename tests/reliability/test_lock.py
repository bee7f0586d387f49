"""One editor per draft: a second process cannot take it; a stale lock is taken over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from selfeval.lock import DraftLock, DraftLocked, LockInfo, lock_path

HOLDER = textwrap.dedent(
    """
    import sys, time
    from selfeval.lock import DraftLock
    lock = DraftLock(sys.argv[1]); lock.acquire()
    print("locked", flush=True)
    sys.stdin.readline()   # hold until told to go
    lock.release()
    """
)


def test_second_process_cannot_take_the_draft(example_path: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(example_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DraftLocked) as err:
            DraftLock(example_path).acquire()
        message = str(err.value)
        assert f"进程 {holder.pid}" in message and "只读" in message
        assert err.value.holder.pid == holder.pid
        assert err.value.holder.host == socket.gethostname()
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    # released on exit: now it can be taken, and the lock file is gone afterwards
    with DraftLock(example_path) as lock:
        assert lock.held and lock.took_over is None
    assert not lock_path(example_path).exists()


def test_killed_holder_leaves_a_stale_lock_that_is_taken_over(example_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(example_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(timeout=10)
    assert lock_path(example_path).exists()  # SIGKILL leaves the file behind
    lock = DraftLock(example_path)
    lock.acquire()
    try:
        assert lock.took_over is not None and lock.took_over.pid == holder.pid
        assert json.loads(lock_path(example_path).read_text())["pid"] == os.getpid()
    finally:
        lock.release()


def _dead_pid() -> int:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(dead.stdout)


def test_own_record_of_a_dead_local_pid_is_taken_over_without_asking(example_path: Path):
    info = LockInfo(pid=_dead_pid(), host=socket.gethostname(), user=LockInfo.mine().user, since="2025-04-01T09:00:00")
    lock_path(example_path).write_text(json.dumps(info.__dict__), encoding="utf-8")
    with DraftLock(example_path) as lock:
        assert lock.took_over == info


def test_another_users_record_of_a_dead_local_pid_is_taken_over_only_when_asked(example_path: Path):
    info = LockInfo(pid=_dead_pid(), host=socket.gethostname(), user="someone-else", since="2025-04-01T09:00:00")
    lock_path(example_path).write_text(json.dumps(info.__dict__), encoding="utf-8")
    with pytest.raises(DraftLocked) as err:
        DraftLock(example_path).acquire()
    assert err.value.stale and err.value.holder == info
    assert "someone-else" in str(err.value) and "接管" in str(err.value)
    assert json.loads(lock_path(example_path).read_text())["user"] == "someone-else"  # untouched
    lock = DraftLock(example_path)
    lock.acquire(force=True)
    try:
        assert lock.took_over == info
        assert json.loads(lock_path(example_path).read_text())["pid"] == os.getpid()
    finally:
        lock.release()


def test_record_from_another_host_is_respected_unless_forced(example_path: Path):
    info = LockInfo(pid=1, host="other-server", user="李四", since="2025-04-01T09:00:00")
    lock_path(example_path).write_text(json.dumps(info.__dict__), encoding="utf-8")
    with pytest.raises(DraftLocked, match="李四（other-server"):
        DraftLock(example_path).acquire()
    lock = DraftLock(example_path)
    lock.acquire(force=True)
    assert lock.took_over == info
    lock.release()


def test_headless_commands_need_no_lock(example_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(example_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        for cmd in (["check"], ["render"]):
            out = subprocess.run([sys.executable, "-m", "selfeval", *cmd, str(example_path)], capture_output=True, text=True)
            assert out.returncode == 0, out.stderr
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
