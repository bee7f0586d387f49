"""A one-line input bound to one field of the report: text, amount, whole number or date.

What is typed is checked as it is typed. A valid value goes straight into the
report (so derived figures update live); a bad one is never stored: the field
shows a Chinese message and the report keeps the value the field had when
editing began.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from selfeval.amounts import ZERO, AmountError, parse_amount
from selfeval.model import errors, paths
from selfeval.tui.messages import Edited, Validated

if TYPE_CHECKING:
    from selfeval.model import Report

__all__ = ["ValueInput", "Kind", "shown"]

Kind = Literal["line", "amount", "int", "date"]

_RESTRICT: dict[str, str] = {
    "amount": r"[0-9０-９,，.．\-－+ ]*",
    "int": r"[0-9０-９ ]*",
    "date": r"[0-9０-９\-－ ]*",
}
_RESTRICT_MESSAGE = {
    "amount": "金额只能输入数字、逗号、小数点和负号",
    "int": "这里只能输入整数",
    "date": "日期的格式如 2025-04-30",
}
_DIGITS = re.compile(r"^[0-9０-９]+$")


def shown(value: Any, kind: Kind, optional: bool) -> str:
    """How a stored value reads in its input (a zero amount is left blank)."""
    if value is None:
        return ""
    if kind == "amount":
        return "" if (value == 0 and not optional) else format(value, "f")
    if kind == "int":
        return "" if (value == 0 and not optional) else str(value)
    if kind == "date":
        return value.isoformat()
    return str(value)


class ValueInput(Input):
    DEFAULT_CSS = """
    ValueInput {
        width: 1fr;
        &.-amount { width: 14; }
        &.-int { width: 10; }
        &.-date { width: 14; }
        &:focus { text-style: bold; }
        &.-invalid { text-style: underline; }
    }
    """

    # Input sets its virtual size on every keystroke; Textual's reactive asks
    # for a layout of the whole screen each time, which on a long form costs
    # more than everything else a keystroke does. The input's own box never
    # depends on its text, so a repaint is enough.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(
        self,
        report: Report,
        path: str,
        kind: Kind = "line",
        *,
        optional: bool = False,
        allow_negative: bool = False,
        placeholder: str | None = None,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        self.report = report
        self.path = path
        self.kind: Kind = kind
        self.optional = optional
        self.allow_negative = allow_negative
        self._baseline = paths.get(report, path)
        self._error: str | None = None
        if placeholder is None:
            placeholder = {"amount": "0.00", "int": "0", "date": "如 2025-04-30", "line": ""}[kind]
            if optional and kind != "date":
                placeholder = "未填"
        super().__init__(
            value=shown(self._baseline, kind, optional),
            placeholder=placeholder,
            restrict=_RESTRICT.get(kind),
            compact=True,
            select_on_focus=True,
            id=id or paths.widget_id(path),
            classes=f"-{kind} {classes}".strip(),
        )

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)

    # ---- reading what was typed ------------------------------------------

    def parse(self, text: str) -> Any:
        """The value for ``text``; ``ValueError`` (Chinese) when it is not one."""
        stripped = text.strip()
        if self.kind == "line":
            return text
        if not stripped:
            if self.optional:
                return None
            return ZERO if self.kind == "amount" else 0
        if self.kind == "amount":
            return parse_amount(stripped, allow_negative=self.allow_negative)
        if self.kind == "int":
            compact = stripped.replace(" ", "")
            if not _DIGITS.match(compact):
                raise ValueError(f"「{stripped}」不是整数")
            return int(compact)
        try:
            return dt.date.fromisoformat(stripped.replace("－", "-"))
        except ValueError:
            raise ValueError(f"「{stripped}」不是有效日期，应写作 2025-04-30") from None

    def on_focus(self) -> None:
        # what a bad value falls back to: the value when editing began
        if self._error is None:
            self._baseline = paths.get(self.report, self.path)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.commit(event.value)

    def commit(self, text: str) -> None:
        report = self.report
        current = paths.get(report, self.path)
        error: str | None = None
        changed = False
        try:
            value = self.parse(text)
            if value != current or type(value) is not type(current):
                paths.assign(report, self.path, value)
                changed = True
        except ValidationError as exc:
            error = errors.error_text(exc)
        except (AmountError, ValueError) as exc:
            error = str(exc)
        if error is not None:
            if current != self._baseline:
                paths.assign(report, self.path, self._baseline)
                changed = True
            kept = shown(self._baseline, self.kind, self.optional) or ("未填" if self.optional else "0")
            error = f"{error}（未采用，仍为 {kept}）"
        self._set_error(error)
        if changed:
            self.post_message(Edited(self.path, figures=self.kind != "line"))

    def restricted(self) -> None:
        self._set_error(_RESTRICT_MESSAGE.get(self.kind, "不能输入这个字符"), force=True)

    def _set_error(self, error: str | None, force: bool = False) -> None:
        if error == self._error and not force:
            return
        self._error = error
        self.set_class(error is not None, "-invalid")
        self.post_message(Validated(self, self.path, error))
