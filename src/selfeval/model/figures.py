"""Every figure the report states, by a stable key: typed, derived or an indicator.

One registry serves three readers: the checks (compare a stated figure with
ours), the framework (rule-scored indicators read their value here) and the
TUI (derived figures shown beside the inputs). Indicator values are ratios
(0.9510 for 95.10%); ``None`` means not applicable (a zero denominator).

Each figure also says which field a user edits to change it (``edit``: for a
derived figure or an indicator, the main input it is computed from), so a
finding about it jumps to the right field, and how its value is written (one
formatter per kind, :data:`FORMATS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from selfeval.amounts import fmt_count, fmt_money, fmt_pct, minus, total
from selfeval.model import paths
from selfeval.model.finance import ECONOMIC_CLASSES, INCOME_SOURCES

if TYPE_CHECKING:
    from selfeval.model.report import Report

__all__ = [
    "Figure",
    "FIGURES",
    "FORMATS",
    "INDICATORS",
    "TERMS",
    "figure",
    "value_of",
    "ratio",
    "terms_text",
]

Kind = Literal["money", "count", "percent"]

#: How a value of each kind is written: money with 2 decimals (``526.47``), a
#: count as a whole number (``27``), an indicator's ratio as a percentage (``95.10%``).
FORMATS: dict[str, Callable[[Decimal], str]] = {
    "money": fmt_money,
    "count": fmt_count,
    "percent": fmt_pct,
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: Kind
    get: Callable[[Report], Decimal | None]
    #: The field a user edits to change this figure; for a derived figure or an
    #: indicator, the main input it is computed from. ``[0]`` stands for the first
    #: item of a list; a function gives a path that depends on the report.
    edit: str | Callable[[Report], str]
    #: For indicators: the formula in words, and the figures it reads (keys).
    formula: str = ""
    reads: tuple[str, ...] = ()
    #: True when the user types this figure (a stated value then checks a typo).
    typed: bool = False

    def edit_path(self, report: Report) -> str:
        """Where to jump in ``report`` to change this figure: :attr:`edit`, or the
        list that would hold it when that item does not exist (no projects yet)."""
        path = self.edit(report) if callable(self.edit) else self.edit
        return paths.nearest(report, path)

    def format(self, value: Decimal | None, missing: str = "—") -> str:
        """``value`` written the way this figure's kind is written; ``missing`` for ``None``."""
        return missing if value is None else FORMATS[self.kind](value)

    def text(self, report: Report, missing: str = "—") -> str:
        """This figure's value in ``report``, written (``missing`` when it cannot be computed)."""
        return self.format(self.get(report), missing)


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator, or ``None`` when either is 未填 or the denominator is zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) / Decimal(denominator)


FIGURES: dict[str, Figure] = {}


def _add(
    key: str,
    label: str,
    kind: Kind,
    get: str | Callable[[Report], object],
    edit: str | Callable[[Report], str],
    **kw,
) -> None:
    """Register a figure; ``get`` is a function or an attribute path on the report,
    ``edit`` the field that changes it. Counts are given as ``Decimal`` like every
    other figure (``None`` stays ``None``)."""
    getter = attrgetter(get) if isinstance(get, str) else get
    if kind == "count":
        raw = getter

        def getter(r: Report, raw=raw) -> Decimal | None:
            v = raw(r)
            return None if v is None else Decimal(v)

    FIGURES[key] = Figure(key, label, kind, getter, edit, **kw)


_COLS = (("basic", "基本支出"), ("project", "项目支出"), ("total", "合计"))

_GB = "general_budget"
#: where the basic and project spending are typed (the total's main input is the basic one)
_SPENDING_EDIT = (f"{_GB}.personnel", f"{_GB}.projects[0].amount", f"{_GB}.personnel")

