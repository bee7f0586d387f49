"""Messages: the seams between the editor's widgets (attributes down, messages up)."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

__all__ = ["Edited", "Validated", "Jump"]


class Edited(Message):
    """A value of the report changed (or a list changed shape) at ``path``.

    ``figures`` says whether derived figures may have changed (an amount or a
    count), so narrative keystrokes do not recompute tables.
    """

    def __init__(self, path: str, *, figures: bool = False) -> None:
        super().__init__()
        self.path = path
        self.figures = figures


class Validated(Message):
    """A field checked what was typed: ``error`` is a Chinese message, or ``None``."""

    def __init__(self, field: Widget, path: str, error: str | None) -> None:
        super().__init__()
        self.field = field
        self.path = path
        self.error = error


class Jump(Message):
    """Ask the editor to show ``section`` and focus the widget for ``path``."""

    def __init__(self, path: str, section: str) -> None:
        super().__init__()
        self.path = path
        self.section = section
