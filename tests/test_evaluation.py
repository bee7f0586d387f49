"""The 自评表 scoring rules with the worked numbers of issue 12, the budget block and the light."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfeval.evaluation import (
    EvaluationRules,
    all_tables,
    department_table,
    project_table,
    score_row,
)
from selfeval.framework import load_preset, shipped_presets
from selfeval.framework.preset import Preset
from selfeval.model import Report
from selfeval.model.evaluation import EvalIndicator

RULES = EvaluationRules()


def _preset(**rules) -> Preset:
    base = load_preset("hengyang-2024")
    return base.model_copy(update={"evaluation": EvaluationRules(**rules)})


def _row(**kw) -> EvalIndicator:
    kw.setdefault("level1", "产出指标")
    kw.setdefault("name", "指标")
    return EvalIndicator(**kw)


def _score(blank: Report, rules: EvaluationRules = RULES, **kw):
    return score_row(_row(**kw), rules, blank)


# ---- the worked numbers (issue 12, "Must show") ---------------------------------


def test_higher_is_better_below_target(blank):
    res = _score(blank, nature="≥", target="100", actual="90", points=D(10))
    assert res.rule_score == D("9.00") and res.score == D("9.00") and res.complete
    assert res.explain == "90 ÷ 100 × 10.00 = 9.00"


def test_higher_is_better_met_gets_full_points(blank):
    res = _score(blank, nature="≥", target="30", actual="31", points=D(5))
    assert res.score == D("5.00")
    assert "得满分" in res.explain


def test_lower_is_better_linear(blank):
    res = _score(blank, nature="≤", target="100", actual="150", points=D(10))
    assert res.score == D("5.00")
    assert res.explain == "（1 − (150 − 100) ÷ 100）× 10.00 = 5.00"
    assert _score(blank, nature="≤", target="100", actual="200", points=D(10)).score == D("0.00")
    assert _score(blank, nature="≤", target="100", actual="250", points=D(10)).score == D("0.00")
    assert _score(blank, nature="≤", target="100", actual="80", points=D(10)).score == D("10.00")


def test_lower_is_better_ratio_variant(blank):
    rules = EvaluationRules(reverse="ratio")
    res = _score(blank, rules, nature="≤", target="100", actual="200", points=D(10))
    assert res.score == D("5.00")
    assert res.explain == "100 ÷ 200 × 10.00 = 5.00"


def test_equal_rule(blank):
    assert _score(blank, nature="=", target="100", actual="90", points=D(10)).score == D("9.00")
    assert _score(blank, nature="=", target="0", actual="0", points=D(10)).score == D("10.00")
    assert _score(blank, nature="=", target="0", actual="1", points=D(10)).score == D("0.00")


def test_qualitative_score_outside_its_band_is_an_error(blank):
    res = _score(blank, nature="定性", grade="部分达成并具有一定效果", points=D(10), score=D(9))
    assert res.out_of_band and not res.complete
    assert "6.00～8.00 分" in res.explain and "不在" in res.explain
    ok = _score(blank, nature="定性", grade="部分达成并具有一定效果", points=D(10), score=D("7.5"))
    assert not ok.out_of_band and ok.complete and ok.score == D("7.50")
    # the best band includes its upper bound, the others do not
    assert not _score(blank, nature="定性", grade="达成年度指标", points=D(10), score=D(10)).out_of_band
    assert _score(blank, nature="定性", grade="未达成且效果较差", points=D(10), score=D(6)).out_of_band


def test_quantitative_typed_score_does_not_count(blank):
    res = _score(blank, nature="≥", target="100", actual="90", points=D(10), score=D(10))
    assert res.rule_score == D("9.00") and res.score == D("9.00")


def test_not_a_number_cannot_be_scored(blank):
    res = _score(blank, nature="≥", target="较好", actual="90", points=D(10))
    assert res.score is None and not res.complete
    assert "指标值" in res.explain


def test_over_achievement_policies(blank):
    row = dict(nature="≥", target="100", actual="150", points=D(10))
    res = _score(blank, **row)
    assert res.over and res.score == D("10.00") and "超额完成 150.00%" in res.explain
    assert not _score(blank, **{**row, "actual": "129"}).over
    deducted = _score(blank, EvaluationRules(over_policy="deduct-by-deviation"), **row)
    # 10 × (1 − (150% − 130%)) = 8.00
    assert deducted.score == D("8.00")
    assert _score(blank, EvaluationRules(over_policy="deduct-by-deviation"), **{**row, "actual": "300"}).score == 0


def test_figure_row_reads_the_draft(example):
    row = _row(nature="≥", target="90", unit="%", figure="ind.budget_execution", points=D(10))
    res = score_row(row, RULES, example)
    # 697.45 ÷ 762.85 = 91.43% ≥ 90
    assert res.actual is not None and res.actual_text == "91.43"
    assert res.score == D("10.00")


# ---- budget block -------------------------------------------------------------


def _project_report(blank: Report, *, adjusted: str, amount: str, rows: list[dict], **ev) -> Report:
    data = blank.model_dump()
    data["general_budget"]["projects"] = [
        {
            "name": "科普经费",
            "amount": D(amount),
            "evaluation": {
                "appropriation_initial": D(adjusted),
                "appropriation_adjusted": D(adjusted),
                "indicators": rows,
                **ev,
            },
        }
    ]
    return Report.model_validate(data)


def _rows(*scores: tuple[str, str, str, int]) -> list[dict]:
    return [
        {"level1": l1, "name": f"指标{i}", "nature": "≥", "target": "100", "actual": actual, "points": D(pts)}
        for i, (l1, actual, _, pts) in enumerate(scores)
    ]


FULL = _rows(("产出指标", "100", "", 50), ("效益指标", "100", "", 30), ("满意度指标", "100", "", 10))


def test_budget_rate_score(blank):
    preset = _preset()
    t = project_table(_project_report(blank, adjusted="100", amount="96.5", rows=FULL), preset, 0)
    assert t.budget.rate == D("0.965") and t.budget.score == D("9.65")
    assert "96.50% × 10.00 = 9.65" in t.budget.explain
    t = project_table(_project_report(blank, adjusted="100", amount="108", rows=FULL), preset, 0)
    assert t.budget.score == D("10.00")
    assert "超过分值按分值计" in t.budget.explain
    assert t.total == D("100.00") and t.grade == "优"


def test_budget_denominator_is_a_preset_setting(blank):
    r = _project_report(
        blank, adjusted="100", amount="90", rows=FULL, appropriation_initial=D(90)
    )
    assert project_table(r, _preset(), 0).budget.rate == D("0.9")
    assert project_table(r, _preset(budget_denominator="initial"), 0).budget.rate == D(1)


def test_project_budget_lines_and_carryover(blank):
    r = _project_report(
        blank,
        adjusted="100",
        amount="120",
        rows=FULL,
        carryover_initial=D(30),
        carryover_adjusted=D(30),
        carryover_spent=D(25),
    )
    t = project_table(r, _preset(), 0)
    labels = [ln.label for ln in t.budget.lines]
    assert labels == ["当年财政拨款", "上年结转", "其他资金"]
    # 当年财政拨款执行 = 决算数 120 − 结转执行 25
    assert t.budget.lines[0].executed == D(95)
    assert t.budget.total.adjusted == D(130) and t.budget.total.executed == D(120)


def test_unentered_figure_stays_unentered(blank):
    r = _project_report(blank, adjusted="100", amount="90", rows=FULL, carryover_adjusted=D(10))
    t = project_table(r, _preset(), 0)
    # a carryover budget typed without its spending: the sums are 未填, never 0
    assert t.budget.lines[1].executed is None and t.budget.total.executed is None
    assert t.budget.score is None and t.total is None
    assert t.status.startswith("评分未完成") and t.light.colour == "unknown"


def test_department_budget_from_the_draft(example):
    t = department_table(example, load_preset(example.meta.preset))
    gb = example.general_budget
    fin = t.budget.lines[0]
    assert (fin.initial, fin.adjusted, fin.executed) == (gb.initial_total, gb.adjusted_total, gb.spending)
    other = t.budget.lines[1]
    assert other.executed == sum(f.spending for f in example.other_funds)


# ---- the light ------------------------------------------------------------------


def test_red_light_when_scores_outrun_execution(blank):
    # 执行率 50%: E/E_max = 0.5; indicators full: S/S_max = 1 → (1 − 0.5)/1 = 50% > 5%
    t = project_table(_project_report(blank, adjusted="100", amount="50", rows=FULL), _preset(), 0)
    assert t.light.colour == "red" and t.light.label == "红灯"
    assert "50.00%" in t.light.reason


def test_yellow_light_when_execution_is_low(blank):
    # 执行率 75%, indicators 75%: no gap, but 75% < 80%
    rows = _rows(("产出指标", "75", "", 50), ("效益指标", "75", "", 30), ("满意度指标", "75", "", 10))
    t = project_table(_project_report(blank, adjusted="100", amount="75", rows=rows), _preset(), 0)
    assert t.light.colour == "yellow" and "75.00%" in t.light.reason
    zero = project_table(_project_report(blank, adjusted="0", amount="0", rows=FULL), _preset(), 0)
    assert zero.light.colour == "yellow" and "为 0" in zero.light.reason


def test_green_light_within_tolerance(blank):
    t = project_table(_project_report(blank, adjusted="100", amount="96.5", rows=FULL), _preset(), 0)
    # (1 − 0.965)/1 = 3.5% ≤ 5%
    assert t.light.colour == "green"


# ---- tables and JSON ---------------------------------------------------------------


def test_groups_follow_the_preset_split(blank):
    t = project_table(_project_report(blank, adjusted="100", amount="100", rows=FULL), _preset(), 0)
    assert [(g.level1, g.points, g.score) for g in t.groups] == [
        ("产出指标", D(50), D("50.00")),
        ("效益指标", D(30), D("30.00")),
        ("满意度指标", D(10), D("10.00")),
    ]
    assert t.indicator_points == D(90) and t.total_points == D(100)


def test_empty_tables_say_so(example):
    tables = all_tables(example, load_preset(example.meta.preset))
    assert [t.kind for t in tables] == ["department"] + ["project"] * len(example.general_budget.projects)
    assert tables[1].path == "general_budget.projects[0].evaluation"
    blank_project = tables[1]
    if blank_project.empty:
        assert blank_project.status == "未填写" and blank_project.total is None


def test_as_dict_has_stable_keys_and_is_json(blank):
    t = project_table(_project_report(blank, adjusted="100", amount="96.5", rows=FULL), _preset(), 0)
    d = json.loads(json.dumps(t.as_dict(), ensure_ascii=False))
    assert set(d) == {
        "kind", "title", "name", "path", "empty", "status", "budget", "goals", "rows", "groups",
        "indicator_points", "indicator_score", "total_points", "total", "grade", "light",
    }
    assert d["total"] == "99.65" and d["budget"]["rate"] == "0.9650" and d["light"]["colour"] == "green"
    assert set(d["rows"][0]) >= {"name", "nature", "target", "actual", "points", "rule_score", "score", "explain"}


@pytest.mark.parametrize("name", shipped_presets())
def test_shipped_presets_state_the_rules(name):
    rules = load_preset(name).evaluation
    assert rules.project.total_points == 100 and rules.department.total_points == 100
    assert {b.grade for b in rules.qualitative} == {"达成年度指标", "部分达成并具有一定效果", "未达成且效果较差"}


# ---- properties ---------------------------------------------------------------------

_num = st.decimals(min_value=D("0.01"), max_value=D(10000), places=2, allow_nan=False, allow_infinity=False)


@given(a=_num, b=_num, pts=st.decimals(min_value=D(1), max_value=D(50), places=1))
def test_rule_scores_stay_within_points(a, b, pts):
    blank = Report(meta={"department": "测试单位", "year": 2025})
    for nature in ("≥", "≤", "="):
        for rules in (RULES, EvaluationRules(reverse="ratio"), EvaluationRules(over_policy="deduct-by-deviation")):
            res = score_row(_row(nature=nature, target=str(a), actual=str(b), points=pts), rules, blank)
            assert res.score is not None and 0 <= res.score <= pts
            if nature == "≥" and b >= a and not res.over:
                assert res.score == pts


@given(a=_num, b1=_num, b2=_num)
def test_higher_is_better_is_monotone(a, b1, b2):
    blank = Report(meta={"department": "测试单位", "year": 2025})
    lo, hi = sorted((b1, b2))
    s = [score_row(_row(nature="≥", target=str(a), actual=str(b), points=D(10)), RULES, blank).score for b in (lo, hi)]
    assert s[0] <= s[1]
