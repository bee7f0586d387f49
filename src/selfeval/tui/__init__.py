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
        app.release_lock()
    return app.return_code or 0
