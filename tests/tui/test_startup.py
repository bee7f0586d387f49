"""Start-up: the frame is painted before the draft is loaded; nothing typed meanwhile is lost."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from selfeval.draft import DraftError
from selfeval.tui.app import SelfEvalApp
from selfeval.tui.widgets.title_bar import TitleBar


async def test_frame_first_then_the_draft_and_early_keys_are_replayed(example_draft, make_app, monkeypatch):
    opened = SelfEvalApp.open_session

    async def slow_open(self) -> None:  # a slow disk: the draft arrives late
        await asyncio.sleep(0.3)
        await opened(self)

    monkeypatch.setattr(SelfEvalApp, "open_session", slow_open)
    app = make_app(example_draft)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.report is None
        title = app.screen.query_one(TitleBar)._title
        assert "衡阳市科学技术协会2024" in title  # from a quick read of the TOML
        for ch in "续编":
            await app._post_message(events.Key(ch, ch))
        await pilot.press("tab")  # a priority-free key while loading: kept too
        await asyncio.wait_for(app.wait_until_loaded(), timeout=20)
        await pilot.pause()
    # the department was selected on focus; the early keys replaced it, then Tab moved on
    assert app.report.meta.department == "续编"
    assert app.dirty


async def test_a_draft_the_model_refuses_ends_with_a_chinese_message(tmp_path, make_app):
    path = tmp_path / "bad.toml"
    path.write_text('[meta]\ndepartment = "测试单位"\nyear = 1900\n', encoding="utf-8")
    app = make_app(path)  # valid TOML: the frame starts, the model says no
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
    assert app.return_code == 2
    assert app.report is None


def test_a_file_that_is_not_toml_fails_before_the_screen_starts(tmp_path, make_app):
    path = tmp_path / "broken.toml"
    path.write_text('[meta\ndepartment = "x"\n', encoding="utf-8")
    with pytest.raises(DraftError) as exc:
        make_app(path)
    assert "第 1 行" in str(exc.value)
