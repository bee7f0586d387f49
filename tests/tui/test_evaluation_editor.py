"""The 自评表 steps by keys only: a row filled, its rule's score live, the table saved."""

from __future__ import annotations

import re
from decimal import Decimal


from selfeval._compat import tomllib
from selfeval.tui.widgets.evaluation import IndicatorTable
from selfeval.tui.widgets.step_list import StepList

from tui_helpers import focused_id, running, show, tab_to, type_text, until

DEPT = "evaluation.indicators[0]"




def _score_line(app, base: str) -> str:
    from selfeval.model import paths

    return app.screen.query_one("#" + paths.widget_id(f"{base}.rule", "d")).text


def _saved(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


async def test_a_row_typed_by_keys_is_scored_live_and_saved(bare_example, make_app):
    app = make_app(bare_example)
    async with running(app) as pilot:
        await show(pilot, "evaluation")
        await tab_to(pilot, "add-evaluation-indicators")
        await pilot.press("enter")  # ＋ 新增指标: the new row's 三级 name has the focus
        await pilot.pause()
        assert focused_id(pilot) == "f-evaluation-indicators-0-name"
        assert app.report.evaluation.indicators[0].level1 == "产出指标"  # the preset's first 一级
        await type_text(pilot, "组织科普活动场次")
        await tab_to(pilot, "f-evaluation-indicators-0-target")
        await type_text(pilot, "100")
        await tab_to(pilot, "f-evaluation-indicators-0-unit")
        await type_text(pilot, "场")
        await tab_to(pilot, "f-evaluation-indicators-0-points")
        await type_text(pilot, "10")
        await tab_to(pilot, "f-evaluation-indicators-0-actual")
        assert "尚不能计分" in _score_line(app, DEPT)
        await type_text(pilot, "9")
        await pilot.pause()
        assert re.search(r"9 ÷ 100 × 10(\.00)? = 0\.90", _score_line(app, DEPT))  # live, after one key
        await type_text(pilot, "0")
        await pilot.pause()
        line = _score_line(app, DEPT)
        assert "规则得分 9.00" in line and re.search(r"90 ÷ 100 × 10(\.00)? = 9\.00", line)
        # the table's line shows the row with its score
        table = app.screen.query_one(IndicatorTable)
        row_text = table.get_option_at_index(1).prompt
        assert "组织科普活动场次" in str(row_text) and "9.00/10" in str(row_text)
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = _saved(bare_example)["evaluation"]["indicators"][0]
    assert saved["name"] == "组织科普活动场次"
    assert saved["level1"] == "产出指标"
    assert saved["nature"] == "≥"
    assert (saved["target"], saved["unit"], saved["actual"]) == ("100", "场", "90")
    assert saved["points"] == Decimal("10")
    assert "score" not in saved  # the rule scores it: nothing typed, nothing invented


async def test_rows_added_moved_and_deleted_by_keys(bare_example, make_app):
    app = make_app(bare_example)
    async with running(app) as pilot:
        await show(pilot, "evaluation")
        await tab_to(pilot, "add-evaluation-indicators")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "甲")
        await pilot.press("ctrl+n")  # from the form: a row after this one, same 一级
        await pilot.pause()
        assert focused_id(pilot) == "f-evaluation-indicators-1-name"
        await type_text(pilot, "乙")
        rows = app.report.evaluation.indicators
        assert [(r.level1, r.name) for r in rows] == [("产出指标", "甲"), ("产出指标", "乙")]
        await tab_to(pilot, "f-evaluation-indicators-1-target")
        await pilot.press("ctrl+up")  # moves the row; the same field keeps the focus
        await pilot.pause()
        assert [r.name for r in app.report.evaluation.indicators] == ["乙", "甲"]
        assert focused_id(pilot) == "f-evaluation-indicators-0-target"
        # in the table: ↓ to the second row, Ctrl+R asks, y deletes
        await pilot.press("shift+tab")
        while not isinstance(app.focused, IndicatorTable):
            await pilot.press("shift+tab")
        await pilot.press("down")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await pilot.pause()
        assert [r.name for r in app.report.evaluation.indicators] == ["乙"]
        assert isinstance(app.focused, IndicatorTable)
        # Enter on a row edits it in the form
        await pilot.press("enter")
        await pilot.pause()
        assert focused_id(pilot) == "f-evaluation-indicators-0-name"


