"""What is typed is what is stored (issue 14): refused values are counted and warned of,
one key never wipes a field, undo works in one-line fields, deletes always ask."""

from __future__ import annotations

from decimal import Decimal

from textual import events

from selfeval.tui.screens.confirm import ConfirmScreen, QuitScreen
from selfeval.tui.widgets.findings_bar import FindingsBar
from selfeval.tui.widgets.value_input import ValueInput

from tui_helpers import running, show, tab_to, type_text


async def test_a_refused_amount_is_counted_and_warned_of_on_quit(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-public_expense")
        await pilot.press("ctrl+u")
        await type_text(pilot, "1.234")
        assert app.report.general_budget.public_expense == Decimal("77.07")  # unchanged (the example's figure)
        # the checks may have run (on their timer, under load) while "1.23" was stored: run them now
        app.editor().recheck()
        await pilot.pause()
        bar = app.editor().query_one(FindingsBar)
        assert "日常公用经费" in bar.summary and "最多 2 位小数" in bar.summary
        assert bar.summary.startswith("✗1")
        app.save_draft("manual")  # nothing unsaved in the draft; the field still holds a refused value
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        assert "输入无效" in app.screen.message and "1.234" in app.screen.message
        await pilot.press("escape")


async def test_typed_chinese_decimal_point_is_stored(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-public_expense")
        await pilot.press("ctrl+u")
        await type_text(pilot, "123。45")
        assert app.report.general_budget.public_expense == Decimal("123.45")


async def test_focus_does_not_select_and_undo_brings_the_text_back(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        field = app.query_one("#f-meta-department", ValueInput)
        assert field.has_focus and field.selection.is_empty
        await pilot.press("q")  # as in less or vi: adds a letter, does not replace the name
        await pilot.pause()
        assert app.report.meta.department == "衡阳市科学技术协会q"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert field.value == app.report.meta.department == "衡阳市科学技术协会"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.report.meta.department == "衡阳市科学技术协会q"


async def test_a_pasted_tab_is_refused_in_a_one_line_field(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        field = app.query_one("#f-meta-department", ValueInput)
        field.post_message(events.Paste("\t附件"))
        await pilot.pause()
        assert field.value == "衡阳市科学技术协会\t附件"  # kept as pasted …
        assert app.report.meta.department == "衡阳市科学技术协会"  # … not stored
        assert "制表符" in (field.error or "")


async def test_deleting_an_empty_item_asks_too_and_y_types_nothing(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "overview")
        duties = list(app.report.overview.duties)
        await tab_to(pilot, "f-overview-duties-0")
        await pilot.press("ctrl+n")  # a new, empty duty after the first
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asked, though the item is empty
        await pilot.press("n")
        await pilot.pause()
        await tab_to(pilot, "f-overview-duties-0")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert duties[0][:10] in app.screen.question  # the item's own text
        await pilot.press("y")
        await pilot.pause()
        assert app.report.overview.duties == ["", *duties[1:]]  # "y" deleted, typed nothing
