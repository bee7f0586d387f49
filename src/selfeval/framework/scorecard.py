"""Score a report with a preset: each indicator, the subtotals, the total, the grade.

Pure and cheap, so the TUI can run it on every keystroke. Rule-scored
indicators read their value from the figures registry; the user may override
such a score only with a stated reason. Manual indicators take the typed score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from selfeval.amounts import HUNDRED, ZERO, fmt_money, quantize
from selfeval.framework.preset import (
    BandedRule,
    DeductRule,
    Indicator,
    Preset,
    QualitativeRule,
    RatioRule,
    ReverseRatioRule,
)
from selfeval.model import FIGURES, IndicatorScore, Report

__all__ = ["IndicatorResult", "Subtotal", "Scorecard", "evaluate", "rule_score", "describe_rule"]


@dataclass
class IndicatorResult:
    indicator: Indicator
    #: the indicator's value as a ratio (0.9510), ``None`` when not computed
    value: Decimal | None = None
    #: the score the rule gives, ``None`` for a manual indicator
    computed: Decimal | None = None
    #: the score that counts (override, computed or typed); ``None`` = not scored yet
    score: Decimal | None = None
    #: False when the user marked the indicator 不适用 and the preset drops such indicators
    applicable: bool = True
    #: the user marked it 不适用 (with :attr:`not_applicable_reason`)
    not_applicable: bool = False
    not_applicable_reason: str = ""
    #: a rule indicator whose inputs are entered but whose denominator is zero
    zero_denominator: bool = False
    #: a rule indicator whose input figures have not been entered
    missing_inputs: tuple[str, ...] = ()
    #: the figures the value was computed from, as ``label value`` text
    detail: str = ""
    basis: str = ""
    overridden: bool = False
    override_reason: str = ""
    entry: IndicatorScore | None = None

    @property
    def points(self) -> Decimal | None:
        """分值: the preset's, or the user's where the preset leaves it open."""
        if self.indicator.points is not None:
            return self.indicator.points
        return self.entry.points if self.entry is not None else None

    @property
    def is_manual(self) -> bool:
        return self.computed is None

    @property
    def band(self) -> str:
        """达成 / 部分达成 / 未达成 for a qualitative indicator's score."""
        if self.score is None or not self.points:
            return ""
        share = self.score / self.points
        if share >= Decimal("0.8"):
            return "达成"
        if share >= Decimal("0.6"):
            return "部分达成"
        return "未达成"

    @property
    def shown_basis(self) -> str:
        """The 评分依据 the report prints."""
        parts = []
        if self.detail:
            parts.append(self.detail)
        if self.basis:
            parts.append(self.basis)
        if self.overridden:
            parts.append(
                f"按公式得 {fmt_money(self.computed)} 分，调整为 {fmt_money(self.score)} 分，"
                f"理由：{self.override_reason or '（未说明）'}"
            )
        if self.not_applicable:
            reason = self.not_applicable_reason or "未说明理由"
            if self.applicable:
                parts.append(f"不适用（{reason}），按规定得满分")
            else:
                parts.append(f"不适用（{reason}），不计分，其余指标按比例折算")
        return "；".join(parts)

    @property
    def named_detail(self) -> str:
        """The indicator named once, with its value and inputs (:attr:`detail`), for the
        analysis' sentence: ``在职人员控制率为92.86%（…）``; an indicator whose 三级 name
        differs from its figure's is named by the 三级 name: ``社会公众或服务对象满意度为96.80%``."""
        name = self.indicator.level3
        if not self.detail or self.detail.startswith(name):
            return self.detail or name
        if self.indicator.figure is not None:
            # the preset may quote differently (“三公经费”变动率 / “三公”经费变动率)
            label = _prose_label(FIGURES[self.indicator.figure].label)
            if self.detail.startswith(label) and _unquoted(label) in _unquoted(name):
                return name + self.detail[len(label):]
        return f"{name}：{self.detail}"

    @property
    def needs(self) -> str:
        """What this unscored indicator still needs, in words (empty when scored)."""
        if self.score is not None or not self.applicable:
            return ""
        if self.missing_inputs:
            return "需填写" + "、".join(FIGURES[k].label for k in self.missing_inputs)
        if self.zero_denominator:
            return "分母为零无法计算：请核对数字，或确属不适用时勾选“不适用”并写明理由"
        return "需填写得分和评分依据"


@dataclass
class Subtotal:
    name: str
    points: Decimal
    score: Decimal
    parent: str = ""


