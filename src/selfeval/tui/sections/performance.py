"""履职情况: sub-sections of the year's work, each with numbered items."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widget import Widget

from selfeval.model import Report, TextItem, TextSection
from selfeval.model import paths
from selfeval.tui.sections.base import Section
from selfeval.tui.widgets.forms import field_row, note, text_items
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["PerformanceSection"]

_CN = "一二三四五六七八九十"


def _number(i: int) -> str:
    return f"（{_CN[i]}）" if i < len(_CN) else f"({i + 1})"


def _duty_row(r: Report, i: int) -> list[Widget]:
    base = f"performance.duty[{i}]"
    return [field_row(r, f"{base}.title"), text_items(r, f"{base}.items", "条目")]


class PerformanceSection(Section):
    step = "performance"

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        yield note(paths.help_of("performance.duty") + " 光标在小节标题上按 Ctrl+N 新增小节，在条目中按 Ctrl+N 新增条目。")
        yield ListEditor(
            r,
            "performance.duty",
            row=partial(_duty_row, r),
            new_item=lambda r: TextSection(items=[TextItem()]),
            noun="小节",
            spaced=True,
            number=_number,
            number_width=7,
        )
