"""The editor and a held draft, unsaved work found at start, and a draft it cannot write."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from selfeval import draft
from selfeval.lock import DraftLock, DraftLocked, lock_path
from selfeval.tui.app import SelfEvalApp
from selfeval.tui.screens.safety import DiffScreen, LockedScreen, RecoveryScreen, SaveAsScreen

SIZE = (80, 24)


async def open_app(path: Path) -> tuple[SelfEvalApp, object]:
    app = SelfEvalApp(path, cursor_blink=False)
    return app, app.run_test(size=SIZE)


async def test_editor_holds_the_lock_and_releases_it(example_path: Path):
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_until_loaded()
        assert app.session.lock is not None and lock_path(example_path).exists()
        other = DraftLock(example_path)
        with pytest.raises(DraftLocked, match="正由"):
            other.acquire()
        await pilot.press("ctrl+q")
    app.session.release_lock()
    assert not lock_path(example_path).exists()


HOLDER = textwrap.dedent(
    """
    import sys
    from selfeval.lock import DraftLock
    lock = DraftLock(sys.argv[1]); lock.acquire()
    print("locked", flush=True)
    sys.stdin.readline()
    """
)


async def test_second_editor_is_told_and_may_open_read_only(example_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(example_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = example_path.read_bytes()
        app = SelfEvalApp(example_path, cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)
            assert isinstance(app.screen, LockedScreen)
            assert f"进程 {holder.pid}" in app.screen.message
            await pilot.press("r")
            await app.wait_until_loaded()
            assert app.read_only and "只读" in app.state_text
            app.report.meta.preparer = "不该保存"
            app.mark_changed()
            assert app.save_draft("manual") is False
        assert example_path.read_bytes() == before
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)


async def test_recovery_file_offered_diffed_and_taken(example_path: Path):
    report = draft.load(example_path)
    report.meta.preparer = "断线前的修改"
    draft.write_recover(report, example_path)
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        assert isinstance(app.screen, RecoveryScreen)
        await pilot.press("v")
        await pilot.pause(0.2)
        assert isinstance(app.screen, DiffScreen) and "断线前的修改" in app.screen.diff
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, RecoveryScreen)
        await pilot.press("t")
        await app.wait_until_loaded()
        assert app.report.meta.preparer == "断线前的修改"
    assert draft.load(example_path).meta.preparer == "断线前的修改"
    assert not draft.recover_path(example_path).exists()
    assert draft.recover_path(example_path).with_name(example_path.name + ".recover.old").exists()


async def test_recovery_file_discarded_is_kept_as_old(example_path: Path):
    before = example_path.read_bytes()
    report = draft.load(example_path)
    report.meta.preparer = "不要了"
    draft.write_recover(report, example_path)
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await pilot.press("d")
        await app.wait_until_loaded()
        assert app.report.meta.preparer != "不要了"
    assert example_path.read_bytes() == before
    old = example_path.with_name(example_path.name + ".recover.old")
    assert draft.load(old).meta.preparer == "不要了"


async def test_failed_save_keeps_the_report_and_offers_save_as(example_path: Path, tmp_path: Path, monkeypatch):
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_until_loaded()
        app.report.meta.preparer = "只在内存里"
        app.mark_changed()
        real_write = draft.write

        def refuse(report, path, **kw):
            if Path(path) == example_path:
                raise PermissionError(13, "Permission denied")
            return real_write(report, path, **kw)

        monkeypatch.setattr(draft, "write", refuse)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, SaveAsScreen)
        assert app.dirty and "保存失败" in app.state_text
        assert app.report.meta.preparer == "只在内存里"
        target = tmp_path / "另存.toml"
        field = app.screen.query_one("#save-as-path")
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.path == target and not app.dirty
    assert draft.load(target).meta.preparer == "只在内存里"
    assert draft.load(example_path).meta.preparer != "只在内存里"


async def test_ctrl_c_is_not_a_kill(example_path: Path):
    app = SelfEvalApp(example_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_until_loaded()
        await pilot.press("escape")  # out of the text field, to the step list
        await pilot.press("ctrl+c")
        await pilot.pause(0.2)
        assert app.is_running
        assert any("Ctrl+Q" in n.message for n in app._notifications)