# ---- general public budget (一般公共预算): figure, label, attribute and edit path per column, typed?
for _name, _label, _attrs, _edits, _typed in (
    (
        "carryover_start",
        "年初结转和结余",
        ("carryover_start_basic", "carryover_start_project", "carryover_start"),
        ("carryover_start_basic", "carryover_start_project", "carryover_start_basic"),
        True,
    ),
    (
        "initial",
        "年初预算",
        ("basic.initial", "project.initial", "initial_total"),
        ("basic.initial", "project.initial", "basic.initial"),
        True,
    ),
    (
        "additions",
        "年中追加",
        ("basic.additions", "project.additions", "additions_total"),
        ("basic.additions", "project.additions", "basic.additions"),
        True,
    ),
    (
        "reductions",
        "年中追减",
        ("basic.reductions", "project.reductions", "reductions_total"),
        ("basic.reductions", "project.reductions", "basic.reductions"),
        True,
    ),
    (
        "adjusted",
        "调整后预算",
        ("basic.adjusted", "project.adjusted", "adjusted_total"),
        ("basic.initial", "project.initial", "basic.initial"),
        False,
    ),
    (
        "income",
        "本年收入",
        ("basic.adjusted", "project.adjusted", "income"),
        ("basic.initial", "project.initial", "basic.initial"),
        False,
    ),
    (
        "spending",
        "本年支出",
        ("basic_spending", "project_spending", "spending"),
        ("personnel", "projects[0].amount", "personnel"),
        False,
    ),
    (
        "carryover_end",
        "年末结转和结余",
        ("table.basic.end", "table.project.end", "carryover_end"),
        ("personnel", "projects[0].amount", "personnel"),
        False,
    ),
):
    for (_col, _col_label), _attr, _edit in zip(_COLS, _attrs, _edits):
        _add(
            f"gb.{_name}.{_col}",
            f"一般公共预算{_label}（{_col_label}）",
            "money",
            f"{_GB}.{_attr}",
            f"{_GB}.{_edit}",
            typed=_typed and _col != "total",
        )

_add("gb.personnel", "一般公共预算人员经费", "money", f"{_GB}.personnel", f"{_GB}.personnel", typed=True)
_add("gb.public_expense", "一般公共预算日常公用经费", "money", f"{_GB}.public_expense", f"{_GB}.public_expense", typed=True)
_add("gb.key_projects", "重点项目支出", "money", f"{_GB}.key_project_spending", f"{_GB}.projects[0].key")
for _f, _code, _name in ECONOMIC_CLASSES:
    _add(
        f"gb.economic.{_f}",
        f"一般公共预算经济分类 {_code} {_name}",
        "money",
        lambda r, f=_f: r.general_budget.economic.amount(f),
        f"{_GB}.economic.{_f}",
        typed=True,
    )
    for _scope, _scope_label in (("economic_basic", "基本支出"), ("economic_project", "项目支出")):
        _add(
            f"gb.{_scope}.{_f}",
            f"{_scope_label}经济分类 {_code} {_name}",
            "money",
            f"{_GB}.{_scope}.{_f}",
            f"{_GB}.{_scope}.{_f}",
            typed=True,
        )
_FIRST_ECON = f"{_GB}.economic.{ECONOMIC_CLASSES[0][0]}"
_add("gb.economic.total", "一般公共预算经济分类合计", "money", f"{_GB}.economic.total", _FIRST_ECON)

# ---- whole department (部门整体) --------------------------------------------
def _fund_income(source: str) -> Callable[[Report], str]:
    """The income of the first other fund from ``source`` (or the list of funds, to add one)."""

    def edit(r: Report) -> str:
        i = next((i for i, f in enumerate(r.other_funds) if f.source == source), None)
        return "other_funds" if i is None else f"other_funds[{i}].income"

    return edit


def _fund_field(source: str, field: str) -> Callable[[Report], str]:
    """A field of the first other fund from ``source`` (or the list of funds, to add one)."""

    def edit(r: Report) -> str:
        i = next((i for i, f in enumerate(r.other_funds) if f.source == source), None)
        return "other_funds" if i is None else f"other_funds[{i}].{field}"

    return edit


def _fund_figure(source: str, attr: str) -> Callable[[Report], Decimal | None]:
    """Σ ``attr`` over the funds from ``source`` (``None`` with no such fund)."""

    def get(r: Report) -> Decimal | None:
        funds = r.funds(source)
        return total(*(getattr(f, attr) for f in funds)) if funds else None

    return get


