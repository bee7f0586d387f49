"""Chinese line breaking (issue 14): no line starts with closing punctuation, numbers
stay whole, the text is not changed; in the rule itself, a text area and the preview."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from selfeval.tui.linebreak import NO_LINE_END, NO_LINE_START, break_offsets, wrap

PREFACE = (
    "为提高财政资金使用效益，衡量部门职责的履行情况和效率效果，增强预算单位绩效管理责任主体意识，"
    "根据《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）、《中共湖南省委办公厅 "
    "湖南省人民政府办公厅关于全面实施预算绩效管理的实施意见》（湘办发〔2020〕10号）精神。"
    "执行率仅为38.2%，比上年提高12.50个百分点——主要是……"
)
CLOSING = "。，、；：？！）」』】》”"


def test_what_textual_did_and_what_the_rule_does():
    # Textual alone: "，" and "）" start lines, "38.2%" is split (the examples)
    from textual.document._wrapped_document import compute_wrap_offsets

    original = getattr(compute_wrap_offsets, "__wrapped__", compute_wrap_offsets)
    text = "衡量部门职责的履行情况和效率效果，增强意识（中发〔2018〕34号）。执行率仅为38.2%"
    width = 16
    cuts = original(text, width, 4)
    assert any(text[c] in CLOSING for c in cuts) or any(text[c - 1].isdigit() and text[c].isdigit() for c in cuts)
    for line in wrap(text, width):
        assert cell_len(line) <= width
    lines = wrap(text, width)
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert "38.2%" in "\n".join(lines)


def test_the_preface_at_editor_widths():
    for width in range(8, 80):
        lines = wrap(PREFACE, width)
        # nothing lost or added; a space at a break is the only thing a line drops
        assert "".join(lines).replace(" ", "") == PREFACE.replace(" ", "")
        for before, line in zip(lines, lines[1:]):
            assert line[0] not in NO_LINE_START, (width, before, line)
            assert before[-1] not in NO_LINE_END, (width, before, line)
            assert not (before[-1] in "0123456789." and line[0] in "0123456789.%"), (width, before, line)
            assert not (before[-1] == "—" and line[0] == "—") and not (before[-1] == "…" and line[0] == "…")
        assert all(cell_len(line) <= width for line in lines), width


def test_spaces_are_kept_and_break_only_where_the_line_is_full():
    text = "根据《中共中央 国务院关于全面实施预算绩效管理的意见》"
    # Textual broke at the space although the line had room after it ("根据《中共中央" alone)
    assert wrap(text, 20) == ["根据《中共中央 国务", "院关于全面实施预算绩", "效管理的意见》"]
    assert wrap(text, 60) == [text]


_TEXT = st.text(
    alphabet=st.sampled_from(list("预算执行率为部门整体支出") + list(CLOSING) + list("（《“") + list("0123456789.% ab—…")),
    max_size=120,
)


@given(text=_TEXT, width=st.integers(min_value=4, max_value=60))
def test_any_text_fits_keeps_every_character_and_breaks_only_where_allowed(text, width):
    from selfeval.tui.linebreak import _units

    cuts = break_offsets(text, width, count_trailing_spaces=True)
    assert cuts == sorted(set(cuts)) and all(0 < c < len(text) for c in cuts)
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    assert "".join(pieces) == text
    assert all(cell_len(p) <= width for p in pieces)
    units = _units(text)
    for c in cuts:
        inside = [(s, e) for s, e in units if s < c < e]
        if inside:  # cut inside an unbreakable piece: only one wider than a line
            s, e = inside[0]
            # spaces count here (count_trailing_spaces, as in a text area): "00、 " is 5 cells
            assert cell_len(text[s:e]) > width, (text[s:e], width)
        else:
            assert text[c] not in NO_LINE_START and text[c - 1] not in NO_LINE_END, (text, c)
            assert not (text[c - 1].isdigit() and text[c].isdigit())


def _region_lines(pilot, widget) -> list[str]:
    from tui_helpers import screen_cells

    cells = screen_cells(pilot)
    region = widget.content_region
    return ["".join(cells[y][region.x:region.right]).rstrip() for y in range(region.y, region.bottom)]


async def test_a_text_area_at_80_columns_starts_no_line_with_closing_punctuation(example_draft, make_app):
    from selfeval.tui.widgets.text_field import TextField

    from tui_helpers import running, until

    app = make_app(example_draft)
    async with running(app) as pilot:
        field = app.query_one("#f-meta-preamble", TextField)

        def shown() -> list[str]:
            return [line.strip() for line in _region_lines(pilot, field) if line.strip()]

        # on a loaded machine the first frames can be drawn before the field has its final
        # width (the text is wrapped again once it has): wait for the settled text
        await until(pilot, lambda: "中共中央 国务" in "".join(shown()), what="the preface drawn at its width")
        lines = shown()
        assert len(lines) >= 5  # the preface wraps over several lines at 80 columns
        assert all(line[0] not in CLOSING for line in lines), lines
        assert "中共中央 国务" in "".join(lines)  # its space kept, and no early break there


async def test_the_preview_keeps_the_reports_spaces_and_breaks_by_the_rules(example_draft, make_app):
    from selfeval.tui.screens.preview import ReportView
    from tui_helpers import running, until

    app = make_app(example_draft)
    async with running(app) as pilot:
        await pilot.press("f5")
        preview = app.screen.query_one("#preview", ReportView)
        await until(pilot, lambda: len(preview.source) > 1000 and len(preview.lines) > 100, what="the preview")
        await pilot.pause()
        from tui_helpers import screen_lines

        body = [line.strip() for line in screen_lines(pilot)[1:-4] if line.strip()]
        assert any("中共中央 国务院" in line for line in body), body  # the report's space, kept
        assert all(line[0] not in CLOSING for line in body), body
