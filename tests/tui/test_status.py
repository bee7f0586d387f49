"""Step marks from findings and content: readable without colour."""

from __future__ import annotations

from pathlib import Path

from selfeval import checks, draft
from selfeval.tui.status import MARKS, step_statuses


def test_new_draft_marks(new_draft: Path):
    report = draft.load(new_draft)
    statuses = step_statuses(report, checks.run(report, base_dir=new_draft.parent))
    assert statuses["meta"].mark == "✓"
    assert statuses["overview"].mark == "○"  # untouched, though it has "empty" warnings
    assert statuses["income"].mark == "○"
    assert statuses["review"].mark == MARKS["progress"]


def test_example_is_complete(example_draft: Path):
    report = draft.load(example_draft)
    statuses = step_statuses(report, checks.run(report, base_dir=example_draft.parent))
    # no error; the warnings the seed itself deserves (超编, empty 年度工作目标, no
    # per-一级 analysis, problem (三) without a measure, nothing said of what 老年科协经费
    # achieved: its 自评表's actuals are 未填) mark their steps
    marks = {k: s.mark for k, s in statuses.items()}
    assert "✗" not in marks.values()
    assert marks["income"] == marks["expenditure"] == marks["performance"] == marks["measures"] == "✓"
    assert marks["overview"] == marks["problems"] == marks["project_evaluation"] == "!"


def test_error_and_warning_marks(example_draft: Path):
    report = draft.load(example_draft)
    report.general_budget.personnel += 100  # economic classification no longer adds up
    report.overview.staffing.units[0].on_payroll = 999  # over quota: a warning
    statuses = step_statuses(report, checks.run(report, base_dir=example_draft.parent))
    assert statuses["expenditure"].mark == "✗"
    assert statuses["overview"].mark == "!"
    assert statuses["review"].mark == "✗"
