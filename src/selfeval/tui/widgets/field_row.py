"""One labelled field: the label (from the model's ``title``), the input, what it derives, its message."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label, Static

from selfeval.model import paths
from selfeval.tui.text import tighten
from selfeval.tui.messages import Validated

__all__ = ["FieldRow", "FieldMessage", "show_message"]


class FieldMessage(Static):
    """The Chinese message for what was typed. Mounted only when there is one
    (a long form would otherwise carry one idle widget per field)."""

    DEFAULT_CSS = """
    FieldMessage {
        color: $text-error;
        width: 1fr;
        height: auto;
    }
    """

    def show(self, error: str | None) -> None:
        # no space after the mark: Textual wraps at spaces, and a long Chinese
        # message would otherwise leave the mark alone on the first line
        self.update(f"✗{tighten(error)}" if error else "")


def show_message(container: Widget, error: str | None) -> None:
    """Show ``error`` at the end of ``container`` (mounting the message the first
    time), or remove the message when there is none."""
    found = container.query_children(FieldMessage)
    if error is None:
        found.remove()
    elif found:
        found.first().show(error)
    else:
        message = FieldMessage()
        message.show(error)
        container.mount(message)


class FieldRow(Widget):
    """``label  [input]  extra  message`` on one line, or label above a text area and
    the message below it.

    ``label`` defaults to the field's ``title``; ``extra`` widgets (derived
    figures) sit beside the input; a message for what was typed appears beside
    the input (below a text area) while there is one.
    """

    DEFAULT_CSS = """
    FieldRow {
        layout: horizontal;
        height: auto;
        & .field-label { width: 22; height: auto; color: $text-muted; padding-right: 1; }
        &:focus-within .field-label { color: $text; text-style: bold reverse; }
        &.-stacked { layout: vertical; }
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
        yield Label(self.label_text, classes="field-label")
        yield self.editor
        if not self.stacked:
            yield from self.extra

    def on_validated(self, message: Validated) -> None:
        message.stop()
        show_message(self, message.error)
