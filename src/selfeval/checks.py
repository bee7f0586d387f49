"""Consistency checks: pure functions over the report that yield findings.

Each finding has a stable ``code``, a ``severity`` (error: the report would
state something false; warning: implausible or incomplete; notice: a rounding
tail or style), the step it belongs to, the field path to jump to, and a
Chinese message that shows the arithmetic. Findings never block editing or
saving. ``run`` is cheap enough to call on every keystroke.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from selfeval.amounts import HUNDRED, ZERO, fmt_money, quantize
from selfeval.framework import PresetError, Scorecard, evaluate, load_preset
from selfeval.framework.preset import Preset
from selfeval.model import FIGURES, Report
from selfeval.model.figures import TERMS, terms_text
from selfeval.steps import STEP_LABELS, STEPS, section_of

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


Check = Callable[[Ctx], Iterator[Finding]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def _diff_severity(diff: Decimal, summands: int) -> Severity | None:
    """None when equal; notice for a rounding tail of ≤ 0.01 per rounded summand."""
    if diff == 0:
        return None
    if abs(diff) <= CENT * max(summands, 1):
        return "notice"
    return "error"


def _ym(v: Decimal) -> str:
    return fmt_money(v)


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
    ("measures", "下一步改进措施", lambda r: any(m.title.strip() or m.text.strip() for m in r.measures), "warning"),
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
        if u.on_payroll > u.quota_total:
            name = u.name or f"第 {i + 1} 个单位"
            yield _f(
                "STAFF-OVER-QUOTA",
                "warning",
                f"overview.staffing.units[{i}].on_payroll",
                f"{name}实有在职在编 {u.on_payroll} 人 > 编制数 {u.quota_total} 名（超编 {u.on_payroll - u.quota_total} 人）",
                on_payroll=u.on_payroll,
                quota=u.quota_total,
            )
    if len(st.units) > 1 and st.on_payroll_total > st.quota_total:
        yield _f(
            "STAFF-OVER-QUOTA-TOTAL",
            "warning",
            "overview.staffing.units",
            f"合计实有在职在编 {st.on_payroll_total} 人 > 编制数 {st.quota_total} 名",
            on_payroll=st.on_payroll_total,
            quota=st.quota_total,
        )


# ---- 收入与支出 ---------------------------------------------------------------


@check
def budget_build_up(c: Ctx) -> Iterator[Finding]:
    gb = c.report.general_budget
    for col, label in (("basic", "基本支出"), ("project", "项目支出")):
        b = getattr(gb, col)
        if b.adjusted < 0:
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
        if row.end < 0:
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
        if f.carryover_end < 0:
            yield _f(
                "FUND-BALANCE-NEGATIVE",
                "error",
                f"{base}.spending_basic",
                f"{f.label}年末结转和结余为负：年初结转和结余 {_ym(f.carryover_start)} + 本年收入 {_ym(f.income)} − 本年支出 {_ym(f.spending)} = {_ym(f.carryover_end)}",
                end=f.carryover_end,
            )
        if (f.income or f.spending) and not f.purpose.strip():
            yield _f("FUND-PURPOSE-EMPTY", "warning", f"{base}.purpose", f"{f.label}未说明资金用途")


@check
def projects(c: Ctx) -> Iterator[Finding]:
    gb = c.report.general_budget
    for i, p in enumerate(gb.projects):
        if not p.name.strip():
            yield _f("PROJECT-NAME-EMPTY", "warning", f"general_budget.projects[{i}].name", f"第 {i + 1} 个项目未填写名称")
        if p.amount == 0:
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


def _econ_sum(label: str, path: str, breakdown, spending: Decimal, code: str) -> Iterator[Finding]:
    total = breakdown.total
    summands = sum(1 for *_, a in breakdown.rows() if a)
    sev = _diff_severity(total - spending, summands)
    if sev is None:
        return
    what = "尾差" if sev == "notice" else "不一致"
    yield _f(
        code,
        sev,
        path,
        f"{label}经济分类合计 {terms_text([('+', f'{k} {n}', a) for k, n, a in breakdown.rows() if a])} = {_ym(total)} ≠ 本年支出 {_ym(spending)}（差 {_ym(total - spending)}，{what}）",
        economic_total=total,
        spending=spending,
        difference=total - spending,
    )


@check
def economic_classification(c: Ctx) -> Iterator[Finding]:
    r = c.report
    gb = r.general_budget
    filled = gb.economic.total != 0
    if not filled:
        if gb.spending:
            yield _f(
                "ECON-EMPTY",
                "warning",
                "general_budget.economic_basic",
                "未填写一般公共预算支出经济分类，报告将不列经济分类",
            )
    else:
        yield from _econ_sum("一般公共预算基本支出", "general_budget.economic_basic", gb.economic_basic, gb.basic_spending, "ECON-GB-BASIC")
        yield from _econ_sum("一般公共预算项目支出", "general_budget.economic_project", gb.economic_project, gb.project_spending, "ECON-GB-PROJECT")
    for i, f in enumerate(r.other_funds):
        if f.economic.total:
            yield from _econ_sum(f.label, f"other_funds[{i}].economic", f.economic, f.spending, "ECON-FUND")
    if filled:
        yield from _econ_sum("部门整体", "general_budget.economic_basic", r.economic, r.spending_total, "ECON-DEPT")


@check
def personnel_vs_economic(c: Ctx) -> Iterator[Finding]:
    gb = c.report.general_budget
    eb = gb.economic_basic
    if eb.total == 0:
        return
    expected = eb.wages + eb.individual_family
    diff = gb.personnel - expected
    if _diff_severity(diff, 2) == "error":
        yield _f(
            "PERSONNEL-VS-ECON",
            "warning",
            "general_budget.personnel",
            f"人员经费 {_ym(gb.personnel)} ≠ 基本支出中 301 工资福利支出 {_ym(eb.wages)} + 303 对个人和家庭的补助 {_ym(eb.individual_family)} = {_ym(expected)}（差 {_ym(diff)}），请核对决算基本支出明细表",
            personnel=gb.personnel,
            expected=expected,
            difference=diff,
        )


@check
def public_funds_parts(c: Ctx) -> Iterator[Finding]:
    pf = c.report.base_data.public_funds
    gb = c.report.general_budget
    parts = pf.office + pf.utilities_travel + pf.meetings_training
    if parts > gb.public_expense:
        yield _f(
            "PUBLIC-FUNDS-PARTS",
            "error",
            "base_data.public_funds.office",
            f"公用经费“其中”各项之和 办公经费 {_ym(pf.office)} + 水费、电费、差旅费 {_ym(pf.utilities_travel)} + 会议费、培训费 {_ym(pf.meetings_training)} = {_ym(parts)} > 日常公用经费 {_ym(gb.public_expense)}",
            parts=parts,
            public_expense=gb.public_expense,
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


@check
def reconciliation(c: Ctx) -> Iterator[Finding]:
    r = c.report
    for i, stated in enumerate(r.reconciliation):
        key = stated.figure
        where = f"（{stated.where}）" if stated.where else ""
        if key.startswith("score."):
            label, value, terms = _score_value(c.card, key)
            kind, shown, path = "score", fmt_money, "scoring.scores"
            if value is None:
                yield _f("RECON-UNKNOWN", "warning", f"reconciliation[{i}].figure", f"核对项目“{key}”在指标体系中不存在")
                continue
        else:
            fig = FIGURES[key]
            label, kind, shown, path = fig.label, fig.kind, fig.format, fig.edit_path(r)
            value = fig.get(r)
            terms = TERMS[key](r) if key in TERMS else []
            if value is None:
                yield _f(
                    "RECON-NOT-COMPUTABLE",
                    "warning",
                    path,
                    f"{where}所列{label} {stated.value} 无法核对：程序算不出这个数（缺少数据或分母为零）",
                )
                continue
        if kind == "percent":
            ours = quantize(value * HUNDRED)
            diff = stated.value - ours
            sev = None if diff == 0 else ("notice" if abs(diff) <= CENT else "error")
            if sev:
                yield _f(
                    "RECON-MISMATCH" if sev == "error" else "RECON-ROUNDING",
                    sev,
                    path,
                    f"{label} {stated.value}% ≠ {fig.formula} = {fig.format(value)}（差 {fmt_money(diff)} 个百分点）{where}",
                    stated=stated.value,
                    computed=ours,
                    difference=diff,
                    index=i,
                )
            continue
        diff = stated.value - value
        sev = _diff_severity(diff, len(terms)) if terms else (None if diff == 0 else "error")
        if sev is None:
            continue
        if terms:
            msg = f"{label} {shown(stated.value)} ≠ {terms_text(terms)} = {shown(value)}（差 {shown(diff)}）{where}"
        else:
            msg = f"{label}{where}写作 {shown(stated.value)}，而草稿中为 {shown(value)}（差 {shown(diff)}）"
        if sev == "notice":
            msg += "，属四舍五入尾差"
        yield _f(
            "RECON-MISMATCH" if sev == "error" else "RECON-ROUNDING",
            sev,
            path,
            msg,
            stated=stated.value,
            computed=value,
            difference=diff,
            index=i,
        )


# ---- 绩效评分 -----------------------------------------------------------------


@check
def scores(c: Ctx) -> Iterator[Finding]:
    r, card, preset = c.report, c.card, c.preset
    if card is None or preset is None:
        return
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
        if res.is_manual or res.missing_inputs:
            if res.score is None and res.applicable:
                extra, where = "", f"{path}.score"
                if res.missing_inputs:
                    extra = f"（公式所需的{'、'.join(FIGURES[k].label for k in res.missing_inputs)}未填，填写基础数据后自动计分）"
                    where = FIGURES[res.missing_inputs[0]].edit_path(r)
                yield _f("SCORE-UNSCORED", "warning", where, f"{name} 尚未评分（分值 {pts}）{extra}", points=pts)
            elif res.score is not None and not res.basis:
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
    stated = r.scoring.stated_grade
    if stated and card.complete and stated.strip() != card.grade:
        yield _f(
            "GRADE-MISMATCH",
            "error",
            "scoring.stated_grade",
            f"所写等级“{stated}”与总分 {fmt_money(card.total)} 对应的等级“{card.grade}”不符",
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
        if not (m.title.strip() or m.text.strip()):
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
    ctx = Ctx(report, preset, card, error)
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


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
