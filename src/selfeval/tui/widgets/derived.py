"""A figure the program computes, shown read-only beside the inputs and refreshed live."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.content import Content
from typing import TYPE_CHECKING

from textual.widget import Widget

if TYPE_CHECKING:
    from selfeval.model import Report

__all__ = ["Derived"]


class Derived(Widget):
    """``getter(report)`` gives the text; :meth:`refresh_value` re-reads it (from the
    report given by the owner; an item replaced in a list gets a new widget).

    A new value repaints only this widget unless it needs a different number
    of lines (a re-layout of the screen costs far more than a repaint).
    """

    DEFAULT_CSS = """
    Derived {
        width: 1fr;
        height: auto;
        color: $text-accent;
        padding: 0 1;
    }
    """

    def __init__(
        self, report: Report, getter: Callable[[Report], str], *, id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.report = report
        self.getter = getter
        self._text = getter(report)

    def on_mount(self) -> None:
        # register with the step that shows it, so a refresh need not search the DOM
        for node in self.ancestors:
            registry = getattr(node, "derived_widgets", None)
            if registry is not None:
                registry.add(self)
                self._registry = registry
                break

    def on_unmount(self) -> None:
        registry = getattr(self, "_registry", None)
        if registry is not None:
            registry.discard(self)

    def _lines_needed(self, text: str, width: int) -> int:
        return sum(max(1, -(-cell_len(line) // width)) for line in text.split("\n"))

    def refresh_value(self) -> None:
        text = self.getter(self.report)
        if text == self._text:
            return
        old, self._text = self._text, text
        width = self.content_region.width
        same_shape = (
            width > 0
            and not self.styles.width.is_auto
            and self._lines_needed(old, width) == self._lines_needed(text, width)
        )
        self.refresh(layout=not same_shape)

    @property
    def text(self) -> str:
        return self._text

    def render(self) -> Content:
        return Content(self._text)
