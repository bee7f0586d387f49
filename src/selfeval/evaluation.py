"""Score the 自评表s: 部门整体支出绩效自评表 and each 项目支出绩效自评表.

Pure and cheap (no Textual), so the editor can run it on every keystroke.
The rules are preset data (:class:`EvaluationRules`, ``Preset.evaluation``);
this module only applies them:

- ≥ (正向): B ≥ A → full points, else B ÷ A × points;
- = : as ≥ for A > 0; for A = 0 full points only when B ≤ 0;
- ≤ (反向): ``linear`` — B ≤ A full, A < B < 2A (1 − (B − A) ÷ A) × points,
  B ≥ 2A 0; ``ratio`` — B ≤ A full, else A ÷ B × points;
- 定性: the typed score counts; it must lie in its grade's band;
- 超额完成 (B ÷ A at or beyond the threshold; for ≤ rows A ÷ B): under
  ``deduct-by-deviation`` the score is points × (1 − (B ÷ A − threshold)), at least 0;
- 预算执行率 score = 执行率 × points, capped at the points.

Budget figures are read from the draft (never retyped); a figure not entered
stays ``None`` through every sum, and a table with one is 评分未完成.
Scores are quantised to 2 decimals half-up (:func:`selfeval.amounts.quantize`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from selfeval.amounts import HUNDRED, ZERO, AmountError, fmt_money, fmt_pct, parse_amount, quantize, total
from selfeval.framework.preset import EvaluationRules, Preset, TableSplit
from selfeval.model import FIGURES, Report
from selfeval.model.evaluation import EvalIndicator, Evaluation, Goal, ProjectEvaluation

__all__ = [
    "EvaluationRules",
    "RowResult",
    "GroupResult",
    "BudgetLine",
    "BudgetBlock",
    "Light",
    "TableResult",
    "Goal",
    "parse_value",
    "score_row",
    "department_table",
    "project_table",
    "all_tables",
    "LIGHT_LABELS",
]

LIGHT_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "unknown": "未完成"}
DEPARTMENT_TITLE = "部门整体支出绩效自评表"
PROJECT_TITLE = "项目支出绩效自评表"


def parse_value(text: str) -> Decimal | None:
    """A target or actual as typed (``30``、``95.5``、``1,200``, full-width digits), or
    ``None`` when it is empty or not a plain number (a finding says so)."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_amount(text, decimals=6, allow_negative=True)
    except AmountError:
        return None


def _n(v: Decimal) -> str:
    """A target or actual as written in a message: ``100``, ``96.5``, ``0.25``."""
    v = v.normalize()
    if v == v.to_integral_value():
        return str(v.quantize(Decimal(1)))
    return format(v, "f")


# ---- one row ----------------------------------------------------------------


@dataclass
class RowResult:
    row: EvalIndicator
    #: the target the row is scored against (调整后 when given), ``None`` when empty or not a number
    target: Decimal | None = None
    #: the actual (computed from ``row.figure`` when set, else the typed one)
    actual: Decimal | None = None
    #: the actual as shown in the table
    actual_text: str = ""
    #: what the rule gives; ``None`` = cannot score yet (or a 定性 row: no rule score)
    rule_score: Decimal | None = None
    #: the score that counts: the rule's, or the typed one on a 定性 row
    score: Decimal | None = None
    complete: bool = False
    #: the arithmetic, in Chinese
    explain: str = ""
    #: the actual computed from ``row.figure`` (``None``: no figure, or not computable)
    figure_actual: Decimal | None = None
    #: 完成比例 B ÷ A (≤ rows: A ÷ B), for 超额完成; ``None`` when not defined
    achievement: Decimal | None = None
    #: at or beyond the preset's over-achievement threshold
    over: bool = False
    #: 定性: the typed score lies outside the band of its grade
    out_of_band: bool = False

    @property
    def quantitative(self) -> bool:
        return not self.row.is_qualitative

    def as_dict(self) -> dict:
        r = self.row
        return {
            "level1": r.level1,
            "level2": r.level2,
            "name": r.name,
            "nature": r.nature,
            "target": r.effective_target,
            "unit": r.unit,
            "actual": self.actual_text,
            "grade": r.grade,
            "points": _s(r.points),
            "rule_score": _s(self.rule_score),
            "score": _s(self.score),
            "complete": self.complete,
            "over": self.over,
            "explain": self.explain,
        }


def _s(v: Decimal | None) -> str | None:
    """A score or amount in JSON: text with 2 decimals (exact), ``None`` → null."""
    return None if v is None else fmt_money(v)


