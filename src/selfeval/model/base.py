"""Building blocks shared by every section of the report model.

Field types carry their own validation so that a bad value is refused where it
enters — from a draft file, from the TUI, or from Python — with a Chinese
message, and never stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from selfeval._compat import UNION_TYPES
from selfeval.amounts import AmountError, to_decimal

__all__ = [
    "FieldKind",
    "Model",
    "Money",
    "SignedMoney",
    "Score",
    "Percent",
    "Count",
    "MAX_COUNT",
    "Line",
    "Text",
    "Whole",
    "Date",
    "Flag",
    "choice",
    "kind_in",
    "is_optional",
    "RawNumber",
    "TextItem",
    "TextSection",
    "clean_text",
    "inner_model",
    "paragraphs",
]


@dataclass(frozen=True)
class FieldKind:
    """What a field holds, as an input must treat it; sits in the ``Annotated``
    metadata of each field type below, so no reader guesses it from the Python type.

    ``name`` is one of: ``money`` ``score`` ``percent`` (decimal amounts), ``count``
    (a whole number ≥ 0), ``integer`` (a whole number with its own range),
    ``line`` ``text`` (one line / narrative), ``date``, ``choice`` (one of
    ``choices``), ``check`` (yes/no).
    """

    name: str
    #: an amount that may be below zero
    negative: bool = False
    #: the values a ``choice`` may take, in the order offered
    choices: tuple[str, ...] = ()


class RawNumber:
    """A TOML float written in a form an amount may not take (``1e5``, ``nan``).

    The draft reader produces it instead of failing at the TOML level, so that
    the error names the field and line like every other bad value.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"RawNumber({self.text!r})"


def _number(decimals: int, allow_negative: bool):
    def validate(value: Any) -> Decimal:
        if isinstance(value, RawNumber):
            value = value.text
        try:
            return to_decimal(value, decimals=decimals, allow_negative=allow_negative)
        except AmountError as exc:
            # pydantic turns ValueError into a validation error carrying our text
            raise ValueError(str(exc)) from None

    return BeforeValidator(validate)


#: An amount in the report's unit (万元), ≥ 0, at most 2 decimals.
Money = Annotated[Decimal, _number(2, False), FieldKind("money")]
#: An amount that may be negative (a correction, a decrease).
SignedMoney = Annotated[Decimal, _number(2, True), FieldKind("money", negative=True)]
#: A score in points, ≥ 0, at most 2 decimals.
Score = Annotated[Decimal, _number(2, False), FieldKind("score")]
#: A percentage as typed (``98.5`` means 98.5%), ≥ 0, at most 2 decimals.
Percent = Annotated[Decimal, _number(2, False), FieldKind("percent")]
#: Counts stay below this: arithmetic on them can never overflow a Decimal context.
MAX_COUNT = 10**9
#: A head count or other whole number, ≥ 0.
Count = Annotated[int, Field(ge=0, lt=MAX_COUNT, strict=True), FieldKind("count")]
#: A whole number whose range the field gives (a year, a number of tasks).
Whole = Annotated[int, FieldKind("integer")]
#: A calendar date (2025-04-30).
Date = Annotated[dt.date, FieldKind("date")]
#: Yes or no.
Flag = Annotated[bool, FieldKind("check")]


def choice(*values: str) -> Any:
    """The type of a field that takes one of ``values``: ``Literal[values]`` with its marker."""
    return Annotated[Literal[values], FieldKind("choice", choices=values)]  # type: ignore[valid-type]

# C0/C1 control characters other than tab and newline, lone surrogates, the
# noncharacters U+FFFE/U+FFFF, and the bidi embedding/override/isolate controls
# (a right-to-left override makes one figure display as another).
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def clean_text(value: Any, *, multiline: bool) -> str:
    """Normalise line ends and refuse characters a report cannot carry."""
    if not isinstance(value, str):
        raise ValueError("应为文本")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = _BAD_CHARS.search(value)
    if bad:
        ch = bad.group()
        code = f"U+{ord(ch):04X}"
        raise ValueError(f"文本含有不可打印的控制字符或无效字符（{code}），请删除后再保存")
    if not multiline and "\n" in value:
        raise ValueError("此项只能填一行文字")
    # no Unicode normalisation: NFC would silently replace CJK compatibility ideographs
    return value


#: One line of text (a name, a title).
Line = Annotated[str, BeforeValidator(lambda v: clean_text(v, multiline=False)), FieldKind("line")]
#: Narrative text; each line is a paragraph in the report.
Text = Annotated[str, BeforeValidator(lambda v: clean_text(v, multiline=True)), FieldKind("text")]


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in UNION_TYPES


def kind_in(annotation: Any, metadata: Any = ()) -> FieldKind | None:
    """The :class:`FieldKind` marker of a field type (``Money``, ``Line | None`` …),
    looking in ``metadata`` first (pydantic moves a field's outer ``Annotated``
    metadata there); ``None`` for a type without one (a list, a model)."""
    for item in metadata:
        if isinstance(item, FieldKind):
            return item
    if get_origin(annotation) is Annotated:
        return kind_in(get_args(annotation)[0], annotation.__metadata__)
    if _is_union(annotation):
        for arg in get_args(annotation):
            found = kind_in(arg)
            if found is not None:
                return found
    return None


def is_optional(annotation: Any) -> bool:
    """True for ``X | None`` (the field may be left 未填)."""
    return _is_union(annotation) and type(None) in get_args(annotation)


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``list[X]`` or ``X | None``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def paragraphs(text: str) -> list[str]:
    """Split narrative into the report's paragraphs (one per non-empty line)."""
    return [p.strip() for p in text.split("\n") if p.strip()]


class Model(BaseModel):
    """Base for every part of the report: unknown keys are errors, assignment is validated."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        validate_default=True,
        populate_by_name=True,
    )


class TextItem(Model):
    """One numbered item of narrative: an optional short heading and its text."""

    title: Line = Field(
        default="",
        title="小标题",
        description="可选。此条的简短标题，报告中加粗显示在正文前，如“科普阵地建设”。不要自己写序号，序号由报告自动生成。",
    )
    text: Text = Field(
        default="",
        title="正文",
        description="此条的内容。每一行是报告中的一个自然段。",
    )

    def is_empty(self) -> bool:
        return not (self.title.strip() or self.text.strip())


class TextSection(Model):
    """A sub-heading of a narrative section with its numbered items."""

    title: Line = Field(
        default="",
        title="小节标题",
        description="小节的标题，如“强化科技创新服务”。序号（（一）、（二）…）由报告自动生成。",
    )
    items: list[TextItem] = Field(
        default_factory=list,
        title="条目",
        description="本小节下的各条内容，报告中编号为 1. 2. 3. …",
    )

    def is_empty(self) -> bool:
        return not self.title.strip() and all(i.is_empty() for i in self.items)
