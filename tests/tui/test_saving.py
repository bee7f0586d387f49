"""Saving: Ctrl+S/F2, autosave, the header's state, quitting with unsaved changes, failures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from selfeval import draft
from selfeval.tui.screens.confirm import ConfirmScreen, QuitScreen
from selfeval.tui.screens.export import ExportScreen
from selfeval.tui.widgets.title_bar import TitleBar

from tui_helpers import running, show, tab_to, type_text


def _state(app) -> str:
    return app.screen.query_one(TitleBar).state


async def test_ctrl_s_and_f2_save_and_the_header_says_so(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        assert "已保存" in _state(app)
        await show(pilot, "meta")
        await tab_to(pilot, "f-meta-preparer")
        await type_text(pilot, "张三")
        assert "未保存" in _state(app)
        assert draft.load(new_draft).meta.preparer == ""
        await pilot.press("ctrl+s")
        assert "已保存" in _state(app)
        assert draft.load(new_draft).meta.preparer == "张三"
        await type_text(pilot, "丰")
        await pilot.press("f2")
        assert draft.load(new_draft).meta.preparer == "张三丰"
        assert Path(str(new_draft) + ".bak").exists()


async def test_autosave_on_leaving_a_step_and_on_the_timer(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "meta")
        await tab_to(pilot, "f-meta-preparer")
        await type_text(pilot, "李四")
        await pilot.press("f8")  # leaving 基本信息 saves
        await pilot.pause()
        assert draft.load(new_draft).meta.preparer == "李四"
        await type_text(pilot, "新的基本情况")
        assert app.dirty
        app.autosave("timer")  # what the 30 s interval calls
        assert not app.dirty
        assert draft.load(new_draft).overview.basic_info == "新的基本情况"


async def test_quitting_with_unsaved_changes_asks(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "meta")
        await tab_to(pilot, "f-meta-preparer")
        await type_text(pilot, "王五")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")  # cancel: back to editing, nothing lost
        await pilot.pause()
        assert not isinstance(app.screen, QuitScreen)
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save and quit
        await pilot.pause()
    assert app.return_code == 0
    assert draft.load(new_draft).meta.preparer == "王五"


async def test_quit_without_saving_keeps_the_file(new_draft, make_app):
    before = new_draft.read_bytes()
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "meta")
        await tab_to(pilot, "f-meta-preparer")
        await type_text(pilot, "赵六")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert new_draft.read_bytes() == before


async def test_quit_when_saved_does_not_ask(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_failed_save_keeps_the_report_and_says_why(new_draft, make_app, monkeypatch):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-personnel")
        await type_text(pilot, "12.5")

        def full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(draft, "write", full)  # what the edit session writes with
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "保存失败" in app.state_text  # the title bar is under the save-as dialog
        assert app.dirty and app.report.general_budget.personnel == Decimal("12.5")
        notes = [n.message for n in app._notifications]
        assert any("无法写入" in m and "No space left" in m for m in notes)
        # save-as is offered; declining it keeps the report in memory, still unsaved
        from selfeval.tui.screens.safety import SaveAsScreen

        assert isinstance(app.screen, SaveAsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.dirty and app.report.general_budget.personnel == Decimal("12.5")
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        assert "已保存" in _state(app)
        assert draft.load(new_draft).general_budget.personnel == Decimal("12.5")


async def test_read_only_never_writes(new_draft, make_app):
    before = new_draft.read_bytes()
    app = make_app(new_draft, read_only=True)
    async with running(app) as pilot:
        assert "只读" in _state(app)
        await show(pilot, "meta")
        await tab_to(pilot, "f-meta-preparer")
        await type_text(pilot, "孙七")
        await pilot.press("ctrl+s", "f8")
        await pilot.pause()
        app.autosave("timer")
        assert new_draft.read_bytes() == before
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("d")
        await pilot.pause()
    assert new_draft.read_bytes() == before


async def test_export_writes_markdown_next_to_the_draft(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "review")
        await tab_to(pilot, "export")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
    out = example_draft.with_suffix(".md")
    assert out.exists()
    assert out.read_text(encoding="utf-8").startswith("衡阳市科学技术协会\\\n2024年度部门整体支出绩效自评报告\n===")


async def test_export_with_errors_asks_first(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-personnel")
        await type_text(pilot, "999")
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "错误" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert not example_draft.with_suffix(".md").exists()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert example_draft.with_suffix(".md").exists()
