"""部门概况: basic information, duties, organisation, staffing, annual goals."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label

from selfeval.model import FIGURES, Leader, QuotaPart, Report, StaffUnit
from selfeval.model import paths
from selfeval.tui.sections.base import Section
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.forms import field_row, heading, line_list, text_items, text_row
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["OverviewSection"]

_STAFF_COUNTS = ("quota_admin", "quota_cs_like", "quota_institution", "quota_worker", "on_payroll", "retired", "contract")


def _n(value: int | None) -> str:
    """A derived count; 未填 while an input it needs is not entered."""
    return "未填" if value is None else str(value)


def _quota_part_row(r: Report, base: str, j: int) -> list[Widget]:
    part = f"{base}.quota_parts[{j}]"
    return [field_row(r, f"{part}.part"), field_row(r, f"{part}.kind"), field_row(r, f"{part}.funding"), field_row(r, f"{part}.count")]


def _leader_row(r: Report, base: str, j: int) -> list[Widget]:
    leader = f"{base}.leaders[{j}]"
    return [field_row(r, f"{leader}.title"), field_row(r, f"{leader}.count"), field_row(r, f"{leader}.note")]


def _staff_row(r: Report, i: int) -> list[Widget]:
    base = f"overview.staffing.units[{i}]"
    rows: list[Widget] = [field_row(r, f"{base}.name")]
    for name in _STAFF_COUNTS:
        extra = []
        if name == "quota_worker":
            extra.append(Derived(r, lambda r, i=i: f"编制合计 {_n(r.overview.staffing.units[i].quota_total)} 名"))
        rows.append(field_row(r, f"{base}.{name}", *extra))
    rows.append(Label(paths.title_of(f"{base}.quota_parts") + "（可选：编制按部分分列，报告写作“其中机关本部全额拨款参公事业编制18名、…”）", classes="form-note"))
    rows.append(
        ListEditor(r, f"{base}.quota_parts", row=partial(_quota_part_row, r, base), new_item=lambda r: QuotaPart(), noun="编制部分", figures=True)
    )
    rows.append(Label(paths.title_of(f"{base}.leaders") + "（可选）", classes="form-note"))
    rows.append(ListEditor(r, f"{base}.leaders", row=partial(_leader_row, r, base), new_item=lambda r: Leader(), noun="领导职数"))
    return rows


def _n(value: int | None) -> str:
    return "未填" if value is None else str(value)


def _staff_totals(r) -> str:
    st = r.overview.staffing
    rate = FIGURES["ind.staff_control"].text(r, missing="未填")
    return (
        f"合计：编制 {_n(st.quota_total)} 名，实有在职在编 {_n(st.on_payroll_total)} 人，"
        f"退休 {_n(st.retired_total)} 人，编外 {_n(st.contract_total)} 人；{FIGURES['ind.staff_control'].label} {rate}"
    )


class OverviewSection(Section):
    step = "overview"

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        yield text_row(r, "overview.basic_info")
        yield heading(paths.title_of("overview.duties"), 2)
        yield line_list(r, "overview.duties", "职责")
        yield heading(paths.title_of("overview.organisation"), 2)
        yield field_row(r, "overview.organisation.summary", placeholder="可选，如 三部一室")
        yield Label(paths.title_of("overview.organisation.internal_units"), classes="form-note")
        yield line_list(r, "overview.organisation.internal_units", "内设机构")
        yield Label(paths.title_of("overview.organisation.subordinate_units"), classes="form-note")
        yield line_list(r, "overview.organisation.subordinate_units", "下属单位")
        yield text_row(r, "overview.organisation.note")
        yield heading(paths.title_of("overview.staffing"), 2)
        yield field_row(r, "overview.staffing.as_of", placeholder="如 2024-12-31")
        yield ListEditor(
            r,
            "overview.staffing.units",
            row=partial(_staff_row, r),
            new_item=lambda r: StaffUnit(),
            noun="单位",
            figures=True,
            spaced=True,
        )
        yield Derived(r, _staff_totals)
        yield text_row(r, "overview.staffing.note")
        yield heading(paths.title_of("overview.goals"), 2)
        yield text_items(r, "overview.goals", "目标")

