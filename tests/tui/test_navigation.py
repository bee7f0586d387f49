"""Moving around: steps, findings (Enter jumps to the field), F3, the command palette, help."""

from __future__ import annotations

from textual.widgets import OptionList

from selfeval.tui.screens.help import HelpScreen
from selfeval.tui.widgets.findings_bar import FindingsBar
from selfeval.tui.widgets.step_list import StepList

from tui_helpers import running, show, tab_to, type_text, until


async def test_enter_on_a_finding_focuses_its_field(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "review")
        await pilot.pause()
        findings = app.query_one("#findings", OptionList)
        assert app.focused is findings
        # the first finding of 部门概况 is the empty 基本情况
        target = next(i for i, f in enumerate(findings.findings) if f.path == "overview.basic_info")
        option_index = findings.get_option_index(f"finding-{target}")
        for _ in range(option_index + 1):
            if findings.highlighted == option_index:
                break
            await pilot.press("down")
        assert findings.highlighted == option_index
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor().step == "overview"
        assert app.focused is not None and app.focused.id == "f-overview-basic_info"
        await type_text(pilot, "基本情况文字")
        assert app.report.overview.basic_info == "基本情况文字"


async def test_finding_in_a_list_item_focuses_that_item(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        app.report.general_budget.projects[1].name = ""
        editor = app.editor()
        editor.recheck()
        finding = next(f for f in app.session.findings if f.code == "PROJECT-NAME-EMPTY")
        assert finding.path == "general_budget.projects[1].name"
        await editor.jump(finding.path, finding.section)
        await pilot.pause()
        assert app.focused.id == "f-general_budget-projects-1-name"


async def test_f3_walks_through_the_problems(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        first = [f for f in app.session.findings if f.severity != "notice"][0]
        assert app.editor().step == first.section
        await pilot.press("f3")
        await pilot.pause()
        assert app.focused is not None


async def test_f7_f8_and_the_step_list(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        assert app.editor().step == "meta"
        await pilot.press("f8")
        await pilot.pause()
        assert app.editor().step == "overview"
        assert app.focused.id == "f-overview-basic_info"
        await pilot.press("f7", "f7")
        await pilot.pause()
        assert app.editor().step == "review"  # wraps round
        await pilot.press("escape")
        assert isinstance(app.focused, StepList)
        await pilot.press("home", "down", "down")
        await pilot.pause()
        assert app.editor().step == "income"  # moving in the list shows the step
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "f-general_budget-carryover_start_basic"


async def test_step_marks_and_findings_bar_follow_the_checks(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        steps = app.query_one(StepList)
        assert steps.status_of("expenditure").mark == "✓"
        assert steps.status_of("project_evaluation").mark == "!"  # 老年科协经费's 自评表 is unfinished
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-personnel")
        await pilot.press("ctrl+u")  # the cursor lands at the end: clear, then type
        await type_text(pilot, "600")  # instead of 434.93: spending beyond the budget
        # the checks run once typing pauses
        await until(pilot, lambda: steps.status_of("expenditure").mark == "✗")
        bar = app.query_one(FindingsBar)
        assert "✗" in bar.summary and "本年支出" in bar.summary


async def test_help_shows_the_focused_fields_description(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-public_expense")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.field_title == "日常公用经费"
        assert "基本支出 = 人员经费 + 日常公用经费" in app.screen.field_text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_jumps_to_a_step(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "改进措施")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.editor().step == "measures"


async def test_preview_shows_the_report_from_memory(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "overview")
        await type_text(pilot, "独一无二的基本情况")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_mode == "preview"
        markdown = app.screen.query_one("#preview")
        assert "独一无二的基本情况" in markdown.source
        await pilot.press("escape")
        assert app.current_mode == "edit"
        assert app.focused is not None


async def test_wide_terminal_shows_the_focused_fields_help_beside_the_form(example_draft, make_app):
    from selfeval.tui.widgets.help_panel import HelpPanel

    app = make_app(example_draft)
    async with running(app, size=(140, 40)) as pilot:
        panel = app.query_one(HelpPanel)
        assert panel.display
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-public_expense")
        await pilot.pause()
        assert "基本支出 = 人员经费 + 日常公用经费" in panel.render().plain
    narrow = make_app(example_draft, read_only=True)  # the first app still holds the lock
    async with running(narrow) as pilot:
        assert not narrow.query_one(HelpPanel).display  # at 80 columns F1 shows it instead
