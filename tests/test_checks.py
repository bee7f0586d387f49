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


#: the format-1 example predates the 自评表s: each of its tables is 未填写 (a warning)
UNFILLED_TABLES = ("EVAL-DEPARTMENT-EMPTY", "EVAL-PROJECT-EMPTY")


def without_tables(findings: list[checks.Finding]) -> list[checks.Finding]:
    return [f for f in findings if f.code not in UNFILLED_TABLES]


def test_migrated_v1_example_has_no_findings(example_v1: Report):
    findings = checks.run(example_v1)
    assert without_tables(findings) == []
    # one 未填写 warning per table: the department's and each project's
    assert [f.code for f in findings] == ["EVAL-DEPARTMENT-EMPTY"] + ["EVAL-PROJECT-EMPTY"] * len(
        example_v1.general_budget.projects
    )  # in step order: 部门自评表 before 项目自评表


def test_every_finding_is_well_formed(example_v1: Report):
    report = draft.load(AS_WRITTEN)
    for f in checks.run(report):
        assert f.severity in ("error", "warning", "notice")
        assert f.section in {s.key for s in checks.STEPS}
        assert f.path and f.message and f.code.isupper()


def test_meta(example_v1: Report):
    example_v1.meta.department = ""
    example_v1.meta.preparer = ""
    assert found(example_v1, "META-DEPARTMENT-EMPTY")[0].severity == "error"
    assert found(example_v1, "META-PREPARER-EMPTY")[0].severity == "notice"


def test_unusable_preset_is_an_error(example_v1: Report):
    example_v1.meta.preset = "no-such"
    (f,) = found(example_v1, "PRESET-UNUSABLE")
    assert f.section == "meta" and "no-such" in f.message


@pytest.mark.parametrize(
    "attr, code",
    [
        ("basic_info", "SECTION-EMPTY-BASIC-INFO"),
        ("duties", "SECTION-EMPTY-DUTIES"),
        ("goals", "SECTION-EMPTY-GOALS"),
    ],
)
def test_required_overview_sections(example_v1: Report, attr, code):
    assert not found(example_v1, code)
    setattr(example_v1.overview, attr, "" if attr == "basic_info" else [])
    (f,) = found(example_v1, code)
    assert f.severity == "warning" and f.section == "overview"


def test_required_duty_performance_problems_measures(example_v1: Report):
    example_v1.performance.duty = []
    example_v1.problems = []
    example_v1.measures = []
    codes = {f.code for f in checks.run(example_v1)}
    assert {"SECTION-EMPTY-DUTY", "SECTION-EMPTY-PROBLEMS", "SECTION-EMPTY-MEASURES"} <= codes


def test_staff_over_quota(example_v1: Report):
    assert not found(example_v1, "STAFF-OVER-QUOTA")
    example_v1.overview.staffing.units[1] = StaffUnit(name="馆", quota_institution=12, on_payroll=14)
    (f,) = found(example_v1, "STAFF-OVER-QUOTA")
    assert "实有在职在编 14 人 > 编制数 12 名（超编 2 人）" in f.message
    assert f.path == "overview.staffing.units[1].on_payroll"
    example_v1.overview.staffing.units = []
    assert found(example_v1, "STAFF-EMPTY")


def test_negative_adjusted_budget(example_v1: Report):
    assert not found(example_v1, "BUDGET-ADJUSTED-NEGATIVE")
    example_v1.general_budget.project.reductions = D("200")
    (f,) = found(example_v1, "BUDGET-ADJUSTED-NEGATIVE")
    assert "年初预算 100.00 + 年中追加 20.00 − 年中追减 200.00 = -80.00" in f.message


def test_negative_year_end_balance(example_v1: Report):
    assert not found(example_v1, "GB-BALANCE-NEGATIVE")
    example_v1.general_budget.personnel = D("400")
    (f,) = found(example_v1, "GB-BALANCE-NEGATIVE")
    assert "年初结转和结余 0.00 + 本年收入 430.00 − 本年支出 491.53 = -61.53" in f.message


def test_other_fund_checks(example_v1: Report):
    assert not found(example_v1, "FUND-BALANCE-NEGATIVE")
    example_v1.other_funds.append(OtherFund(source="business", carryover_start=D("0"), income=D("5"), spending_basic=D("6"), spending_project=D("0")))
    codes = {f.code for f in checks.run(example_v1)}
    assert {"FUND-BALANCE-NEGATIVE", "FUND-NAME-EMPTY", "FUND-PURPOSE-EMPTY"} <= codes


def test_projects(example_v1: Report):
    assert not found(example_v1, "PROJECT-ZERO")
    example_v1.general_budget.projects.append(Project(name="", amount=D("0")))
    codes = {f.code for f in checks.run(example_v1)}
    assert {"PROJECT-ZERO", "PROJECT-NAME-EMPTY"} <= codes
    example_v1.general_budget.projects = []
    assert found(example_v1, "PROJECTS-EMPTY")


