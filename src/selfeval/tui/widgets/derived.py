"""A figure the program computes, shown read-only beside the inputs and refreshed live."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from selfeval.model import Report

__all__ = ["Derived"]


class Derived(Static):
    """``getter(report)`` gives the text; :meth:`refresh_value` re-reads it."""

    DEFAULT_CSS = """
    Derived {
        width: auto;
        height: auto;
        color: $text-accent;
        padding: 0 1;
    }
    """

    def __init__(self, getter: Callable[[Report], str], *, id: str | None = None, classes: str = "") -> None:
        from textual._context import active_app

        self.getter = getter
        self._text = getter(active_app.get().report)
        super().__init__(self._text, id=id, classes=classes, markup=False)

    def refresh_value(self) -> None:
        text = self.getter(self.app.report)
        if text != self._text:
            self._text = text
            self.update(text)

    @property
    def text(self) -> str:
        return self._text
