"""Draft format 2: not entered is not zero, unfinished is never final, the model holds
what a real report states, and format-1 drafts still load."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval import checks, cli, draft
from selfeval.framework import evaluate, load_preset
from selfeval.model import (
    FIGURES,
    SCHEMA_VERSION,
    FundItem,
    IndicatorScore,
    Level1Score,
    OtherFund,
    Project,
    QuotaPart,
    Report,
    StaffUnit,
)
from selfeval.proofread import report_entries

from support import EXAMPLE, EXAMPLE_V1, ROOT

D = Decimal
SEED = ROOT / "tests" / "fixtures" / "seed-2024-original.txt"


def codes(report: Report) -> list[str]:
    return [f.code for f in checks.run(report)]


# ---- format 1 drafts ----------------------------------------------------------------


def test_format_1_draft_loads_migrates_and_round_trips(tmp_path: Path):
    path = tmp_path / "old.toml"
    shutil.copy(EXAMPLE_V1, path)
    v1 = path.read_bytes()
    notes: list[str] = []
    report = draft.loads(v1.decode("utf-8"), file=path, notes=notes)
    assert report.schema_version == SCHEMA_VERSION == 3
    assert notes and "版本 1" in notes[0] and any("逐科目相加" in n for n in notes)
    assert notes == draft.migration_notes(v1.decode("utf-8"))
    gb = report.general_budget
    # the whole-budget classification is the split added class by class; the split is kept
    for field in ("wages", "goods_services", "individual_family", "capital"):
        assert gb.economic.amount(field) == gb.economic_basic.amount(field) + gb.economic_project.amount(field)
    assert gb.economic.total == gb.economic_basic.total + gb.economic_project.total
    # explicit zeros stay zeros (format 1 wrote every key)
    assert gb.carryover_start_basic == 0 and gb.basic.reductions == 0
    # saving writes format 2 and keeps the format-1 file as .bak
    draft.save(report, path, source=v1.decode("utf-8"))
    assert draft.backup_path(path).read_bytes() == v1
    text = path.read_text(encoding="utf-8")
    assert "schema_version = 3" in text and "[general_budget.economic]" in text
    again = draft.load(path)
    assert again == report
    assert draft.migration_notes(text) == []
    assert draft.dumps(again, previous=text) == text


def test_migration_drops_an_all_zero_fund_classification(tmp_path: Path):
    text = EXAMPLE_V1.read_text(encoding="utf-8")
    report = draft.loads(text)
    assert all(f.economic.entered for f in report.other_funds if f.economic.total)
    old = draft.loads(text.replace("schema_version = 1", "schema_version = 1"))
    assert old == report
    zeroed = re.sub(r"(\[other_funds\.economic\]\n)((?:[a-z_]+ = [0-9.]+\n)+)",
                    lambda m: m.group(1) + re.sub(r"= [0-9.]+", "= 0", m.group(2)), text, count=1)
    notes: list[str] = []
    migrated = draft.loads(zeroed, notes=notes)
    assert not migrated.other_funds[0].economic.entered
    assert any("按未填处理" in n for n in notes)


# ---- not entered is not zero ---------------------------------------------------------


def test_not_entered_is_none_and_derived_figures_propagate_it(blank: Report):
    gb = blank.general_budget
    assert gb.personnel is None and gb.basic_spending is None and gb.spending is None
    gb.personnel = D("10")
    assert gb.basic_spending is None  # 日常公用经费 still 未填
    gb.public_expense = D("0")
    assert gb.basic_spending == D("10")
    assert FIGURES["gb.carryover_end.total"].get(blank) is None
    assert blank.income_total is None and blank.economic.total is None
    # the writer never writes None, and writes an explicit 0
    text = draft.dumps(blank)
    assert "public_expense = 0" in text and "carryover_start_basic" not in text
    assert "None" not in text


def test_new_draft_scores_nothing_and_says_what_each_indicator_needs(tmp_path: Path, capsys):
    path = tmp_path / "new.toml"
    assert cli.main(["new", str(path), "--department", "测试单位", "--year", "2025"]) == 0
    report = draft.load(path)
    preset = load_preset(report.meta.preset)
    card = evaluate(report, preset)
    assert all(r.score is None for r in card.results)
    assert not card.complete and card.total == 0
    assert card.status.startswith(f"评分未完成（{len(preset.indicators)} 项未评分：")
    findings = checks.run(report)
    unscored = [f for f in findings if f.code == "SCORE-UNSCORED"]
    assert len(unscored) == len(preset.indicators)
    for f in unscored:
        assert "尚未评分" in f.message and ("需填写" in f.message)
    rule = next(f for f in unscored if "政府采购执行率" in f.message)
    assert "需填写实际政府采购金额、政府采购预算" in rule.message
    assert [f.code for f in findings].count("SCORE-INCOMPLETE") == 1
    capsys.readouterr()
    assert cli.main(["export", str(path)]) == 1
    assert "评分未完成" in capsys.readouterr().err
    assert not path.with_suffix(".md").exists()
    assert cli.main(["export", str(path), "--force"]) == 0
    assert "评分未完成" in capsys.readouterr().out


def test_one_base_figure_deleted_unscores_that_indicator_only(tmp_path: Path, capsys):
    text = EXAMPLE_V1.read_text(encoding="utf-8")
    before = draft.loads(text)
    assert evaluate(before, load_preset("hengyang-2024")).complete
    cut = re.sub(r"\nprocurement_budget = [0-9.]+\n", "\n", text, count=1)
    assert cut != text
    path = tmp_path / "cut.toml"
    path.write_text(cut, encoding="utf-8")
    report = draft.load(path)
    card = evaluate(report, load_preset("hengyang-2024"))
    assert [r.indicator.id for r in card.unscored] == ["process.execution.procurement"]
    (f,) = [f for f in checks.run(report) if f.code == "SCORE-UNSCORED"]
    assert "政府采购执行率" in f.message and "政府采购预算" in f.message
    assert f.path == "base_data.procurement_budget"
    assert cli.main(["export", str(path)]) == 1
    assert "1 项未评分：政府采购执行率" in capsys.readouterr().err


def test_zero_denominator_is_not_applicable_only_when_marked(example_v1: Report):
    bd = example_v1.base_data
    bd.procurement_budget = bd.procurement_actual = D("0")
    res = evaluate(example_v1, load_preset("hengyang-2024")).result("process.execution.procurement")
    assert res.score is None
    example_v1.scoring.scores.append(
        IndicatorScore(id="process.execution.procurement", not_applicable=True)
    )
    assert "SCORE-NA-NO-REASON" in codes(example_v1)
    example_v1.scoring.get("process.execution.procurement").not_applicable_reason = "本年无政府采购预算"
    card = evaluate(example_v1, load_preset("hengyang-2024"))
    res = card.result("process.execution.procurement")
    assert res.score == res.points and "不适用（本年无政府采购预算）" in res.shown_basis
    assert card.complete


# ---- unfinished is never final -----------------------------------------------------


def test_level1_scoring_is_the_units_own_and_complete_only_when_every_level1_is_scored():
    report = draft.load(EXAMPLE)
    card = evaluate(report, load_preset(report.meta.preset))
    assert card.granularity == "level1" and card.results == []
    assert card.complete and card.total == 97 and card.grade == "优"
    assert [(s.name, s.points, s.score) for s in card.level1] == [
        ("投入", 10, 9), ("过程", 30, 30), ("产出", 30, 29), ("效果", 30, 29)
    ]
    report.scoring.level1[2].score = None
    report.scoring.stated_grade = "优"
    card = evaluate(report, load_preset(report.meta.preset))
    assert not card.complete and card.blocking == ["产出（一级指标）"]
    fs = checks.run(report)
    (inc,) = [f for f in fs if f.code == "SCORE-INCOMPLETE"]
    assert "所写等级" in inc.message and "评分未完成（1 项未评分" in inc.message
    assert "GRADE-MISMATCH" not in {f.code for f in fs}
    assert "LEVEL1-UNSCORED" in {f.code for f in fs}


def test_stated_scores_wait_for_complete_scoring():
    report = draft.load(ROOT / "tests" / "fixtures" / "seed-2024-as-written.toml")
    report.scoring.level1[1].score = None  # 过程
    fs = checks.run(report)
    assert not [f for f in fs if f.code in ("RECON-MISMATCH", "RECON-ROUNDING") and f.path == "scoring"]
    assert "SCORE-INCOMPLETE" in {f.code for f in fs}


def test_level1_score_over_its_points_and_unknown_name():
    report = draft.load(EXAMPLE)
    report.scoring.level1.append(Level1Score(name="满意度", score=D("5")))
    report.scoring.level1[0].score = D("11")
    got = {f.code: f for f in checks.run(report)}
    assert got["SCORE-OVER-POINTS"].severity == "error" and "投入" in got["SCORE-OVER-POINTS"].message
    assert "满意度" in got["LEVEL1-UNKNOWN"].message


# ---- ranges and presence -------------------------------------------------------------


def test_rates_that_cannot_exceed_100_percent(example_v1: Report):
    bd = example_v1.base_data
    bd.satisfaction = D("200")
    bd.tasks_completed = (bd.tasks_planned or 0) + 1
    fs = [f for f in checks.run(example_v1) if f.code.startswith("RANGE")]
    assert {(f.code, f.path) for f in fs} >= {
        ("RANGE-SATISFACTION", "base_data.satisfaction"),
        ("RANGE-RATE", "base_data.tasks_completed"),
    }
    assert all(f.severity == "error" for f in fs)
    msg = next(f.message for f in fs if f.path == "base_data.tasks_completed")
    assert f"{bd.tasks_completed} > " in msg and "100%" in msg


def test_counts_are_non_negative_whole_numbers():
    with pytest.raises(ValueError):
        StaffUnit(on_payroll=-1)
    with pytest.raises(ValueError):
        QuotaPart(count=D("1.5"))


def test_no_key_project_while_the_preset_scores_key_spending(example_v1: Report):
    assert "KEY-PROJECT-NONE" not in codes(example_v1)
    for p in example_v1.general_budget.projects:
        p.key = False
    (f,) = [f for f in checks.run(example_v1) if f.code == "KEY-PROJECT-NONE"]
    assert f.severity == "warning" and "重点支出安排率" in f.message


def test_optional_sections_left_empty_are_no_finding(blank: Report):
    blank.other_funds.append(OtherFund(name="甲", carryover_start=D("0"), income=D("5"), spending_basic=D("5"),
                                       spending_project=D("0"), purpose="用途"))
    fs = [f for f in checks.run(blank) if f.path.startswith("other_funds")]
    assert fs == []


# ---- new parts of the model, checked --------------------------------------------------


def test_staff_quota_from_parts_and_compared_when_typed():
    report = draft.load(EXAMPLE)
    unit = report.overview.staffing.units[0]
    assert unit.quota("quota_cs_like") == 18 and unit.quota("quota_institution") == 1 and unit.quota_total == 19
    assert report.overview.staffing.as_of.isoformat() == "2024-12-31"
    unit.quota_cs_like = 17
    (f,) = [f for f in checks.run(report) if f.code == "STAFF-QUOTA-PARTS"]
    assert f.path == "overview.staffing.units[0].quota_cs_like" and "17" in f.message and "18" in f.message


def test_fund_split_and_items_are_checked():
    report = draft.load(EXAMPLE)
    fund = report.other_funds[0]
    assert report.personnel == D("434.93") and report.public_expense == D("91.53")  # line 28's 91.53
    assert report.spending_of("other") == D("14.46") and report.spending_of("general_budget") == D("697.45")
    fund.public_expense = D("14.00")
    (f,) = [f for f in checks.run(report) if f.code == "FUND-SPLIT"]
    assert f.severity == "error" and "≠ 基本支出 14.46" in f.message
    fund.public_expense = D("14.45")
    (f,) = [f for f in checks.run(report) if f.code == "FUND-SPLIT"]
    assert f.severity == "warning" and f.message.endswith("可能为四舍五入尾差，请核对")
    fund.public_expense = D("14.46")
    fund.items.append(FundItem(name="另一笔", amount=D("1")))
    (f,) = [f for f in checks.run(report) if f.code == "FUND-ITEMS-OVER"]
    assert "= 15.40 > 本年收入 14.46" in f.message


def test_department_split_is_unknown_while_a_fund_with_basic_spending_has_none():
    report = draft.load(EXAMPLE)
    fund = report.other_funds[0]
    fund.personnel = fund.public_expense = None
    assert report.personnel is None and report.public_expense is None


def test_project_amount_not_entered_leaves_project_spending_unknown():
    report = draft.load(EXAMPLE)
    report.general_budget.projects.append(Project(name="新项目"))
    assert report.general_budget.project_spending is None
    assert "PROJECT-AMOUNT-EMPTY" in codes(report)


# ---- the example is the seed retyped ---------------------------------------------------


def _fixes() -> list[tuple[str, str]]:
    """The typo fixes listed in the example's header: ``原文 → 改为（原因）``."""
    out = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s{3}(.+?) → (.+?)（", line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def _seed_lines() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [re.sub(r"\[bookmark: [^\]]*\]", "", line) for line in text.split("\n")]