def test_economic_classification_sums_per_scope(example_v1: Report):
    assert not [f for f in checks.run(example_v1) if f.code.startswith("ECON")]
    example_v1.general_budget.economic_basic.goods_services = D("98.73")  # +10.00
    codes = {f.code: f for f in checks.run(example_v1)}
    # the split no longer adds up to the basic spending, nor to the whole-budget class
    assert "ECON-GB-BASIC" in codes and "ECON-GB-SPLIT" in codes and "ECON-GB-PROJECT" not in codes
    assert "ECON-GB" not in codes  # the whole-budget classification itself still adds up
    assert "= 436.46 ≠ 本年支出 426.46（差 10.00" in codes["ECON-GB-BASIC"].message
    assert codes["ECON-GB-BASIC"].severity == "error"
    assert codes["ECON-GB-SPLIT"].path == "general_budget.economic.goods_services"
    assert "302 商品和服务支出：基本支出 98.73 + 项目支出 104.30 = 203.03 ≠ 一般公共预算支出中的 193.03（差 10.00）" in codes["ECON-GB-SPLIT"].message


def test_economic_rounding_tail_is_a_warning(example_v1: Report):
    example_v1.general_budget.economic_basic.capital = D("2.81")  # +0.01 over 4 summands
    (f,) = found(example_v1, "ECON-GB-BASIC")
    assert f.severity == "warning" and f.message.endswith("可能为四舍五入尾差，请核对")
    # the same 0.01 between the split and the whole class: the same rule, the same severity
    (g,) = found(example_v1, "ECON-GB-SPLIT")
    assert g.severity == "warning" and g.message.endswith("可能为四舍五入尾差，请核对")


def test_economic_gap_beyond_the_summands_is_an_error(example_v1: Report):
    eco = example_v1.general_budget.economic
    given = eco.given
    eco.wages += D("0.01") * (given + 1)  # more than 0.01 per summand
    (f,) = found(example_v1, "ECON-GB")
    assert f.severity == "error" and "尾差" not in f.message


def test_economic_classification_missing(example_v1: Report):
    example_v1.general_budget.economic = EconomicBreakdown()
    example_v1.general_budget.economic_basic = EconomicBreakdown()
    example_v1.general_budget.economic_project = EconomicBreakdown()
    assert found(example_v1, "ECON-EMPTY")[0].severity == "warning"


def test_split_is_optional(example_v1: Report):
    example_v1.general_budget.economic_basic = EconomicBreakdown()
    example_v1.general_budget.economic_project = EconomicBreakdown()
    assert not [f for f in checks.run(example_v1) if f.code.startswith("ECON")]


def test_other_fund_economic_sum(example_v1: Report):
    example_v1.other_funds[0].economic.goods_services = D("20")
    (f,) = found(example_v1, "ECON-FUND")
    assert "上级补助收入" in f.message and f.path == "other_funds[0].economic.wages"


def test_other_fund_economic_left_empty_is_no_finding(example_v1: Report):
    # an optional section left empty: no error equal to the fund's spending (issue 11)
    example_v1.other_funds[0].economic = EconomicBreakdown()
    assert not [f for f in checks.run(example_v1) if f.code.startswith("ECON")]


def test_personnel_against_economic_classification(example_v1: Report):
    assert not found(example_v1, "PERSONNEL-VS-ECON")
    example_v1.general_budget.personnel = D("330.00")
    example_v1.general_budget.public_expense = D("96.46")  # basic unchanged, so Σ econ still agrees
    (f,) = found(example_v1, "PERSONNEL-VS-ECON")
    assert f.severity == "error"
    assert "人员经费 330.00 ≠ 基本支出中 301 工资福利支出 300.12 + 303 对个人和家庭的补助 34.81 = 334.93（差 -4.93）" in f.message


def test_public_funds_parts_exceed_total(example_v1: Report):
    assert not found(example_v1, "PUBLIC-FUNDS-PARTS")
    example_v1.base_data.public_funds.office = D("80")
    (f,) = found(example_v1, "PUBLIC-FUNDS-PARTS")
    assert "= 107.75 > 日常公用经费 91.53" in f.message


def test_reconciliation_with_arithmetic(example_v1: Report):
    example_v1.reconciliation = [StatedFigure(figure="gb.spending.basic", value=D("436.47"), where="决算基本支出表")]
    (f,) = found(example_v1, "RECON-MISMATCH")
    assert f.message.startswith("一般公共预算本年支出（基本支出） 436.47 ≠ 人员经费 334.93 + 日常公用经费 91.53 = 426.46（差 10.01）（决算基本支出表）")
    assert f.path == "general_budget.personnel" and f.section == "expenditure"
    assert f.numbers["difference"] == "10.01"