async def test_a_project_table_from_the_project_row_in_expenditure(bare_example, make_app):
    app = make_app(bare_example)
    async with running(app) as pilot:
        await show(pilot, "expenditure")
        await tab_to(pilot, "f-general_budget-projects-1-name")
        assert "项目自评表" in app.screen.query_one("KeyBar").plain  # F4 is shown on a project row
        await pilot.press("f4")
        await until(pilot, lambda: app.editor().step == "project_evaluation", what="the projects step")
        await until(
            pilot,
            lambda: focused_id(pilot) == "f-general_budget-projects-1-evaluation-appropriation_initial",
            what="the second project's table focused",
        )
        base = "general_budget.projects[1].evaluation"
        await tab_to(pilot, "add-general_budget-projects-1-evaluation-indicators")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "服务对象满意度")
        await pilot.press("tab")  # 指标性质: ≥ stays
        await tab_to(pilot, "f-general_budget-projects-1-evaluation-indicators-0-target")
        await type_text(pilot, "90")
        await tab_to(pilot, "f-general_budget-projects-1-evaluation-indicators-0-points")
        await type_text(pilot, "10")
        await tab_to(pilot, "f-general_budget-projects-1-evaluation-indicators-0-actual")
        await type_text(pilot, "95")
        await pilot.pause()
        assert "规则得分 10.00" in _score_line(app, f"{base}.indicators[0]")
        await pilot.press("ctrl+s")
        await pilot.pause()
    projects = _saved(bare_example)["general_budget"]["projects"]
    assert "evaluation" not in projects[0]  # only the project chosen got a table
    row = projects[1]["evaluation"]["indicators"][0]
    assert (row["name"], row["target"], row["actual"], row["points"]) == ("服务对象满意度", "90", "95", Decimal("10"))


async def test_the_light_is_in_the_step_list_and_the_heading(bare_example, make_app):
    app = make_app(bare_example)
    async with running(app) as pilot:
        steps = app.screen.query_one(StepList)
        assert steps.light_of("evaluation") == ("unknown", "未完成")  # nothing typed yet
        await show(pilot, "evaluation")
        heading = app.screen.query_one("#section-evaluation .heading-1")
        assert "未完成" in heading.text


_SCORED = """
[evaluation]
other_initial = 14.46
other_adjusted = 14.46

[[evaluation.indicators]]
level1 = "产出指标"
name = "组织科普活动场次"
target = "30"
unit = "场"
actual = "35"
points = 50

[[evaluation.indicators]]
level1 = "效益指标"
name = "公民科学素质提升"
target = "1"
actual = "1"
points = 30

[[evaluation.indicators]]
level1 = "满意度指标"
name = "服务对象满意度"
target = "90"
unit = "%"
actual = "95"
points = 10
"""


async def test_the_light_turns_as_an_actual_is_typed(bare_example, make_app):
    """Every indicator at full points while 91.60% of the budget is executed: 红灯;
    an actual typed lower brings the indicator share under the budget share: 绿灯."""
    bare_example.write_text(bare_example.read_text(encoding="utf-8") + _SCORED, encoding="utf-8")
    app = make_app(bare_example)
    async with running(app) as pilot:
        steps = app.screen.query_one(StepList)
        assert steps.light_of("evaluation") == ("red", "红灯")
        await show(pilot, "evaluation")
        heading = app.screen.query_one("#section-evaluation .heading-1")
        assert "红灯" in heading.text
        await tab_to(pilot, "f-evaluation-indicators")  # the indicator table
        await pilot.press("enter")  # the first row (highlighted) into the form
        await pilot.pause()
        await tab_to(pilot, "f-evaluation-indicators-0-actual")
        await pilot.press("ctrl+u")
        await type_text(pilot, "20")
        await pilot.pause()
        assert re.search(r"20 ÷ 30 × 50(\.00)? = 33\.33", _score_line(app, DEPT))
        await until(pilot, lambda: steps.light_of("evaluation") == ("green", "绿灯"), what="the light in the step list")
        assert "绿灯" in heading.text


async def test_a_check_between_a_table_s_mount_and_its_compose_is_no_crash(example_draft, make_app):
    """The checks run on a timer; one that fires while a project's table is being replaced
    (mounted, children not composed yet) used to stop the editor with NoMatches."""
    app = make_app(example_draft)
    async with running(app) as pilot:
        section = await app.editor().show_step("project_evaluation")
        await pilot.pause()
        fresh = section._editor(1)  # as when switching project: not composed yet
        assert not fresh.query(IndicatorTable)
        fresh.show_findings(app.editor().findings())
        fresh.refresh_rows()
        shown = app.screen.query_one(IndicatorTable)
        assert "!" in shown._marks.values() or "✓" in shown._marks.values()  # the built one has its marks
