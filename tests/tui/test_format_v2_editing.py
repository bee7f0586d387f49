"""Draft format v2 in the editor: the new fields edited by keys at 80×24 and found in the saved TOML."""

from __future__ import annotations

from selfeval._compat import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from tui_helpers import focused_id, running, show, tab_to, type_text

pytestmark = pytest.mark.tui


def _saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


async def _replace(pilot, widget_id: str, text: str) -> None:
    await tab_to(pilot, widget_id)  # the cursor lands at the end of the value
    await pilot.press("ctrl+u")  # clear it, as a user would, then type
    if text:
        await type_text(pilot, text)


async def test_quota_part_and_leader_by_keys(example_draft: Path, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "overview")
        await _replace(pilot, "f-overview-staffing-units-0-quota_parts-1-count", "2")
        # a new leader post: the list's add button, then its fields
        await tab_to(pilot, "add-overview-staffing-units-1-leaders")
        await pilot.press("enter")
        await pilot.pause()
        assert focused_id(pilot) == "f-overview-staffing-units-1-leaders-0-title"
        await type_text(pilot, "主任")
        await pilot.press("tab")
        await type_text(pilot, "1")
        await pilot.press("ctrl+s")
        await pilot.pause()
    units = _saved(example_draft)["overview"]["staffing"]["units"]
    assert units[0]["quota_parts"][1] == {"part": "机关后勤服务", "kind": "事业编制", "funding": "全额拨款", "count": 2}
    assert units[1]["leaders"] == [{"title": "主任", "count": 1, "note": ""}]


async def test_other_fund_item_by_keys(example_draft: Path, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "income")
        await _replace(pilot, "f-other_funds-0-items-0-amount", "14.46")
        await tab_to(pilot, "add-other_funds-0-items")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "科普活动赞助")
        await pilot.press("tab")
        await type_text(pilot, "0.06")
        await pilot.press("ctrl+s")
        await pilot.pause()
    items = _saved(example_draft)["other_funds"][0]["items"]
    assert items == [
        {"name": "衡阳市委人才办拨付人才支持经费", "amount": Decimal("14.46")},
        {"name": "科普活动赞助", "amount": Decimal("0.06")},
    ]


async def test_level1_score_by_keys_and_emptied_score_is_not_entered(example_draft: Path, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "scoring")
        await _replace(pilot, "f-scoring-level1-0-score", "8.5")
        await tab_to(pilot, "f-scoring-level1-0-basis")
        await type_text(pilot, "预算编制不够精细")
        # emptying an amount stores 未填 (the key leaves the file), never 0
        await _replace(pilot, "f-scoring-level1-3-score", "")
        await pilot.press("tab")
        await pilot.pause()
        card = app.session.scorecard()
        assert not card.complete and card.missing_level1 == ["效果"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    level1 = _saved(example_draft)["scoring"]["level1"]
    assert level1[0] == {"name": "投入", "score": Decimal("8.5"), "basis": "预算编制不够精细"}
    assert "score" not in level1[3] and level1[3]["name"] == "效果"
