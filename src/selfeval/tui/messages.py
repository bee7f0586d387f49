"""Messages: the seams between the editor's widgets (attributes down, messages up)."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

from textual.message import Message
from textual.widget import Widget

__all__ = ["Edited", "Validated", "Jump"]


@dataclass
class Edited(Message):
    """A value of the report changed (or a list changed shape) at ``path``.

    ``figures`` says whether derived figures may have changed (an amount or a
    count), so narrative keystrokes do not recompute tables.
    """

    path: str
    _: KW_ONLY
    figures: bool = False


@dataclass
class Validated(Message):
    """A field checked what was typed: ``error`` is a Chinese message, or ``None``."""

    field: Widget
    path: str
    error: str | None


@dataclass
class Jump(Message):
    """Ask the editor to show ``section`` and focus the widget for ``path``."""

    path: str
    section: str