def _figure_actual(row: EvalIndicator, report: Report) -> Decimal | None:
    """The row's actual from its 计算依据: a ratio, written as percent when the unit is %
    (or empty)."""
    value = FIGURES[row.figure].get(report)
    if value is None:
        return None
    unit = row.unit.strip()
    return value * HUNDRED if (not unit or "%" in unit or "％" in unit) else value


def _over_share(rules: EvaluationRules, achievement: Decimal) -> Decimal:
    """The share of the points kept under ``deduct-by-deviation``: 1 − (完成比例 − 阈值), ≥ 0."""
    return max(ZERO, 1 - (achievement - rules.over_threshold / HUNDRED))


def _quantitative(res: RowResult, rules: EvaluationRules) -> None:
    row, a, b, pts = res.row, res.target, res.actual, res.row.points
    if a is None or b is None or pts is None:
        missing = [w for w, v in (("指标值", a), ("实际完成值", b), ("分值", pts)) if v is None]
        res.explain = "缺少" + "、".join(missing) + "，无法计分"
        return
    full = quantize(pts)
    nature = row.nature
    sa, sb, sp = _n(a), _n(b), fmt_money(pts)
    if nature == "≤":
        if b <= a:
            score, how = full, f"实际 {sb} ≤ 目标 {sa}，得满分 {sp}"
            res.achievement = a / b if b > 0 else None
        elif a <= 0:
            score, how = ZERO, f"目标 {sa}，实际 {sb} 超过目标，得 0 分"
        elif rules.reverse == "linear":
            if b >= 2 * a:
                score, how = ZERO, f"实际 {sb} ≥ 2 × 目标 {sa}，得 0 分"
            else:
                score = quantize((1 - (b - a) / a) * pts)
                how = f"（1 − ({sb} − {sa}) ÷ {sa}）× {sp} = {fmt_money(score)}"
        else:
            score = quantize(a / b * pts)
            how = f"{sa} ÷ {sb} × {sp} = {fmt_money(score)}"
    elif nature == "=" and a <= 0:
        if a == 0:
            ok = b <= 0
            how = f"目标 0，实际 {sb}" + ("，得满分 " + sp if ok else "，得 0 分")
        else:
            ok = b == a
            how = f"目标 {sa}，实际 {sb}" + ("，得满分 " + sp if ok else "，不等于目标，得 0 分")
        score = full if ok else ZERO
    else:  # ≥, and = with a positive target
        if b >= a:
            score, how = full, f"实际 {sb} {'≥' if b > a else '='} 目标 {sa}，得满分 {sp}"
            res.achievement = b / a if a > 0 else None
        elif a <= 0:
            score, how = ZERO, f"目标 {sa}，实际 {sb} 未达到，得 0 分"
        else:
            score = quantize(max(ZERO, b / a) * pts)
            how = f"{sb} ÷ {sa} × {sp} = {fmt_money(score)}"
    if res.achievement is not None and res.achievement * HUNDRED >= rules.over_threshold:
        res.over = True
        pct = fmt_pct(res.achievement)
        if rules.over_policy == "deduct-by-deviation":
            share = _over_share(rules, res.achievement)
            score = quantize(pts * share)
            how += (
                f"；超额完成 {pct}（≥ {_n(rules.over_threshold)}%），按偏离度扣分："
                f"{sp} × (1 − ({fmt_pct(res.achievement)} − {_n(rules.over_threshold)}%)) = {fmt_money(score)}"
            )
        else:
            how += f"；超额完成 {pct}（≥ {_n(rules.over_threshold)}%）"
    res.rule_score = score
    res.score = score
    res.complete = True
    res.explain = how


def _qualitative(res: RowResult, rules: EvaluationRules) -> None:
    row = res.row
    pts = row.points
    res.actual_text = row.actual.strip()
    if pts is None:
        res.explain = "缺少分值，无法计分"
        return
    band = rules.band(row.grade) if row.grade else None
    if row.score is None:
        res.explain = "定性指标：请选择完成等级并填写得分" if not row.grade else f"{row.grade}：请填写得分"
        return
    res.score = row.score
    share = row.score / pts * HUNDRED if pts else ZERO
    if row.score > pts:
        res.out_of_band = True
        res.explain = f"得分 {fmt_money(row.score)} 超过分值 {fmt_money(pts)}"
    elif band is None:
        res.explain = f"定性指标得分 {fmt_money(row.score)}（分值的 {fmt_money(share)}%），未选择完成等级"
    else:
        res.out_of_band = not band.contains(share)
        lo, hi = quantize(pts * band.min / HUNDRED), quantize(pts * band.max / HUNDRED)
        span = f"{fmt_money(lo)}～{fmt_money(hi)} 分" + ("" if band.max >= 100 else "（不含上限）")
        verdict = "不在" if res.out_of_band else "在"
        res.explain = (
            f"{row.grade}：得分应为分值的 {_n(band.min)}%～{_n(band.max)}%，即 {span}；"
            f"得分 {fmt_money(row.score)} {verdict}此范围内"
        )
    res.complete = band is not None and not res.out_of_band


