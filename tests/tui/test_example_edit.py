"""Edit the example draft by keys, save, and compare the file with the one expected change."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import running, show, tab_to, type_text

PROBLEM = '''[[problems]]
id = "p4"
title = "资产登记不及时"
text = "部分新购设备未及时入账。"

'''


async def test_edit_example_and_compare_saved_toml(example_draft: Path, make_app):
    original = example_draft.read_text(encoding="utf-8")
    assert "personnel = 434.93\n" in original
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-personnel")
        await type_text(pilot, "335")  # the old figure is selected on focus: typing replaces it
        await show(pilot, "problems")
        await tab_to(pilot, "add-problems")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "资产登记不及时")
        await pilot.press("tab")
        await type_text(pilot, "部分新购设备未及时入账。")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = example_draft.read_text(encoding="utf-8")
    expected = original.replace("personnel = 434.93\n", "personnel = 335\n").replace(
        "# 原报告的改进措施只有两组", PROBLEM + "# 原报告的改进措施只有两组", 1
    )  # the new problem goes after the last one, above the comment that belongs to [[measures]]
    assert saved == expected
    # leaving 支出 autosaved the amount; Ctrl+S then kept that version as the backup
    backup = Path(str(example_draft) + ".bak").read_text(encoding="utf-8")
    assert backup == original.replace("personnel = 434.93\n", "personnel = 335\n")