_add("dept.income.total", "部门本年收入合计", "money", "income_total", f"{_GB}.basic.initial")
for _key, _label in INCOME_SOURCES.items():
    _add(
        f"dept.income.{_key}",
        _label,
        "money",
        lambda r, k=_key: r.income_of(k),
        f"{_GB}.basic.initial" if _key == "general_budget" else _fund_income(_key),
    )
    _spent = "一般公共预算财政拨款支出" if _key == "general_budget" else _label.removesuffix("收入") + "支出"
    _add(
        f"dept.spending.{_key}",
        f"部门本年支出中的{_spent}",
        "money",
        lambda r, k=_key: r.spending_of(k),
        f"{_GB}.personnel" if _key == "general_budget" else _fund_field(_key, "spending_basic"),
    )
    if _key != "general_budget":
        _src = _label.removesuffix("收入")
        for _attr, _what, _field in (
            ("carryover_start", "年初结转和结余", "carryover_start"),
            ("income", "本年收入", "income"),
            ("spending", "本年支出", "spending_basic"),
            ("carryover_end", "年末结转和结余", "spending_basic"),
        ):
            _add(
                f"funds.{_key}.{_attr}",
                f"{_src}资金{_what}",
                "money",
                _fund_figure(_key, _attr),
                _fund_field(_key, _field),
                typed=_attr in ("carryover_start", "income"),
            )
_add("dept.personnel", "部门人员经费", "money", "personnel", f"{_GB}.personnel")
_add("dept.public_expense", "部门日常公用经费", "money", "public_expense", f"{_GB}.public_expense")
_add("dept.spending.basic", "部门基本支出", "money", "spending_basic", _SPENDING_EDIT[0])
_add("dept.spending.project", "部门项目支出", "money", "spending_project", _SPENDING_EDIT[1])
_add("dept.spending.total", "部门本年支出合计", "money", "spending_total", _SPENDING_EDIT[2])
_add("dept.carryover_start", "部门年初结转和结余", "money", "carryover_start", f"{_GB}.carryover_start_basic")
_add("dept.carryover_end", "部门年末结转和结余", "money", "carryover_end", _SPENDING_EDIT[2])
for _f, _code, _name in ECONOMIC_CLASSES:
    _add(
        f"dept.economic.{_f}",
        f"部门经济分类 {_code} {_name}",
        "money",
        lambda r, f=_f: r.economic.amount(f),
        f"{_GB}.economic.{_f}",
    )
_add("dept.economic.total", "部门经济分类合计", "money", "economic.total", _FIRST_ECON)

# ---- staff and base data ---------------------------------------------------
_UNIT = "overview.staffing.units[0]"
_add("staff.quota", "编制数", "count", "overview.staffing.quota_total", f"{_UNIT}.quota_admin")
_add("staff.on_payroll", "实有在职在编人数", "count", "overview.staffing.on_payroll_total", f"{_UNIT}.on_payroll")
_add("staff.retired", "退休人员", "count", "overview.staffing.retired_total", f"{_UNIT}.retired")
_add("staff.contract", "编外/劳务派遣人员", "count", "overview.staffing.contract_total", f"{_UNIT}.contract")
for _col, _col_label in (("prev_actual", "上年决算"), ("budget", "本年预算"), ("actual", "本年决算")):
    _add(
        f"three_public.{_col}",
        f"“三公”经费{_col_label}",
        "money",
        f"base_data.three_public.total.{_col}",
        f"base_data.three_public.overseas.{_col}",
    )
_add(
    "base.public_funds.budget",
    "公用经费预算数",
    "money",
    "base_data.public_funds.budget",
    "base_data.public_funds.budget",
    typed=True,
)
for _f, _label in (
    ("procurement_actual", "实际政府采购金额"),
    ("procurement_budget", "政府采购预算"),
    ("fixed_assets_in_use", "在用固定资产"),
    ("fixed_assets_total", "固定资产总额"),
):
    _add(f"base.{_f}", _label, "money", f"base_data.{_f}", f"base_data.{_f}", typed=True)
for _f, _label in (
    ("tasks_planned", "计划工作任务数"),
    ("tasks_completed", "实际完成任务数"),
    ("tasks_on_time", "按时完成任务数"),
    ("tasks_up_to_standard", "质量达标任务数"),
    ("key_tasks_planned", "重点工作任务数"),
    ("key_tasks_done", "重点工作办结数"),
):
    _add(f"base.{_f}", _label, "count", f"base_data.{_f}", f"base_data.{_f}", typed=True)
