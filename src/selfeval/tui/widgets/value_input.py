"""A one-line input bound to one field of the report: text, amount, whole number or date.

What is typed is checked as it is typed. A valid value goes straight into the
report (so derived figures update live); a bad one is never stored: the field
shows a Chinese message and the report keeps the value the field had when
editing began. Nothing typed is ever dropped (no ``restrict`` filter: a
filter silently turned ``123。45`` into ``12345``); the whole text is read or
refused. An amount reads as typed while the field has the focus and with
thousands separators, right-aligned, once it is left (the stored value is
the same). Focus puts the cursor at the end (no select-all a key would
replace); Ctrl+Z / Ctrl+Y undo and redo.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from selfeval.amounts import WAN, ZERO, AmountError, fmt_money, parse_amount
from selfeval.model import errors, paths
from selfeval.tui.carried import confirm_carried
from selfeval.tui.messages import Edited, Unstored, Validated

if TYPE_CHECKING:
    from selfeval.model import Report

__all__ = ["ValueInput", "Kind", "shown"]

Kind = Literal["line", "amount", "int", "date"]

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


def control_characters(text: str) -> str | None:
    """A Chinese message when ``text`` holds a control character (Tab, line break …)."""
    for c in text:
        if unicodedata.category(c) == "Cc":
            name = {"\t": "制表符（Tab）", "\n": "换行", "\r": "回车"}.get(c, f"控制字符 U+{ord(c):04X}")
            return f"一行文字里不能有{name}，请删去"
    return None


#: undo steps kept per field
UNDO_DEPTH = 100


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

    BINDINGS = [
        Binding("ctrl+z", "undo", "撤销", id="value.undo", show=False),
        Binding("ctrl+y", "redo", "重做", id="value.redo", show=False),
    ]

    # Input sets its virtual size on every keystroke; Textual's reactive asks
    # for a layout of the whole screen each time, which on a long form costs
    # more than everything else a keystroke does. The input's own box never
    # depends on its text, so a repaint is enough.
    virtual_size = Reactive(Size(0, 0), layout=False)

    async def _on_key(self, event: events.Key) -> None:
        # Enter on a one-line text carried over from last year's draft confirms it (once)
        if event.key == "enter" and self.kind == "line" and confirm_carried(self):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

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
        #: the unit of a money amount (a 万/万元 suffix is read; 元 is refused with the figure converted)
        marker = paths.kind_of(path) if kind == "amount" else None
        self.unit = WAN if marker is not None and marker.name == "money" else None
        self._undo: list[tuple[str, int]] = []
        self._redo: list[tuple[str, int]] = []
        self._shown_value = ""
        self._quiet = False  # a change the widget made itself (formatting, undo): no undo step
        if placeholder is None:
            placeholder = {"amount": "0.00", "int": "0", "date": "如 2025-04-30", "line": ""}[kind]
            if optional and kind != "date":
                placeholder = "未填"
        super().__init__(
            value=shown(self._baseline, kind, optional),
            placeholder=placeholder,
            compact=True,
            select_on_focus=False,
            id=id or paths.widget_id(path),
            classes=f"-{kind} {classes}".strip(),
        )

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        self._shown_value = self.value
        self.call_after_refresh(self._show_grouped)

    @property
    def error(self) -> str | None:
        """The Chinese message for what the field holds, or ``None`` when it was stored."""
        return self._error

    # ---- reading what was typed ------------------------------------------

    def parse(self, text: str) -> Any:
        """The value for ``text``; ``ValueError`` (Chinese) when it is not one."""
        stripped = text.strip()
        if self.kind == "line":
            problem = control_characters(text)
            if problem:
                raise ValueError(problem)
            return text
        if not stripped:
            if self.optional:
                return None
            return ZERO if self.kind == "amount" else 0
        if self.kind == "amount":
            return parse_amount(stripped, allow_negative=self.allow_negative, unit=self.unit)
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
            if self.kind == "amount":  # as typed while editing (no separators, no padding)
                self._set_quietly(shown(self._baseline, self.kind, self.optional))
        self.cursor_position = len(self.value)  # at the end: a key adds, never replaces

    def on_blur(self) -> None:
        # Widget._on_blur (which clears has_focus) runs after this handler
        self.call_later(self._show_grouped)

    def on_resize(self) -> None:
        self._show_grouped()  # the width is known only now (right-aligned to it)

    def _show_grouped(self) -> None:
        """An amount that was stored reads with separators, right-aligned (display only)."""
        if self.kind != "amount" or self._error is not None or self.has_focus or not self.is_attached:
            return
        try:
            value = paths.get(self.report, self.path)
        except (IndexError, KeyError, AttributeError):  # its list item was deleted meanwhile
            return
        if value is None or (value == 0 and not self.optional):
            return
        text = fmt_money(value, grouping=True) if value == round(value, 2) else format(value, ",f")
        width = self.content_size.width - 1  # the cursor's cell
        self._set_quietly(text.rjust(width) if width > len(text) else text)

    def _set_quietly(self, text: str) -> None:
        if text != self.value:
            self._quiet = True
            self.value = text
            self._shown_value = text

    def _on_paste(self, event: events.Paste) -> None:
        # all of it, line breaks included: a one-line field says what it refuses
        # rather than keeping the first line and dropping the rest unsaid
        event.stop()
        event.prevent_default()
        if event.text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(event.text)
            else:
                self.replace(event.text, *selection)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._quiet:
            self._quiet = False
        else:
            if event.value != self._shown_value:
                self._undo.append((self._shown_value, min(self.cursor_position, len(self._shown_value))))
                del self._undo[:-UNDO_DEPTH]
                self._redo.clear()
        self._shown_value = event.value
        self.commit(event.value)

    def action_undo(self) -> None:
        self._step_history(self._undo, self._redo)

    def action_redo(self) -> None:
        self._step_history(self._redo, self._undo)

    def _step_history(self, source: list[tuple[str, int]], target: list[tuple[str, int]]) -> None:
        if not source:
            return
        text, cursor = source.pop()
        target.append((self.value, self.cursor_position))
        self._quiet = text != self.value
        self.value = text
        self.cursor_position = cursor if cursor <= len(text) else len(text)

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

    def _set_error(self, error: str | None, force: bool = False) -> None:
        if error == self._error and not force:
            return
        self._error = error
        self.set_class(error is not None, "-invalid")
        self.post_message(Validated(self, self.path, error))
        self.post_message(Unstored(self, self.path, error))
