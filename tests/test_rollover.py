"""Next year's draft from last year's: `selfeval new FILE --from LAST.toml`."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from selfeval import checks, draft, rollover
from selfeval.cli import main
from selfeval.model import Report, paths

from support import EXAMPLE


def _leaves(obj, path=""):
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _leaves(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path, obj


#: decimal fields a new year's draft may hold: the previous-year figures, and
#: what a row is worth (分值: structure, not a figure of the year)
_ALLOWED = re.compile(
    r"^(general_budget\.carryover_start_(basic|project)|other_funds\[\d+\]\.carryover_start"
    r"|base_data\.three_public\.\w+\.prev_actual|base_data\.public_funds\.prev_actual"
    r"|.*\.points)$"
)


@pytest.fixture
def rolled(tmp_path: Path):
    """The example rolled forward to 2025 by the command, with its old bytes."""
    old = tmp_path / "example-2024.toml"
    # give the example 三公 actuals so that their move is visible
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("[base_data.three_public.reception]\n", "[base_data.three_public.reception]\nactual = 1.25\nbudget = 2\n")
    text = text.replace("[base_data.three_public.vehicle_operation]\n", "[base_data.three_public.vehicle_operation]\nactual = 3.40\nprev_actual = 9\n")
    old.write_text(text, encoding="utf-8")
    before = old.read_bytes()
    new = tmp_path / "example-2025.toml"
    assert main(["new", str(new), "--from", str(old)]) == 0
    return old, before, new


def test_rolled_example_loads_and_keeps_the_structure(rolled):
    old_path, before, new_path = rolled
    assert old_path.read_bytes() == before  # the old draft is never modified
    old, new = draft.load(old_path), draft.load(new_path)
    assert new.meta.year == 2025 and new.meta.department == old.meta.department
    assert new.meta.preset == old.meta.preset and new.meta.prepared_on is None
    assert new.overview.duties == old.overview.duties
    assert new.overview.organisation == old.overview.organisation
    assert [u.name for u in new.overview.staffing.units] == [u.name for u in old.overview.staffing.units]
    assert [u.quota_total for u in new.overview.staffing.units] == [u.quota_total for u in old.overview.staffing.units]
    assert [u.leaders for u in new.overview.staffing.units] == [u.leaders for u in old.overview.staffing.units]
    assert all(u.on_payroll is None and u.retired is None for u in new.overview.staffing.units)
    assert [p.name for p in new.general_budget.projects] == [p.name for p in old.general_budget.projects]
    assert new.problems == [] and new.measures == [] and new.reconciliation == []
    assert new.carried.from_year == 2024 and new.carried.from_file == "example-2024.toml"


def test_no_2024_actual_in_a_2025_field(rolled):
    _, _, new_path = rolled
    new = draft.load(new_path)
    for path, value in _leaves(new):
        if isinstance(value, Decimal):
            assert _ALLOWED.match(path), f"{path} = {value} in the 2025 draft"
    # this year's figures are 未填, not 0
    gb = new.general_budget
    assert gb.personnel is None and gb.public_expense is None and gb.basic.initial is None
    assert all(p.amount is None for p in gb.projects)
    assert all(f.income is None and f.spending_basic is None for f in new.other_funds)
    assert new.base_data.three_public.reception.actual is None and new.base_data.three_public.reception.budget is None


def test_2024_actuals_are_the_2025_previous_year_figures(rolled):
    old_path, _, new_path = rolled
    old, new = draft.load(old_path), draft.load(new_path)
    assert old.general_budget.table.basic.end == Decimal("65.40")
    assert new.general_budget.carryover_start_basic == old.general_budget.table.basic.end
    assert new.general_budget.carryover_start_project == old.general_budget.table.project.end
    assert [f.carryover_start for f in new.other_funds] == [f.carryover_end for f in old.other_funds]
    three = new.base_data.three_public
    assert three.reception.prev_actual == Decimal("1.25")
    assert three.vehicle_operation.prev_actual == Decimal("3.40")  # last year's actual, not its 上年
    assert three.overseas.prev_actual is None  # 未填 last year stays 未填
    assert new.base_data.public_funds.prev_actual == old.general_budget.public_expense == Decimal("77.07")
    # every path README lists exists in the model
    for path, _ in rollover.PREVIOUS_YEAR_FIELDS:
        assert paths.field_info(path.replace("[i]", "[0]")) is not None, path


def test_check_lists_unconfirmed_texts_missing_figures_and_old_years(rolled):
    _, _, new_path = rolled
    new = draft.load(new_path)
    findings = checks.run(new, base_dir=new_path.parent)
    by_code: dict[str, list] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    unconfirmed = {f.path for f in by_code["CARRY-UNCONFIRMED"]}
    assert {"overview.basic_info", "overview.duties[0]", "overview.duties[7]", "overview.organisation.note"} <= unconfirmed
    assert len(unconfirmed) == len(rollover.pending(new)) == len(new.carried.texts)
    missing = {f.path for f in by_code["CARRY-FIGURE-EMPTY"]}
    assert {"general_budget.personnel", "general_budget.basic.initial", "other_funds[0].income"} <= missing
    assert {f.path for f in by_code["PROJECT-AMOUNT-EMPTY"]} == {f"general_budget.projects[{i}].amount" for i in range(3)}
    old_years = {f.path: f.message for f in by_code["CARRY-OLD-YEAR"]}
    # the preamble says 对我单位2024年度部门整体支出进行绩效自评: last year's report's year
    assert "meta.preamble" in old_years and "2024年" in old_years["meta.preamble"]
    assert "overview.basic_info" not in old_years  # 成立于1958年12月 is history, not a leftover
    assert len(by_code["RECTIFY-EMPTY"]) == 3
    # the command line says the same
    out = json.loads(_run_check_json(new_path))
    codes = {f["code"] for f in (out["findings"] if isinstance(out, dict) else out)}
    assert {"CARRY-UNCONFIRMED", "CARRY-OLD-YEAR", "CARRY-FIGURE-EMPTY", "RECTIFY-EMPTY"} <= codes


def _run_check_json(path: Path) -> str:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["check", str(path), "--format", "json"])
    return buf.getvalue()


def test_problems_become_rectification_entries_in_the_report(rolled):
    old_path, _, new_path = rolled
    old, new = draft.load(old_path), draft.load(new_path)
    assert [r.problem for r in new.rectifications] == [p.title for p in old.problems]
    assert [r.detail for r in new.rectifications] == [p.text for p in old.problems]
    first = old.measures_for(old.problems[0].id)[0]
    assert first.title in new.rectifications[0].planned
    assert all(r.status == "" and r.action == "" for r in new.rectifications)
    from selfeval import render

    md = render.markdown(new, base_dir=new_path.parent)
    part = md.split("存在的主要问题", 1)[1].split("下一步改进措施", 1)[0]
    assert "**上年问题整改情况**" in part
    assert f"1\\.{old.problems[0].title}（整改状态未填）：整改情况未填写。" in part
    # filled in: the report says what was done; the check is satisfied
    new.rectifications[0].status = "已整改"
    new.rectifications[0].action = "制定了绩效目标编制指引，各部室目标均已量化。"
    md = render.markdown(new, base_dir=new_path.parent)
    assert f"1\\.{old.problems[0].title}（已整改）：制定了绩效目标编制指引，各部室目标均已量化。" in md
    paths_found = {f.path for f in checks.run(new) if f.code.startswith("RECTIFY")}
    assert "rectifications[0].status" not in paths_found and "rectifications[1].status" in paths_found
    # a draft that was not rolled forward renders as before
    assert "上年问题整改情况" not in render.markdown(old, base_dir=old_path.parent)


def test_pending_marks_survive_save_reload_edit_move_and_confirm(rolled, tmp_path: Path):
    _, _, new_path = rolled
    report, text = draft.read(new_path)
    n = len(rollover.pending(report))
    # confirming one, editing another, moving a third: each mark follows its text
    assert rollover.confirm(report, "overview.duties[0]")
    assert not rollover.confirm(report, "overview.duties[0]")  # already confirmed
    report.overview.basic_info = report.overview.basic_info + "2025年新增一项职能。"
    duties = list(report.overview.duties)
    duties[1], duties[2] = duties[2], duties[1]
    report.overview.duties = duties
    left = {p for _, p in rollover.pending(report)}
    assert len(left) == n - 2
    assert "overview.duties[0]" not in left and "overview.basic_info" not in left
    assert {"overview.duties[1]", "overview.duties[2]"} <= left
    # a comment a user wrote stays, and so do the marks
    commented = text.replace("[overview]\n", "[overview]\n# 2025 年请办公室核对职责\n")
    new_path.write_text(commented, encoding="utf-8")
    draft.save(report, new_path)
    again = draft.load(new_path)
    assert {p for _, p in rollover.pending(again)} == left
    assert "# 2025 年请办公室核对职责" in new_path.read_text(encoding="utf-8")
    before = new_path.read_bytes()
    draft.save(again, new_path)
    assert new_path.read_bytes() == before  # stable under save/reload
    # the check follows: no warning for the confirmed or the edited text
    paths_warned = {f.path for f in checks.run(again) if f.code == "CARRY-UNCONFIRMED"}
    assert paths_warned == left


def test_targets_file_gives_this_years_targets(tmp_path: Path):
    targets = tmp_path / "目标表-2025.toml"
    targets.write_text(
        """year = 2025