_add(
    "base.satisfaction",
    "服务对象满意度（%）",
    "percent",
    lambda r: None if r.base_data.satisfaction is None else r.base_data.satisfaction / 100,
    "base_data.satisfaction",
    typed=True,
)


# ---- computed indicators (domain.md §4) ------------------------------------
def _opt_ratio(a: int | None, b: int | None) -> Decimal | None:
    if a is None or b is None:
        return None
    return ratio(Decimal(a), Decimal(b))


def _indicator(key: str, label: str, formula: str, reads: tuple[str, ...], get) -> None:
    """An indicator is changed through the first figure it reads (its numerator)."""
    _add(f"ind.{key}", label, "percent", get, FIGURES[reads[0]].edit, formula=formula, reads=reads)


_indicator(
    "staff_control",
    "在职人员控制率",
    "实有在职在编人数 ÷ 编制数",
    ("staff.on_payroll", "staff.quota"),
    lambda r: _opt_ratio(r.overview.staffing.on_payroll_total, r.overview.staffing.quota_total),
)
_indicator(
    "three_public_change",
    "“三公”经费变动率",
    "（本年“三公”经费决算 − 上年决算）÷ 上年决算",
    ("three_public.actual", "three_public.prev_actual"),
    lambda r: ratio(
        minus(r.base_data.three_public.total.actual, r.base_data.three_public.total.prev_actual),
        r.base_data.three_public.total.prev_actual,
    ),
)
_indicator(
    "key_spending",
    "重点支出安排率",
    "重点项目支出 ÷ 项目支出",
    ("gb.key_projects", "gb.spending.project"),
    lambda r: ratio(r.general_budget.key_project_spending, r.general_budget.project_spending),
)
_indicator(
    "budget_execution",
    "预算执行率",
    "本年支出 ÷ 调整后预算",
    ("gb.spending.total", "gb.adjusted.total"),
    lambda r: ratio(r.general_budget.spending, r.general_budget.adjusted_total),
)
_indicator(
    "budget_completion",
    "预算完成率",
    "（年初结转 + 年初预算 + 年中追加 − 年中追减 − 年末结转结余）÷（年初结转 + 调整后预算）",
    ("gb.carryover_start.total", "gb.adjusted.total", "gb.carryover_end.total"),
    lambda r: ratio(
        minus(total(r.general_budget.carryover_start, r.general_budget.adjusted_total), r.general_budget.carryover_end),
        total(r.general_budget.carryover_start, r.general_budget.adjusted_total),
    ),
)
_indicator(
    "budget_adjustment",
    "预算调整率",
    "（年中追加 − 年中追减）÷ 年初预算",
    ("gb.additions.total", "gb.reductions.total", "gb.initial.total"),
    lambda r: ratio(
        minus(r.general_budget.additions_total, r.general_budget.reductions_total),
        r.general_budget.initial_total,
    ),
)
_indicator(
    "budget_control",
    "预算控制率",
    "年中追加 ÷ 年初预算",
    ("gb.additions.total", "gb.initial.total"),
    lambda r: ratio(r.general_budget.additions_total, r.general_budget.initial_total),
)
_indicator(
    "carryover",
    "结转结余率",
    "年末结转和结余 ÷ 调整后预算",
    ("gb.carryover_end.total", "gb.adjusted.total"),
    lambda r: ratio(r.general_budget.carryover_end, r.general_budget.adjusted_total),
)
_indicator(
    "carryover_change",
    "结转结余变动率",
    "（年末结转和结余 − 年初结转和结余）÷ 年初结转和结余",
    ("gb.carryover_end.total", "gb.carryover_start.total"),
    lambda r: ratio(
        minus(r.general_budget.carryover_end, r.general_budget.carryover_start),
        r.general_budget.carryover_start,
    ),
)
_indicator(
    "public_expense_control",
    "公用经费控制率",
    "日常公用经费决算 ÷ 公用经费预算",
    ("gb.public_expense", "base.public_funds.budget"),
    lambda r: ratio(r.general_budget.public_expense, r.base_data.public_funds.budget),
)
_indicator(
    "three_public_control",
    "“三公”经费控制率",
    "“三公”经费本年决算 ÷ 本年预算",
    ("three_public.actual", "three_public.budget"),
    lambda r: ratio(r.base_data.three_public.total.actual, r.base_data.three_public.total.budget),
)
_indicator(
    "procurement",
    "政府采购执行率",
    "实际政府采购金额 ÷ 政府采购预算",
    ("base.procurement_actual", "base.procurement_budget"),
    lambda r: ratio(r.base_data.procurement_actual, r.base_data.procurement_budget),
)
_indicator(
    "fixed_asset_use",
    "固定资产利用率",
    "在用固定资产 ÷ 固定资产总额",
    ("base.fixed_assets_in_use", "base.fixed_assets_total"),
    lambda r: ratio(r.base_data.fixed_assets_in_use, r.base_data.fixed_assets_total),
)
_indicator(
    "task_completion",
    "实际完成率",
    "实际完成任务数 ÷ 计划工作任务数",
    ("base.tasks_completed", "base.tasks_planned"),
    lambda r: _opt_ratio(r.base_data.tasks_completed, r.base_data.tasks_planned),
)
_indicator(
    "task_timeliness",
    "完成及时率",
    "按时完成任务数 ÷ 实际完成任务数",
    ("base.tasks_on_time", "base.tasks_completed"),
    lambda r: _opt_ratio(r.base_data.tasks_on_time, r.base_data.tasks_completed),
)
_indicator(
    "task_quality",
    "质量达标率",
    "质量达标任务数 ÷ 实际完成任务数",
    ("base.tasks_up_to_standard", "base.tasks_completed"),
    lambda r: _opt_ratio(r.base_data.tasks_up_to_standard, r.base_data.tasks_completed),
)
_indicator(
    "key_task",
    "重点工作办结率",
    "重点工作办结数 ÷ 重点工作任务数",
    ("base.key_tasks_done", "base.key_tasks_planned"),
    lambda r: _opt_ratio(r.base_data.key_tasks_done, r.base_data.key_tasks_planned),
)
_indicator(
    "satisfaction",
    "服务对象满意度",
    "满意度调查结果",
    ("base.satisfaction",),
    lambda r: None if r.base_data.satisfaction is None else r.base_data.satisfaction / 100,
)

