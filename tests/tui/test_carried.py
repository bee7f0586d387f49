"""A draft rolled forward from last year's: the step list counts the texts still
待确认, Enter on one confirms it, and 存在问题 has its 上年问题整改情况."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfeval import cli, draft, rollover
from selfeval.tui.widgets.step_list import StepList

from tui_helpers import running, show, tab_to, until

from conftest import EXAMPLE


@pytest.fixture
def rolled_draft(tmp_path: Path) -> Path:
    path = tmp_path / "2025.toml"
    assert cli.main(["new", str(path), "--from", str(EXAMPLE)]) == 0
    return path


def _pending_line(app) -> str:
    steps = app.query_one(StepList)
    try:
        return str(steps.get_option("carried-pending").prompt)
    except Exception:
        return ""


async def test_enter_confirms_a_carried_text_and_the_step_list_counts(rolled_draft, make_app):
    n = len(rollover.pending(draft.load(rolled_draft)))
    app = make_app(rolled_draft)
    async with running(app) as pilot:
        await until(pilot, lambda: f"沿用待确认 {n}" in _pending_line(app), what="the count in the step list")
        await show(pilot, "overview")
        # a one-line carried text (a duty): Enter confirms it, the text stays as it was
        await tab_to(pilot, "f-overview-duties-2")
        duty = app.report.overview.duties[2]
        await pilot.press("enter")
        await until(pilot, lambda: f"沿用待确认 {n - 1}" in _pending_line(app), what="one fewer")
        assert app.report.overview.duties[2] == duty
        assert not rollover.is_pending(app.report, "overview.duties[2]")
        # a narrative carried text: Enter confirms it instead of breaking the line …
        await tab_to(pilot, "f-overview-organisation-note")
        note = app.report.overview.organisation.note
        await pilot.press("enter")
        await until(pilot, lambda: f"沿用待确认 {n - 2}" in _pending_line(app), what="two fewer")
        assert app.report.overview.organisation.note == note
        # … and once confirmed, Enter is Enter again
        await pilot.press("enter")
        await pilot.pause()
        assert app.report.overview.organisation.note != note and "\n" in app.report.overview.organisation.note
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.session.dirty, what="saved")
    report = draft.load(rolled_draft)
    confirmed = {t.path for t in report.carried.texts if t.confirmed}
    assert confirmed == {"overview.duties[2]", "overview.organisation.note"}
    assert len(rollover.pending(report)) == n - 2


async def test_problems_step_shows_last_years_problems(rolled_draft, make_app):
    app = make_app(rolled_draft)
    async with running(app) as pilot:
        await show(pilot, "problems")
        await tab_to(pilot, "f-rectifications-0-action")
        await pilot.press(*"已制定编制指引")
        await until(pilot, lambda: app.report.rectifications[0].action == "已制定编制指引", what="typed")


async def test_a_draft_not_rolled_forward_shows_no_count(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "problems")
        await pilot.pause()
        assert _pending_line(app) == ""
        assert not app.query("#f-rectifications-0-action")
