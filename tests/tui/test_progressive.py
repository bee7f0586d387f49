"""A step shows its first fields at once and builds the rest after its first paint
(issue 19): nothing of it is lost, a jump reaches a field not built yet, and the
parts built later show the latest findings."""

from __future__ import annotations

import pytest

from selfeval.tui.sections.base import Section

from tui_helpers import running, until


@pytest.fixture
def first_part_only(monkeypatch):
    """Build no more at once than the first part holding a field, whatever the machine's speed."""
    monkeypatch.setattr(Section, "FIRST_BUILD", 0.0)


async def test_a_step_builds_its_first_field_at_once_and_the_rest_after(example_draft, make_app, first_part_only):
    app = make_app(example_draft)
    async with running(app) as pilot:
        section = await app.editor().show_step("overview", focus=True)
        composed = len(section.children) + len(section._unbuilt)
        assert not section.complete and len(section.children) < composed
        assert app.focused is not None and section in app.focused.ancestors  # typing can start
        await until(pilot, lambda: section.complete, timeout=60, what="the rest of the step built")
        assert len(section.children) == composed
        # the last part is there, after the first ones, in the composed order
        assert section.query_one("#f-overview-staffing-note") is not None


async def test_a_jump_builds_what_it_needs(example_draft, make_app, first_part_only):
    app = make_app(example_draft)
    async with running(app) as pilot:
        editor = app.editor()
        await editor.show_step("expenditure", focus=True)
        await editor.jump("overview.staffing.note", "overview")
        await until(pilot, lambda: getattr(app.focused, "id", "") == "f-overview-staffing-note", timeout=60, what="focus")
        assert editor.current_section.complete


async def test_a_step_not_progressive_builds_everything_at_once(example_draft, make_app, first_part_only):
    app = make_app(example_draft)
    async with running(app):
        section = await app.editor().show_step("review", focus=True)
        assert section.complete and not section._unbuilt


async def test_tab_at_once_goes_on_to_the_next_field_of_the_step(example_draft, make_app, first_part_only):
    """F8 then Tab in one burst: the parts not built yet are built, and Tab goes on into
    them, not round to the step list."""
    app = make_app(example_draft)
    async with running(app) as pilot:
        section = await app.editor().show_step("overview", focus=True)
        assert not section.complete and app.focused.id == "f-overview-basic_info"
        await pilot.press("tab")
        await until(pilot, lambda: section.complete, timeout=60, what="the rest of the step built")
        assert app.focused is not None and section in app.focused.ancestors
        assert app.focused.id == "f-overview-duties-0", app.focused


async def test_a_step_removed_while_it_builds_stops_building(example_draft, make_app, first_part_only):
    """A step built again (after an edit elsewhere) while its later parts were still
    coming: the old one stops quietly, the new one builds."""
    app = make_app(example_draft)
    async with running(app) as pilot:
        editor = app.editor()
        old = await editor.show_step("overview", focus=True)
        assert not old.complete
        await editor.show_step("income", focus=True)
        editor._stale.add("overview")
        new = await editor.show_step("overview", focus=True)
        assert new is not old and not old.is_attached
        await until(pilot, lambda: new.complete, timeout=60, what="the new step built")
        await pilot.pause()
        assert old.complete  # it gave up its parts instead of mounting them into nothing