#: The computed indicators only.
INDICATORS: dict[str, Figure] = {k: f for k, f in FIGURES.items() if k.startswith("ind.")}


def figure(key: str) -> Figure:
    return FIGURES[key]


def value_of(report: Report, key: str) -> Decimal | None:
    return FIGURES[key].get(report)


assert all(k in FIGURES for f in INDICATORS.values() for k in f.reads), "indicator reads an unknown figure"


# ---- how derived money figures are made (for messages that show the arithmetic) ----
#: key → function giving the terms: [(sign, label, value)], sign "+" or "−"
Terms = list[tuple[str, str, Decimal]]
TERMS: dict[str, Callable[[Report], Terms]] = {}


def _gb_terms() -> None:
    def spending(col: str):
        def get(r: Report) -> Terms:
            gb = r.general_budget
            if col == "basic":
                return [("+", "人员经费", gb.personnel), ("+", "日常公用经费", gb.public_expense)]
            if col == "project":
                return [("+", p.name or f"项目{i + 1}", p.amount) for i, p in enumerate(gb.projects)]
            return [("+", "基本支出", gb.basic_spending), ("+", "项目支出", gb.project_spending)]

        return get

    def adjusted(col: str):
        def get(r: Report) -> Terms:
            gb = r.general_budget
            if col == "total":
                return [("+", "基本支出调整后预算", gb.basic.adjusted), ("+", "项目支出调整后预算", gb.project.adjusted)]
            b = getattr(gb, col)
            return [("+", "年初预算", b.initial), ("+", "年中追加", b.additions), ("−", "年中追减", b.reductions)]

        return get

    def end(col: str):
        def get(r: Report) -> Terms:
            row = getattr(r.general_budget.table, col)
            return [("+", "年初结转和结余", row.start), ("+", "本年收入", row.income), ("−", "本年支出", row.spending)]

        return get

    for col in ("basic", "project", "total"):
        TERMS[f"gb.spending.{col}"] = spending(col)
        TERMS[f"gb.adjusted.{col}"] = adjusted(col)
        TERMS[f"gb.income.{col}"] = adjusted(col)
        TERMS[f"gb.carryover_end.{col}"] = end(col)
    for name in ("carryover_start", "initial", "additions", "reductions"):
        TERMS[f"gb.{name}.total"] = (
            lambda n: lambda r: [
                ("+", "基本支出", FIGURES[f"gb.{n}.basic"].get(r)),
                ("+", "项目支出", FIGURES[f"gb.{n}.project"].get(r)),
            ]
        )(name)


