"""Building a form from field paths: the right input for each field, labelled from the model.

``field_row("general_budget.personnel")`` gives a labelled amount input;
``text_row("overview.basic_info")`` a labelled narrative area. The kind of
input is read off the field's type, so no section repeats it.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static

from selfeval.model import paths
from selfeval.tui.widgets.choice import CheckField, ChoiceField
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.text_field import TextField
from selfeval.tui.widgets.value_input import ValueInput

__all__ = ["InputKind", "kind_of", "editor", "field_row", "text_row", "heading", "note"]


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


def editor(path: str, *, figures: bool | None = None, placeholder: str | None = None, classes: str = "") -> Widget:
    """The input widget for the field at ``path``."""
    k = kind_of(path)
    if k.kind == "text":
        return TextField(path, placeholder=placeholder or "", classes=classes)
    if k.kind == "choice":
        return ChoiceField(path, [(str(c), c) for c in k.choices], figures=bool(figures), classes=classes)
    if k.kind == "check":
        return CheckField(path)
    return ValueInput(
        path,
        k.kind,  # type: ignore[arg-type]
        optional=k.optional,
        allow_negative=k.negative,
        placeholder=placeholder,
        classes=classes,
    )


def field_row(path: str, *extra: Widget, label: str | None = None, placeholder: str | None = None) -> FieldRow:
    return FieldRow(editor(path, placeholder=placeholder), *extra, label=label)


def text_row(path: str, *, label: str | None = None, placeholder: str = "") -> FieldRow:
    return FieldRow(TextField(path, placeholder=placeholder), label=label, stacked=True)


def heading(text: str, level: int = 1) -> Static:
    return Static(text, classes=f"heading heading-{level}", markup=False)


def note(text: str) -> Static:
    return Static(text, classes="form-note", markup=False)