def score_row(row: EvalIndicator, rules: EvaluationRules, report: Report) -> RowResult:
    """One indicator row scored by ``rules``: target, actual, the rule's score and the one that counts."""
    res = RowResult(row=row)
    res.target = parse_value(row.effective_target)
    if row.is_qualitative:
        _qualitative(res, rules)
        return res
    typed = parse_value(row.actual)
    if row.figure:
        res.figure_actual = _figure_actual(row, report)
    res.actual = res.figure_actual if res.figure_actual is not None else typed
    if res.figure_actual is not None:
        res.actual_text = fmt_money(res.figure_actual)
    else:
        res.actual_text = row.actual.strip()
    _quantitative(res, rules)
    if row.figure and res.figure_actual is None:
        label = FIGURES[row.figure].label
        res.explain = f"{label}无法由草稿计算（缺少数据或分母为零）" + (
            "，按填写的实际完成值计分；" + res.explain if typed is not None else "；" + res.explain
        )
    return res


# ---- the budget block --------------------------------------------------------


@dataclass
class BudgetLine:
    label: str
    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None
    rate: Decimal | None = None

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "initial": _s(self.initial),
            "adjusted": _s(self.adjusted),
            "executed": _s(self.executed),
            "rate": _rate(self.rate),
        }


def _rate(v: Decimal | None) -> str | None:
    """A ratio in JSON: 4 decimals (0.9650), ``None`` → null."""
    return None if v is None else str(quantize(v, 4))


@dataclass
class BudgetBlock:
    lines: list[BudgetLine]
    total: BudgetLine
    #: 执行率 of the total, a ratio (0.965); ``None`` when a figure is 未填 or the budget is 0
    rate: Decimal | None
    points: Decimal
    score: Decimal | None
    #: the denominator: "adjusted" (全年预算数) or "initial" (年初预算数)
    denominator: str = "adjusted"
    explain: str = ""

    @property
    def budget(self) -> Decimal | None:
        """The total's denominator figure."""
        return self.total.adjusted if self.denominator == "adjusted" else self.total.initial

    def as_dict(self) -> dict:
        return {
            "lines": [ln.as_dict() for ln in self.lines],
            "total": self.total.as_dict(),
            "rate": _rate(self.rate),
            "denominator": self.denominator,
            "points": _s(self.points),
            "score": _s(self.score),
            "explain": self.explain,
        }


def _line(label: str, initial, adjusted, executed, denominator: str) -> BudgetLine:
    base = adjusted if denominator == "adjusted" else initial
    rate = None if executed is None or base is None or base == 0 else executed / base
    return BudgetLine(label, initial, adjusted, executed, rate)


def _block(lines: list[tuple[str, Decimal | None, Decimal | None, Decimal | None]], split: TableSplit,
           rules: EvaluationRules) -> BudgetBlock:
    den = rules.budget_denominator
    built = [_line(*ln, den) for ln in lines]
    tot = _line(
        "合计",
        total(*(b.initial for b in built)),
        total(*(b.adjusted for b in built)),
        total(*(b.executed for b in built)),
        den,
    )
    pts = split.budget_points
    block = BudgetBlock(built, tot, tot.rate, pts, None, den)
    base_label = "全年预算数" if den == "adjusted" else "年初预算数"
    base = block.budget
    if tot.executed is None or base is None:
        block.explain = f"全年执行数或{base_label}未填，执行率无法计算"
    elif base == 0:
        block.explain = f"{base_label}为 0，执行率无法计算"
    else:
        raw = tot.executed / base * pts
        block.score = quantize(min(raw, pts))
        cap = "，超过分值按分值计" if raw > pts else ""
        block.explain = (
            f"执行率 {fmt_money(tot.executed)} ÷ {fmt_money(base)} = {fmt_pct(tot.rate)}；"
            f"{fmt_pct(tot.rate)} × {fmt_money(pts)} = {fmt_money(quantize(raw))}{cap}，得 {fmt_money(block.score)} 分"
        )
    return block


