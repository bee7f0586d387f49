"""Snapshots at 80×24 of the 自评表 steps with a row typed by keys (the steps as first
shown are in test_snapshots.py's test_step). Regenerate after a deliberate change with
``pytest tests/tui/test_evaluation_snapshots.py --snapshot-update``."""

from __future__ import annotations

from selfeval.tui.widgets.evaluation import IndicatorsPane
from tui_helpers import show, tab_to, type_text

SIZE = (80, 24)


async def _type_row(pilot, base: str, add_id: str) -> None:
    await tab_to(pilot, add_id)
    await pilot.press("enter")
    await pilot.pause()
    await type_text(pilot, "组织科普活动场次")
    await tab_to(pilot, f"f-{base}-indicators-0-target")
    await type_text(pilot, "30")
    await tab_to(pilot, f"f-{base}-indicators-0-unit")
    await type_text(pilot, "场")
    await tab_to(pilot, f"f-{base}-indicators-0-points")
    await type_text(pilot, "10")
    await tab_to(pilot, f"f-{base}-indicators-0-actual")
    await type_text(pilot, "27")
    await pilot.pause()


def test_department_row_with_its_live_score(bare_example, make_app, snap_compare):
    """The row in the table (with its score) and in the form, the rule's arithmetic under the actual."""
    app = make_app(bare_example)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await show(pilot, "evaluation")
        await _type_row(pilot, "evaluation", "add-evaluation-indicators")
        pilot.app.editor().recheck()
        await pilot.pause()
        # where the focus scroll leaves the step depends on timing (one line apart under
        # load): show the indicators from their first line, the table above the form
        pilot.app.screen.query_one(IndicatorsPane).scroll_visible(animate=False, top=True, immediate=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_project_table_from_expenditure(bare_example, make_app, snap_compare):
    """F4 on the second project's row in 支出: the projects step with that project's table."""
    app = make_app(bare_example)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-projects-1-name")
        await pilot.press("f4")
        for _ in range(20):
            await pilot.pause()
            if getattr(pilot.app.focused, "id", "") == "f-general_budget-projects-1-evaluation-appropriation_initial":
                break
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
