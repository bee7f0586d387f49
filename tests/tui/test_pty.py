"""The real editor in a pseudo-terminal: keys that arrive in one burst go where the
user meant, and a GB18030 terminal can type and read Chinese.

Each burst is written with ONE ``os.write()``, the way keys arrive over SSH after
a stall or from a paste without bracketed-paste mode; then the draft is saved
and the TOML is read back.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from selfeval._compat import tomllib

from pty_editor import CTRL_N, ENTER, F8, TAB, PtyEditor, gb18030_locale

pytestmark = [pytest.mark.tui, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "drafts" / "example-2024.toml"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "example-2024.toml"
    shutil.copyfile(EXAMPLE, path)
    return path


def _run(draft: Path, steps, **kwargs) -> dict:
    """Start the editor, wait for the first step, write each burst (waiting for the
    text given with it, if any), save, quit; the saved draft."""
    editor = PtyEditor(draft, **kwargs)
    try:
        editor.wait_for("单位全称")
        editor.pump(1.0)
        for burst, shown in steps:
            mark = len(editor.output)
            editor.write(burst)
            if shown:
                editor.wait_for(shown, since=mark)
            editor.pump(0.5)
        assert editor.save_and_quit() == 0
    finally:
        editor.kill()
    return tomllib.loads(draft.read_text(encoding="utf-8"))


def test_tab_then_text_in_one_burst(draft):
    data = _run(draft, [(TAB + "甲乙", "甲乙")])
    assert data["meta"]["department"] == "衡阳市科学技术协会"  # untouched
    assert data["meta"]["short_name"] == "市科协甲乙"  # the field Tab moved to


def test_f8_then_text_in_one_burst(draft):
    before = tomllib.loads(draft.read_text(encoding="utf-8"))
    data = _run(draft, [(F8 + TAB + "丙丁", "丙丁")])  # 部门概况 built, then Tab to the first duty
    assert data["meta"] == before["meta"]
    assert data["overview"]["basic_info"] == before["overview"]["basic_info"]
    duties = before["overview"]["duties"]
    assert data["overview"]["duties"] == [duties[0] + "丙丁", *duties[1:]]


def test_ctrl_n_then_text_in_one_burst(draft):
    before = tomllib.loads(draft.read_text(encoding="utf-8"))
    duties = before["overview"]["duties"]
    data = _run(draft, [(F8, "职能职责"), (TAB, None), (CTRL_N + "新增的职责", "新增的职责")])
    assert data["overview"]["duties"] == [duties[0], "新增的职责", *duties[1:]]


def test_enter_on_add_then_text_in_one_burst(draft):
    before = tomllib.loads(draft.read_text(encoding="utf-8"))
    duties = before["overview"]["duties"]
    # Tab to the first duty, past the others, onto "＋ 新增职责"
    steps = [(F8, "职能职责")] + [(TAB, None)] * (len(duties) + 1)
    data = _run(draft, steps + [(ENTER + "最后一项职责", "最后一项职责")])
    assert data["overview"]["duties"] == [*duties, "最后一项职责"]


def test_a_gb18030_terminal_types_and_reads_chinese(draft, tmp_path):
    env = gb18030_locale(tmp_path / "locale")
    if env is None:
        pytest.skip("no GB18030 locale and localedef cannot build one")
    editor = PtyEditor(draft, env=env, encoding="gb18030")
    try:
        editor.wait_for("单位全称")  # drawn in GB18030 bytes …
        assert "单位全称".encode() not in editor.output  # … not in UTF-8
        editor.pump(1.0)
        mark = len(editor.output)
        editor.write(TAB + "编码测试")  # keys in GB18030
        editor.wait_for("编码测试", since=mark)
        editor.write(b"\x81")  # half a character, then a byte no encoding reads
        editor.write(b"\xff")
        editor.wait_for("字符编码", since=mark)  # said, not fatal
        editor.pump(0.5)
        assert editor.save_and_quit() == 0
    finally:
        editor.kill()
    data = tomllib.loads(draft.read_text(encoding="utf-8"))  # the draft is UTF-8
    assert data["meta"]["short_name"].startswith("市科协编码测试")
    assert data["meta"]["department"] == "衡阳市科学技术协会"
