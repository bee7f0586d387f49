"""Issue 14's last friction at 80×24: figures lined up in the grids, Chinese line
breaking, a step entered with its heading in view, the legend, one name per step,
the title bar's change marker."""

from __future__ import annotations

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
    from textual.widgets import Static

    from selfeval.steps import STEPS
    from selfeval.tui.widgets.step_list import StepList

    app = make_app(example_draft)
    async with running(app) as pilot:
        step_list = app.query_one(StepList)
        for i, step in enumerate(STEPS):
            section = await app.editor().show_step(step.key, focus=False)
            await pilot.pause()
            first = section.query(".heading-1").first(Static)
            listed = step_list.get_option_at_index(i).prompt
            listed_text = listed.plain if hasattr(listed, "plain") else str(listed)
            assert str(first.render()) == step.label
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
