"""Building a form from field paths: the right input for each field, labelled from the model.

``field_row(report, "general_budget.personnel")`` gives a labelled amount
input bound to that report; ``text_row(report, "overview.basic_info")`` a
labelled narrative area. The kind of input is read off the field's type, so no
section repeats it.
"""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from textual.widget import Widget
from textual.widgets import Static

from selfeval.model import base
from selfeval.tui import paths
from selfeval.tui.widgets.choice import CheckField, ChoiceField
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.text_field import TextField
from selfeval.tui.widgets.value_input import ValueInput

if TYPE_CHECKING:
    from selfeval.model import Report

__all__ = ["FieldKind", "kind_of", "editor", "field_row", "text_row", "heading", "note", "line_list", "text_items"]


class FieldKind:
    __slots__ = ("kind", "optional", "negative", "choices")

    def __init__(self, kind: str, optional: bool = False, negative: bool = False, choices: tuple = ()) -> None:
        self.kind = kind
        self.optional = optional
        self.negative = negative
        self.choices = choices


def kind_of(path: str) -> FieldKind:
    info = paths.field_info(path)
    if info is None:
        raise KeyError(path)
    ann: Any = info.annotation
    metadata = list(info.metadata)
    if isinstance(paths.parse(path)[-1], int):
        # an item of a list field: list[Line] → Line
        ann = get_args(ann)[0]
        metadata = []
    optional = False
    if get_origin(ann) in (Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        optional = len(args) < len(get_args(ann))
        ann = args[0]
    if get_origin(ann) is Annotated:
        metadata += list(ann.__metadata__)
        ann = get_args(ann)[0]
    if get_origin(ann) is Literal:
        return FieldKind("choice", optional, choices=get_args(ann))
    if ann is bool:
        return FieldKind("check")
    if ann is Decimal:
        negative = any(m is base.SignedMoney.__metadata__[0] for m in metadata)
        return FieldKind("amount", optional, negative)
    if ann is int:
        return FieldKind("int", optional)
    if ann is dt.date:
        return FieldKind("date", optional)
    if any(m is base.Text.__metadata__[0] for m in metadata):
        return FieldKind("text")
    return FieldKind("line")


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