[department]
goals = ["全年开展科普活动不少于40场", "服务科技工作者满意度达到90%以上"]

[[department.indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "开展科普活动场次"
nature = "≥"
target = "40"
unit = "场"
points = 20

[[projects]]
name = "科普经费"
goals = ["建成科普阵地2个"]

[[projects.indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "新建科普阵地"
target = "2"
unit = "个"
points = 50

[[projects]]
name = "院士工作站补助"

[[projects.indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "建站企业满意度"
target = "90"
unit = "%"
points = 10
""",
        encoding="utf-8",
    )
    new_path = tmp_path / "2025.toml"
    assert main(["new", str(new_path), "--from", str(EXAMPLE), "--targets", str(targets)]) == 0
    new = draft.load(new_path)
    ev = new.evaluation
    assert [g.expected for g in ev.goals] == ["全年开展科普活动不少于40场", "服务科技工作者满意度达到90%以上"]
    assert [g.text for g in new.overview.goals] == [g.expected for g in ev.goals]
    row = ev.indicators[0]
    assert (row.name, row.target, row.unit, row.points, row.actual, row.score) == ("开展科普活动场次", "40", "场", Decimal("20"), "", None)
    projects = {p.name: p for p in new.general_budget.projects}
    assert projects["科普经费"].evaluation.indicators[0].target == "2"
    # a project new this year is added, its amount 未填
    assert projects["院士工作站补助"].amount is None
    assert projects["院士工作站补助"].evaluation.indicators[0].name == "建站企业满意度"
    # a 目标表 of another year is refused
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(targets.read_text(encoding="utf-8").replace("year = 2025", "year = 2026"), encoding="utf-8")
    assert main(["new", str(tmp_path / "x.toml"), "--from", str(EXAMPLE), "--targets", str(wrong)]) == 2


def test_indicator_rows_keep_what_they_measure_and_lose_last_years_values(example: Report):
    from selfeval.model.evaluation import EvalIndicator

    example.evaluation.indicators = [
        EvalIndicator(level1="产出指标", level2="数量指标", name="科普活动场次", nature="≥", target="30",
                      unit="场", actual="35", points=Decimal(20), score=Decimal(20), deviation="超额",
                      evidence="签到表"),
    ]
    new = rollover.roll_forward(example)
    row = new.evaluation.indicators[0]
    assert (row.level1, row.level2, row.name, row.nature, row.unit, row.points) == ("产出指标", "数量指标", "科普活动场次", "≥", "场", Decimal(20))
    assert (row.target, row.actual, row.score, row.deviation, row.evidence) == ("", "", None, "", "")
    assert example.evaluation.indicators[0].actual == "35"  # the old report is untouched


def test_refusals(tmp_path: Path, capsys):
    old = tmp_path / "old.toml"
    old.write_bytes(EXAMPLE.read_bytes())
    before = old.read_bytes()
    # not the next year
    assert main(["new", str(tmp_path / "a.toml"), "--from", str(old), "--year", "2026"]) == 2
    assert "应为 2025 年度" in capsys.readouterr().err
    # over the old draft itself, even with --force
    assert main(["new", str(old), "--from", str(old), "--force"]) == 2
    assert "同一个文件" in capsys.readouterr().err
    # unit information comes from the old draft
    assert main(["new", str(tmp_path / "b.toml"), "--from", str(old), "--department", "x"]) == 2
    # a blank new draft still needs --department and --year
    assert main(["new", str(tmp_path / "c.toml")]) == 2
    assert "--department" in capsys.readouterr().err
    assert old.read_bytes() == before
    assert not (tmp_path / "a.toml").exists() and not (tmp_path / "b.toml").exists()


def test_format_2_drafts_read_as_format_3_unchanged():
    text = EXAMPLE.read_text(encoding="utf-8")
    old_text = text.replace("schema_version = 3", "schema_version = 2")
    notes: list[str] = []
    report = draft.loads(old_text, notes=notes)
    assert notes == []  # nothing of the draft changes but its version number
    assert report == draft.loads(text)
    assert draft.dumps(report, previous=old_text) == text
    # a draft not rolled forward writes neither `carried` nor `rectifications`
    assert "[carried]" not in text and "rectifications" not in text
