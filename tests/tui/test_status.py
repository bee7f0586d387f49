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
    # nothing is scored yet: a warning says the scoring is unfinished
    assert statuses["review"].mark == MARKS["warning"]


def test_example_has_no_errors(example_draft: Path):
    report = draft.load(example_draft)
    statuses = step_statuses(report, checks.run(report, base_dir=example_draft.parent))
    assert "✗" not in {s.mark for s in statuses.values()}
    # the seed as retyped keeps what it says: 超编 and a problem without a measure are warnings
    assert all(statuses[k].mark == "✓" for k in ("meta", "income", "expenditure", "measures"))


def test_error_and_warning_marks(example_draft: Path):
    report = draft.load(example_draft)
    report.general_budget.personnel += 100  # economic classification no longer adds up
    report.overview.staffing.units[0].on_payroll = 999  # over quota: a warning
    statuses = step_statuses(report, checks.run(report, base_dir=example_draft.parent))
    assert statuses["expenditure"].mark == "✗"
    assert statuses["overview"].mark == "!"
    assert statuses["review"].mark == "✗"
