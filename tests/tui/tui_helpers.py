"""Key-only helpers for Pilot tests: move the focus with Tab, type text."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

__all__ = ["running", "tab_to", "type_text", "focused_id", "show", "until", "screen_cells", "screen_lines"]


@asynccontextmanager
async def running(app, size: tuple[int, int] = (80, 24)) -> AsyncIterator[Pilot]:
    """``app.run_test`` once the draft is loaded and the first step is on screen."""
    async with app.run_test(size=size) as pilot:
        await asyncio.wait_for(app.wait_until_loaded(), timeout=20)
        await pilot.pause()
        yield pilot


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
    """Type ``text`` key by key; a newline is Enter.

    Chinese punctuation (。，“”) goes in as the key event a terminal produces for
    it: ``Pilot.press`` would send it without its character (a Pilot limitation).
    """
    for ch in text:
        if ch == "\n":
            await pilot.press("enter")
        elif ch == " ":
            await pilot.press("space")
        elif ch.isalnum() or ch.isascii():
            await pilot.press(ch)
        else:
            event = events.Key(_character_to_key(ch), ch)
            event.set_sender(pilot.app)
            await pilot.app._post_message(event)
            await pilot.pause()


async def show(pilot: Pilot, step: str) -> None:
    """Show ``step`` with the focus on its first field (as F7/F8 or the step list do)."""
    section = await pilot.app.editor().show_step(step, focus=True)
    for _ in range(20):
        await pilot.pause()
        focused = pilot.app.focused
        if focused is not None and section in focused.ancestors:
            return
    raise AssertionError(f"the focus did not move into step {step}")


async def until(pilot: Pilot, condition, *, timeout: float = 5.0, what: str = "") -> None:
    """Wait (pausing) until ``condition()`` holds: the checks run a moment after typing stops."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        if loop.time() > end:
            raise AssertionError(f"still not true after {timeout}s: {what or condition}")
        await pilot.pause(0.05)


def screen_cells(pilot: Pilot) -> list[list[str]]:
    """What the screen shows, one list of cells a line (a wide character fills its
    cell and leaves ``""`` in the next), as a terminal would show it."""
    from rich.cells import cell_len

    update = pilot.app.screen._compositor.render_full_update()
    rows: list[list[str]] = []
    for line in update.strips:
        cells: list[str] = []
        for strip in line:
            for ch in strip.text:
                cells.append(ch)
                cells.extend([""] * (cell_len(ch) - 1))
        rows.append(cells)
    return rows


def screen_lines(pilot: Pilot) -> list[str]:
    """The screen's text, one string a line."""
    return ["".join(row) for row in screen_cells(pilot)]
