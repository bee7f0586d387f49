"""Every check: a case that passes and one that fails, with the arithmetic in the message."""

from __future__ import annotations

from decimal import Decimal

import pytest

from selfeval import checks, draft
from selfeval.model import (
    EconomicBreakdown,
    IndicatorScore,
    Measure,
    OtherFund,
    Problem,
    Project,
    Report,
    StaffUnit,
    StatedFigure,
)

from support import AS_WRITTEN

D = Decimal


def found(report: Report, code: str) -> list[checks.Finding]:
    return [f for f in checks.run(report) if f.code == code]


def test_example_has_no_findings(example: Report):
    assert checks.run(example) == []


def test_every_finding_is_well_formed(example: Report):
    report = draft.load(AS_WRITTEN)
    for f in checks.run(report):
        assert f.severity in ("error", "warning", "notice")
        assert f.section in {s.key for s in checks.STEPS}
        assert f.path and f.message and f.code.isupper()


def test_meta(example: Report):
    example.meta.department = ""
    example.meta.preparer = ""
    assert found(example, "META-DEPARTMENT-EMPTY")[0].severity == "error"
    assert found(example, "META-PREPARER-EMPTY")[0].severity == "notice"


def test_unusable_preset_is_an_error(example: Report):
    example.meta.preset = "no-such"
    (f,) = found(example, "PRESET-UNUSABLE")
    assert f.section == "meta" and "no-such" in f.message


@pytest.mark.parametrize(
    "attr, code",
    [
        ("basic_info", "SECTION-EMPTY-BASIC-INFO"),
        ("duties", "SECTION-EMPTY-DUTIES"),
        ("goals", "SECTION-EMPTY-GOALS"),
    ],
)
def test_required_overview_sections(example: Report, attr, code):
    assert not found(example, code)
    setattr(example.overview, attr, "" if attr == "basic_info" else [])
    (f,) = found(example, code)
    assert f.severity == "warning" and f.section == "overview"


def test_required_duty_performance_problems_measures(example: Report):
    example.performance.duty = []
    example.problems = []
    example.measures = []
    codes = {f.code for f in checks.run(example)}
    assert {"SECTION-EMPTY-DUTY", "SECTION-EMPTY-PROBLEMS", "SECTION-EMPTY-MEASURES"} <= codes


def test_staff_over_quota(example: Report):
    assert not found(example, "STAFF-OVER-QUOTA")
    example.overview.staffing.units[1] = StaffUnit(name="馆", quota_institution=12, on_payroll=14)
    (f,) = found(example, "STAFF-OVER-QUOTA")
    assert "实有在职在编 14 人 > 编制数 12 名（超编 2 人）" in f.message
    assert f.path == "overview.staffing.units[1].on_payroll"
    example.overview.staffing.units = []
    assert found(example, "STAFF-EMPTY")


def test_negative_adjusted_budget(example: Report):
    assert not found(example, "BUDGET-ADJUSTED-NEGATIVE")
    example.general_budget.project.reductions = D("200")
    (f,) = found(example, "BUDGET-ADJUSTED-NEGATIVE")
    assert "年初预算 100.00 + 年中追加 20.00 − 年中追减 200.00 = -80.00" in f.message


def test_negative_year_end_balance(example: Report):
    assert not found(example, "GB-BALANCE-NEGATIVE")
    example.general_budget.personnel = D("400")
    (f,) = found(example, "GB-BALANCE-NEGATIVE")
    assert "年初结转和结余 0.00 + 本年收入 430.00 − 本年支出 491.53 = -61.53" in f.message


def test_other_fund_checks(example: Report):
    assert not found(example, "FUND-BALANCE-NEGATIVE")
    example.other_funds.append(OtherFund(source="business", income=D("5"), spending_basic=D("6")))
    codes = {f.code for f in checks.run(example)}
    assert {"FUND-BALANCE-NEGATIVE", "FUND-NAME-EMPTY", "FUND-PURPOSE-EMPTY"} <= codes


def test_projects(example: Report):
    assert not found(example, "PROJECT-ZERO")
    example.general_budget.projects.append(Project(name="", amount=D("0")))
    codes = {f.code for f in checks.run(example)}
    assert {"PROJECT-ZERO", "PROJECT-NAME-EMPTY"} <= codes
    example.general_budget.projects = []
    assert found(example, "PROJECTS-EMPTY")


