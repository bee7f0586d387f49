"""``selfeval render --format text``: tables that line up in a terminal, and
web addresses in the Markdown without stray backslashes."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len

from selfeval.cli import main
from selfeval.plaintext import layout_table, to_text
from selfeval.render import md_escape

from support import EXAMPLE


def frame_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(("|", "+"))]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_example_tables_line_up_within_the_width(capsys, width):
    assert main(["render", str(EXAMPLE), "--format", "text", "--width", str(width)]) == 0
    out = capsys.readouterr().out
    assert "<!--" not in out and "\\" not in out and "|---" not in out
    lines = frame_lines(out)
    assert len(lines) > 50
    # every line of a table ends at the same terminal column, within the width
    tables, current = [], []
    for line in out.splitlines():
        if line.startswith(("|", "+")):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) >= 8
    for table in tables:
        assert len({cell_len(line) for line in table}) == 1, table[:3]
        assert cell_len(table[0]) <= width
        # the column separators stand at the same columns on every row
        bars = {tuple(i for i, _ in _columns(line) if _ in "|+") for line in table}
        assert len(bars) == 1


def _columns(line: str):
    """(terminal column, character) for each character of ``line``."""
    col = 0
    for ch in line:
        yield col, ch
        col += cell_len(ch)


def test_title_lines_and_headings_come_out_as_text():
    from selfeval import draft, render

    md = render.markdown(draft.load(EXAMPLE), base_dir=EXAMPLE.parent)
    text = to_text(md, width=100)
    first = [line.strip() for line in text.splitlines()[:2]]
    assert first == ["衡阳市科学技术协会", "2024年度部门整体支出绩效自评报告"]
    assert "\n一、部门概况\n" in text
    assert "===" not in text


def test_a_table_wider_than_the_line_wraps_its_long_columns():
    lines = layout_table(
        ["指标", "分值", "评分依据"],
        [["在职人员控制率", "2.00", "实有在职在编人数26人，编制数28人，控制率92.86%，未超编。" * 3]],
        ["left", "right", "left"],
        50,
    )
    assert {cell_len(line) for line in lines} == {50}
    assert lines[3].startswith("| 在职人员控制率 |")  # the short label stays whole
    assert lines[3].split("|")[2].strip() == "2.00"
    # no line of a cell starts with a closing mark
    for line in lines[3:-1]:
        assert not line.split("|")[3].strip().startswith(("，", "。", "%"))


@pytest.mark.parametrize(
    "typed, shown_href",
    [
        ("详见http://www.hengyang.gov.cn/a_b/c?x=1&y=2。", "http://www.hengyang.gov.cn/a_b/c?x=1&amp;y=2"),
        ("网址www.hy_kx.org.cn，欢迎访问", "http://www.hy_kx.org.cn"),
        ("（https://a.cn/x_y*z）", "https://a.cn/x_y*z"),
    ],
)
def test_web_addresses_are_links_without_backslashes(typed, shown_href):
    escaped = md_escape(typed)
    html = MarkdownIt("commonmark").renderInline(escaped)
    assert f'href="{shown_href}"' in html
    # the address as typed is the link's text: nothing escaped shows
    address = shown_href.replace("&amp;", "&").removeprefix("http://" if "www." in typed and "://" not in typed else "")
    assert address.replace("&", "&amp;") in html.split(">", 1)[1]
    assert "\\" not in html
    # and the text around it is still literal
    from selfeval.docx.parse import inline_text

    tokens = MarkdownIt("commonmark").parse(escaped)
    assert inline_text(tokens[1]) == typed


def test_text_format_is_only_for_render(capsys):
    assert main(["render", str(EXAMPLE), "--format", "text", "--width", "5"]) == 2
    assert "太窄" in capsys.readouterr().err
