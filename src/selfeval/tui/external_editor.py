"""Ctrl+O: a narrative field's text in ``$VISUAL``/``$EDITOR``, the app suspended meanwhile."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SuspendNotSupported

if TYPE_CHECKING:
    from selfeval.tui.widgets.text_field import TextField

__all__ = ["edit_externally"]


def edit_externally(app: App, field: TextField) -> None:
    """Open ``field``'s text in the user's editor; what comes back replaces it as one undoable edit."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    before = field.text
    fd, name = tempfile.mkstemp(prefix="selfeval-", suffix=".txt", text=True)
    error: str | None = None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(before + ("\n" if before and not before.endswith("\n") else ""))
        argv = [*shlex.split(command), name]
        try:
            with app.suspend():
                code, error = _call(argv)
        except SuspendNotSupported:  # headless (tests): nothing to suspend
            code, error = _call(argv, quiet=True)
        if error is None and code != 0:
            error = f"编辑器 {command} 退出码 {code}，文字未改动"
        after = Path(name).read_text(encoding="utf-8") if error is None else before
    finally:
        os.unlink(name)
    if error is not None:
        app.notify(error, title="外部编辑器", severity="error", timeout=10)
        return
    if not before.endswith("\n"):
        after = after.removesuffix("\n")
    if after != before:
        field.replace_text(after)
    field.focus()


def _call(argv: list[str], quiet: bool = False) -> tuple[int, str | None]:
    """Run the editor; errors come back as Chinese text (never raised through ``suspend``)."""
    try:
        if quiet:
            return subprocess.call(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL), None
        return subprocess.call(argv), None
    except OSError as exc:
        return -1, f"无法启动编辑器 {argv[0]}：{exc.strerror or exc}。请设置环境变量 EDITOR（如 export EDITOR=nano）"
