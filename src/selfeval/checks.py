"""Consistency checks: pure functions over the report that yield findings.

Each finding has a stable ``code``, a ``severity`` (error: the report would
state something false; warning: implausible or incomplete; notice: a rounding
tail or style), the step it belongs to, the field path to jump to, and a
Chinese message that shows the arithmetic. Findings never block editing or
saving. ``run`` is cheap enough to call on every keystroke.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from selfeval.amounts import HUNDRED, ZERO, fmt_money, fmt_pct, quantize
from selfeval.evaluation import RowResult, TableResult as EvalTable, all_tables, evaluation_dict, parse_value
from selfeval.framework import PresetError, Scorecard, evaluate, load_preset
from selfeval.framework.preset import Preset
from selfeval.model import FIGURES, Report
from selfeval.model.evaluation import ProjectEvaluation
from selfeval.model.figures import TERMS, terms_text
from selfeval.model.finance import ECONOMIC_CLASSES
from selfeval.model.overview import QUOTA_KINDS
from selfeval.proofread import proofread, report_entries
from selfeval.steps import STEP_LABELS, STEPS, section_of
from selfeval.titles import cn_number

__all__ = ["Finding", "CHECKS", "run", "to_text", "to_json", "summary", "CENT"]

Severity = Literal["error", "warning", "notice"]
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}
SEVERITY_MARKS = {"error": "✗", "warning": "!", "notice": "·"}
_ORDER = {"error": 0, "warning": 1, "notice": 2}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    section: str
    path: str
    message: str
    numbers: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def section_label(self) -> str:
        return STEP_LABELS.get(self.section, self.section)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "section": self.section,
            "section_label": self.section_label,
            "path": self.path,
            "message": self.message,
            "numbers": self.numbers,
        }


def _f(code: str, severity: Severity, path: str, message: str, **numbers: object) -> Finding:
    return Finding(
        code,
        severity,
        section_of(path),
        path,
        message,
        {k: (fmt_money(v) if isinstance(v, Decimal) else str(v)) for k, v in numbers.items()},
    )


@dataclass
class Ctx:
    report: Report
    preset: Preset | None
    card: Scorecard | None
    preset_error: str = ""
    #: the 自评表s scored by the preset (department first), empty without a preset
    tables: list[EvalTable] = field(default_factory=list)


Check = Callable[[Ctx], Iterator[Finding]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


#: what a message adds when a difference is small enough to be a rounding tail
ROUNDING_HINT = "可能为四舍五入尾差，请核对"


def _diff_severity(diff: Decimal, summands: int) -> Severity | None:
    """The one tolerance rule for every comparison of a stated (or independently
    typed) figure with a computed one: equal → nothing; within 0.01 per summand →
    warning (the message adds :data:`ROUNDING_HINT`); larger → error."""
    if diff == 0:
        return None
    if abs(diff) <= CENT * max(summands, 1):
        return "warning"
    return "error"


def _hint(severity: Severity) -> str:
    return f"，{ROUNDING_HINT}" if severity == "warning" else ""


def _ym(v: Decimal | None) -> str:
    return "未填" if v is None else fmt_money(v)


# ---- 基本信息 -----------------------------------------------------------------


@check
def meta_filled(c: Ctx) -> Iterator[Finding]:
    m = c.report.meta
    if not m.department.strip():
        yield _f("META-DEPARTMENT-EMPTY", "error", "meta.department", "未填写单位全称，报告标题无法生成")
    if not m.preparer.strip():
        yield _f("META-PREPARER-EMPTY", "notice", "meta.preparer", "未填写填报人")
    if m.prepared_on is None:
        yield _f("META-DATE-EMPTY", "notice", "meta.prepared_on", "未填写填报日期，报告落款将没有日期")
    if c.preset_error:
        yield _f("PRESET-UNUSABLE", "error", "meta.preset", c.preset_error)


# ---- 部门概况 -----------------------------------------------------------------

_REQUIRED_TEXT = (
    ("overview.basic_info", "部门概况 › 基本情况", lambda r: r.overview.basic_info.strip(), "warning"),
    ("overview.duties", "部门概况 › 部门职能职责", lambda r: any(d.strip() for d in r.overview.duties), "warning"),
    (
        "overview.goals",
        "部门概况 › 年度工作目标及工作计划",
        lambda r: any(not g.is_empty() for g in r.overview.goals),
        "warning",
    ),
    (
        "performance.duty",
        "部门整体履职情况",
        lambda r: any(not s.is_empty() for s in r.performance.duty),
        "warning",
    ),
    ("problems", "存在的主要问题", lambda r: any(p.title.strip() or p.text.strip() for p in r.problems), "warning"),
    (
        "measures",
        "下一步改进措施",
        lambda r: any(m.title.strip() or m.text.strip() or any(t.strip() for t in m.items) for m in r.measures),
        "warning",
    ),
)


@check
def required_sections(c: Ctx) -> Iterator[Finding]:
    for path, label, filled, severity in _REQUIRED_TEXT:
        if not filled(c.report):
            code = "SECTION-EMPTY-" + path.split(".")[-1].upper().replace("_", "-")
            yield _f(code, severity, path, f"“{label}”是必填内容，目前为空，报告中将显示“无”")


@check
def staffing(c: Ctx) -> Iterator[Finding]:
    st = c.report.overview.staffing
    if not st.units:
        yield _f("STAFF-EMPTY", "warning", "overview.staffing.units", "未填写人员情况（编制数、实有人数），无法计算在职人员控制率")
        return
    for i, u in enumerate(st.units):
        name = u.name or f"第 {i + 1} 个单位"
        base = f"overview.staffing.units[{i}]"
        for attr, label in QUOTA_KINDS:
            typed, parts = getattr(u, attr), u.quota_from_parts(attr)
            if typed is not None and parts is not None and typed != parts:
                yield _f(
                    "STAFF-QUOTA-PARTS",
                    "error",
                    f"{base}.{attr}",
                    f"{name}{label}数填写 {typed} 名，而编制构成中{label}相加为 {parts} 名",
                    typed=typed,
                    parts=parts,
                )
        if u.on_payroll is not None and u.quota_total is not None and u.on_payroll > u.quota_total:
            yield _f(
                "STAFF-OVER-QUOTA",
                "warning",
                f"{base}.on_payroll",
                f"{name}实有在职在编 {u.on_payroll} 人 > 编制数 {u.quota_total} 名（超编 {u.on_payroll - u.quota_total} 人）",
                on_payroll=u.on_payroll,
                quota=u.quota_total,
            )
    total_on, total_quota = st.on_payroll_total, st.quota_total
    if len(st.units) > 1 and total_on is not None and total_quota is not None and total_on > total_quota:
        yield _f(
            "STAFF-OVER-QUOTA-TOTAL",
            "warning",
            "overview.staffing.units",
            f"合计实有在职在编 {total_on} 人 > 编制数 {total_quota} 名",
            on_payroll=total_on,
            quota=total_quota,
        )


# ---- 收入与支出 ---------------------------------------------------------------


@check
def budget_build_up(c: Ctx) -> Iterator[Finding]:
    gb = c.report.general_budget
    for col, label in (("basic", "基本支出"), ("project", "项目支出")):
        b = getattr(gb, col)
        if b.adjusted is not None and b.adjusted < 0:
            yield _f(
                "BUDGET-ADJUSTED-NEGATIVE",
                "error",
                f"general_budget.{col}.reductions",
                f"{label}调整后预算为负：年初预算 {_ym(b.initial)} + 年中追加 {_ym(b.additions)} − 年中追减 {_ym(b.reductions)} = {_ym(b.adjusted)}",
                adjusted=b.adjusted,
            )


@check
def general_budget_balance(c: Ctx) -> Iterator[Finding]:
    gb = c.report.general_budget
    for col, path in (("basic", "general_budget.personnel"), ("project", "general_budget.projects")):
        row = getattr(gb.table, col)
        if row.end is not None and row.end < 0:
            yield _f(
                "GB-BALANCE-NEGATIVE",
                "error",
                path,
                f"一般公共预算{row.label}年末结转和结余为负：年初结转和结余 {_ym(row.start)} + 本年收入 {_ym(row.income)} − 本年支出 {_ym(row.spending)} = {_ym(row.end)}（支出超过可用资金 {_ym(-row.end)}）",
                start=row.start,
                income=row.income,
                spending=row.spending,
                end=row.end,
            )


@check
def other_funds(c: Ctx) -> Iterator[Finding]:
    for i, f in enumerate(c.report.other_funds):
        base = f"other_funds[{i}]"
        if not f.name.strip():
            yield _f("FUND-NAME-EMPTY", "warning", f"{base}.name", f"第 {i + 1} 项其他资金未填写名称")
        end = f.carryover_end
        if end is not None and end < 0:
            yield _f(
                "FUND-BALANCE-NEGATIVE",
                "error",
                f"{base}.spending_basic",
                f"{f.label}年末结转和结余为负：年初结转和结余 {_ym(f.carryover_start)} + 本年收入 {_ym(f.income)} − 本年支出 {_ym(f.spending)} = {_ym(end)}",
                end=end,
            )
        if (f.income or f.spending) and not f.purpose.strip():
            yield _f("FUND-PURPOSE-EMPTY", "warning", f"{base}.purpose", f"{f.label}未说明资金用途")
        if f.split_given and f.spending_basic is not None:
            split = (f.personnel or ZERO) + (f.public_expense or ZERO)
            diff = split - f.spending_basic
            sev = _diff_severity(diff, 2)
            if sev:
                yield _f(
                    "FUND-SPLIT",
                    sev,
                    f"{base}.personnel",
                    f"{f.label}人员经费 {_ym(f.personnel or ZERO)} + 日常公用经费 {_ym(f.public_expense or ZERO)} = {_ym(split)} ≠ 基本支出 {_ym(f.spending_basic)}（差 {_ym(diff)}）{_hint(sev)}",
                    split=split,
                    spending_basic=f.spending_basic,
                    difference=diff,
                )
        items = f.items_total
        if items is not None and f.income is not None and items > f.income:
            yield _f(
                "FUND-ITEMS-OVER",
                "error",
                f"{base}.items",
                f"{f.label}其中各项 {terms_text([('+', it.name or f'第{k + 1}项', it.amount) for k, it in enumerate(f.items)])} = {_ym(items)} > 本年收入 {_ym(f.income)}",
                items=items,
                income=f.income,
            )


@check
def projects(c: Ctx) -> Iterator[Finding]:
    gb = c.report.general_budget
    for i, p in enumerate(gb.projects):
        if not p.name.strip():
            yield _f("PROJECT-NAME-EMPTY", "warning", f"general_budget.projects[{i}].name", f"第 {i + 1} 个项目未填写名称")
        if p.amount is None:
            yield _f(
                "PROJECT-AMOUNT-EMPTY",
                "warning",
                f"general_budget.projects[{i}].amount",
                f"项目“{p.name or i + 1}”未填年度决算数，项目支出合计无法算出",
            )
        elif p.amount == 0:
            yield _f(
                "PROJECT-ZERO",
                "notice",
                f"general_budget.projects[{i}].amount",
                f"项目“{p.name or i + 1}”年度决算数为 0，如未发生支出可删除此项目",
            )
    if not gb.projects and (gb.project.adjusted or gb.carryover_start_project):
        yield _f(
            "PROJECTS-EMPTY",
            "warning",
            "general_budget.projects",
            f"项目支出预算 {_ym(gb.project.adjusted)} 但项目明细为空：项目支出由项目明细相加得出，目前为 0.00",
        )
    scored = (
        c.card is not None
        and c.card.granularity == "level3"
        and any(r.indicator.figure == "ind.key_spending" and r.applicable for r in c.card.results)
    )
    if scored and gb.projects and not gb.has_key_project:
        yield _f(
            "KEY-PROJECT-NONE",
            "warning",
            "general_budget.projects[0].key",
            "没有一个项目标为重点项目，而指标体系要计算“重点支出安排率”（重点项目支出 ÷ 项目支出），该指标将为 0%：请在项目明细中勾选重点项目",
        )


def _econ_sum(label: str, path: str, breakdown, spending: Decimal | None, code: str) -> Iterator[Finding]:
    total = breakdown.total
    if total is None or spending is None:
        return
    diff = total - spending
    sev = _diff_severity(diff, breakdown.given)
    if sev is None:
        return
    yield _f(
        code,
        sev,
        path,
        f"{label}经济分类合计 {terms_text([('+', f'{k} {n}', a) for k, n, a in breakdown.rows() if a])} = {_ym(total)} ≠ 本年支出 {_ym(spending)}（差 {_ym(diff)}）{_hint(sev)}",
        economic_total=total,
        spending=spending,
        difference=diff,
    )


@check
def economic_classification(c: Ctx) -> Iterator[Finding]:
    r = c.report
    gb = r.general_budget
    if not gb.economic.entered:
        if gb.spending:
            yield _f(
                "ECON-EMPTY",
                "warning",
                "general_budget.economic.wages",
                "未填写一般公共预算支出经济分类，报告将不列经济分类",
            )
    else:
        yield from _econ_sum("一般公共预算支出", "general_budget.economic.wages", gb.economic, gb.spending, "ECON-GB")
        split = gb.economic_split
        if split is not None:
            for f, code, name in ECONOMIC_CLASSES:
                whole, parts = gb.economic.amount(f), split.amount(f)
                diff = (parts or ZERO) - (whole or ZERO)
                sev = _diff_severity(diff, 2)
                if sev:
                    yield _f(
                        "ECON-GB-SPLIT",
                        sev,
                        f"general_budget.economic.{f}",
                        f"{code} {name}：基本支出 {_ym(gb.economic_basic.amount(f) or ZERO)} + 项目支出 {_ym(gb.economic_project.amount(f) or ZERO)} = {_ym(parts or ZERO)} ≠ 一般公共预算支出中的 {_ym(whole or ZERO)}（差 {_ym(diff)}）{_hint(sev)}",
                        parts=parts or ZERO,
                        whole=whole or ZERO,
                        difference=diff,
                    )
    if gb.economic_basic.entered:
        yield from _econ_sum("一般公共预算基本支出", "general_budget.economic_basic.wages", gb.economic_basic, gb.basic_spending, "ECON-GB-BASIC")
    if gb.economic_project.entered:
        yield from _econ_sum("一般公共预算项目支出", "general_budget.economic_project.wages", gb.economic_project, gb.project_spending, "ECON-GB-PROJECT")
    for i, f in enumerate(r.other_funds):
        if f.economic.entered:
            yield from _econ_sum(f.label, f"other_funds[{i}].economic.wages", f.economic, f.spending, "ECON-FUND")


@check
def personnel_vs_economic(c: Ctx) -> Iterator[Finding]:
    gb = c.report.general_budget
    eb = gb.economic_basic
    if not eb.entered or gb.personnel is None:
        return
    wages, family = eb.amount("wages") or ZERO, eb.amount("individual_family") or ZERO
    expected = wages + family
    diff = gb.personnel - expected
    sev = _diff_severity(diff, 2)
    if sev:
        yield _f(
            "PERSONNEL-VS-ECON",
            sev,
            "general_budget.personnel",
            f"人员经费 {_ym(gb.personnel)} ≠ 基本支出中 301 工资福利支出 {_ym(wages)} + 303 对个人和家庭的补助 {_ym(family)} = {_ym(expected)}（差 {_ym(diff)}），请核对决算基本支出明细表{_hint(sev)}",
            personnel=gb.personnel,
            expected=expected,
            difference=diff,
        )


@check
def public_funds_parts(c: Ctx) -> Iterator[Finding]:
    pf = c.report.base_data.public_funds
    gb = c.report.general_budget
    given = [v for v in (pf.office, pf.utilities_travel, pf.meetings_training) if v is not None]
    if not given or gb.public_expense is None:
        return
    parts = sum(given, ZERO)
    if parts > gb.public_expense:
        yield _f(
            "PUBLIC-FUNDS-PARTS",
            "error",
            "base_data.public_funds.office",
            f"公用经费“其中”各项之和 办公经费 {_ym(pf.office)} + 水费、电费、差旅费 {_ym(pf.utilities_travel)} + 会议费、培训费 {_ym(pf.meetings_training)} = {_ym(parts)} > 日常公用经费 {_ym(gb.public_expense)}",
            parts=parts,
            public_expense=gb.public_expense,
        )


#: (larger, smaller): the second cannot exceed the first by definition (so the rate ≤ 100%)
_AT_MOST = (
    ("tasks_planned", "tasks_completed", "实际完成率"),
    ("tasks_completed", "tasks_on_time", "完成及时率"),
    ("tasks_completed", "tasks_up_to_standard", "质量达标率"),
    ("key_tasks_planned", "key_tasks_done", "重点工作办结率"),
    ("fixed_assets_total", "fixed_assets_in_use", "固定资产利用率"),
)


@check
def ranges(c: Ctx) -> Iterator[Finding]:
    bd = c.report.base_data
    fields = type(bd).model_fields
    for big, small, rate in _AT_MOST:
        b, s = getattr(bd, big), getattr(bd, small)
        if b is not None and s is not None and s > b:
            fmt = fmt_money if isinstance(s, Decimal) else str
            yield _f(
                "RANGE-RATE",
                "error",
                f"base_data.{small}",
                f"{fields[small].title} {fmt(s)} > {fields[big].title} {fmt(b)}：{rate}不可能超过 100%，请核对",
                value=s,
                limit=b,
            )
    if bd.satisfaction is not None and bd.satisfaction > HUNDRED:
        yield _f(
            "RANGE-SATISFACTION",
            "error",
            "base_data.satisfaction",
            f"服务对象满意度 {fmt_money(bd.satisfaction)}% 超过 100%：满意度是 0～100 之间的百分数",
            value=bd.satisfaction,
        )


# ---- 核对数 -------------------------------------------------------------------

def _score_value(card: Scorecard | None, key: str) -> tuple[str, Decimal | None, list[tuple[str, str, Decimal]]]:
    """(label, value, terms) of a ``score.*`` figure: total, a 一级/二级 subtotal or an indicator."""
    if card is None:
        return key, None, []
    name = key.removeprefix("score.")
    if name == "total":
        return "总分", card.total, [("+", s.name, s.score) for s in card.level1]
    for sub in card.level1:
        if sub.name == name:
            members = [r for r in card.results if r.indicator.level1 == name and r.applicable]
            return f"{name}得分", sub.score, [("+", r.indicator.level3, r.score or ZERO) for r in members]
    for sub in card.level2:
        if sub.name == name or f"{sub.parent}.{sub.name}" == name:
            members = [
                r for r in card.results if r.indicator.level1 == sub.parent and r.indicator.level2 == sub.name and r.applicable
            ]
            return f"{sub.name}得分", sub.score, [("+", r.indicator.level3, r.score or ZERO) for r in members]
    res = card.result(name)
    if res is not None:
        return f"{res.indicator.level3}得分", res.score, []
    return key, None, []


def _missing_terms(terms) -> str:
    names = [label for _, label, v in terms if v is None]
    return f"（未填：{'、'.join(names)}）" if names else ""


@check
def reconciliation(c: Ctx) -> Iterator[Finding]:
    r = c.report
    for i, stated in enumerate(r.reconciliation):
        key = stated.figure
        where = f"（{stated.where}）" if stated.where else ""
        if key.startswith("score."):
            if c.card is None or not c.card.complete:
                continue  # compared once scoring is complete (SCORE-INCOMPLETE says so)
            label, value, terms = _score_value(c.card, key)
            kind, shown, path = "score", fmt_money, "scoring"
            if value is None:
                yield _f("RECON-UNKNOWN", "warning", f"reconciliation[{i}].figure", f"核对项目“{key.removeprefix('score.')}”在指标体系中不存在")
                continue
        else:
            fig = FIGURES[key]
            label, kind, shown, path = fig.label, fig.kind, fig.format, fig.edit_path(r)
            value = fig.get(r)
            terms = TERMS[key](r) if key in TERMS else []
            if value is None:
                yield from _not_computable(r, key, label, stated, where, path, terms, i)
                continue
        if kind == "percent":
            ours = quantize(value * HUNDRED)
            diff = stated.value - ours
            sev = _diff_severity(diff, 1)
            if sev:
                yield _f(
                    "RECON-MISMATCH" if sev == "error" else "RECON-ROUNDING",
                    sev,
                    path,
                    f"{label} {stated.value}% ≠ {fig.formula} = {fig.format(value)}（差 {fmt_money(diff)} 个百分点）{where}{_hint(sev)}",
                    stated=stated.value,
                    computed=ours,
                    difference=diff,
                    index=i,
                )
            continue
        diff = stated.value - value
        sev = _diff_severity(diff, len(terms) if terms else 1)
        if sev is None:
            continue
        if terms:
            msg = f"{label} {shown(stated.value)} ≠ {terms_text(terms)} = {shown(value)}（差 {shown(diff)}）{where}"
        else:
            msg = f"{label}{where}写作 {shown(stated.value)}，而草稿中为 {shown(value)}（差 {shown(diff)}）"
        yield _f(
            "RECON-MISMATCH" if sev == "error" else "RECON-ROUNDING",
            sev,
            path,
            msg + _hint(sev),
            stated=stated.value,
            computed=value,
            difference=diff,
            index=i,
        )


def _not_computable(r: Report, key: str, label: str, stated, where: str, path: str, terms, i: int) -> Iterator[Finding]:
    if key.startswith("dept.economic.") and key != "dept.economic.total":
        # the general budget's own amount in the class is a lower bound of the department's
        cls = key.rsplit(".", 1)[1]
        part = r.general_budget.economic.amount(cls)
        if part is not None and stated.value < part:
            yield _f(
                "RECON-BELOW-PART",
                "error",
                path,
                f"{label}{where}写作 {fmt_money(stated.value)}，比其中一般公共预算一项就有的 {fmt_money(part)} 还少（差 {fmt_money(stated.value - part)}）：部门整体数不可能小于其中一部分",
                stated=stated.value,
                part=part,
                index=i,
            )
            return
        missing = [f.label for f in r.other_funds if f.spending and not f.economic.entered]
        if missing:
            yield _f(
                "RECON-NOT-COMPUTABLE",
                "warning",
                path,
                f"{label}{where}写作 {fmt_money(stated.value)}，无法核对：部门整体经济分类要加上{'、'.join(missing)}的经济分类，而它未填",
                index=i,
            )
            return
    yield _f(
        "RECON-NOT-COMPUTABLE",
        "warning",
        path,
        f"{label}{where}写作 {fmt_money(stated.value)}，无法核对：程序算不出这个数{_missing_terms(terms) or '（缺少数据或分母为零）'}",
        index=i,
    )


# ---- 绩效评分 -----------------------------------------------------------------


@check
def scores(c: Ctx) -> Iterator[Finding]:
    r, card, preset = c.report, c.card, c.preset
    if card is None or preset is None:
        return
    found = list(_level1_scores(c) if card.granularity == "level1" else _level3_scores(c))
    yield from found
    # SCORE-INCOMPLETE jumps to the first thing missing
    first = next((f.path for f in found if f.code in ("SCORE-UNSCORED", "LEVEL1-UNSCORED")), "scoring.stated_grade")
    stated = r.scoring.stated_grade
    stated_scores = [s for s in r.reconciliation if s.figure.startswith("score.")]
    if not card.complete:
        held = []
        if stated:
            held.append("所写等级")
        if stated_scores:
            held.append("得分核对数")
        if card.granularity == "level1" and any(s.score is not None for s in r.scoring.level1):
            held.append("一级指标得分合计")
        tail = f"；{'、'.join(held)}要等评分完成后才核对" if held else ""
        yield _f(
            "SCORE-INCOMPLETE",
            "warning",
            first,
            f"{card.status}：总分和等级还不是最终结果，报告和导出都会注明“评分未完成”{tail}",
            unscored=len(card.blocking),
        )
    elif stated and stated.strip() != card.grade:
        yield _f(
            "GRADE-MISMATCH",
            "error",
            "scoring.stated_grade",
            f"所写等级“{stated}”与总分 {fmt_money(card.total)} 对应的等级“{card.grade}”不符",
        )


def _level1_scores(c: Ctx) -> Iterator[Finding]:
    r, card, preset = c.report, c.card, c.preset
    assert card is not None and preset is not None
    known = {s.name: s for s in card.level1}
    for i, entry in enumerate(r.scoring.level1):
        sub = known.get(entry.name)
        if sub is None:
            yield _f(
                "LEVEL1-UNKNOWN",
                "warning",
                f"scoring.level1[{i}].name",
                f"一级指标“{entry.name}”不在指标体系 {preset.id} 中（应为 {'、'.join(known)}），不计入得分",
            )
        elif entry.score is not None and entry.score > sub.points:
            yield _f(
                "SCORE-OVER-POINTS",
                "error",
                f"scoring.level1[{i}].score",
                f"一级指标“{entry.name}”得分 {fmt_money(entry.score)} 超过分值 {fmt_money(sub.points)}",
                score=entry.score,
                points=sub.points,
            )
    for name in card.missing_level1:
        i = next((k for k, e in enumerate(r.scoring.level1) if e.name == name), None)
        path = f"scoring.level1[{i}].score" if i is not None else "scoring.level1"
        yield _f("LEVEL1-UNSCORED", "warning", path, f"一级指标“{name}”尚未填写得分（分值 {fmt_money(known[name].points)}）")


def _level3_scores(c: Ctx) -> Iterator[Finding]:
    r, card, preset = c.report, c.card, c.preset
    assert card is not None and preset is not None
    known = {ind.id for ind in preset.indicators}
    for i, entry in enumerate(r.scoring.scores):
        if entry.id not in known:
            yield _f(
                "SCORE-UNKNOWN-ID",
                "warning",
                f"scoring.scores[{i}].id",
                f"评分项“{entry.id}”不在指标体系 {preset.id} 中，不计入得分",
            )
    index = {e.id: i for i, e in enumerate(r.scoring.scores)}
    for res in card.results:
        ind = res.indicator
        i = index.get(ind.id)
        path = f"scoring.scores[{i}]" if i is not None else "scoring.scores"
        name = f"{ind.level1}›{ind.level2}›{ind.level3}"
        pts = res.points
        if pts is None:
            yield _f("SCORE-POINTS-MISSING", "warning", f"{path}.points", f"{name} 未设定分值（指标体系 {preset.id} 由使用者自定权重）")
            continue
        entry = res.entry
        if res.not_applicable:
            if not res.not_applicable_reason:
                yield _f(
                    "SCORE-NA-NO-REASON",
                    "error",
                    f"{path}.not_applicable_reason",
                    f"{name} 标为不适用，但没有写明理由",
                )
            continue
        if res.score is None and res.applicable:
            where = f"{path}.score"
            if res.missing_inputs:
                where = FIGURES[res.missing_inputs[0]].edit_path(r)
            elif res.zero_denominator:
                where = FIGURES[ind.figure].edit_path(r) if ind.figure else where
            yield _f("SCORE-UNSCORED", "warning", where, f"{name} 尚未评分（分值 {pts}）：{res.needs}", points=pts)
        elif res.is_manual or res.missing_inputs:
            if res.score is not None and not res.basis:
                yield _f("SCORE-NO-BASIS", "warning", f"{path}.basis", f"{name} 得分 {fmt_money(res.score)}，但未写评分依据")
        elif entry is not None and entry.score is not None and entry.score != res.computed:
            yield _f(
                "SCORE-MANUAL-VS-RULE",
                "warning",
                f"{path}.score",
                f"{name} 手工填写 {fmt_money(entry.score)} 分，与按公式计算的 {fmt_money(res.computed)} 分不符（{res.detail}）；报告采用公式得分，如确需调整请填写调整后得分和理由",
                typed=entry.score,
                computed=res.computed,
            )
        if res.score is not None and res.score > pts:
            which = "调整后得分" if res.overridden else "得分"
            yield _f(
                "SCORE-OVER-POINTS",
                "error",
                f"{path}.{'override' if res.overridden else 'score'}",
                f"{name} {which} {fmt_money(res.score)} 超过分值 {pts}",
                score=res.score,
                points=pts,
            )
        if res.overridden and not res.override_reason:
            yield _f(
                "SCORE-OVERRIDE-NO-REASON",
                "error",
                f"{path}.override_reason",
                f"{name} 公式得分 {fmt_money(res.computed)} 被调整为 {fmt_money(res.score)}，但没有说明理由",
            )
    if not preset.weighted:
        total_points = sum((res.points or ZERO for res in card.results), ZERO)
        if all(res.points is not None for res in card.results) and total_points != preset.total_points:
            yield _f(
                "SCORE-POINTS-SUM",
                "warning",
                "scoring.scores",
                f"各指标分值之和为 {total_points}，应为 {preset.total_points}",
                total=total_points,
            )


@check
def analysis(c: Ctx) -> Iterator[Finding]:
    if c.preset is None:
        return
    r = c.report
    for name in c.preset.level1_names():
        entry = r.performance.analysis_for(name)
        if entry is None or not entry.text.strip():
            i = next((k for k, a in enumerate(r.performance.analysis) if a.level1 == name), None)
            path = f"performance.analysis[{i}].text" if i is not None else "performance.analysis"
            yield _f("ANALYSIS-EMPTY", "warning", path, f"未写“{name}”指标的评价分析（应说明得分和扣分原因）")
    known = set(c.preset.level1_names())
    for i, a in enumerate(r.performance.analysis):
        if a.level1 not in known and a.text.strip():
            yield _f(
                "ANALYSIS-UNKNOWN",
                "warning",
                f"performance.analysis[{i}].level1",
                f"评价分析“{a.level1}”不是指标体系中的一级指标，报告中不会出现",
            )


# ---- 问题与措施 ---------------------------------------------------------------


@check
def problems_and_measures(c: Ctx) -> Iterator[Finding]:
    r = c.report
    ids = {p.id for p in r.problems}
    for i, p in enumerate(r.problems):
        if not (p.title.strip() or p.text.strip()):
            yield _f("PROBLEM-EMPTY", "warning", f"problems[{i}].title", f"第 {i + 1} 个问题是空的")
            continue
        if not r.measures_for(p.id):
            yield _f(
                "PROBLEM-UNANSWERED",
                "warning",
                f"problems[{i}]",
                f"问题“{p.title or p.text[:20]}”没有对应的改进措施",
            )
    for i, m in enumerate(r.measures):
        if not (m.title.strip() or m.text.strip() or any(t.strip() for t in m.items)):
            yield _f("MEASURE-EMPTY", "warning", f"measures[{i}].title", f"第 {i + 1} 条措施是空的")
            continue
        if not m.answers:
            yield _f(
                "MEASURE-NO-PROBLEM",
                "warning",
                f"measures[{i}].answers",
                f"措施“{m.title or m.text[:20]}”没有注明针对哪个问题",
            )
        for pid in m.answers:
            if pid not in ids:
                yield _f(
                    "MEASURE-UNKNOWN-PROBLEM",
                    "warning",
                    f"measures[{i}].answers",
                    f"措施“{m.title or m.text[:20]}”对应的问题 {pid} 不存在（可能已删除）",
                )
    for i, answered in enumerate(r.measure_problem_numbers):
        if len(answered) == 1 and answered[0] != i + 1 and answered[0] <= len(r.measures):
            yield _f(
                "MEASURE-NUMBER",
                "notice",
                f"measures[{i}].answers",
                f"第 {i + 1} 条措施针对问题（{cn_number(answered[0])}），编号与问题不一致，"
                f"报告中会写明“本条措施针对问题（{cn_number(answered[0])}）”；"
                "在措施列表中用 Ctrl+↑/↓ 调整顺序，可使措施与问题一一对应",
            )


# ---- 上年问题整改情况 and texts carried from last year's draft ---------------------


@check
def rectifications(c: Ctx) -> Iterator[Finding]:
    for i, item in enumerate(c.report.rectifications):
        name = item.problem.strip() or item.detail.strip()[:20] or f"第 {i + 1} 个"
        if not item.status and not item.action.strip():
            yield _f(
                "RECTIFY-EMPTY",
                "warning",
                f"rectifications[{i}].status",
                f"上年问题“{name}”尚未填写整改情况：写明今年做了什么、是否已整改",
            )
        elif not item.action.strip():
            yield _f(
                "RECTIFY-NO-ACTION",
                "warning",
                f"rectifications[{i}].action",
                f"上年问题“{name}”标为{item.status}，但没有写明采取了哪些整改措施",
            )
        elif not item.status:
            yield _f(
                "RECTIFY-NO-STATUS",
                "warning",
                f"rectifications[{i}].status",
                f"上年问题“{name}”写了整改情况，但没有选择整改状态（已整改、整改中或未整改）",
            )


#: a year in the text; 《》 titles and document numbers (〔2024〕) are masked first
_TITLE = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]")


def _old_years(text: str, year: int) -> list[str]:
    masked = _TITLE.sub(lambda m: "　" * len(m.group()), text)
    return sorted({m.group() for m in re.finditer(rf"(?<!\d){year}\s*年", masked)})


def _rolled_figures(r: Report) -> Iterator[str]:
    """The figures a rolled-forward draft clears and the year's report cannot do without."""
    gb = "general_budget"
    yield from (f"{gb}.personnel", f"{gb}.public_expense")
    for col in ("basic", "project"):
        for part in ("initial", "additions", "reductions"):
            yield f"{gb}.{col}.{part}"
    for i in range(len(r.other_funds)):
        for name in ("income", "spending_basic", "spending_project"):
            yield f"other_funds[{i}].{name}"
    for i in range(len(r.overview.staffing.units)):
        yield f"overview.staffing.units[{i}].on_payroll"


