"""Ctrl+O: a narrative field goes to $EDITOR and comes back."""

from __future__ import annotations

import sys
from pathlib import Path

from tui_helpers import running, show, tab_to, type_text

EDITOR_SCRIPT = """\
import pathlib, sys
p = pathlib.Path(sys.argv[1])
text = p.read_text(encoding="utf-8")
assert text.endswith("\\n"), "the field's text is handed over as a file ending in a newline"
p.write_text(text.replace("旧", "新") + "外部编辑器加的一段。\\n", encoding="utf-8")
"""


def _editor(tmp_path: Path) -> str:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    return f"{sys.executable} {script}"


async def test_external_editor_round_trip(new_draft, make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", _editor(tmp_path))
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "overview")
        assert app.focused.id == "f-overview-basic_info"
        await type_text(pilot, "旧的第一段")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.report.overview.basic_info == "新的第一段\n外部编辑器加的一段。"
        assert app.focused.id == "f-overview-basic_info"
        assert app.dirty
        await pilot.press("ctrl+z")  # the edit came back as one undoable change
        assert app.report.overview.basic_info == "旧的第一段"


async def test_external_editor_failure_changes_nothing(new_draft, make_app, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "overview")
        await type_text(pilot, "原文")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.report.overview.basic_info == "原文"
        assert any("无法启动编辑器" in n.message for n in app._notifications)


async def test_ctrl_o_outside_a_text_field_explains(new_draft, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        await show(pilot, "meta")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert any("多行文字框" in n.message for n in app._notifications)
