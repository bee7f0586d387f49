"""Hang-ups, termination and failed saves: whatever happens, the typing survives.

Textual does not handle SIGHUP (the SSH connection dropped) and SIGTERM (the
server shuts down); left alone they kill the editor with the draft unsaved.
:func:`install` makes them save synchronously — to the draft, or to
``FILE.recover`` when the draft cannot be written — and exit. SIGINT (``kill
-INT``; the Ctrl+C key itself never reaches here, the terminal is in raw mode)
is treated the same way, so it is never a silent kill.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from selfeval import draft

if TYPE_CHECKING:
    from selfeval.tui.app import SelfEvalApp

__all__ = ["install", "emergency_save", "HANDLED_SIGNALS"]

HANDLED_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM, signal.SIGINT) if s is not None
)
#: seconds an orderly exit may take after a SIGTERM before the process ends anyway
EXIT_GRACE = 3.0


def emergency_save(app: SelfEvalApp) -> Path | None:
    """Save what is in memory, now, without the event loop. Returns where it went.

    The draft if it can be written; otherwise ``FILE.recover`` beside it. Nothing
    when there is nothing unsaved or the draft was opened read-only.
    """
    if app.report is None or not app.dirty or app.read_only:
        return None
    try:
        draft.save(app.report, app.path)
        app.saved_generation = app.generation
        return app.path
    except OSError:
        pass
    with contextlib.suppress(OSError):
        return draft.write_recover(app.report, app.path)
    return None


def _on_signal(app: SelfEvalApp, signum: int) -> None:
    emergency_save(app)
    release = getattr(app, "release_lock", None)
    if release is not None:
        with contextlib.suppress(Exception):
            release()
    code = 128 + signum
    if signum == getattr(signal, "SIGHUP", -1):
        # the terminal is gone: nothing to restore, nobody to ask
        os._exit(code)
    # leave the terminal as it was; if the exit does not finish, end anyway
    timer = threading.Timer(EXIT_GRACE, os._exit, args=(code,))
    timer.daemon = True
    timer.start()
    app.exit(return_code=code)


def install(app: SelfEvalApp) -> None:
    """Hook the signals into the running event loop (call from ``on_mount``)."""
    loop = asyncio.get_running_loop()
    for signum in HANDLED_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, _on_signal, app, signum)
