"""Issue 14's last friction at 80×24: figures lined up in the grids, Chinese line
breaking, a step entered with its heading in view, the legend, one name per step,
the title bar's change marker."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from selfeval.tui.widgets.amount_grid import AmountGrid
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.value_input import ValueInput

from tui_helpers import running, screen_cells, screen_lines, show, tab_to, type_text


def _text_end(cells: list[list[str]], widget) -> int | None:
    """The screen column just after the last character ``widget`` shows (None: blank)."""
    region = widget.region
    row = cells[region.y]
    for x in range(region.right - 1, region.x - 1, -1):
        if row[x] == "" or row[x].strip():  # "" is the second cell of a wide character
            return x + 1
    return None


async def test_grid_figures_end_in_one_column_at_80_columns(example_draft, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "income")
        app.query_one(OptionList).focus()  # no cell has the focus: every figure reads as left
        await pilot.pause()
        grid = app.query_one("#grid-budget", AmountGrid)
        cells = screen_cells(pilot)
        assert len(cells[0]) == 80
        figures = [w for w in grid.query("ValueInput, Derived") if isinstance(w, (ValueInput, Derived))]
        assert any(isinstance(w, ValueInput) for w in figures) and any(isinstance(w, Derived) for w in figures)
        ends: dict[int, set[int]] = {}
        for widget in figures:  # group by grid column (same x)
            end = _text_end(cells, widget)
            if end is not None:
                ends.setdefault(widget.region.x, set()).add(end)
        assert len(ends) == 3, ends
        for x, found in ends.items():
            assert len(found) == 1, f"figures of the column at x={x} end in columns {sorted(found)}"
        # the decimal points line up too (every figure has two decimals)
        for widget in figures:
            end = _text_end(cells, widget)
            if end is not None:
                assert cells[widget.region.y][end - 3] == "."
        # the column heads end where the figures do
        heads = grid.query(".grid-head")
        head_ends = sorted(_text_end(cells, h) for h in heads)
        assert head_ends == sorted(next(iter(f)) for f in ends.values())


async def test_a_refused_amount_leaves_the_title_bar_saved(example_draft, make_app):
    from selfeval.tui.widgets.title_bar import TitleBar

    before = example_draft.read_bytes()
    app = make_app(example_draft)
    async with running(app) as pilot:
        await show(pilot, "income")
        await tab_to(pilot, "f-general_budget-carryover_start_project")
        await pilot.press("ctrl+u")
        await type_text(pilot, "1234元")  # "1", "12" … are stored on the way, then "1234元" is refused
        await pilot.pause()
        field = app.query_one("#f-general_budget-carryover_start_project", ValueInput)
        assert field.error is not None and "0.1234万元" in field.error
        assert app.report.general_budget.carryover_start_project == 0
        assert app.session.generation > 0 and not app.dirty
        state = app.screen.query_one(TitleBar).state
        assert "已保存" in state and "未保存" not in state
        # a real change still shows
        await pilot.press("ctrl+u")
        await type_text(pilot, "5")
        await pilot.pause()
        assert app.dirty and "● 未保存" in app.screen.query_one(TitleBar).state
    assert example_draft.read_bytes() == before


async def test_each_step_is_headed_with_its_name_in_the_step_list(example_draft, make_app):
    from selfeval.steps import STEPS
    from selfeval.tui.widgets.step_list import StepList

    app = make_app(example_draft)
    async with running(app) as pilot:
        step_list = app.query_one(StepList)
        for i, step in enumerate(STEPS):
            section = await app.editor().show_step(step.key, focus=False)
            await pilot.pause()
            first = section.query(".heading-1").first()
            listed = step_list.get_option_at_index(i).prompt
            listed_text = listed.plain if hasattr(listed, "plain") else str(listed)
            shown = str(first.render())
            if step.key == "evaluation":  # the department's 自评表 carries its 预警 light after the name
                assert shown.startswith(step.label + " · 预警 "), shown
            else:
                assert shown == step.label
            assert step.label in listed_text


async def test_f1_explains_the_marks_and_counts_on_a_field_and_on_the_step_list(example_draft, make_app):
    from textual.containers import VerticalScroll

    from selfeval.tui.screens.help import HelpScreen
    from selfeval.tui.widgets.step_list import StepList

    meanings = ["本节已填完", "没填完", "还没有填写", "本节有警告", "本节有错误", "节名后的数字", "错误、警告、提示"]
    app = make_app(example_draft)
    async with running(app) as pilot:
        # on a field: the field's help, the keys, then the legend (scrolled to)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.screen.query_one(VerticalScroll).scroll_end(animate=False)
        await pilot.pause()
        shown = "\n".join(screen_lines(pilot))
        assert "标记和数字" in shown
        for meaning in meanings:
            assert meaning in shown, meaning
        for mark in "✓…○!✗":
            assert any(line.lstrip("┃ ").startswith(mark) for line in screen_lines(pilot)), mark
        await pilot.press("escape")
        # on the step list: its help is the legend, on the first screen
        app.query_one(StepList).focus()
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(screen_lines(pilot))
        assert "左侧目录" in shown
        for meaning in meanings:
            assert meaning in shown, meaning
        await pilot.press("escape")


def _on_screen(widget) -> bool:
    """Is ``widget`` drawn on the screen now (inside every scrolling parent's view)?"""
    region = widget.region
    if not region or region.height == 0:
        return False
    screen = widget.screen.region
    if not screen.contains_region(region):
        return False
    for node in widget.ancestors:
        if hasattr(node, "scrollable_content_region") and node is not widget.screen:
            view = node.region
            if not view.overlaps(region) or region.y < view.y or region.bottom > view.bottom:
                return False
    return True


def _label_of(focused):
    from selfeval.tui.widgets.field_row import FieldRow

    for node in focused.ancestors_with_self:
        if isinstance(node, FieldRow):
            return node.query_one(".field-label")
    return None


@pytest.mark.parametrize("how", ["f8", "enter"])
async def test_entering_a_step_shows_its_heading_and_the_focused_fields_label(example_draft, make_app, how):
    from selfeval.steps import STEPS
    from selfeval.tui.widgets.step_list import StepList

    app = make_app(example_draft)
    hidden = []
    async with running(app) as pilot:
        for i, step in enumerate(STEPS[1:], start=1):
            if how == "f8":
                await pilot.press("f8")
            else:
                step_list = app.query_one(StepList)
                step_list.focus()
                step_list.highlighted = i
                await pilot.pause()
                await pilot.press("enter")
            for _ in range(10):
                await pilot.pause()
            section = app.editor().query_one(f"#section-{step.key}")
            heading = section.query(".heading-1").first()
            focused = app.focused
            assert focused is not None and section in focused.ancestors, (step.key, focused)
            label = _label_of(focused)
            if not _on_screen(heading):
                hidden.append(f"{step.key}: heading")
            if label is not None and not _on_screen(label):
                hidden.append(f"{step.key}: label of #{focused.id}")
            if not _on_screen(focused):
                hidden.append(f"{step.key}: the focused #{focused.id}")
    assert hidden == []


def _stale_lock(draft, user: str):
    import json
    import socket
    import subprocess

    from selfeval.lock import LockInfo, lock_path

    dead = subprocess.Popen(["true"])
    dead.wait()
    info = LockInfo(pid=dead.pid, host=socket.gethostname(), user=user, since="2025-04-01T09:00:00")
    lock_path(draft).write_text(json.dumps(info.__dict__), encoding="utf-8")
    return info


async def test_own_orphaned_lock_is_taken_over_without_a_question(example_draft, make_app):
    from selfeval.lock import LockInfo

    info = _stale_lock(example_draft, LockInfo.mine().user)
    app = make_app(example_draft)
    async with running(app) as pilot:
        assert type(app.screen).__name__ == "EditorScreen"
        assert not app.read_only and app.session.lock is not None and app.session.took_over == info
        await pilot.press("x")  # typing goes into the draft at once
        assert app.report.meta.department.endswith("x")


async def test_another_users_orphaned_lock_asks_and_t_takes_it_over(example_draft, make_app):
    import json

    from selfeval.lock import lock_path
    from selfeval.tui.screens.safety import StaleLockScreen

    from tui_helpers import until

    _stale_lock(example_draft, "someone-else")
    app = make_app(example_draft)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StaleLockScreen), what="the question")
        assert "someone-else" in app.screen.message and "不在运行" in app.screen.message
        assert json.loads(lock_path(example_draft).read_text())["user"] == "someone-else"  # nothing taken yet
        await pilot.press("t")
        await app.wait_until_loaded()
        await pilot.pause()
        assert not app.read_only and app.session.lock is not None
        assert json.loads(lock_path(example_draft).read_text())["user"] != "someone-else"


async def test_another_users_orphaned_lock_r_opens_read_only(example_draft, make_app):
    from selfeval.tui.screens.safety import StaleLockScreen

    from tui_helpers import until

    _stale_lock(example_draft, "someone-else")
    app = make_app(example_draft)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StaleLockScreen), what="the question")
        await pilot.press("r")
        await app.wait_until_loaded()
        assert app.read_only and app.session.lock is None