@check
def carried_texts(c: Ctx) -> Iterator[Finding]:
    from selfeval import rollover
    from selfeval.model import paths

    r = c.report
    from_year = r.carried.from_year
    if from_year is None and not r.carried.texts:
        return
    source = f"上年（{from_year} 年度）草稿" if from_year else "上年草稿"
    for _, path in rollover.pending(r):
        yield _f(
            "CARRY-UNCONFIRMED",
            "warning",
            path,
            f"“{paths.title_path(path)}”沿用{source}的文字，尚待确认：请核对后修改，或确认仍然适用（编辑界面中在该处按 Enter）",
        )
    if from_year is None:
        return
    for path in _rolled_figures(r):
        if paths.get(r, path) is None:
            yield _f(
                "CARRY-FIGURE-EMPTY",
                "warning",
                path,
                f"“{paths.title_path(path)}”未填：本草稿由{source}生成，本年的数字要按 {r.meta.year} 年决算重新填写",
            )
    for _, path in rollover.unchanged(r):
        found = _old_years(paths.get(r, path), from_year)
        if found:
            yield _f(
                "CARRY-OLD-YEAR",
                "warning",
                path,
                f"“{paths.title_path(path)}”沿用{source}的文字中写着“{'、'.join(found)}”，本报告评价的是 {r.meta.year} 年度：请改为本年度的情况",
                year=from_year,
            )