def test_every_text_of_the_example_occurs_in_the_seed():
    fixes = _fixes()
    assert len(fixes) >= 10
    fixed = "\n".join(_seed_lines())
    for wrong, right in fixes:
        assert wrong in fixed, wrong
        fixed = fixed.replace(wrong, right)
    report = draft.load(EXAMPLE)
    checked = 0
    for path, text, _ in report_entries(report):
        if not re.search(r"[\u4e00-\u9fff]", text):
            continue  # identifiers (问题编号, 指标体系), not report text
        if ".evaluation" in f".{path}":
            continue  # the 自评表s: the seed has none (test_the_tables_actuals_are_the_seeds)
        for paragraph in text.split("\n"):
            assert paragraph.strip() in fixed, (path, paragraph)
            checked += 1
    assert checked >= 60


def test_every_figure_the_seed_prints_is_in_the_example():
    example = EXAMPLE.read_text(encoding="utf-8")
    have = set(re.findall(r"\d+(?:\.\d+)?", example))
    for n, line in enumerate(_seed_lines(), 1):
        line = re.sub(r"^\s*\d+\s*[．.、](?!\d)\s*", "", line)  # list numbering is generated
        for figure in re.findall(r"\d+(?:\.\d+)?", line):
            assert figure in have, (n, figure, line)


def test_the_tables_actuals_are_the_seeds():
    """Each quantitative actual of the example's 自评表s is a quantity the seed's 履职 chapter
    states (the satisfaction surveys, which the seed has none of, are marked 示例)."""
    seed = "\n".join(_seed_lines())
    report = draft.load(EXAMPLE)
    tables = [report.evaluation] + [p.evaluation for p in report.general_budget.projects]
    checked = 0
    for ev in tables:
        for row in ev.indicators:
            if row.is_qualitative or not row.actual or "示例" in row.evidence:
                continue
            assert re.search(rf"(?<![0-9.]){re.escape(row.actual)}(?![0-9.])", seed), (row.name, row.actual)
            checked += 1
    assert checked >= 12
