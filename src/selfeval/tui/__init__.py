"""The Textual user interface (a view over the headless core)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["run"]


def run(path: Path, *, read_only: bool = False) -> int:
    from selfeval.tui.app import SelfEvalApp

    app = SelfEvalApp(path, read_only=read_only)
    if app.console.color_system in ("standard", "windows"):
        # 16 colours: the default theme's shades collapse into patches of grey;
        # the ANSI theme uses the terminal's own colours instead
        app.theme = "ansi-dark"
    try:
        app.run()
    finally:
        if app.session is not None:  # (the app has no release_lock of its own)
            app.session.release_lock()
        if app.crash_note:  # after Textual's traceback: where the work went
            import sys

            print(app.crash_note, file=sys.stderr)
    return app.return_code or 0
