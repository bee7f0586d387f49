"""Messages: the seams between the editor's widgets (attributes down, messages up)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget

__all__ = ["Edited", "Validated", "Unstored", "Jump"]


@dataclass
class Edited(Message):
    """A value of the report changed (or a list changed shape) at ``path``.

    ``figures`` says whether derived figures may have changed (an amount or a
    count), so narrative keystrokes do not recompute tables.
    """

    path: str
    figures: bool = False  # by keyword (KW_ONLY is 3.10+)


@dataclass
class Validated(Message):
    """A field checked what was typed: ``error`` is a Chinese message, or ``None``."""

    field: Widget
    path: str
    error: str | None


@dataclass
class Unstored(Message):
    """A field holds typed text that was not stored (``error`` says why), or no longer
    does (``error`` is ``None``). Goes up to the editor, which counts such fields
    with the findings and warns of them on quit; rows showing the message do not stop it."""

    field: Widget
    path: str
    error: str | None


@dataclass
class Jump(Message):
    """Ask the editor to show ``section`` and focus the widget for ``path``."""

    path: str
    section: str
