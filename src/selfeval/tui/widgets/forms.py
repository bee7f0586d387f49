"""Building a form from field paths: the right input for each field, labelled from the model.

``field_row(report, "general_budget.personnel")`` gives a labelled amount
input bound to that report; ``text_row(report, "overview.basic_info")`` a
labelled narrative area. The kind of input is read off the field's type, so no
section repeats it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets import Static

from selfeval.model import paths
from selfeval.tui.widgets.choice import CheckField, ChoiceField
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.text_field import TextField
from selfeval.tui.widgets.value_input import ValueInput

if TYPE_CHECKING:
    from selfeval.model import Report

__all__ = ["InputKind", "kind_of", "editor", "field_row", "text_row", "heading", "note", "line_list", "text_items"]


class InputKind:
    """Which input edits a field: ``amount`` ``int`` ``date`` ``line`` (a ValueInput),
    ``text``, ``choice`` or ``check``."""

    __slots__ = ("kind", "optional", "negative", "choices")

    def __init__(self, kind: str, optional: bool = False, negative: bool = False, choices: tuple = ()) -> None:
        self.kind = kind
        self.optional = optional
        self.negative = negative
        self.choices = choices


#: the model's field kind (model/base.FieldKind.name) → the input for it
_INPUTS = {
    "money": "amount",
    "score": "amount",
    "percent": "amount",
    "count": "int",
    "integer": "int",
    "date": "date",
    "line": "line",
    "text": "text",
    "choice": "choice",
    "check": "check",
}


def kind_of(path: str) -> InputKind:
    """The input for the field at ``path``, read from the marker on its type."""
    marker = paths.kind_of(path)
    if marker is None:
        raise KeyError(path)
    kind = _INPUTS[marker.name]
    if kind == "choice":
        return InputKind(kind, paths.optional(path), choices=marker.choices)
    if kind in ("amount", "int", "date"):
        return InputKind(kind, paths.optional(path), marker.negative)
    return InputKind(kind)


def editor(
    report: Report, path: str, *, figures: bool | None = None, placeholder: str | None = None, classes: str = ""
) -> Widget:
    """The input widget for the field at ``path`` of ``report``."""
    k = kind_of(path)
    if k.kind == "text":
        return TextField(report, path, placeholder=placeholder or "", classes=classes)
    if k.kind == "choice":
        return ChoiceField(report, path, [(str(c), c) for c in k.choices], figures=bool(figures), classes=classes)
    if k.kind == "check":
        return CheckField(report, path)
    return ValueInput(
        report,
        path,
        k.kind,  # type: ignore[arg-type]
        optional=k.optional,
        allow_negative=k.negative,
        placeholder=placeholder,
        classes=classes,
    )


def field_row(
    report: Report, path: str, *extra: Widget, label: str | None = None, placeholder: str | None = None
) -> FieldRow:
    return FieldRow(editor(report, path, placeholder=placeholder), *extra, label=label)


def text_row(report: Report, path: str, *, label: str | None = None, placeholder: str = "") -> FieldRow:
    return FieldRow(TextField(report, path, placeholder=placeholder), label=label, stacked=True)


def heading(text: str, level: int = 1) -> Static:
    return Static(text, classes=f"heading heading-{level}", markup=False)


def note(text: str) -> Static:
    return Static(text, classes="form-note", markup=False)


def line_list(report: Report, path: str, noun: str) -> Widget:
    """A list of one-line texts (duties, unit names)."""
    from selfeval.tui.widgets.list_editor import ListEditor

    return ListEditor(
        report,
        path,
        row=lambda i: [editor(report, f"{path}[{i}]")],
        new_item=lambda r: "",
        noun=noun,
    )


def text_items(report: Report, path: str, noun: str) -> Widget:
    """A list of numbered items: a short heading and the text."""
    from selfeval.model import TextItem
    from selfeval.tui.widgets.list_editor import ListEditor

    return ListEditor(
        report,
        path,
        row=lambda i: [
            field_row(report, f"{path}[{i}].title"),
            text_row(report, f"{path}[{i}].text"),
        ],
        new_item=lambda r: TextItem(),
        noun=noun,
        spaced=True,
    )
