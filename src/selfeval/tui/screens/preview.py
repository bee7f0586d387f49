"""The preview mode: the finished report as it will be exported, rendered from memory.

The report's Markdown is laid out by rich (paragraphs, tables, Chinese text
wrapped at the screen's edge) in a worker thread, one part (``## `` section)
at a time, into lines that :class:`ReportView` paints as they scroll into
view: the first screen shows as soon as the first parts are laid out, and the
UI thread never builds a widget per paragraph or table cell. The lines are
dropped when the preview closes.
"""

from __future__ import annotations

import time

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static
from textual.worker import get_current_worker

from selfeval.tui.linebreak import for_terminal
from selfeval.tui.widgets.findings_bar import FindingsBar
from selfeval.tui.widgets.key_bar import KeyBar
from selfeval.tui.widgets.title_bar import TitleBar

__all__ = ["PreviewScreen", "ReportView", "for_terminal", "layout_parts", "split_parts"]


def split_parts(markdown: str) -> list[str]:
    """The report cut before each ``## ``/``### `` heading (outside fences), to lay out one part at a time."""
    parts: list[list[str]] = [[]]
    fenced = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith(("## ", "### ")) and not fenced and parts[-1]:
            parts.append([])
        parts[-1].append(line)
    return ["\n".join(p) for p in parts]


def layout_parts(markdown: str, width: int, *, styles: dict[str, str] | None = None, first: int = 60,
                 every: float = 0.1):
    """Lay out ``markdown`` (already :func:`for_terminal`) at ``width`` columns, part by part.

    Yields ``(lines, done)``: the lines so far (a new list each time) once
    there are ``first`` lines (a screenful), then every ``every`` seconds,
    and last with ``done`` true. ``styles``: rich styles by name (the
    headings' colour, …). No widgets: safe to run in a thread.
    """
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.theme import Theme

    console = Console(width=width, color_system="truecolor", force_terminal=True, legacy_windows=False,
                      no_color=False, highlight=False, emoji=False, markup=False, theme=Theme(styles or {}))
    options = console.options.update_width(width)
    lines: list[Strip] = []
    last = time.monotonic()
    shown = False
    parts = split_parts(markdown)
    for n, part in enumerate(parts):
        if n and lines:
            lines.append(Strip.blank(0))  # the blank line rich puts between blocks
        for segments in console.render_lines(Markdown(part, hyperlinks=False), options, pad=False):
            segments = list(Segment.simplify(segments))
            lines.append(Strip(segments, Segment.get_line_length(segments)))
        now = time.monotonic()
        if n == len(parts) - 1:
            break
        if (not shown and len(lines) >= first) or (shown and now - last >= every):
            shown, last = True, now
            yield list(lines), False
    yield lines, True


class ReportView(ScrollView, can_focus=True):
    """The laid-out report: only the lines on the screen are painted."""

    DEFAULT_CSS = """
    ReportView { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Strip] = []
        #: the Markdown shown (the report as rendered, before laying out)
        self.source = ""

    def show(self, lines: list[Strip], source: str) -> None:
        self.lines = lines
        self.source = source
        width = max((line.cell_length for line in lines), default=0)
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def clear(self) -> None:
        self.show([], "")
        self.scroll_to(0, 0, animate=False)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, style)
        return self.lines[index].crop_extend(scroll_x, scroll_x + width, style).apply_style(style)


class PreviewScreen(Screen[None]):
    DEFAULT_CSS = """
    PreviewScreen {
        & #preview-note { height: 1; background: $panel; padding: 0 1; }
    }
    """
    BINDINGS = [
        Binding("escape", "app.toggle_preview", "返回编辑", id="preview.back"),
        Binding("home", "scroll_home", "开头", show=False, id="preview.home"),
        Binding("end", "scroll_end", "结尾", show=False, id="preview.end"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # A new screen's count is -1, and switching to a mode whose screen's count
        # differs from the app's restyles every widget of every screen (the editor's
        # thousands on a large draft) on F5 and again on Esc. The preview's own
        # widgets are styled as they mount; a later theme change still makes the
        # counts differ, and then the restyle happens as it should.
        self._css_update_count = self.app._css_update_count
        self._rendered_generation = -1
        #: the draft's generation the screen was last resumed for (reset when it is left)
        self._resumed_for = -1
        self._width = 0
        #: the whole report is laid out and shown (``False`` while parts are still coming)
        self.settled = False

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title_text, self.app.state_text)
        yield ReportView(id="preview")
        yield Static("预览（只读）· ↑↓ PgUp PgDn 滚动 · F5 或 Esc 返回编辑", id="preview-note")
        yield FindingsBar()
        yield KeyBar()

    @property
    def view(self) -> ReportView:
        return self.query_one("#preview", ReportView)

    def on_screen_resume(self) -> None:
        self.view.focus()
        generation = self.app.session.generation
        if self._resumed_for == generation:
            return  # Textual resumes a screen new to a mode twice: check and lay out once
        self._resumed_for = generation
        self.query_one(FindingsBar).show(self.app.session.current_findings(), None)
        if self._rendered_generation != generation:
            self.refresh_preview()

    def on_screen_suspend(self) -> None:
        # give the memory back: the next F5 lays the report out again
        self.workers.cancel_group(self, "preview")
        self.view.clear()
        self._rendered_generation = -1
        self._resumed_for = -1
        self.settled = False

    def on_resize(self) -> None:
        width = self._text_width()
        if self._width and width != self._width and self.is_current:
            self.refresh_preview()  # wrapped for the old width

    def _text_width(self) -> int:
        # the screen's width less the view's padding and its scroll bar
        view = self.view
        return max(self.app.size.width - view.styles.padding.width - 1, 20)

    def refresh_preview(self) -> None:
        """Render the report as it is in memory now and lay it out (in a thread), showing parts as they come."""
        session = self.app.session
        snapshot = session.report.model_copy(deep=True)
        preset = session.preset
        base_dir = session.path.parent
        generation = session.generation
        width = self._width = self._text_width()
        self.settled = False
        colours = self.app.get_css_variables()
        background = Color.parse(colours.get("background", "black"))

        def colour(name: str) -> str:  # a theme colour made opaque for rich
            try:
                return (background + Color.parse(colours[name])).hex6
            except (KeyError, ValueError):
                return ""

        primary, muted = colour("text-primary"), colour("foreground-muted")
        styles = {
            "markdown.h1": f"bold {primary}",
            "markdown.h2": f"bold {primary}",
            "markdown.h3": f"bold {primary}",
            "markdown.h4": "bold",
            "markdown.table.border": muted,
            "markdown.table.header": f"bold {primary}",
        }

        def work() -> None:
            from selfeval import render
            from selfeval.framework import PresetError, evaluate

            try:
                card = evaluate(snapshot, preset) if preset is not None else None
                source = render.markdown(snapshot, base_dir=base_dir, card=card)
            except (render.RenderError, PresetError) as exc:
                source = f"# 无法生成预览\n\n{exc}"
            worker = get_current_worker()
            for lines, done in layout_parts(for_terminal(source), width, styles=styles):
                if worker.is_cancelled:
                    return
                self.app.call_from_thread(self._show, lines, source, generation if done else None)

        self.run_worker(work, thread=True, group="preview", exclusive=True)

    def _show(self, lines: list[Strip], source: str, generation: int | None) -> None:
        if not self.is_attached:
            return
        self.view.show(lines, source)
        if generation is not None:
            self._rendered_generation = generation
            self.settled = True

    def action_scroll_home(self) -> None:
        self.view.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.view.scroll_end(animate=False)