#: a project evaluation's field titles, for messages
FIELD_TITLES = {name: f.title or name for name, f in ProjectEvaluation.model_fields.items()}


# ---- 自评表（部门整体支出绩效自评表、项目支出绩效自评表）----------------------------

#: units that make a 数量指标 an amount of money
_MONEY_UNITS = ("元", "万元", "亿元", "千元")
#: words that make an indicator an execution rate, which belongs to the budget block
_RATE_WORDS = ("执行率", "支出率", "支付率", "预算完成率")


def _who(t: EvalTable) -> str:
    """How a message names the table: 部门整体自评表 / 项目“科普经费”."""
    return "部门整体自评表" if t.kind == "department" else f"项目“{t.name}”"


def _row_name(res: RowResult, i: int) -> str:
    return f"“{res.row.name.strip()}”" if res.row.name.strip() else f"第 {i + 1} 行指标"


def _is_satisfaction(row) -> bool:
    return any("满意" in s for s in (row.level1, row.level2, row.name))


def _eval_rows(c: Ctx, t: EvalTable) -> Iterator[Finding]:
    rules = c.preset.evaluation  # type: ignore[union-attr]
    who = _who(t)
    seen: dict[str, set[str]] = {}
    for i, res in enumerate(t.rows):
        row, base, name = res.row, t.row_path(i), _row_name(res, i)
        head = f"{who}{name}"
        if row.is_empty() and row.points is None:
            yield _f("EVAL-ROW-EMPTY", "warning", f"{base}.name", f"{who}第 {i + 1} 行指标是空的，请填写或删除")
            continue
        if not row.level1.strip():
            yield _f("EVAL-LEVEL1-EMPTY", "warning", f"{base}.level1", f"{head}未填写一级指标")
        elif rules.split(t.kind).points_of(row.level1.strip()) is None:
            known = "、".join(lv.name for lv in rules.split(t.kind).level1)
            yield _f(
                "EVAL-LEVEL1-UNKNOWN",
                "warning",
                f"{base}.level1",
                f"{head}的一级指标“{row.level1}”不在指标体系的自评表一级指标中（{known}），分值无法核对",
            )
        l1 = row.level1.strip()
        if row.name.strip() and ("产出" in l1 or "效益" in l1):
            seen.setdefault(row.name.strip(), set()).add("产出" if "产出" in l1 else "效益")
        if row.points is None:
            yield _f("EVAL-POINTS-EMPTY", "warning", f"{base}.points", f"{head}未填写分值，无法计分")
        if row.is_qualitative:
            if "%" in row.unit or "％" in row.unit:
                yield _f(
                    "EVAL-UNIT-MISMATCH",
                    "error",
                    f"{base}.unit",
                    f"{head}是定性指标，计量单位却是“{row.unit}”：定性指标没有计量单位，定量的请把指标性质改为 ≥、≤ 或 =",
                )
            if not row.grade:
                yield _f("EVAL-GRADE-EMPTY", "warning", f"{base}.grade", f"{head}是定性指标，未选择完成等级")
            if row.score is None:
                yield _f("EVAL-SCORE-EMPTY", "warning", f"{base}.score", f"{head}是定性指标，未填写得分")
            elif res.out_of_band:
                yield _f("EVAL-QUALITATIVE-BAND", "error", f"{base}.score", f"{head}：{res.explain}", score=row.score)
        else:
            for attr, label, text in (
                ("target", "指标值", row.effective_target),
                ("actual", "实际完成值", row.actual.strip()),
            ):
                if attr == "actual" and row.figure:
                    continue
                if not text:
                    yield _f("EVAL-VALUE-EMPTY", "warning", f"{base}.{attr}", f"{head}未填写{label}，无法计分")
                elif parse_value(text) is None:
                    where = "adjusted_target" if attr == "target" and row.adjusted_target.strip() else attr
                    yield _f(
                        "EVAL-NOT-NUMBER",
                        "error",
                        f"{base}.{where}",
                        f"{head}是定量指标（{row.nature}），{label}“{text}”不是数字：只填数字，单位填在“计量单位”",
                    )
            if "数量" in row.level2 and (
                row.unit.strip() in _MONEY_UNITS or any(w in row.name for w in _RATE_WORDS)
            ):
                what = f"金额（单位“{row.unit}”）" if row.unit.strip() in _MONEY_UNITS else "执行率"
                yield _f(
                    "EVAL-QUANTITY-NOT-QUANTITY",
                    "warning",
                    f"{base}.name",
                    f"{head}列为数量指标，实际是{what}：数量指标应衡量产出的数量（场次、人次等），资金执行情况由“预算执行率”计分",
                )
            if row.figure and res.figure_actual is not None:
                typed = parse_value(row.actual)
                if typed is not None:
                    diff = quantize(typed) - quantize(res.figure_actual)
                    sev = _diff_severity(diff, 1)
                    if sev:
                        label = FIGURES[row.figure].label
                        yield _f(
                            "EVAL-FIGURE-DIFFERS",
                            sev,
                            f"{base}.actual",
                            f"{head}实际完成值填写 {row.actual.strip()}，而由草稿计算的{label}为 {fmt_money(res.figure_actual)}（差 {fmt_money(diff)}）{_hint(sev)}",
                            typed=typed,
                            computed=res.figure_actual,
                        )
            if row.score is not None and res.rule_score is not None and row.score != res.rule_score:
                yield _f(
                    "EVAL-SCORE-RULE",
                    "error",
                    f"{base}.score",
                    f"{head}得分填写 {fmt_money(row.score)}，按规则应得 {fmt_money(res.rule_score)}（{res.explain}）",
                    typed=row.score,
                    rule=res.rule_score,
                )
        if not row.evidence.strip():
            yield _f("EVAL-EVIDENCE-EMPTY", "warning", f"{base}.evidence", f"{head}未填写佐证资料，复核时无据可查")
        if _is_satisfaction(row):
            missing = [
                label
                for label, given in (
                    ("调查方式", row.survey_method.strip()),
                    ("样本量", row.survey_sample is not None),
                    ("调查时间", row.survey_date.strip()),
                )
                if not given
            ]
            if missing:
                field = {"调查方式": "survey_method", "样本量": "survey_sample", "调查时间": "survey_date"}[missing[0]]
                yield _f(
                    "EVAL-SURVEY-MISSING",
                    "warning",
                    f"{base}.{field}",
                    f"{head}是满意度指标，未写明{'、'.join(missing)}，复核时不能认定满意度结果",
                )
        explained = bool(row.deviation.strip())
        if res.over and rules.over_policy != "no-deduction" and not explained:
            yield _f(
                "EVAL-OVER-UNEXPLAINED",
                "warning",
                f"{base}.deviation",
                f"{head}超额完成（完成比例 {fmt_pct(res.achievement)}，达到 {fmt_money(rules.over_threshold, 0)}%），"
                "未说明原因：请在“偏差原因分析及改进措施”写明目标偏低还是另有原因",
            )
        elif res.score is not None and row.points is not None and res.score < row.points and not explained:
            yield _f(
                "EVAL-DEVIATION-EMPTY",
                "warning",
                f"{base}.deviation",
                f"{head}得分 {fmt_money(res.score)} 低于分值 {fmt_money(row.points)}，未填写偏差原因分析及改进措施",
                score=res.score,
                points=row.points,
            )
    for name, where in seen.items():
        if len(where) > 1:
            i = next(k for k, r in enumerate(t.rows) if r.row.name.strip() == name)
            yield _f(
                "EVAL-DUPLICATE-INDICATOR",
                "warning",
                f"{t.row_path(i)}.name",
                f"{who}三级指标“{name}”同时列在产出指标和效益指标下：同一指标不应重复计分",
            )