@dataclass
class Scorecard:
    preset: Preset
    results: list[IndicatorResult]
    level1: list[Subtotal] = field(default_factory=list)
    level2: list[Subtotal] = field(default_factory=list)
    #: Σ of the scores that count, before any rescaling
    raw_total: Decimal = ZERO
    #: the total on the preset's scale (rescaled when indicators are dropped)
    total: Decimal = ZERO
    grade: str = ""
    #: "level3": the preset's indicators are scored; "level1": the unit's own 一级 scores
    granularity: str = "level3"
    #: in level1 mode, the 一级 names of the preset that have no score yet
    missing_level1: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True only when every indicator (or, in level1 mode, every 一级) has a score
        or is explicitly 不适用; total and grade are final only then."""
        if self.granularity == "level1":
            return not self.missing_level1
        return all(r.score is not None or not r.applicable for r in self.results)

    @property
    def unscored(self) -> list[IndicatorResult]:
        return [r for r in self.results if r.score is None and r.applicable]

    @property
    def blocking(self) -> list[str]:
        """What keeps the scoring unfinished: the unscored indicators' (or 一级) names."""
        if self.granularity == "level1":
            return [f"{name}（一级指标）" for name in self.missing_level1]
        return [r.indicator.level3 for r in self.unscored]

    @property
    def status(self) -> str:
        """"" when complete, else "评分未完成（N 项未评分：名称、…）"."""
        if self.complete:
            return ""
        names = self.blocking
        shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        return f"评分未完成（{len(names)} 项未评分：{shown}）"

    @property
    def rescaled(self) -> bool:
        return any(not r.applicable for r in self.results)

    def result(self, indicator_id: str) -> IndicatorResult | None:
        for r in self.results:
            if r.indicator.id == indicator_id:
                return r
        return None

    def level2_of(self, level1: str) -> list[Subtotal]:
        return [s for s in self.level2 if s.parent == level1]


def _steps(amount: Decimal, per: Decimal, how: str) -> Decimal:
    exact = amount / per
    if how == "ceil":
        return Decimal(math.ceil(exact))
    if how == "floor":
        return Decimal(math.floor(exact))
    return exact


def rule_score(indicator: Indicator, value: Decimal, points: Decimal | None = None) -> Decimal:
    """The score a rule gives for ``value`` (a ratio: 0.9510 for 95.10%)."""
    rule = indicator.rule
    points = (indicator.points if points is None else points) or ZERO
    pct = value * HUNDRED
    if isinstance(rule, RatioRule):
        score = points if pct >= rule.target else points * pct / rule.target
    elif isinstance(rule, ReverseRatioRule):
        score = points if pct <= rule.target else points * rule.target / pct
    elif isinstance(rule, DeductRule):
        beyond = pct - rule.threshold if rule.direction == "above" else rule.threshold - pct
        score = points if beyond <= 0 else points - _steps(beyond, rule.per, rule.steps) * rule.deduct
    elif isinstance(rule, BandedRule):
        share = rule.bands[-1].share
        for band in rule.bands:
            if band.max is None or pct <= band.max:
                share = band.share
                break
        score = points * share
    else:  # manual / qualitative have no rule score
        raise ValueError(f"{indicator.id} is scored by hand")
    return quantize(min(max(score, ZERO), points))


def describe_rule(indicator: Indicator) -> str:
    """The rule in words, for 评分标准 when the preset gives none."""
    rule = indicator.rule
    label = FIGURES[indicator.figure].label if indicator.figure else indicator.level3
    if isinstance(rule, RatioRule):
        return f"{label}≥{rule.target}%得满分，低于的按比例得分"
    if isinstance(rule, ReverseRatioRule):
        return f"{label}≤{rule.target}%得满分，超过的按比例得分"
    if isinstance(rule, DeductRule):
        side = "超过" if rule.direction == "above" else "低于"
        ok = "≤" if rule.direction == "above" else "≥"
        return f"{label}{ok}{rule.threshold}%得满分，每{side}{rule.per}个百分点扣{rule.deduct}分，扣完为止"
    if isinstance(rule, BandedRule):
        parts, low = [], None
        for b in rule.bands:
            share = f"{fmt_money(b.share * HUNDRED, 0)}%分值"
            if b.max is None:
                parts.append(f"大于{low}%得{share}")
            elif low is None:
                parts.append(f"≤{b.max}%得{share}")
            else:
                parts.append(f"{low}%～{b.max}%得{share}")
            low = b.max
        return f"{label}：" + "，".join(parts)
    if isinstance(rule, QualitativeRule):
        return "达成得80%～100%分值，部分达成得60%～80%，未达成得0～60%"
    return ""


def _prose_label(label: str) -> str:
    """A figure's label as a sentence uses it: no brackets inside the sentence's own
    （…）: ``一般公共预算年初预算（合计）`` → ``一般公共预算年初预算合计``,
    ``…本年支出（项目支出）`` → ``…本年支出中的项目支出``, ``服务对象满意度（%）`` →
    ``服务对象满意度``."""
    if label.endswith("（%）"):
        return label[: -len("（%）")]
    if label.endswith("（合计）"):
        return label[: -len("（合计）")] + "合计"
    head, sep, tail = label.partition("（")
    if sep and tail.endswith("）"):
        return f"{head}中的{tail[:-1]}"
    return label


def _unquoted(text: str) -> str:
    return text.replace("“", "").replace("”", "")


