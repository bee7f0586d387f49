"""A field has one home, in the model: every finding and every figure names a field
that exists, on the step that owns it, and figures are written one way per kind."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval import checks, draft
from selfeval.model import FIGURES, StatedFigure, paths
from selfeval.model.figures import FORMATS
from selfeval.steps import section_of

from field_cases import CASES, make_case, stated_wrong


def _findings(case: str, tmp_path: Path):
    path = make_case(case, tmp_path)
    report = draft.load(path)
    return report, checks.run(report, base_dir=path.parent)


@pytest.mark.parametrize("case", CASES)
def test_every_finding_names_a_field_that_exists(case: str, tmp_path: Path):
    report, findings = _findings(case, tmp_path)
    if case == "example":
        # the example has no error (only the warnings the seed deserves); "every-figure"
        # is the example with a finding per figure
        assert not [f for f in findings if f.severity == "error"]
    else:
        assert len(findings) >= 5, [f.code for f in findings]
    for f in findings:
        assert paths.field_info(f.path) is not None, (f.code, f.path)
        assert paths.exists(report, f.path), f"{f.code}: {f.path} is not in the draft"
        assert f.section == section_of(f.path), (f.code, f.path, f.section)


def test_every_figure_names_the_field_that_changes_it(tmp_path: Path):
    reports = [draft.load(make_case(case, tmp_path)) for case in CASES]
    for key, fig in FIGURES.items():
        if isinstance(fig.edit, str):
            # a typed or derived figure is changed through an input of the model
            assert paths.kind_of(fig.edit) is not None, (key, fig.edit)
        for report in reports:
            where = fig.edit_path(report)
            assert paths.field_info(where) is not None, (key, where)
            assert paths.exists(report, where), (key, where)


def _bumped(value, kind: str | None):
    if isinstance(value, bool):
        return not value
    if value is None:
        return 7 if kind in ("count", "integer") else Decimal("7")
    return value + 1


def test_changing_the_edit_field_changes_the_figure(example_v1):
    """The registry's edit path is honest: a new value there gives the figure a new value
    (on the format-1 example, whose base data is filled in: in the new example most
    indicators stay 未填 whatever one field says)."""
    report = example_v1
    checked = 0
    for key, fig in FIGURES.items():
        where = fig.edit_path(report)
        if paths.kind_of(where) is None:
            continue  # a list to add the first item to (no fund of that source yet)
        if fig.get(report) is None and not fig.typed:
            # a derived figure another input keeps 未填 (the department's classification
            # while a fund that spent has none): no single field changes it
            continue
        changed = report.model_copy(deep=True)
        paths.assign(changed, where, _bumped(paths.get(report, where), paths.kind_of(where).name))
        assert fig.get(changed) != fig.get(report), f"{key}: changing {where} does not change it"
        checked += 1
    assert checked >= len(FIGURES) - 40  # the funds of sources the draft has none of


def test_a_stated_figure_jumps_to_its_edit_field(tmp_path: Path):
    report, findings = _findings("every-figure", tmp_path)
    by_index = {int(f.numbers["index"]): f for f in findings if "index" in f.numbers}
    assert len(by_index) == len(FIGURES)
    for i, stated in enumerate(report.reconciliation):
        f = by_index[i]
        assert f.path == FIGURES[stated.figure].edit_path(report), stated.figure


def test_staff_control_lands_on_staffing_in_overview(example_v1):
    example = example_v1
    """在职人员控制率 is changed through the staffing head counts of 部门概况, not 基础数据."""
    example.reconciliation = [stated_wrong(example, "ind.staff_control"), stated_wrong(example, "staff.on_payroll")]
    findings = [f for f in checks.run(example) if not f.code.startswith("EVAL-")]  # no 自评表 in format 1
    assert [f.code for f in findings] == ["RECON-MISMATCH", "RECON-MISMATCH"]
    rate, count = findings
    assert "在职人员控制率" in rate.message
    for f in findings:
        assert f.path == "overview.staffing.units[0].on_payroll"
        assert f.section == "overview" and f.section_label == "部门概况"
        assert paths.title_of(f.path) == "实有在职在编人数"
    # the count is written as a count: "写作 27，而草稿中为 26（差 1）"
    on_payroll = example.overview.staffing.on_payroll_total
    assert f"写作 {on_payroll + 1}，而草稿中为 {on_payroll}（差 1）" in count.message


def test_staff_figure_without_units_points_at_the_unit_list(blank):
    blank.reconciliation = [StatedFigure(figure="staff.on_payroll", value=Decimal("3"))]
    (f,) = [f for f in checks.run(blank) if f.code.startswith("RECON")]
    assert f.path == "overview.staffing.units" and f.section == "overview"


def test_other_fund_income_points_at_the_fund_of_that_source(example_v1):
    example = example_v1
    i = next(i for i, f in enumerate(example.other_funds) if f.source == "superior_grant")
    assert FIGURES["dept.income.superior_grant"].edit_path(example) == f"other_funds[{i}].income"
    assert FIGURES["dept.income.gov_fund"].edit_path(example) == "other_funds"


def test_one_formatter_per_kind(example):
    assert set(FORMATS) == {f.kind for f in FIGURES.values()}
    assert FIGURES["gb.personnel"].format(Decimal("334.9")) == "334.90"
    assert FIGURES["staff.quota"].format(Decimal("28")) == "28"
    assert FIGURES["ind.budget_execution"].format(Decimal("0.99174")) == "99.17%"
    assert FIGURES["ind.task_completion"].format(None) == "—"
    assert FIGURES["ind.task_completion"].format(None, missing="未填") == "未填"
    staff = FIGURES["ind.staff_control"]
    assert staff.text(example) == staff.format(staff.get(example))
    assert staff.text(example).endswith("%")


def test_old_homes_are_gone():
    for name in ("selfeval.tui.paths", "selfeval.sections"):
        assert importlib.util.find_spec(name) is None, name
    assert not hasattr(checks, "figure_path")
    assert not hasattr(draft, "_error_text")