def _eval_points(c: Ctx, t: EvalTable) -> Iterator[Finding]:
    who = _who(t)
    for g in t.groups:
        if g.preset_points is None:
            continue
        if not g.rows:
            yield _f(
                "EVAL-LEVEL1-MISSING",
                "warning",
                f"{t.path}.indicators",
                f"{who}没有{g.level1}（指标体系规定 {fmt_money(g.preset_points)} 分），该项无法计分",
            )
            continue
        if g.points is None or g.points == g.preset_points:
            continue
        i = t.rows.index(g.rows[0])
        yield _f(
            "EVAL-POINTS-SPLIT",
            "error",
            f"{t.row_path(i)}.points",
            f"{who}{g.level1}各项分值 "
            f"{' + '.join(fmt_money(r.row.points) for r in g.rows)} = {fmt_money(g.points)} ≠ 指标体系规定的 {fmt_money(g.preset_points)} 分",
            points=g.points,
            preset=g.preset_points,
        )


def _eval_budget(t: EvalTable, c: Ctx) -> Iterator[Finding]:
    who, b = _who(t), t.budget
    if t.kind == "department":
        missing = [
            (f"evaluation.{attr}", label)
            for attr, label in (("other_initial", "其他资金年初预算数"), ("other_adjusted", "其他资金全年预算数"))
            if getattr(c.report.evaluation, attr) is None and c.report.other_funds
        ]
    else:
        ev = c.report.general_budget.projects[t.index].evaluation  # type: ignore[index]
        missing = [
            (f"{t.path}.{attr}", FIELD_TITLES[attr])
            for attr, ln in (
                ("appropriation_initial", b.lines[0].initial),
                ("appropriation_adjusted", b.lines[0].adjusted),
                ("carryover_initial", b.lines[1].initial),
                ("carryover_adjusted", b.lines[1].adjusted),
                ("carryover_spent", b.lines[1].executed),
                ("other_initial", b.lines[2].initial),
                ("other_adjusted", b.lines[2].adjusted),
                ("other_spent", b.lines[2].executed),
            )
            if ln is None and getattr(ev, attr) is None
        ]
        if c.report.general_budget.projects[t.index].amount is None:  # type: ignore[index]
            missing.append((f"general_budget.projects[{t.index}].amount", "项目年度决算数"))
    if missing:
        yield _f(
            "EVAL-BUDGET-EMPTY",
            "warning",
            missing[0][0],
            f"{who}预算执行情况缺少{'、'.join(label for _, label in missing)}，预算执行率无法计分（评分未完成）",
        )
    dev = c.report.evaluation.budget_deviation if t.kind == "department" else (
        c.report.general_budget.projects[t.index].evaluation.budget_deviation  # type: ignore[index]
    )
    if b.rate is not None and b.rate > 1 and not dev.strip():
        yield _f(
            "EVAL-RATE-OVER-100",
            "warning",
            f"{t.path}.budget_deviation",
            f"{who}预算执行率 {fmt_money(b.total.executed)} ÷ {fmt_money(b.budget)} = {fmt_pct(b.rate)}，超过 100%，未说明原因",
            rate=fmt_pct(b.rate),
        )
    if t.light.colour == "red":
        yield _f("EVAL-LIGHT-RED", "warning", f"{t.path}.indicators", f"{who}自评预警红灯：{t.light.reason}，请核对指标得分")
    elif t.light.colour == "yellow":
        yield _f("EVAL-LIGHT-YELLOW", "notice", f"{t.path}.budget_deviation", f"{who}自评预警黄灯：{t.light.reason}")


