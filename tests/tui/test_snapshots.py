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
        # a figure in 元 where the unit is 万元: refused, the 万元 figure offered
        await pilot.press("tab", "ctrl+u", *"1234元")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_no_color_on_a_16_colour_terminal(example_draft, make_app, snap_compare, monkeypatch):
    """NO_COLOR: the terminal's default colours; focus and selection in reverse video."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    app = make_app(example_draft)
    assert app.no_color

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_toast_over_chinese_text(example_draft, make_app, snap_compare):
    """Every wide character of a toast is drawn over the form (Textual #6357 worked around)."""
    app = make_app(example_draft)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.app.editor().show_step("overview", focus=True)
        await pilot.pause()  # the step laid out and shown from its top before the toast
        pilot.app.notify(
            "未填写一般公共预算支出经济分类，报告将不列经济分类。要导出吗？", title="导出", timeout=600
        )
        # a long timeout: on a loaded machine the default 5 s can pass before the
        # screenshot, and the toast rack mounts and fades in over a few frames
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_key_bar_on_a_list_step(example_draft, make_app, snap_compare):
    """On a list item the key bar shows the list's keys and still save, quit, steps, preview, help."""
    app = make_app(example_draft)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.app.editor().show_step("overview", focus=True)
        await pilot.press("tab")  # the first duty
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_a_step_just_entered(example_draft, make_app, snap_compare):
    """F8 twice from the first step: 收入 as it first appears."""
    app = make_app(example_draft)

    async def run_before(pilot) -> None:
        await pilot.app.wait_until_loaded()
        await pilot.press("f8", "f8")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
