"""One labelled field: the label (from the model's ``title``), the input, what it derives, its message."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from selfeval.tui import paths
from selfeval.tui.text import tighten
from selfeval.tui.messages import Validated

__all__ = ["FieldRow", "FieldMessage"]


class FieldMessage(Static):
    """The Chinese message for what was typed; hidden while there is none."""

    DEFAULT_CSS = """
    FieldMessage {
        display: none;
        color: $text-error;
        width: 1fr;
        height: auto;
        &.-shown { display: block; }
    }
    """

    def show(self, error: str | None) -> None:
        self.set_class(error is not None, "-shown")
        # no space after the mark: Textual wraps at spaces, and a long Chinese
        # message would otherwise leave the mark alone on the first line
        self.update(f"✗{tighten(error)}" if error else "")


class FieldRow(Vertical):
    """``label  [input]  extra`` on one line (or label above a text area), the message below.

    ``label`` defaults to the field's ``title``; ``extra`` widgets (derived
    figures) sit beside the input.
    """

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        margin-bottom: 0;
        & > .field-line { height: auto; }
        & .field-label { width: 22; height: auto; color: $text-muted; padding-right: 1; }
        &:focus-within .field-label { color: $text; text-style: bold reverse; }
        &.-stacked .field-label { width: 1fr; }
    }
    """

    def __init__(
        self,
        editor: Widget,
        *extra: Widget,
        label: str | None = None,
        stacked: bool = False,
        classes: str = "",
    ) -> None:
        super().__init__(classes=("-stacked " if stacked else "") + classes)
        self.editor = editor
        self.extra = extra
        path = getattr(editor, "path", "")
        self.label_text = label if label is not None else paths.title_of(path)
        self.stacked = stacked

    def compose(self) -> ComposeResult:
        if self.stacked:
            yield Label(self.label_text, classes="field-label")
            yield self.editor
        else:
            with Horizontal(classes="field-line"):
                yield Label(self.label_text, classes="field-label")
                yield self.editor
                yield from self.extra
        yield FieldMessage()

    def on_validated(self, message: Validated) -> None:
        message.stop()
        self.query_one(FieldMessage).show(message.error)
