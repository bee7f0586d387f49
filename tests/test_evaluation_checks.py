"""The reviewers' pre-checks on the 自评表s (EVAL-*): a clean table, then one fault at a time."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from selfeval import checks
from selfeval.model import Report


def _row(level1: str, name: str, points: int, **kw) -> dict:
    row = {
        "level1": level1,
        "level2": kw.pop("level2", "数量指标"),
        "name": name,
        "nature": "≥",
        "target": "100",
        "unit": "场",
        "actual": "100",
        "points": D(points),
        "evidence": "活动台账",
    }
    row.update(kw)
    return row


def _good_rows() -> list[dict]:
    return [
        _row("产出指标", "科普活动场次", 30),
        _row("产出指标", "活动按时完成", 20, level2="时效指标", nature="定性", target="按时完成", unit="",
             actual="全部按时完成", grade="达成年度指标", score=D(20)),
        _row("效益指标", "参与人次", 30, level2="社会效益指标", unit="人次"),
        _row("满意度指标", "参与群众满意度", 10, level2="服务对象满意度指标", target="90", unit="%", actual="95",
             survey_method="问卷调查", survey_sample=200, survey_date="2024年12月"),
    ]


@pytest.fixture
def report(blank: Report) -> Report:
    data = blank.model_dump()
    data["general_budget"]["projects"] = [
        {
            "name": "科普经费",
            "amount": D(96),
            "evaluation": {
                "appropriation_initial": D(100),
                "appropriation_adjusted": D(100),
                "goals": [{"expected": "开展科普活动", "achieved": "开展科普活动100场"}],
                "indicators": _good_rows(),
            },
        }
    ]
    data["evaluation"] = {
        "goals": [{"expected": "普及科学知识", "achieved": "开展科普活动100场"}],
        "indicators": _good_rows(),
    }
    return Report.model_validate(data)


def evals(report: Report) -> list[checks.Finding]:
    return [f for f in checks.run(report) if f.code.startswith("EVAL-")]


def codes(report: Report) -> list[str]:
    return [f.code for f in evals(report)]


def _project_row(report: Report, i: int):
    return report.general_budget.projects[0].evaluation.indicators[i]


def test_a_clean_table_has_no_findings(report):
    assert evals(report) == []


def test_project_score_contradicting_its_rule_names_the_project(report):
    row = _project_row(report, 0)
    row.actual = "90"
    row.score = D(30)  # the rule gives 90 ÷ 100 × 30 = 27.00
    row.deviation = "部分活动因天气取消"
    (f,) = [f for f in evals(report) if f.code == "EVAL-SCORE-RULE"]
    assert f.severity == "error"
    assert f.path == "general_budget.projects[0].evaluation.indicators[0].score"
    assert "项目“科普经费”" in f.message and "按规则应得 27.00" in f.message and "90 ÷ 100 × 30.00 = 27.00" in f.message


def test_met_target_not_given_full_points_is_as_wrong(report):
    report.evaluation.indicators[0].score = D(25)
    (f,) = [f for f in evals(report) if f.code == "EVAL-SCORE-RULE"]
    assert f.path == "evaluation.indicators[0].score" and "部门整体自评表" in f.message


def test_qualitative_score_outside_band(report):
    row = report.evaluation.indicators[1]
    row.grade = "部分达成并具有一定效果"
    row.deviation = "个别活动延期"
    row.score = D(18)
    (f,) = [f for f in evals(report) if f.code == "EVAL-QUALITATIVE-BAND"]
    assert f.severity == "error" and "12.00～16.00 分" in f.message


def test_qualitative_row_with_percent_unit(report):
    report.evaluation.indicators[1].unit = "%"
    assert "EVAL-UNIT-MISMATCH" in codes(report)


def test_quantitative_value_that_is_not_a_number(report):
    report.evaluation.indicators[0].actual = "较好"
    (f,) = [f for f in evals(report) if f.code == "EVAL-NOT-NUMBER"]
    assert f.path == "evaluation.indicators[0].actual" and "“较好”不是数字" in f.message


def test_quantity_indicator_that_is_money_or_a_rate(report):
    report.evaluation.indicators[0].unit = "万元"
    assert "EVAL-QUANTITY-NOT-QUANTITY" in codes(report)
    report.evaluation.indicators[0].unit = "%"
    report.evaluation.indicators[0].name = "资金执行率"
    assert "EVAL-QUANTITY-NOT-QUANTITY" in codes(report)


def test_satisfaction_without_survey(report):
    row = report.evaluation.indicators[3]
    row.survey_sample = None
    row.survey_date = ""
    (f,) = [f for f in evals(report) if f.code == "EVAL-SURVEY-MISSING"]
    assert f.path == "evaluation.indicators[3].survey_sample" and "样本量、调查时间" in f.message


def test_no_evidence(report):
    report.evaluation.indicators[2].evidence = ""
    assert codes(report) == ["EVAL-EVIDENCE-EMPTY"]


def test_same_indicator_under_output_and_effect(report):
    report.evaluation.indicators[2].name = "科普活动场次"
    assert "EVAL-DUPLICATE-INDICATOR" in codes(report)


def test_score_below_points_needs_a_reason(report):
    report.evaluation.indicators[0].actual = "80"
    (f,) = [f for f in evals(report) if f.code == "EVAL-DEVIATION-EMPTY"]
    assert "得分 24.00 低于分值 30.00" in f.message
    report.evaluation.indicators[0].deviation = "场地改造，部分活动取消"
    assert "EVAL-DEVIATION-EMPTY" not in codes(report)


def test_over_achievement_unexplained(report):
    report.evaluation.indicators[0].actual = "140"
    (f,) = [f for f in evals(report) if f.code == "EVAL-OVER-UNEXPLAINED"]
    assert "140.00%" in f.message and f.path.endswith(".deviation")


def test_execution_over_100_percent_unexplained(report):
    report.general_budget.projects[0].amount = D(105)
    (f,) = [f for f in evals(report) if f.code == "EVAL-RATE-OVER-100"]
    assert "105.00 ÷ 100.00 = 105.00%" in f.message
    report.general_budget.projects[0].evaluation.budget_deviation = "年中追加的活动经费未调整预算"
    assert "EVAL-RATE-OVER-100" not in codes(report)


def test_points_not_adding_up_to_the_split(report):
    report.evaluation.indicators[0].points = D(25)
    (f,) = [f for f in evals(report) if f.code == "EVAL-POINTS-SPLIT"]
    assert f.severity == "error" and "25.00 + 20.00 = 45.00 ≠ 指标体系规定的 50.00 分" in f.message


def test_project_without_evaluation_is_a_warning(report):
    report.general_budget.projects[0].evaluation = {}
    (f,) = [f for f in evals(report) if f.code == "EVAL-PROJECT-EMPTY"]
    assert f.severity == "warning" and "科普经费" in f.message and "未填写" in f.message


def test_figure_row_typed_actual_is_compared(example):
    example.evaluation = {
        "goals": [{"expected": "预算执行", "achieved": "执行"}],
        "indicators": [
            _row("产出指标", "预算执行率", 50, level2="质量指标", target="90", unit="%", figure="ind.budget_execution",
                 actual="95"),
        ],
    }
    (f,) = [f for f in checks.run(example) if f.code == "EVAL-FIGURE-DIFFERS"]
    assert "由草稿计算的一般公共预算" not in f.message  # the indicator's own label
    assert "预算执行率为 91.43" in f.message


def test_red_light_is_a_warning(report):
    report.general_budget.projects[0].amount = D(50)
    report.general_budget.projects[0].evaluation.budget_deviation = "项目延期"
    (f,) = [f for f in evals(report) if f.code == "EVAL-LIGHT-RED"]
    assert f.severity == "warning" and "红灯" in f.message