def _unit(label: str, kind: str) -> str:
    """The unit a number of this figure is written with: 万元, 人, 名, 项."""
    if kind == "money":
        return "万元"
    if kind != "count":
        return ""
    if label.endswith("编制数"):
        return "名"
    if "任务" in label or "办结" in label:
        return "项"
    return "人"


def _detail(report: Report, indicator: Indicator, value: Decimal | None) -> str:
    """The indicator's value and the figures it was computed from, as a clerk writes
    them: ``在职人员控制率为92.86%（实有在职在编人数26人，编制数28名）``."""
    fig = FIGURES[indicator.figure]
    reads = []
    for key in fig.reads:
        read = FIGURES[key]
        number = read.get(report)
        reads.append(_prose_label(read.label) + ("未填" if number is None else read.format(number) + _unit(read.label, read.kind)))
    label = _prose_label(fig.label)
    head = f"{label}为{fig.format(value)}" if value is not None else f"{label}无法计算，分母为零"
    if len(fig.reads) > 1:
        return f"{head}（{'，'.join(reads)}）"
    return head


def _evaluate_one(report: Report, ind: Indicator, preset: Preset) -> IndicatorResult:
    entry = report.scoring.get(ind.id)
    res = IndicatorResult(indicator=ind, entry=entry)
    if entry is not None:
        res.basis = entry.basis.strip()
        if entry.not_applicable:
            # 不适用 only as the user's explicit choice; the preset says what it is worth
            res.not_applicable = True
            res.not_applicable_reason = entry.not_applicable_reason.strip()
            if ind.figure is not None:
                res.detail = FIGURES[ind.figure].label
            policy = ind.not_applicable or preset.not_applicable
            if policy == "rescale":
                res.applicable = False
                return res
            res.computed = res.points or ZERO
            res.score = res.computed
            return res
    if ind.figure is None:
        res.score = entry.score if entry is not None else None
        return res
    fig = FIGURES[ind.figure]
    missing = tuple(k for k in fig.reads if FIGURES[k].get(report) is None)
    if missing:
        # inputs not entered: the indicator is scored by hand until they are
        res.missing_inputs = missing
        res.score = entry.score if entry is not None else None
        res.detail = f"{fig.label}：缺少{'、'.join(FIGURES[k].label for k in missing)}"
        return res
    res.value = fig.get(report)
    res.detail = _detail(report, ind, res.value)
    if res.value is None:
        # a zero denominator is not 不适用 by itself: unscored until the user decides
        res.zero_denominator = True
        return res
    res.computed = rule_score(ind, res.value, res.points)
    res.score = res.computed
    if entry is not None and entry.override is not None:
        res.overridden = True
        res.override_reason = entry.override_reason.strip()
        res.score = entry.override
    return res


def _evaluate_level1(report: Report, preset: Preset) -> Scorecard:
    """The unit's own 一级 scores: no 三级 indicator is scored or shown."""
    card = Scorecard(preset=preset, results=[], granularity="level1")
    for name in preset.level1_names():
        pts = sum((i.points or ZERO for i in preset.indicators if i.level1 == name), ZERO)
        entry = report.scoring.level1_score(name)
        if entry is None or entry.score is None:
            card.missing_level1.append(name)
            score = ZERO
        else:
            score = entry.score
        card.level1.append(Subtotal(name, pts, score))
    card.raw_total = sum((s.score for s in card.level1), ZERO)
    card.total = card.raw_total
    card.grade = preset.grade_for(card.total)
    return card


def evaluate(report: Report, preset: Preset) -> Scorecard:
    if report.scoring.granularity == "level1":
        return _evaluate_level1(report, preset)
    results = [_evaluate_one(report, ind, preset) for ind in preset.indicators]
    card = Scorecard(preset=preset, results=results)

    def subtotal(members: list[IndicatorResult]) -> tuple[Decimal, Decimal]:
        pts = sum((r.points or ZERO for r in members if r.applicable), ZERO)
        score = sum((r.score or ZERO for r in members if r.applicable), ZERO)
        return pts, score

    for name in preset.level1_names():
        members = [r for r in results if r.indicator.level1 == name]
        pts, score = subtotal(members)
        card.level1.append(Subtotal(name, pts, score))
        level2_names: list[str] = []
        for r in members:
            if r.indicator.level2 not in level2_names:
                level2_names.append(r.indicator.level2)
        for l2 in level2_names:
            pts2, score2 = subtotal([r for r in members if r.indicator.level2 == l2])
            card.level2.append(Subtotal(l2, pts2, score2, parent=name))
    card.raw_total = sum((s.score for s in card.level1), ZERO)
    applicable_points = sum((s.points for s in card.level1), ZERO)
    if card.rescaled and applicable_points:
        card.total = quantize(card.raw_total * preset.total_points / applicable_points)
    else:
        card.total = card.raw_total
    card.grade = preset.grade_for(card.total)
    return card
