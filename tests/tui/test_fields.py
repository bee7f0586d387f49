"""Typing into fields: amounts checked as typed, derived figures live, lists by key."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Input

from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.field_row import FieldMessage
from selfeval.tui.widgets.value_input import ValueInput

from tui_helpers import running, show, tab_to, type_text, until


async def test_bad_amount_gives_a_message_and_stores_nothing(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-personnel")
        generation = app.session.generation
        await type_text(pilot, "12,3a")
        field = app.query_one("#f-general_budget-personnel", ValueInput)
        assert field.value == "12,3a"  # every typed character stays in the field …
        assert app.report.general_budget.personnel is None  # … and nothing is stored: still 未填
        row = field.parent  # the message sits beside the input, in the field's row

        def message() -> str:
            found = row.query(FieldMessage)
            return str(found.first().render()) if found else ""

        assert "「12,3a」不是有效金额" in message()
        await pilot.press("backspace")
        await pilot.press("backspace")  # "12," is still not an amount
        await pilot.pause()
        assert "千位分隔符" in message() or "不是有效金额" in message()
        assert "未采用，仍为未填" in message()
        assert app.report.general_budget.personnel is None
        await pilot.press("backspace")  # "12"
        await pilot.pause()
        assert app.report.general_budget.personnel == Decimal("12")
        assert message() == ""  # gone once the value is good
        assert app.session.generation > generation


async def test_derived_total_updates_as_a_part_is_typed(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "income")
        await tab_to(pilot, "f-general_budget-basic-initial")
        grid = app.query_one("#grid-budget")
        totals = [d for d in grid.query(Derived)]

        def shown() -> list[str]:
            return [d.text for d in totals]

        assert "0.00" not in shown() and "未填" in shown()  # nothing entered: 未填, not 0.00
        await type_text(pilot, "410.5")
        assert "410.50" not in shown()  # 调整后预算 waits for 年中追加 and 年中追减
        await tab_to(pilot, "f-general_budget-basic-additions")
        await type_text(pilot, "0")
        await tab_to(pilot, "f-general_budget-basic-reductions")
        await type_text(pilot, "10.5")
        assert "400.00" in shown()  # 调整后预算（基本支出）
        assert app.report.general_budget.basic.adjusted == Decimal("400.00")


async def test_list_add_move_delete_by_key(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "add-general_budget-projects")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "f-general_budget-projects-0-name"
        await type_text(pilot, "甲项目")
        await pilot.press("tab")
        await type_text(pilot, "10")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.focused.id == "f-general_budget-projects-1-name"
        await type_text(pilot, "乙项目")
        await pilot.press("tab")
        await type_text(pilot, "5")
        assert [p.name for p in app.report.general_budget.projects] == ["甲项目", "乙项目"]
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert [p.name for p in app.report.general_budget.projects] == ["乙项目", "甲项目"]
        assert app.focused.id == "f-general_budget-projects-0-amount"  # the same field moved up
        assert app.query_one("#f-general_budget-projects-1-name", Input).value == "甲项目"
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert [p.name for p in app.report.general_budget.projects] == ["甲项目", "乙项目"]
        await pilot.press("ctrl+r")  # a project with content: asks first
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await pilot.pause()
        assert [p.name for p in app.report.general_budget.projects] == ["甲项目"]
        assert app.report.general_budget.project_spending == Decimal("10")


async def test_deleting_a_problem_unlinks_its_measures(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        first = app.report.problems[0].id
        assert any(first in m.answers for m in app.report.measures)
        await show(pilot, "problems")
        await tab_to(pilot, "f-problems-0-title")
        await pilot.press("ctrl+r", "y")
        await pilot.pause()
        assert first not in [p.id for p in app.report.problems]
        assert all(first not in m.answers for m in app.report.measures)
        # the measures step is rebuilt with the shorter problem list
        await app.editor().show_step("measures")
        await pilot.pause()
        # one picker per measure (no check box per problem per measure), none naming the deleted problem
        assert not app.query("#section-measures Checkbox")
        pickers = app.query("#section-measures ProblemPicker")
        assert len(pickers) == len(app.report.measures)
        for i, measure in enumerate(app.report.measures):  # numbered by the problems left
            numbers = [f"问题{n}" for n, p in enumerate(app.report.problems, 1) if p.id in measure.answers]
            shown = app.query_one(f"#f-measures-{i}-answers-pick").label.plain
            assert shown.startswith("、".join(numbers) if numbers else "未选"), shown
        await tab_to(pilot, "f-measures-0-answers-pick")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemsDialog"
        assert app.screen.query_one("SelectionList").option_count == len(app.report.problems)
        await pilot.press("escape")


async def test_new_problem_gets_a_fresh_id_and_a_measure_links_to_it(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "problems")
        await tab_to(pilot, "add-problems")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "预算执行偏慢")
        assert app.report.problems[0].id == "p1"
        await show(pilot, "measures")
        await tab_to(pilot, "add-measures")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "加快执行")
        await tab_to(pilot, "f-measures-0-answers-pick")
        await pilot.press("enter")  # the problems' list, the first one highlighted
        await pilot.pause()
        await pilot.press("space", "tab", "enter")  # tick it, 确定
        await pilot.pause()
        assert app.report.measures[0].answers == ["p1"]
        assert "问题1" in app.query_one("#f-measures-0-answers-pick").label.plain
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space", "escape")  # untick, but cancel: unchanged
        await pilot.pause()
        assert app.report.measures[0].answers == ["p1"]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space", "tab", "enter")
        await pilot.pause()
        assert app.report.measures[0].answers == []


async def test_scores_subtotals_and_grade_update_live(example_v1_draft, make_app):
    app = make_app(example_v1_draft)
    async with running(app) as pilot:
        await show(pilot, "scoring")
        total = app.query_one("#section-scoring .score-total", Derived)
        before = total.text
        assert "等级 优" in before
        await tab_to(pilot, "f-scoring-scores-0-score")
        await type_text(pilot, "0")
        assert total.text != before
        card = app.session.scorecard()
        assert card is not None and f"总分 {card.total:.2f}" in total.text
        await type_text(pilot, "9")  # "09" > 分值 2: stored, and flagged as an error by the checks
        await until(pilot, lambda: any(f.code == "SCORE-OVER-POINTS" for f in app.session.findings))