def _department_budget(report: Report, rules: EvaluationRules) -> BudgetBlock:
    gb, ev = report.general_budget, report.evaluation
    funds = report.other_funds
    if funds:
        other = (ev.other_initial, ev.other_adjusted, total(*(f.spending for f in funds)))
    else:
        # no other fund in the draft: the line is 0 unless a budget was typed anyway
        other = (
            ZERO if ev.other_initial is None else ev.other_initial,
            ZERO if ev.other_adjusted is None else ev.other_adjusted,
            ZERO,
        )
    return _block(
        [
            ("财政拨款", gb.initial_total, gb.adjusted_total, gb.spending),
            ("其他资金", *other),
        ],
        rules.department,
        rules,
    )


def _none_or_zero(*values: Decimal | None) -> bool:
    return all(v is None for v in values)


def _project_budget(amount: Decimal | None, ev: ProjectEvaluation, rules: EvaluationRules) -> BudgetBlock:
    if _none_or_zero(ev.carryover_initial, ev.carryover_adjusted, ev.carryover_spent):
        carry = (ZERO, ZERO, ZERO)  # no carried-over funds typed: this project has none
    else:
        carry = (ev.carryover_initial, ev.carryover_adjusted, ev.carryover_spent)
    if _none_or_zero(ev.other_initial, ev.other_adjusted, ev.other_spent):
        other = (ZERO, ZERO, ZERO)
    else:
        other = (ev.other_initial, ev.other_adjusted, ev.other_spent)
    executed = None if amount is None or carry[2] is None else amount - carry[2]
    return _block(
        [
            ("当年财政拨款", ev.appropriation_initial, ev.appropriation_adjusted, executed),
            ("上年结转", *carry),
            ("其他资金", *other),
        ],
        rules.project,
        rules,
    )


# ---- the table ----------------------------------------------------------------


@dataclass
class GroupResult:
    level1: str
    #: Σ of the rows' points (the preset's split for a 一级 with no row); ``None`` when a row has none
    points: Decimal | None
    #: Σ of the rows' scores; ``None`` while a row is not scored
    score: Decimal | None
    rows: list[RowResult] = field(default_factory=list)
    #: the preset's points for this 一级 (``None``: not in the preset's split)
    preset_points: Decimal | None = None

    def as_dict(self) -> dict:
        return {
            "level1": self.level1,
            "points": _s(self.points),
            "preset_points": _s(self.preset_points),
            "score": _s(self.score),
            "rows": len(self.rows),
        }


@dataclass
class Light:
    colour: str
    label: str
    reason: str

    def as_dict(self) -> dict:
        return {"colour": self.colour, "label": self.label, "reason": self.reason}


@dataclass
class TableResult:
    kind: str
    title: str
    name: str
    path: str
    empty: bool
    budget: BudgetBlock
    goals: list[Goal]
    rows: list[RowResult]
    groups: list[GroupResult]
    indicator_points: Decimal | None
    indicator_score: Decimal | None
    total_points: Decimal
    total: Decimal | None
    grade: str | None
    light: Light
    #: index into general_budget.projects (``None`` for the department table)
    index: int | None = None

    @property
    def complete(self) -> bool:
        return self.total is not None

    @property
    def status(self) -> str:
        """"" when scored, else 未填写 / 评分未完成 (with what is missing)."""
        if self.empty:
            return "未填写"
        if self.total is not None:
            return ""
        missing = []
        if self.budget.score is None:
            missing.append("预算执行率")
        open_rows = [r.row.name or f"第{self.rows.index(r) + 1}行" for r in self.rows if r.score is None]
        if open_rows:
            shown = "、".join(open_rows[:3]) + ("等" if len(open_rows) > 3 else "")
            missing.append(f"{len(open_rows)} 项指标（{shown}）")
        if not self.rows:
            missing.append("绩效指标")
        return "评分未完成" + (f"：{'、'.join(missing)}未计分" if missing else "")

    def row_path(self, i: int) -> str:
        return f"{self.path}.indicators[{i}]"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "name": self.name,
            "path": self.path,
            "empty": self.empty,
            "status": self.status,
            "budget": self.budget.as_dict(),
            "goals": [{"expected": g.expected, "achieved": g.achieved} for g in self.goals],
            "rows": [r.as_dict() for r in self.rows],
            "groups": [g.as_dict() for g in self.groups],
            "indicator_points": _s(self.indicator_points),
            "indicator_score": _s(self.indicator_score),
            "total_points": _s(self.total_points),
            "total": _s(self.total),
            "grade": self.grade,
            "light": self.light.as_dict(),
        }


