"""Hang-ups, termination and failed saves: whatever happens, the typing survives.

Textual does not handle SIGHUP (the SSH connection dropped) and SIGTERM (the
server shuts down); left alone they kill the editor with the draft unsaved.
:func:`install` makes them save the edit session synchronously — to the draft,
or to ``FILE.recover`` when the draft cannot be written (see
:meth:`EditSession.emergency_save`) — and exit. SIGINT (``kill -INT``; the
Ctrl+C key itself never reaches here, the terminal is in raw mode) is treated
the same way, so it is never a silent kill.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selfeval.session import EditSession

__all__ = ["install", "HANDLED_SIGNALS"]

HANDLED_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM, signal.SIGINT) if s is not None
)
#: seconds an orderly exit may take after a SIGTERM before the process ends anyway
EXIT_GRACE = 3.0


def _on_signal(session: EditSession, exit: Callable[..., None], signum: int) -> None:
    with contextlib.suppress(Exception):
        session.emergency_save()
    with contextlib.suppress(Exception):
        session.release_lock()
    code = 128 + signum
    if signum == getattr(signal, "SIGHUP", -1):
        # the terminal is gone: nothing to restore, nobody to ask
        os._exit(code)
    # leave the terminal as it was; if the exit does not finish, end anyway
    timer = threading.Timer(EXIT_GRACE, os._exit, args=(code,))
    timer.daemon = True
    timer.start()
    exit(return_code=code)


def install(session: EditSession, exit: Callable[..., None]) -> None:
    """Hook the signals into the running event loop: save ``session``, then ``exit(return_code=…)``."""
    loop = asyncio.get_running_loop()
    for signum in HANDLED_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, _on_signal, session, exit, signum)