def test_economic_classification_sums_per_scope(example: Report):
    assert not [f for f in checks.run(example) if f.code.startswith("ECON")]
    example.general_budget.economic_basic.goods_services = D("98.73")  # +10.00
    codes = {f.code: f for f in checks.run(example)}
    assert "ECON-GB-BASIC" in codes and "ECON-DEPT" in codes and "ECON-GB-PROJECT" not in codes
    assert "= 436.46 ≠ 本年支出 426.46（差 10.00" in codes["ECON-GB-BASIC"].message
    assert codes["ECON-GB-BASIC"].severity == "error"


def test_economic_rounding_tail_is_a_notice(example: Report):
    example.general_budget.economic_basic.capital = D("2.81")  # +0.01 over 4 summands
    (f,) = found(example, "ECON-GB-BASIC")
    assert f.severity == "notice" and "尾差" in f.message


def test_economic_classification_missing(example: Report):
    example.general_budget.economic_basic = EconomicBreakdown()
    example.general_budget.economic_project = EconomicBreakdown()
    assert found(example, "ECON-EMPTY")[0].severity == "warning"


def test_other_fund_economic_sum(example: Report):
    example.other_funds[0].economic.goods_services = D("20")
    (f,) = found(example, "ECON-FUND")
    assert "上级补助收入" in f.message and f.path == "other_funds[0].economic"


def test_personnel_against_economic_classification(example: Report):
    assert not found(example, "PERSONNEL-VS-ECON")
    example.general_budget.personnel = D("330.00")
    example.general_budget.public_expense = D("96.46")  # basic unchanged, so Σ econ still agrees
    (f,) = found(example, "PERSONNEL-VS-ECON")
    assert f.severity == "warning"
    assert "人员经费 330.00 ≠ 基本支出中 301 工资福利支出 300.12 + 303 对个人和家庭的补助 34.81 = 334.93（差 -4.93）" in f.message


def test_public_funds_parts_exceed_total(example: Report):
    assert not found(example, "PUBLIC-FUNDS-PARTS")
    example.base_data.public_funds.office = D("80")
    (f,) = found(example, "PUBLIC-FUNDS-PARTS")
    assert "= 107.75 > 日常公用经费 91.53" in f.message


def test_reconciliation_with_arithmetic(example: Report):
    example.reconciliation = [StatedFigure(figure="gb.spending.basic", value=D("526.47"), where="报告三（二）")]
    (f,) = found(example, "RECON-MISMATCH")
    assert f.message.startswith("一般公共预算本年支出（基本支出） 526.47 ≠ 人员经费 334.93 + 日常公用经费 91.53 = 426.46（差 100.01）")
    assert f.path == "general_budget.personnel" and f.section == "expenditure"
    assert f.numbers["difference"] == "100.01"


def test_reconciliation_rounding_tail_and_typed_figure(example: Report):
    example.reconciliation = [
        StatedFigure(figure="dept.income.total", value=D("578.01")),
        StatedFigure(figure="gb.personnel", value=D("334.39")),
        StatedFigure(figure="staff.on_payroll", value=D("26")),
    ]
    fs = checks.run(example)
    assert [(f.code, f.severity) for f in fs] == [("RECON-ROUNDING", "notice"), ("RECON-MISMATCH", "error")]
    assert "人员经费写作 334.39，而草稿中为 334.93（差 -0.54）" in fs[1].message


def test_reconciliation_of_percent_and_scores(example: Report):
    example.reconciliation = [
        StatedFigure(figure="ind.budget_execution", value=D("99.02")),
        StatedFigure(figure="score.total", value=D("96.01")),
        StatedFigure(figure="score.过程", value=D("29.00")),
        StatedFigure(figure="score.no_such", value=D("1")),
    ]
    fs = {f.code: f for f in checks.run(example)}
    assert "预算执行率 99.02% ≠ 本年支出 ÷ 调整后预算 = 99.01%" in fs["RECON-ROUNDING"].message
    assert fs["RECON-MISMATCH"].message.startswith("过程得分 29.00 ≠ 预算完成率 4.37 + ")
    assert "RECON-UNKNOWN" in fs