def _groups(rows: list[RowResult], split: TableSplit) -> list[GroupResult]:
    names = [lv.name for lv in split.level1]
    for r in rows:
        name = r.row.level1.strip()
        if name not in names:
            names.append(name)
    out = []
    for name in names:
        members = [r for r in rows if r.row.level1.strip() == name]
        preset = split.points_of(name)
        if members:
            pts = total(*(r.row.points for r in members))
            score = total(*(r.score for r in members))
        else:
            pts, score = preset, None
        out.append(GroupResult(name, pts, score, members, preset))
    return out


def _light(budget: BudgetBlock, s: Decimal | None, s_max: Decimal | None, rules: EvaluationRules) -> Light:
    def light(colour: str, reason: str) -> Light:
        return Light(colour, LIGHT_LABELS[colour], reason)

    base = budget.budget
    if base is not None and base == 0:
        return light("yellow", "预算数为 0")
    e, e_max = budget.score, budget.points
    if s is None or s_max is None or e is None or budget.rate is None:
        return light("unknown", "评分未完成，无法判断")
    if s > 0 and s_max > 0 and e_max > 0:
        claimed = s / s_max
        executed = e / e_max
        gap = (claimed - executed) / claimed
        if gap * HUNDRED > rules.light_tolerance:
            return light(
                "red",
                f"指标得分率 {fmt_pct(claimed)} 高于预算执行得分率 {fmt_pct(executed)}，"
                f"相对偏离 {fmt_pct(gap)}，超过 {_n(rules.light_tolerance)}%",
            )
    if budget.rate * HUNDRED < rules.light_yellow_below:
        return light("yellow", f"预算执行率 {fmt_pct(budget.rate)} 低于 {_n(rules.light_yellow_below)}%")
    return light("green", "指标得分与预算执行相符")


def _table(
    report: Report,
    rules: EvaluationRules,
    *,
    kind: str,
    title: str,
    name: str,
    path: str,
    ev: Evaluation,
    budget: BudgetBlock,
    typed_budget: bool,
    index: int | None = None,
) -> TableResult:
    split = rules.split(kind)
    rows = [score_row(row, rules, report) for row in ev.indicators]
    groups = _groups(rows, split)
    ind_points = total(*(g.points for g in groups)) if rows else split.indicator_points
    ind_score = total(*(g.score for g in groups)) if rows else None
    tot = total(budget.score, ind_score)
    if tot is not None:
        tot = quantize(tot)
    grade = rules.grade_for(tot) if tot is not None else None
    empty = ev.is_empty() and not typed_budget
    return TableResult(
        kind=kind,
        title=title,
        name=name,
        path=path,
        empty=empty,
        budget=budget,
        goals=list(ev.goals),
        rows=rows,
        groups=groups,
        indicator_points=ind_points,
        indicator_score=ind_score,
        total_points=split.total_points,
        total=tot,
        grade=grade,
        light=_light(budget, ind_score, ind_points, rules),
        index=index,
    )


def department_table(report: Report, preset: Preset) -> TableResult:
    """The 部门整体支出绩效自评表 of ``report`` scored by ``preset.evaluation``."""
    rules = preset.evaluation
    ev = report.evaluation
    return _table(
        report,
        rules,
        kind="department",
        title=DEPARTMENT_TITLE,
        name=report.meta.department.strip(),
        path="evaluation",
        ev=ev,
        budget=_department_budget(report, rules),
        typed_budget=ev.other_initial is not None or ev.other_adjusted is not None,
    )


_PROJECT_MONEY = (
    "appropriation_initial",
    "appropriation_adjusted",
    "carryover_initial",
    "carryover_adjusted",
    "carryover_spent",
    "other_initial",
    "other_adjusted",
    "other_spent",
)


def project_table(report: Report, preset: Preset, index: int) -> TableResult:
    """The 项目支出绩效自评表 of ``general_budget.projects[index]``."""
    rules = preset.evaluation
    project = report.general_budget.projects[index]
    ev = project.evaluation
    return _table(
        report,
        rules,
        kind="project",
        title=PROJECT_TITLE,
        name=project.name.strip() or f"项目{index + 1}",
        path=f"general_budget.projects[{index}].evaluation",
        ev=ev,
        budget=_project_budget(project.amount, ev, rules),
        typed_budget=any(getattr(ev, f) is not None for f in _PROJECT_MONEY),
        index=index,
    )


def all_tables(report: Report, preset: Preset) -> list[TableResult]:
    """The department's table first, then each project's, in the draft's order."""
    return [department_table(report, preset)] + [
        project_table(report, preset, i) for i in range(len(report.general_budget.projects))
    ]


def evaluation_dict(tables: list[TableResult]) -> dict:
    """What ``check --format json`` carries under ``"evaluation"``."""
    return {
        "department": tables[0].as_dict() if tables else None,
        "projects": [t.as_dict() for t in tables[1:]],
    }
