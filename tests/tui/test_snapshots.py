"""Snapshots at 80×24 of every step and of the preview, with the example draft.

Generated on Python 3.11 with the cursor not blinking; SVGs are pinned to LF
(.gitattributes). Regenerate after a deliberate change with
``pytest tests/tui --snapshot-update`` and look at the report it writes.
"""

from __future__ import annotations

import pytest

from selfeval.steps import STEPS

SIZE = (80, 24)


@pytest.mark.parametrize("step", [s.key for s in STEPS])
def test_step(step, example_draft, make_app, snap_compare):
    app = make_app(example_draft)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.app.editor().show_step(step, focus=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_preview(example_draft, make_app, snap_compare):
    app = make_app(example_draft)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.press("f5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("pagedown")  # past the title, into the first tables
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(example_draft, make_app, snap_compare):
    app = make_app(example_draft)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.app.editor().show_step("expenditure", focus=True)
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_bad_amount_message(example_draft, make_app, snap_compare):
    app = make_app(example_draft)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.app.editor().show_step("expenditure", focus=True)
        await pilot.pause()
        await pilot.press("tab", *"12,3")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