def test_scores_over_points_and_unscored(example: Report):
    entry = example.scoring.get("input.goal.clear")
    entry.score = D("2.5")
    (f,) = found(example, "SCORE-OVER-POINTS")
    assert "得分 2.50 超过分值 2" in f.message and f.severity == "error"
    entry.score = None
    (f,) = found(example, "SCORE-UNSCORED")
    assert f.path.endswith(".score")


def test_score_without_basis(example: Report):
    example.scoring.get("input.goal.clear").basis = ""
    assert found(example, "SCORE-NO-BASIS")


def test_manual_score_contradicting_the_rule(example: Report):
    example.scoring.scores.append(IndicatorScore(id="process.execution.procurement", score=D("3")))
    (f,) = found(example, "SCORE-MANUAL-VS-RULE")
    assert "手工填写 3.00 分，与按公式计算的 2.85 分不符" in f.message and f.severity == "warning"


def test_override_needs_a_reason(example: Report):
    example.scoring.scores.append(IndicatorScore(id="process.execution.procurement", override=D("3")))
    assert found(example, "SCORE-OVERRIDE-NO-REASON")[0].severity == "error"
    example.scoring.get("process.execution.procurement").override_reason = "跨年合同"
    assert not found(example, "SCORE-OVERRIDE-NO-REASON")


def test_unknown_score_id_and_grade_mismatch(example: Report):
    example.scoring.scores.append(IndicatorScore(id="made.up", score=D("1")))
    example.scoring.stated_grade = "良"
    codes = {f.code for f in checks.run(example)}
    assert {"SCORE-UNKNOWN-ID", "GRADE-MISMATCH"} <= codes
    example.scoring.stated_grade = "优"
    assert not found(example, "GRADE-MISMATCH")


def test_unweighted_preset_says_which_points_are_missing(example: Report):
    example.meta.preset = "national-2013"
    missing = found(example, "SCORE-POINTS-MISSING")
    assert len(missing) == 28
    for entry_id in [f.message for f in missing][:1]:
        assert "未设定分值" in entry_id


def test_analysis_per_level1(example: Report):
    example.performance.analysis[2].text = ""
    (f,) = found(example, "ANALYSIS-EMPTY")
    assert "产出" in f.message and f.path == "performance.analysis[2].text" and f.section == "scoring"


def test_problems_and_measures_are_linked(example: Report):
    example.problems.append(Problem(id="p9", title="新问题"))
    (f,) = found(example, "PROBLEM-UNANSWERED")
    assert "新问题" in f.message
    example.measures.append(Measure(title="孤立措施"))
    example.measures.append(Measure(title="错链措施", answers=["p404"]))
    codes = {f.code for f in checks.run(example)}
    assert {"MEASURE-NO-PROBLEM", "MEASURE-UNKNOWN-PROBLEM"} <= codes


def test_findings_sorted_by_step_then_severity():
    fs = checks.run(draft.load(AS_WRITTEN))
    assert len({f.section for f in fs}) >= 3 and len({f.severity for f in fs}) >= 2  # an order to check
    order = [s.key for s in checks.STEPS]
    keys = [(order.index(f.section), ["error", "warning", "notice"].index(f.severity)) for f in fs]
    assert keys == sorted(keys)


def test_text_and_json_output():
    fs = checks.run(draft.load(AS_WRITTEN))
    text = checks.to_text(fs)
    assert "【支出】" in text and "✗ 错误 RECON-MISMATCH" in text
    assert text.splitlines()[-1].startswith("共 ")


def test_as_written_fixture_reports_each_contradiction():
    fs = checks.run(draft.load(AS_WRITTEN))
    got = sorted((f.code, f.severity) for f in fs)
    assert got == sorted(
        [
            ("RECON-MISMATCH", "error"),  # 实有在职 27 vs 26
            ("SECTION-EMPTY-GOALS", "warning"),
            ("RECON-ROUNDING", "notice"),  # 收入合计 578.01
            ("RECON-MISMATCH", "error"),  # 基本支出 526.47
            ("RECON-MISMATCH", "error"),  # 本年支出 642.57
            ("RECON-MISMATCH", "error"),  # 年末结转和结余 0.00
            ("RECON-MISMATCH", "error"),  # 投入得分 9.5
            ("GRADE-MISMATCH", "error"),
            ("PROBLEM-UNANSWERED", "warning"),
        ]
    )
