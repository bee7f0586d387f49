"""The one base of every small dialog: a box in the middle of the screen, a message, buttons."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

__all__ = ["Dialog"]

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """Compose one ``Vertical`` holding a ``.message`` (or ``.question``) and a
    ``Horizontal.buttons`` row (or an ``Input``); the look comes from here.
    The class ``-wide`` gives a wider box (for messages that name files), ``-primary``
    a box in the primary colour (a choice, not a warning)."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        & > Vertical {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: heavy $warning;
            background: $surface;
            padding: 1 2;
        }
        &.-wide > Vertical { width: 70; }
        &.-primary > Vertical { border: heavy $primary; }
        & .question, & .message { width: 1fr; height: auto; margin-bottom: 1; }
        & .buttons { height: auto; width: 1fr; align-horizontal: center; }
        & Button { margin: 0 1; min-width: 10; }
        & Input { margin-bottom: 1; }
    }
    """
