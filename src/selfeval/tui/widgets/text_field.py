"""A narrative field: a soft-wrapping ``TextArea`` bound to one text field of the report.

Each line is a paragraph of the report. Text goes into the report on every
keystroke (assigning is a fraction of the keystroke's cost); the checks run
later, debounced by the editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.text import Lines, Text
from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from selfeval.model import errors, paths
from selfeval.tui.carried import confirm_carried
from selfeval.tui.messages import Edited, Validated

if TYPE_CHECKING:
    from selfeval.model import Report

__all__ = ["TextField"]


class _Paragraph(Text):
    """A line of the document (a paragraph) as the text area draws it.

    The text area draws each row on screen from the row's whole paragraph: it
    styles the paragraph, divides it at the wrap offsets and keeps the piece of
    that row, so a frame of 12 rows in one 500-character paragraph divided it 12
    times (Textual 8.2.8 marks this as a TODO). The division is kept here for
    the paragraph as styled, so the other rows of the frame reuse it.
    """

    __slots__ = ["_divided"]

    def divide(self, offsets) -> Lines:
        offsets = tuple(offsets)
        key = (self.plain, offsets, tuple(self._spans), self.style, self.justify, self.overflow)
        divided = self._divided
        lines = divided.get(key)
        if lines is None:
            lines = super().divide(offsets)
            if len(divided) >= 16:
                divided.clear()
            divided[key] = lines
        return lines


class TextField(TextArea):
    DEFAULT_CSS = """
    TextField {
        height: auto;
        min-height: 2;
        max-height: 12;
        width: 1fr;
        border: none;
        padding: 0 1;
        background: $boost;
        &:focus { background: $surface; }
        &.-invalid { text-style: underline; }
    }
    """

    # TextArea sets its virtual size whenever a line wraps anew, and Textual's
    # reactive then re-lays out the whole screen. The field's own height only
    # changes while it is shorter than its max-height; the watcher below asks
    # for a layout exactly then.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(
        self, report: Report, path: str, *, placeholder: str = "", id: str | None = None, classes: str = ""
    ) -> None:
        self.report = report
        self.path = path
        self._error: str | None = None
        self._editing = False
        self._divided: dict[tuple, Lines] = {}
        text = paths.get(report, path)
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            compact=True,
            placeholder=placeholder or "（每行一段）",
            id=id or paths.widget_id(path),
            classes=classes,
        )

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)

    async def _on_key(self, event: events.Key) -> None:
        # Enter on a text carried over from last year's draft confirms it (once)
        if event.key == "enter" and confirm_carried(self):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.commit()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()  # no one above listens: each key's cursor move went up six containers

    def get_line(self, line_index: int) -> Text:
        line = _Paragraph(self.document.get_line(line_index), end="", no_wrap=True)
        line._divided = self._divided
        return line

    def edit(self, edit: Edit) -> EditResult:
        self._editing = True
        try:
            return super().edit(edit)
        finally:
            self._editing = False

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        # A repaint forgets the widget's component styles (cursor, selection, …), and
        # the text area works them out again on every frame, through every container
        # above it (about 1 ms a key). An edit changes the text, not the styles: keep
        # them then. (A change of styles clears them by its own way.)
        kept = dict(self._rich_style_cache) if self._editing else None
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        if kept:
            self._rich_style_cache.update(kept)
        return self

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        """Re-lay out only when the field must grow or shrink (typing, or a new width)."""
        if old.height == new.height:
            return
        limit = self.styles.max_height
        cap = int(limit.value) if limit is not None and limit.is_cells else None
        if cap is None or min(old.height, cap) != min(new.height, cap):
            self.refresh(layout=True)

    def commit(self) -> None:
        report = self.report
        text = self.text
        if text == paths.get(report, self.path):
            self._set_error(None)
            return
        try:
            paths.assign(report, self.path, text)
        except ValidationError as exc:
            self._set_error(errors.error_text(exc) + "（这次修改未采用）")
            return
        self._set_error(None)
        self.post_message(Edited(self.path))

    def _set_error(self, error: str | None) -> None:
        if error == self._error:
            return
        self._error = error
        self.set_class(error is not None, "-invalid")
        self.post_message(Validated(self, self.path, error))

    def replace_text(self, text: str) -> None:
        """Put ``text`` in the field as one undoable edit (from an external editor)."""
        self.replace(text, self.document.start, self.document.end)
