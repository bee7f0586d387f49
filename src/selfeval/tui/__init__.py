"""The Textual user interface (a view over the headless core)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["run"]


def run(path: Path, *, read_only: bool = False) -> int:
    from selfeval.tui.app import SelfEvalApp

    app = SelfEvalApp(path, read_only=read_only)
    try:
        app.run()
    finally:
        app.release_lock()
    return app.return_code or 0
