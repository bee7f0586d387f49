"""What the terminal is sent after a key is what a full repaint would show.

The compositor patch (``selfeval.tui.cjk_overlay``) renders, for a partial
update, only the widgets that reach the updated area. These tests replay every
update the editor sends while typing into a grid of cells, as a terminal would,
and compare the grid with the screen rendered whole.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from rich.console import Console
from rich.segment import ControlType, Segment
from textual import events
from textual._compositor import Compositor

from tui_helpers import running, show

Cell = tuple[str, object]


class Terminal:
    """A grid of cells that the compositor's updates are written into."""

    def __init__(self, width: int, height: int) -> None:
        self.console = Console(width=width, height=height, force_terminal=True, color_system="truecolor")
        self.cells: list[list[Cell]] = [[(" ", None)] * width for _ in range(height)]

    def write(self, update) -> None:
        x = y = 0
        for segment in self.console.render(update, self.console.options):
            if segment.control:
                for code in segment.control:
                    if code[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = code[1], code[2]
                continue
            if segment.text == "\n":
                continue
            for ch in segment.text:
                width = get_character_cell_size(ch)
                if 0 <= y < len(self.cells) and 0 <= x < len(self.cells[y]):
                    self.cells[y][x] = (ch, segment.style)
                    if width == 2 and x + 1 < len(self.cells[y]):
                        self.cells[y][x + 1] = ("", segment.style)
                x += width

    @staticmethod
    def of(strips, width: int) -> list[list[Cell]]:
        grid = []
        for strip in strips:
            row: list[Cell] = []
            for segment in strip:
                if isinstance(segment, Segment) and segment.control:
                    continue
                for ch in segment.text:
                    row.append((ch, segment.style))
                    if get_character_cell_size(ch) == 2:
                        row.append(("", segment.style))
            grid.append(row[:width])
        return grid


def _differences(seen: list[list[Cell]], whole: list[list[Cell]]) -> list[str]:
    out = []
    for y, (a, b) in enumerate(zip(seen, whole)):
        text_a = "".join(ch for ch, _ in a)
        text_b = "".join(ch for ch, _ in b)
        if text_a != text_b:
            out.append(f"line {y}: sent {text_a!r}\n        whole {text_b!r}")
        elif [s for _, s in a] != [s for _, s in b]:
            out.append(f"line {y}: same text, other styles: {text_a!r}")
    return out


async def _type_and_compare(pilot, monkeypatch, keys: str, *, toast: bool = False) -> None:
    app = pilot.app
    width, height = app.size
    terminal = Terminal(width, height)
    original = Compositor.render_update

    def render_update(self, *args, **kwargs):
        update = original(self, *args, **kwargs)
        if update is not None and self is app.screen._compositor:
            terminal.write(update)
        return update

    await pilot.pause()
    terminal.cells = Terminal.of(app.screen._compositor.render_strips(), width)
    monkeypatch.setattr(Compositor, "render_update", render_update)
    if toast:
        app.notify("要退出吗？按 Ctrl+Q 退出。", title="提示", timeout=30)
    for ch in keys:
        await app._post_message(events.Key(ch, ch))
        await pilot.pause()
    await pilot.pause(0.3)
    monkeypatch.setattr(Compositor, "render_update", original)
    whole = Terminal.of(app.screen._compositor.render_strips(), width)
    assert _differences(terminal.cells, whole) == []


async def test_keys_in_the_narrative_paint_what_a_repaint_shows(example_draft, make_app, monkeypatch):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "overview")
        field = app.editor().current_section.query_one("#f-overview-basic_info")
        field.focus()
        field.move_cursor((0, 5))
        # wide and narrow keys: lines re-wrap, the field grows, the findings change
        await _type_and_compare(pilot, monkeypatch, "科技ab工作者之家，服务12创新发展。" * 3)
        assert "科技ab工作者" in app.report.overview.basic_info


async def test_keys_under_a_toast_paint_what_a_repaint_shows(example_draft, make_app, monkeypatch):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "overview")
        field = app.editor().current_section.query_one("#f-overview-basic_info")
        field.focus()
        field.move_cursor((0, 0))
        await _type_and_compare(pilot, monkeypatch, "科技工作者之家服务创新发展" * 2, toast=True)
