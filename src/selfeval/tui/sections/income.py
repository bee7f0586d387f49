"""收入: the general budget's carry-over and budget build-up (its 本年收入), other funds, income by source."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Collapsible, Label

from selfeval.model import ECONOMIC_CLASSES, INCOME_SOURCES, FundItem, OtherFund, Report
from selfeval.model import paths
from selfeval.model.finance import OTHER_SOURCES
from selfeval.tui.sections.base import Section
from selfeval.tui.sections.figures import COLUMNS, fig, money_or_unfilled, short
from selfeval.tui.widgets.amount_grid import AmountGrid
from selfeval.tui.widgets.choice import ChoiceField
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.forms import field_row, heading, note, text_row
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["IncomeSection"]


def budget_grid(r: Report) -> AmountGrid:
    gb = "general_budget"
    rows: list = [
        (None, [f"{gb}.carryover_start_basic", f"{gb}.carryover_start_project", fig("gb.carryover_start.total")]),
    ]
    for name in ("initial", "additions", "reductions"):
        rows.append((None, [f"{gb}.basic.{name}", f"{gb}.project.{name}", fig(f"gb.{name}.total")]))
    rows.append((short("gb.adjusted.total"), [fig(f"gb.adjusted.{c}") for c in ("basic", "project", "total")]))
    return AmountGrid(r, COLUMNS, rows, id="grid-budget")


def _fund_row(r: Report, i: int) -> list[Widget]:
    base = f"other_funds[{i}]"
    sources = [(INCOME_SOURCES[k], k) for k in OTHER_SOURCES]
    econ = AmountGrid(
        r,
        ["金额"],
        [(None, [f"{base}.economic.{f}"]) for f, _, _ in ECONOMIC_CLASSES]
        + [("合计", [lambda r, i=i: r.other_funds[i].economic.total])],
        label_width=26,
    )
    return [
        FieldRow(ChoiceField(r, f"{base}.source", sources, figures=True)),
        field_row(r, f"{base}.name"),
        field_row(r, f"{base}.carryover_start"),
        field_row(r, f"{base}.income"),
        field_row(r, f"{base}.spending_basic"),
        field_row(
            r,
            f"{base}.spending_project",
            Derived(r, lambda r, i=i: f"本年支出 {money_or_unfilled(r.other_funds[i].spending)}"),
        ),
        Derived(r, lambda r, i=i: f"年末结转和结余 {money_or_unfilled(r.other_funds[i].carryover_end)}", classes="figure-line"),
        field_row(r, f"{base}.personnel"),
        field_row(r, f"{base}.public_expense"),
        Label(paths.title_of(f"{base}.items") + "（可选：报告写作“主要为……14.40万元”）", classes="form-note"),
        ListEditor(
            r,
            f"{base}.items",
            row=lambda j, i=i: [field_row(r, f"other_funds[{i}].items[{j}].name"), field_row(r, f"other_funds[{i}].items[{j}].amount")],
            new_item=lambda r: FundItem(),
            noun="明细",
            figures=True,
        ),
        text_row(r, f"{base}.purpose"),
        Collapsible(econ, title=paths.title_of(f"{base}.economic") + "（可选）", id=paths.widget_id(f"{base}.economic")),
    ]


def _by_source(r) -> str:
    lines = [f"{label}：{money_or_unfilled(amount)}" for _, label, amount in r.income_by_source() if amount != 0]
    lines.append(f"本年收入合计：{money_or_unfilled(r.income_total)}")
    return "\n".join(lines)


class IncomeSection(Section):
    step = "income"

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        yield heading(INCOME_SOURCES["general_budget"], 2)
        yield note("本年收入（一般公共预算财政拨款）= 调整后预算 = 年初预算 + 年中追加 − 年中追减。")
        yield budget_grid(r)
        yield heading(paths.title_of("other_funds"), 2)
        yield note(paths.help_of("other_funds"))
        yield ListEditor(
            r,
            "other_funds",
            row=partial(_fund_row, r),
            new_item=lambda r: OtherFund(),
            noun="资金",
            figures=True,
            spaced=True,
        )
        yield heading("收入汇总（按来源，程序计算）", 2)
        yield Derived(r, _by_source, classes="figure-block")
        yield text_row(r, "overall.income")
