"""Chinese line breaking (issue 14): no line starts with closing punctuation, numbers
stay whole, the text is not changed; in the rule itself, a text area and the preview."""

from __future__ import annotations

from hypothesis import example, given, settings
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


# The rule as it was first written, a character pair at a time: the fast version
# (kinds looked up once, cell widths summed once) must break exactly where it does.
def _plain_may_break(text: str, i: int) -> bool:
    from selfeval.tui.linebreak import _NUMERIC, _PAIRED, _is_wide

    prev, cur = text[i - 1], text[i]
    if cur.isspace():
        return False
    if prev.isspace():
        return cur not in NO_LINE_START
    if cur in NO_LINE_START or prev in NO_LINE_END:
        return False
    if prev in _PAIRED and cur in _PAIRED:
        return False
    if prev in _NUMERIC and cur in _NUMERIC:
        return False
    return _is_wide(prev) or _is_wide(cur)


def _plain_break_offsets(text: str, width: int, fold: bool, count_trailing_spaces: bool) -> list[int]:
    from selfeval.tui.linebreak import _fold

    if width <= 0:
        return []
    starts = [i for i in range(1, len(text)) if _plain_may_break(text, i)]
    offsets: list[int] = []
    used = 0
    for start, end in zip([0, *starts], [*starts, len(text)]) if text else []:
        piece = text[start:end]
        full = cell_len(piece)
        needed = full if count_trailing_spaces else cell_len(piece.rstrip())
        if used + needed <= width:
            used += full
            continue
        if needed > width:
            if start and used:
                offsets.append(start)
            if fold:
                cuts = _fold(text, start, end, width)
                offsets.extend(cuts)
                used = cell_len(text[(cuts[-1] if cuts else start):end])
            else:
                used = full
            continue
        if start and used:
            offsets.append(start)
        used = full
    return offsets


_ANY_TEXT = st.text(
    alphabet=st.sampled_from(
        list("预算执行率为部门ab12") + list(CLOSING) + list("（《“([") + list("０１．％—…  \u3000\t.%,")
        + ["👨", "\u200d", "\ufe0f", "é", "\u0301"]
    ),
    max_size=80,
)


@settings(max_examples=300)
@given(text=_ANY_TEXT, width=st.integers(min_value=0, max_value=40), fold=st.booleans(), spaces=st.booleans())
@example(text="ab1 x", width=3, fold=True, spaces=False)  # a trailing space may run past the edge
def test_the_fast_rule_breaks_where_the_plain_rule_does(text, width, fold, spaces):
    from selfeval.tui.linebreak import _units

    assert break_offsets(text, width, fold=fold, count_trailing_spaces=spaces) == _plain_break_offsets(
        text, width, fold, spaces
    )
    starts = [i for i in range(1, len(text)) if _plain_may_break(text, i)]
    assert _units(text) == (list(zip([0, *starts], [*starts, len(text)])) if text else [])


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


_EDIT = st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=3), _ANY_TEXT.map(lambda t: t[:4]))


@settings(max_examples=300)
@given(
    text=_ANY_TEXT,
    edits=st.lists(_EDIT, min_size=1, max_size=8),
    width=st.integers(min_value=1, max_value=30),
    fold=st.booleans(),
    spaces=st.booleans(),
)
# a line starts where one did before, but what follows it was edited
@example(text="行1 预。行22。行b", edits=[(10, 0, "a")], width=2, fold=True, spaces=True)
# the last line's first piece runs into the edit (found on Python 3.9's CI run)
@example(text="11", edits=[(0, 0, "1\u3000\u3000"), (0, 0, "1\u3000\u3000")], width=6, fold=False, spaces=False)
def test_a_paragraph_typed_into_breaks_as_if_broken_afresh(text, edits, width, fold, spaces):
    """The text area's re-wrap after each key (or paste, or delete) gives exactly the plain rule's breaks."""
    from selfeval.tui.linebreak import Rewrap

    rewrap = Rewrap()
    for at, cut, typed in [(0, 0, ""), *edits]:
        at = min(at, len(text))
        text = text[:at] + typed + text[at + cut :]
        assert rewrap(text, width, fold=fold, count_trailing_spaces=spaces) == _plain_break_offsets(
            text, width, fold, spaces
        ), (text, width)


def test_a_key_in_a_long_paragraph_breaks_it_as_if_broken_afresh():
    from selfeval.tui.linebreak import Rewrap

    rewrap = Rewrap()
    text = ("市科协围绕全民科学素质提升开展科普活动，" * 25) + " performance 12.5% ——（完）"
    for i, ch in enumerate("科技ab工作者，之家 服务。创新发展" * 4):
        at = 250 + i
        text = text[:at] + ch + text[at:]
        for width in (55, 56):
            assert rewrap(text, width, count_trailing_spaces=True) == _plain_break_offsets(text, width, True, True)
    while len(text) > 240:  # backspace
        text = text[:240] + text[241:]
        assert rewrap(text, 55, count_trailing_spaces=True) == _plain_break_offsets(text, 55, True, True)