def test_reconciliation_rounding_tail_and_typed_figure(example_v1: Report):
    example_v1.reconciliation = [
        StatedFigure(figure="dept.income.total", value=D("578.01")),
        StatedFigure(figure="gb.personnel", value=D("334.39")),
        StatedFigure(figure="staff.on_payroll", value=D("26")),
    ]
    fs = without_tables(checks.run(example_v1))
    assert [(f.code, f.severity) for f in fs] == [("RECON-ROUNDING", "warning"), ("RECON-MISMATCH", "error")]
    assert fs[0].message.endswith("可能为四舍五入尾差，请核对")
    assert "人员经费写作 334.39，而草稿中为 334.93（差 -0.54）" in fs[1].message


def test_reconciliation_of_percent_and_scores(example_v1: Report):
    example_v1.reconciliation = [
        StatedFigure(figure="ind.budget_execution", value=D("99.02")),
        StatedFigure(figure="score.total", value=D("96.01")),
        StatedFigure(figure="score.过程", value=D("29.00")),
        StatedFigure(figure="score.no_such", value=D("1")),
    ]
    fs = {f.code: f for f in checks.run(example_v1)}
    assert "预算执行率 99.02% ≠ 本年支出 ÷ 调整后预算 = 99.01%" in fs["RECON-ROUNDING"].message
    assert fs["RECON-MISMATCH"].message.startswith("过程得分 29.00 ≠ 预算完成率 4.37 + ")
    assert "RECON-UNKNOWN" in fs


def test_scores_over_points_and_unscored(example_v1: Report):
    entry = example_v1.scoring.get("input.goal.clear")
    entry.score = D("2.5")
    (f,) = found(example_v1, "SCORE-OVER-POINTS")
    assert "得分 2.50 超过分值 2" in f.message and f.severity == "error"
    entry.score = None
    (f,) = found(example_v1, "SCORE-UNSCORED")
    assert f.path.endswith(".score")


def test_score_without_basis(example_v1: Report):
    example_v1.scoring.get("input.goal.clear").basis = ""
    assert found(example_v1, "SCORE-NO-BASIS")


def test_manual_score_contradicting_the_rule(example_v1: Report):
    example_v1.scoring.scores.append(IndicatorScore(id="process.execution.procurement", score=D("3")))
    (f,) = found(example_v1, "SCORE-MANUAL-VS-RULE")
    assert "手工填写 3.00 分，与按公式计算的 2.85 分不符" in f.message and f.severity == "warning"


def test_override_needs_a_reason(example_v1: Report):
    example_v1.scoring.scores.append(IndicatorScore(id="process.execution.procurement", override=D("3")))
    assert found(example_v1, "SCORE-OVERRIDE-NO-REASON")[0].severity == "error"
    example_v1.scoring.get("process.execution.procurement").override_reason = "跨年合同"
    assert not found(example_v1, "SCORE-OVERRIDE-NO-REASON")


def test_unknown_score_id_and_grade_mismatch(example_v1: Report):
    example_v1.scoring.scores.append(IndicatorScore(id="made.up", score=D("1")))
    example_v1.scoring.stated_grade = "良"
    codes = {f.code for f in checks.run(example_v1)}
    assert {"SCORE-UNKNOWN-ID", "GRADE-MISMATCH"} <= codes
    example_v1.scoring.stated_grade = "优"
    assert not found(example_v1, "GRADE-MISMATCH")


def test_unweighted_preset_says_which_points_are_missing(example_v1: Report):
    example_v1.meta.preset = "national-2013"
    missing = found(example_v1, "SCORE-POINTS-MISSING")
    assert len(missing) == 28
    for entry_id in [f.message for f in missing][:1]:
        assert "未设定分值" in entry_id


def test_analysis_per_level1(example_v1: Report):
    example_v1.performance.analysis[2].text = ""
    (f,) = found(example_v1, "ANALYSIS-EMPTY")
    assert "产出" in f.message and f.path == "performance.analysis[2].text" and f.section == "scoring"


def test_problems_and_measures_are_linked(example_v1: Report):
    example_v1.problems.append(Problem(id="p9", title="新问题"))
    (f,) = found(example_v1, "PROBLEM-UNANSWERED")
    assert "新问题" in f.message
    example_v1.measures.append(Measure(title="孤立措施"))
    example_v1.measures.append(Measure(title="错链措施", answers=["p404"]))
    codes = {f.code for f in checks.run(example_v1)}
    assert {"MEASURE-NO-PROBLEM", "MEASURE-UNKNOWN-PROBLEM"} <= codes



def test_measure_numbered_unlike_its_problem(example_v1: Report):
    assert not found(example_v1, "MEASURE-NUMBER")  # (三) answers (一) and (三): said in the report
    example_v1.measures[0], example_v1.measures[1] = example_v1.measures[1], example_v1.measures[0]
    first, second = found(example_v1, "MEASURE-NUMBER")
    assert first.severity == "notice" and first.path == "measures[0].answers"
    assert "第 1 条措施针对问题（二）" in first.message and "Ctrl+↑/↓" in first.message
    assert second.path == "measures[1].answers" and "问题（一）" in second.message


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


