"""基本信息: who reports, which year, which indicator preset, who prepared it."""

from __future__ import annotations

from textual.app import ComposeResult

from selfeval.framework import shipped_presets
from selfeval.tui.sections.base import Section
from selfeval.tui.widgets.choice import ChoiceField
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.forms import field_row, note, text_row

__all__ = ["MetaSection"]


class MetaSection(Section):
    step = "meta"

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        yield field_row(r, "meta.department")
        yield field_row(r, "meta.short_name", placeholder="如 市科协；留空则写“我单位”")
        yield field_row(r, "meta.year")
        yield field_row(r, "meta.unit")
        presets = [(name, name) for name in shipped_presets()]
        yield FieldRow(ChoiceField(r, "meta.preset", presets, figures=True))
        yield field_row(r, "meta.preparer")
        yield field_row(r, "meta.prepared_on")
        yield text_row(r, "meta.preamble", placeholder="留空则自动生成标准前言")
        yield note("按 F1 查看当前项的填写说明；F8 下一节。")
