"""Key-only helpers for Pilot tests: move the focus with Tab, type text."""

from __future__ import annotations

from textual.pilot import Pilot

__all__ = ["tab_to", "type_text", "focused_id", "show"]


def focused_id(pilot: Pilot) -> str | None:
    focused = pilot.app.focused
    return focused.id if focused is not None else None


async def tab_to(pilot: Pilot, widget_id: str, *, limit: int = 250) -> None:
    """Press Tab until the widget ``widget_id`` has the focus (keys only, like a user)."""
    for _ in range(limit):
        if focused_id(pilot) == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{widget_id} (focus is on #{focused_id(pilot)})")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` key by key; a newline is Enter."""
    keys = ["enter" if ch == "\n" else ("space" if ch == " " else ch) for ch in text]
    await pilot.press(*keys)


async def show(pilot: Pilot, step: str) -> None:
    """Show ``step`` with the focus on its first field (as F7/F8 or the step list do)."""
    await pilot.app.editor().show_step(step, focus=True)
    await pilot.pause()
