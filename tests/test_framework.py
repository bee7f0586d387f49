"""Presets as data, the rule kinds, computed indicators, subtotals and grades."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from selfeval.amounts import fmt_pct
from selfeval.framework import PresetError, evaluate, load_preset, rule_score, shipped_presets
from selfeval.framework.preset import Indicator
from selfeval.model import FIGURES, IndicatorScore, Report, StaffUnit

D = Decimal


def indicator(rule: dict, points="10") -> Indicator:
    return Indicator.model_validate(
        {"id": "t", "level1": "投入", "level2": "x", "level3": "y", "points": D(points), "rule": rule}
    )


# ---- domain.md §4 worked examples ---------------------------------------------


def test_worked_staff_control_136_of_143_is_full_marks(blank: Report):
    blank.overview.staffing.units = [StaffUnit(quota_admin=143, on_payroll=136)]
    value = FIGURES["ind.staff_control"].get(blank)
    assert fmt_pct(value) == "95.10%"
    preset = load_preset("hunan-style")
    res = evaluate(blank, preset).result("input.allocation.staff_control")
    assert res.points == 8 and res.score == D("8.00")


def test_worked_three_public_change_98_31_percent_scores_zero(blank: Report):
    tp = blank.base_data.three_public
    tp.reception.prev_actual = D("32")
    tp.reception.actual = D("63.46")
    # the other three kinds not entered: the total is not known (not entered is not 0)
    assert FIGURES["ind.three_public_change"].get(blank) is None
    for row in (tp.overseas, tp.vehicle_purchase, tp.vehicle_operation):
        row.prev_actual = row.actual = D("0")
    value = FIGURES["ind.three_public_change"].get(blank)
    assert fmt_pct(value) == "98.31%"
    res = evaluate(blank, load_preset("hunan-style")).result("input.allocation.three_public_change")
    assert res.score == 0
    # the same rule on a small excess deducts 0.5 per point
    tp.reception.actual = D("33")  # +3.125 points
    res = evaluate(blank, load_preset("hunan-style")).result("input.allocation.three_public_change")
    assert res.score == D("2.44")  # 4 − 3.125 × 0.5 = 2.4375, half-up


def test_worked_budget_execution_483_22_of_487_24(blank: Report):
    gb = blank.general_budget
    gb.basic.initial = D("487.24")
    gb.personnel = D("483.22")
    assert FIGURES["ind.budget_execution"].get(blank) is None  # the rest not entered yet
    gb.basic.additions = gb.basic.reductions = gb.public_expense = D("0")
    gb.project.initial = gb.project.additions = gb.project.reductions = D("0")
    assert fmt_pct(FIGURES["ind.budget_execution"].get(blank)) == "99.17%"


# ---- each rule kind: a passing and a failing case -----------------------------


def test_ratio_rule():
    ind = indicator({"kind": "ratio", "figure": "ind.procurement", "target": 100})
    assert rule_score(ind, D("1.02")) == D("10.00")
    assert rule_score(ind, D("0.95")) == D("9.50")


def test_reverse_ratio_rule():
    ind = indicator({"kind": "reverse_ratio", "figure": "ind.staff_control", "target": 100})
    assert rule_score(ind, D("0.9")) == D("10.00")
    assert rule_score(ind, D("1.25")) == D("8.00")


def test_deduct_rule_above_and_below_with_step_modes():
    above = indicator({"kind": "deduct", "figure": "ind.staff_control", "threshold": 100, "per": 1, "deduct": D("0.5")})
    assert rule_score(above, D("1.00")) == D("10.00")
    assert rule_score(above, D("1.03")) == D("8.50")
    assert rule_score(above, D("2.00")) == D("0.00")  # floor at zero
    below = indicator(
        {"kind": "deduct", "figure": "ind.budget_completion", "threshold": 100, "direction": "below", "per": 5, "deduct": 2}
    )
    assert rule_score(below, D("1")) == D("10.00")
    assert rule_score(below, D("0.90")) == D("6.00")
    assert rule_score(below, D("0.97")) == D("8.80")  # exact: 3/5 of a step
    ceil = indicator(
        {"kind": "deduct", "figure": "ind.budget_completion", "threshold": 100, "direction": "below", "per": 5, "deduct": 2, "steps": "ceil"}
    )
    assert rule_score(ceil, D("0.97")) == D("8.00")  # a started step counts


def test_banded_rule_bounds_are_inclusive():
    ind = indicator(
        {
            "kind": "banded",
            "figure": "ind.budget_control",
            "bands": [{"max": 0, "share": 1}, {"max": 10, "share": D("0.8")}, {"max": 20, "share": D("0.6")}, {"share": 0}],
        },
        points="5",
    )
    assert rule_score(ind, D("0")) == D("5.00")
    assert rule_score(ind, D("0.10")) == D("4.00")
    assert rule_score(ind, D("0.1001")) == D("3.00")
    assert rule_score(ind, D("0.5")) == D("0.00")


def test_manual_rule_has_no_computed_score():
    with pytest.raises(ValueError):
        rule_score(indicator({"kind": "manual"}), D("1"))


# ---- scorecard ----------------------------------------------------------------


def test_example_scorecard_subtotals_total_and_grade(example_v1: Report):
    card = evaluate(example_v1, load_preset("hengyang-2024"))
    assert [(s.name, s.points, s.score) for s in card.level1] == [
        ("投入", D(10), D("9.30")),
        ("过程", D(30), D("28.62")),
        ("产出", D(30), D("29.59")),
        ("效果", D(30), D("28.50")),
    ]
    assert card.total == D("96.01") and card.grade == "优" and card.complete
    assert sum(s.score for s in card.level2) == card.total


def test_grade_bands_lower_bound_inclusive():
    preset = load_preset("hengyang-2024")
    assert preset.grade_for(D("90")) == "优"
    assert preset.grade_for(D("89.99")) == "良"
    assert preset.grade_for(D("80")) == "良"
    assert preset.grade_for(D("60")) == "中"
    assert preset.grade_for(D("59.99")) == "差"


def test_override_with_reason_replaces_rule_score(example_v1: Report):
    example_v1.scoring.scores.append(
        IndicatorScore(id="process.execution.procurement", override=D("3"), override_reason="采购预算含跨年合同")
    )
    res = evaluate(example_v1, load_preset("hengyang-2024")).result("process.execution.procurement")
    assert res.computed == D("2.85") and res.score == D("3") and res.overridden
    assert "调整为 3.00 分" in res.shown_basis and "采购预算含跨年合同" in res.shown_basis


def test_zero_denominator_is_unscored_not_full_marks(blank: Report):
    blank.base_data.procurement_actual = D("0")
    blank.base_data.procurement_budget = D("0")
    res = evaluate(blank, load_preset("hengyang-2024")).result("process.execution.procurement")
    assert res.score is None and res.applicable and res.zero_denominator and not res.missing_inputs
    assert "分母为零" in res.needs and "不适用" in res.needs


def test_not_applicable_full_versus_rescale(blank: Report):
    # 不适用 only as an explicit choice with a reason; hengyang-2024 then gives full marks
    blank.scoring.scores.append(
        IndicatorScore(id="process.execution.procurement", not_applicable=True, not_applicable_reason="本年无政府采购")
    )
    res = evaluate(blank, load_preset("hengyang-2024")).result("process.execution.procurement")
    assert res.applicable and res.score == 3 and "不适用（本年无政府采购）" in res.shown_basis
    blank.scoring.scores.clear()
    # national-2013: dropped, the rest rescaled to 100
    preset = load_preset("national-2013")
    for ind in preset.indicators:
        blank.scoring.scores.append(IndicatorScore(id=ind.id, points=D("2"), score=D("2") if ind.figure is None else None))
    blank.base_data.tasks_planned = 10
    blank.base_data.tasks_completed = 5
    for entry in blank.scoring.scores:
        if preset.indicator(entry.id).figure is not None:
            entry.not_applicable = True
            entry.not_applicable_reason = "测试"
    card = evaluate(blank, preset)
    dropped = [r for r in card.results if not r.applicable]
    assert dropped and card.rescaled
    applicable_points = sum(r.points for r in card.results if r.applicable)
    assert card.total == (card.raw_total * 100 / applicable_points).quantize(D("0.01"))


def test_missing_inputs_fall_back_to_manual(blank: Report):
    card = evaluate(blank, load_preset("hengyang-2024"))
    res = card.result("output.duty.completion")
    assert res.missing_inputs and res.score is None
    blank.scoring.scores.append(IndicatorScore(id="output.duty.completion", score=D("9"), basis="按工作台账"))
    assert evaluate(blank, load_preset("hengyang-2024")).result("output.duty.completion").score == D("9")


# ---- presets as data ----------------------------------------------------------


def test_shipped_presets_load_and_add_up():
    assert shipped_presets() == ["hengyang-2024", "hunan-style", "national-2013"]
    for name in ("hengyang-2024", "hunan-style"):
        preset = load_preset(name)
        assert preset.weighted
        assert sum(i.points for i in preset.indicators) == 100
    hy = load_preset("hengyang-2024")
    assert [(lv.name, lv.points) for lv in hy.level1] == [("投入", 10), ("过程", 30), ("产出", 30), ("效果", 30)]
    national = load_preset("national-2013")
    assert not national.weighted and national.not_applicable == "rescale"


BAD_PRESET = '''
id = "bad"
name = "bad"
total_points = {total}
grades = [{{ name = "优", min = 90 }}, {{ name = "差", min = 0 }}]
level1 = [{{ name = "投入", points = 10 }}]
{extra}
[[indicators]]
id = "a"
level1 = "投入"
level2 = "x"
level3 = "y"
points = {points}
rule = {{ kind = "ratio", figure = "{figure}" }}
'''


@pytest.mark.parametrize(
    "points, figure, total, fragment",
    [
        ("9", "ind.procurement", "9", "分值 10 ≠ 其三级指标分值之和 9"),
        ("10", "ind.no_such", "10", "不存在"),
        ("10", "ind.procurement", "100", "各指标分值之和 10 ≠ 总分 100"),
    ],
)
def test_bad_preset_file_is_refused(tmp_path: Path, points, figure, total, fragment):
    path = tmp_path / "mine.toml"
    path.write_text(BAD_PRESET.format(points=points, figure=figure, total=total, extra=""), encoding="utf-8")
    with pytest.raises(PresetError, match=fragment):
        load_preset("mine.toml", tmp_path)


def test_draft_may_name_its_own_preset_file(tmp_path: Path, blank: Report):
    path = tmp_path / "mine.toml"
    text = BAD_PRESET.format(points="10", figure="ind.procurement", total="10", extra="")
    path.write_text(text.replace('min = 90', 'min = 9'), encoding="utf-8")
    blank.meta.preset = "mine.toml"
    preset = load_preset(blank.meta.preset, tmp_path)
    blank.base_data.procurement_budget = D("10")
    blank.base_data.procurement_actual = D("8")
    card = evaluate(blank, preset)
    assert card.total == D("8.00") and card.grade == "差"
    blank.base_data.procurement_actual = D("9.5")
    card = evaluate(blank, preset)
    assert card.total == D("9.50") and card.grade == "优"


def test_unknown_preset_name():
    with pytest.raises(PresetError, match="hengyang-2024"):
        load_preset("nope")