@check
def evaluation_tables(c: Ctx) -> Iterator[Finding]:
    if c.preset is None or not c.tables:
        return
    for t in c.tables:
        if t.empty:
            if t.kind == "project":
                yield _f(
                    "EVAL-PROJECT-EMPTY",
                    "warning",
                    f"{t.path}.indicators",
                    f"{_who(t)}的项目支出绩效自评表未填写：报告和工作簿中将标明“未填写”",
                )
            else:
                yield _f(
                    "EVAL-DEPARTMENT-EMPTY",
                    "warning",
                    "evaluation.indicators",
                    "部门整体支出绩效自评表未填写：请按年初批复的绩效目标表填写指标和实际完成值",
                )
            continue
        ev_goals = t.goals
        if not ev_goals:
            yield _f("EVAL-GOALS-EMPTY", "warning", f"{t.path}.goals", f"{_who(t)}未填写年度总体目标")
        for k, g in enumerate(ev_goals):
            if g.expected.strip() and not g.achieved.strip():
                yield _f(
                    "EVAL-GOAL-UNACHIEVED",
                    "warning",
                    f"{t.path}.goals[{k}].achieved",
                    f"{_who(t)}年度总体目标第 {k + 1} 项未填写实际完成情况",
                )
        if not t.rows:
            yield _f("EVAL-INDICATORS-EMPTY", "warning", f"{t.path}.indicators", f"{_who(t)}没有绩效指标")
        yield from _eval_budget(t, c)
        yield from _eval_rows(c, t)
        if t.rows:
            yield from _eval_points(c, t)


