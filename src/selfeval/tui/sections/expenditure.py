"""支出: spending by nature, the project list, the economic classification, base data,
and the read-only 结转结余表 and department totals."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from selfeval.amounts import minus
from selfeval.model import ECONOMIC_CLASSES, Project, Report, ThreePublicCosts
from selfeval.model import paths
from selfeval.model.figures import TERMS, terms_text
from selfeval.tui.sections.base import Section
from selfeval.tui.sections.figures import COLUMNS, fig, indicator, money_line, money_or_unfilled, short
from selfeval.tui.widgets.amount_grid import AmountGrid
from selfeval.tui.widgets.choice import CheckField
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.forms import editor, field_row, heading, note, text_row
from selfeval.tui.messages import Jump
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["ExpenditureSection"]

GB = "general_budget"


def _sum_line(r: Report, key: str, label: str) -> Derived:
    """``基本支出 = 人员经费 334.93 + 日常公用经费 91.53 = 426.46``."""
    return Derived(
        r,
        lambda r: f"{label} = {terms_text(TERMS[key](r))} = {money_or_unfilled(fig(key)(r))}",
        classes="figure-line",
    )


def _project_header() -> list[Widget]:
    return [
        Label(paths.title_of(f"{GB}.projects[0].name"), classes="col-name"),
        Label(paths.title_of(f"{GB}.projects[0].amount"), classes="col-amount"),
        Label(paths.title_of(f"{GB}.projects[0].key"), classes="col-key"),
    ]


def _project_row(r: Report, i: int) -> list[Widget]:
    base = f"{GB}.projects[{i}]"
    return [
        Horizontal(
            editor(r, f"{base}.name", classes="col-name"),
            editor(r, f"{base}.amount", classes="col-amount"),
            CheckField(r, f"{base}.key", "", classes="col-key"),
            classes="project-line",
        ),
        field_row(r, f"{base}.note"),
    ]


def economic_grid(r: Report) -> AmountGrid:
    """By class for the general budget as a whole (合计, what reports print); the
    基本/项目 split beside it is optional and, when given, checked against it."""
    gb = lambda r: r.general_budget  # noqa: E731
    rows: list = [(None, [f"{GB}.economic_basic.{f}", f"{GB}.economic_project.{f}", f"{GB}.economic.{f}"]) for f, _, _ in ECONOMIC_CLASSES]
    rows.append(
        (
            "经济分类合计",
            [lambda r: gb(r).economic_basic.total, lambda r: gb(r).economic_project.total, lambda r: gb(r).economic.total],
        )
    )
    rows.append(("本年支出", [fig("gb.spending.basic"), fig("gb.spending.project"), fig("gb.spending.total")]))
    rows.append(
        (
            "差额",
            [
                lambda r: minus(gb(r).economic_basic.total, gb(r).basic_spending),
                lambda r: minus(gb(r).economic_project.total, gb(r).project_spending),
                lambda r: minus(gb(r).economic.total, gb(r).spending),
            ],
        )
    )
    return AmountGrid(r, ("基本（可选）", "项目（可选）", "合计"), rows, label_width=24, cell_width=10, id="grid-economic")


def balance_grid(r: Report) -> AmountGrid:
    """年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余, per column."""
    rows = [
        (short(f"gb.{name}.total"), [fig(f"gb.{name}.{col}") for col in ("basic", "project", "total")])
        for name in ("carryover_start", "income", "spending", "carryover_end")
    ]
    return AmountGrid(r, COLUMNS, rows, id="grid-balance")


def three_public_grid(r: Report) -> AmountGrid:
    base = "base_data.three_public"
    cols = [paths.title_of(f"{base}.overseas.{c}") for c in ("prev_actual", "budget", "actual")]
    rows: list = [
        (paths.title_of(f"{base}.{name}"), [f"{base}.{name}.{c}" for c in ("prev_actual", "budget", "actual")])
        for name in ThreePublicCosts.ROWS
    ]
    rows.append(("合计", [fig(f"three_public.{c}") for c in ("prev_actual", "budget", "actual")]))
    return AmountGrid(r, cols, rows, label_width=18, cell_width=11, id="grid-three-public")


def _dept_split(r: Report) -> str:
    """Department spending by fund source (what chapter 二 prints)."""
    lines = [f"{label[:-2]}支出 {money_or_unfilled(v)}" for _, label, v in r.spending_by_source() if v != 0]
    return "\n".join(lines)


class ExpenditureSection(Section):
    step = "expenditure"

    # on a project's row: open that project's 项目支出绩效自评表 (shown in the key bar there only)
    BINDINGS = [Binding("f4", "project_evaluation", "项目自评表", id="expenditure.project_evaluation")]

    DEFAULT_CSS = """
    ExpenditureSection {
        & .project-line { height: 1; }
        & .col-name { width: 1fr; }
        & .col-amount { width: 14; }
        & .col-key { width: 10; }
        & .list-header > Label { color: $text-muted; }
    }
    """

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        yield heading("一般公共预算支出（按性质）", 2)
        yield field_row(r, f"{GB}.personnel")
        yield field_row(r, f"{GB}.public_expense")
        yield _sum_line(r, "gb.spending.basic", "基本支出")
        yield heading(paths.title_of(f"{GB}.projects"), 2)
        yield ListEditor(
            r,
            f"{GB}.projects",
            row=partial(_project_row, r),
            new_item=lambda r: Project(),
            noun="项目",
            header=_project_header,
            figures=True,
        )
        yield Derived(
            r,
            lambda r: f"项目支出 = Σ 项目明细 = {money_or_unfilled(r.general_budget.project_spending)}；"
            f"其中重点项目 {money_or_unfilled(r.general_budget.key_project_spending)}",
            classes="figure-line",
        )
        yield heading("一般公共预算支出（按经济分类）", 2)
        yield note(paths.help_of(f"{GB}.economic"))
        yield economic_grid(r)
        yield text_row(r, f"{GB}.spending_note")
        yield heading("一般公共预算结转结余表（程序计算）", 2)
        yield balance_grid(r)
        yield heading("部门整体收支（程序计算）", 2)
        for key in ("dept.income.total", "dept.spending.basic", "dept.spending.project", "dept.spending.total", "dept.carryover_start", "dept.carryover_end", "dept.personnel", "dept.public_expense"):
            yield money_line(r, key)
        yield Derived(r, _dept_split, classes="figure-block")
        yield text_row(r, "overall.spending")
        yield text_row(r, "overall.carryover")

        yield heading(paths.title_of("base_data"), 1)
        yield heading(paths.title_of("base_data.three_public"), 2)
        yield three_public_grid(r)
        yield indicator(r, "ind.three_public_change")
        yield indicator(r, "ind.three_public_control")
        yield heading(paths.title_of("base_data.public_funds"), 2)
        for name in ("prev_actual", "budget", "office", "utilities_travel", "meetings_training"):
            yield field_row(r, f"base_data.public_funds.{name}")
        yield indicator(r, "ind.public_expense_control")
        yield heading("政府采购与固定资产", 2)
        for name in ("procurement_budget", "procurement_actual"):
            yield field_row(r, f"base_data.{name}")
        yield indicator(r, "ind.procurement")
        for name in ("fixed_assets_total", "fixed_assets_in_use"):
            yield field_row(r, f"base_data.{name}")
        yield indicator(r, "ind.fixed_asset_use")
        yield heading("工作任务与满意度", 2)
        for name in ("tasks_planned", "tasks_completed", "tasks_on_time", "tasks_up_to_standard", "key_tasks_planned", "key_tasks_done"):
            yield field_row(r, f"base_data.{name}")
        for key in ("ind.task_completion", "ind.task_timeliness", "ind.task_quality", "ind.key_task"):
            yield indicator(r, key)
        yield field_row(r, "base_data.satisfaction")
        yield indicator(r, "ind.satisfaction")

    # ---- a project's 自评表 -------------------------------------------------------------

    def _project_index(self) -> int | None:
        """The project whose row has the focus, if any."""
        try:
            projects = self.query_one("#" + paths.widget_id(f"{GB}.projects"), ListEditor)
        except Exception:
            return None
        return projects.current_index()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "project_evaluation":
            return self._project_index() is not None
        return True

    def action_project_evaluation(self) -> None:
        index = self._project_index()
        if index is not None:
            self.post_message(Jump(f"{GB}.projects[{index}].evaluation", "project_evaluation"))