def _econ_terms(breakdown) -> Terms:
    return [("+", f"{code} {name}", amount) for code, name, amount in breakdown.rows() if amount]


def _dept_terms() -> None:
    TERMS["dept.income.total"] = lambda r: [
        ("+", label, amount) for k, label, amount in r.income_by_source() if amount or k == "general_budget"
    ]
    TERMS["dept.spending.total"] = lambda r: [("+", "基本支出", r.spending_basic), ("+", "项目支出", r.spending_project)]
    TERMS["dept.personnel"] = lambda r: [("+", "一般公共预算人员经费", r.general_budget.personnel)] + [
        ("+", f"{f.label}人员经费", f.personnel or Decimal(0)) for f in r.other_funds if f.split_given
    ]
    TERMS["dept.public_expense"] = lambda r: [("+", "一般公共预算日常公用经费", r.general_budget.public_expense)] + [
        ("+", f"{f.label}日常公用经费", f.public_expense or Decimal(0)) for f in r.other_funds if f.split_given
    ]
    for key in INCOME_SOURCES:
        if key == "general_budget":
            continue
        TERMS[f"dept.income.{key}"] = lambda r, k=key: [("+", f.label, f.income) for f in r.funds(k)]
        TERMS[f"dept.spending.{key}"] = lambda r, k=key: [("+", f.label, f.spending) for f in r.funds(k)]
        TERMS[f"funds.{key}.carryover_end"] = lambda r, k=key: [
            t for f in r.funds(k) for t in (
                ("+", "年初结转和结余", f.carryover_start), ("+", "本年收入", f.income), ("−", "本年支出", f.spending)
            )
        ]
    TERMS["dept.spending.general_budget"] = lambda r: [
        ("+", "基本支出", r.general_budget.basic_spending),
        ("+", "项目支出", r.general_budget.project_spending),
    ]
    TERMS["dept.spending.basic"] = lambda r: [("+", "一般公共预算基本支出", r.general_budget.basic_spending)] + [
        ("+", f.label, f.spending_basic) for f in r.other_funds if f.spending_basic
    ]
    TERMS["dept.spending.project"] = lambda r: [("+", "一般公共预算项目支出", r.general_budget.project_spending)] + [
        ("+", f.label, f.spending_project) for f in r.other_funds if f.spending_project
    ]
    TERMS["dept.carryover_start"] = lambda r: [("+", "一般公共预算", r.general_budget.carryover_start)] + [
        ("+", f.label, f.carryover_start) for f in r.other_funds if f.carryover_start
    ]
    TERMS["dept.carryover_end"] = lambda r: [
        ("+", "年初结转和结余", r.carryover_start),
        ("+", "本年收入", r.income_total),
        ("−", "本年支出", r.spending_total),
    ]
    TERMS["gb.economic.total"] = lambda r: _econ_terms(r.general_budget.economic)
    TERMS["dept.economic.total"] = lambda r: _econ_terms(r.economic)
    TERMS["gb.key_projects"] = lambda r: [
        ("+", p.name or f"项目{i + 1}", p.amount) for i, p in enumerate(r.general_budget.projects) if p.key
    ]


_gb_terms()
_dept_terms()


def terms_text(terms: Terms) -> str:
    """``人员经费 334.93 + 日常公用经费 91.53`` (amounts with 2 decimals)."""
    out = ""
    for i, (sign, label, value) in enumerate(terms):
        piece = f"{label} {fmt_money(value) if value is not None else '未填'}"
        if i == 0:
            out = piece if sign == "+" else f"− {piece}"
        else:
            out += f" {sign} {piece}"
    return out or "0"