# ---- 文字检查 -----------------------------------------------------------------


#: the last proofread text and its findings: most edits change a figure, not the
#: text, and the checks run on every keystroke (collecting the text is cheap)
_PROOF_CACHE: dict[str, object] = {}


@check
def proofreading(c: Ctx) -> Iterator[Finding]:
    """The proofreader's findings (TEXT-*), as notices that jump to the text."""
    key = (c.report.meta.year, tuple(report_entries(c.report)))
    if _PROOF_CACHE.get("key") != key:
        proofs = proofread(key[1], key[0])
        _PROOF_CACHE["key"] = key
        _PROOF_CACHE["findings"] = [
            _f(p.code, "notice", p.path, p.message, excerpt=p.excerpt) for p in proofs
        ]
    yield from _PROOF_CACHE["findings"]  # type: ignore[misc]


# ---- running ------------------------------------------------------------------


def run(
    report: Report,
    *,
    base_dir: Path | None = None,
    preset: Preset | None = None,
    card: Scorecard | None = None,
) -> list[Finding]:
    """All findings for ``report``, most severe first within report order."""
    error = ""
    if preset is None:
        try:
            preset = load_preset(report.meta.preset, base_dir)
        except PresetError as exc:
            error = str(exc)
    if preset is not None and card is None:
        card = evaluate(report, preset)
    ctx = Ctx(report, preset, card, error, all_tables(report, preset) if preset is not None else [])
    findings = [f for chk in CHECKS for f in chk(ctx)]
    order = {s.key: i for i, s in enumerate(STEPS)}
    findings.sort(key=lambda f: (order.get(f.section, 99), _ORDER[f.severity]))
    return findings


def summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in _ORDER}
    if not findings:
        return "没有发现问题。"
    parts = [f"{counts[s]} 个{SEVERITY_LABELS[s]}" for s in _ORDER if counts[s]]
    head = "共 " + "、".join(parts) + "。"
    return head + ("" if counts["error"] else "没有错误。")


def to_text(findings: list[Finding]) -> str:
    lines: list[str] = []
    current = None
    for f in findings:
        if f.section != current:
            current = f.section
            if lines:
                lines.append("")
            lines.append(f"【{f.section_label}】")
        lines.append(f"  {SEVERITY_MARKS[f.severity]} {SEVERITY_LABELS[f.severity]} {f.code}  {f.path}")
        lines.append(f"      {f.message}")
    if lines:
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines)


def to_json(findings: list[Finding], tables: list[EvalTable] | None = None) -> str:
    """``{"findings": [...], "evaluation": {"department": {...}, "projects": [...]}}``;
    ``evaluation`` is null when the preset cannot be used."""
    return json.dumps(
        {
            "findings": [f.as_dict() for f in findings],
            "evaluation": None if tables is None else evaluation_dict(tables),
        },
        ensure_ascii=False,
        indent=2,
    )
