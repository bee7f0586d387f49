"""The editor over a symlink, after an outside change, and saving as over an existing file (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.events import AppFocus

from selfeval import draft
from selfeval.lock import lock_path
from selfeval.tui.app import SelfEvalApp
from selfeval.tui.screens.confirm import ConfirmScreen
from selfeval.tui.screens.safety import OutsideChangeScreen, SaveAsScreen

SIZE = (80, 24)


def _outside_edit(path: Path, preparer: str) -> None:
    text = path.read_text(encoding="utf-8")
    report = draft.loads(text)
    report.meta.preparer = preparer
    path.write_text(draft.dumps(report, previous=text), encoding="utf-8")


async def test_editor_saves_through_a_symlink_and_the_link_stays(example_path: Path, tmp_path: Path):
    elsewhere = tmp_path / "desk"
    elsewhere.mkdir()
    link = elsewhere / "我的草稿.toml"
    link.symlink_to(example_path)
    app = SelfEvalApp(link, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_until_loaded()
        assert lock_path(example_path).exists() and not (elsewhere / "我的草稿.toml.lock").exists()
        app.report.meta.preparer = "经链接编辑"
        app.mark_changed()
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert not app.dirty
    assert link.is_symlink() and os.readlink(link) == str(example_path)
    assert draft.load(example_path).meta.preparer == "经链接编辑"
    assert draft.backup_path(example_path).exists() and not (elsewhere / "我的草稿.toml.bak").exists()


async def test_outside_change_asks_and_keep_mine_keeps_theirs(example_path: Path):
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_until_loaded()
        app.report.meta.preparer = "我的修改"
        app.mark_changed()
        _outside_edit(example_path, "同事的修改")
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, OutsideChangeScreen)
        assert draft.load(example_path).meta.preparer == "同事的修改" and app.dirty
        await pilot.press("k")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, OutsideChangeScreen) and not app.dirty
    assert draft.load(example_path).meta.preparer == "我的修改"
    assert draft.load(draft.theirs_path(example_path)).meta.preparer == "同事的修改"


async def test_outside_change_reload_keeps_own_changes_in_recover(example_path: Path):
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_until_loaded()
        app.report.meta.preparer = "我的修改"
        app.mark_changed()
        _outside_edit(example_path, "同事的修改")
        app.post_message(AppFocus())  # the terminal regains the focus
        await pilot.pause(0.3)
        assert isinstance(app.screen, OutsideChangeScreen)
        await pilot.press("l")
        await pilot.pause(0.5)
        assert app.report.meta.preparer == "同事的修改" and not app.dirty
    assert draft.load(example_path).meta.preparer == "同事的修改"
    assert draft.load(draft.recover_path(example_path)).meta.preparer == "我的修改"


async def test_save_as_asks_before_replacing_an_existing_file(example_path: Path, tmp_path: Path, monkeypatch):
    other = tmp_path / "别的草稿.toml"
    other.write_bytes(example_path.read_bytes())
    before = other.read_bytes()
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_until_loaded()
        app.report.meta.preparer = "另存的修改"
        app.mark_changed()
        app.offer_save_as("测试")
        await pilot.pause(0.2)
        assert isinstance(app.screen, SaveAsScreen)
        assert Path(app.screen.query_one("#save-as-path").value) != other
        app.screen.query_one("#save-as-path").value = str(other)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause(0.3)
        assert other.read_bytes() == before and app.path == example_path
        assert isinstance(app.screen, SaveAsScreen)
        app.screen.query_one("#save-as-path").value = str(other)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press("y")
        await pilot.pause(0.3)
        assert app.path == other and not app.dirty
    assert draft.load(other).meta.preparer == "另存的修改"
    assert draft.backup_path(other).read_bytes() == before
