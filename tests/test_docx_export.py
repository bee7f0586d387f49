"""Word export: the example draft exported and read back with python-docx.

Checks what a finance bureau looks at: the outline in order, the money tables
as real Word tables with the example's figures, the fonts and sizes GB/T
9704-2012 names, A4 with the official type area, page numbers as ``— 1 —``,
and user text with Markdown or template syntax in it coming out literally.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

from selfeval import docx as word  # noqa: E402
from selfeval import draft, export, render  # noqa: E402
from selfeval.amounts import fmt_money  # noqa: E402
from selfeval.cli import main  # noqa: E402
from selfeval.framework import evaluate  # noqa: E402
from selfeval.model import Project  # noqa: E402

from support import LEVEL3_EXAMPLE as EXAMPLE  # noqa: E402
from support import EXAMPLE as REAL_EXAMPLE  # noqa: E402
from support import OUTLINE  # noqa: E402

HEADING_STYLES = {"Title": 1, "Heading 1": 2, "Heading 2": 3, "Heading 3": 4, "Heading 4": 5}


# ---- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return draft.load(EXAMPLE)


@pytest.fixture(scope="module")
def card(report):
    return evaluate(report, render.preset_for(report, EXAMPLE.parent))


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory, report) -> Path:
    out = tmp_path_factory.mktemp("docx") / "example-2024.docx"
    export.write(report, "docx", out, base_dir=EXAMPLE.parent)
    return out


@pytest.fixture(scope="module")
def doc(docx_path):
    return docx.Document(str(docx_path))


@pytest.fixture(scope="module")
def markdown(report) -> str:
    return render.markdown(report, base_dir=EXAMPLE.parent)


# ---- helpers -----------------------------------------------------------------


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def find_table(doc, header: list[str]):
    found = [t for t in doc.tables if table_rows(t)[0] == header]
    assert len(found) == 1, f"no single table headed {header}"
    return found[0]


def style_value(style, read):
    """A property of a style as Word resolves it: the style, then the styles it is based on."""
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def east_asian_font(style) -> str | None:
    def read(s):
        rpr = s.element.rPr
        fonts = rpr.rFonts if rpr is not None else None
        return None if fonts is None else fonts.get(qn("w:eastAsia"))

    return style_value(style, read)


def size(style):
    return style_value(style, lambda s: s.font.size)


def bold(style):
    return style_value(style, lambda s: s.font.bold)


def paragraphs_with_style(doc, name: str):
    return [p for p in doc.paragraphs if p.style.name == name]


def body_blocks(doc):
    """Paragraphs and tables in document order, as ('p', paragraph) / ('t', table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(("p", Paragraph(child, doc)))
        elif child.tag == qn("w:tbl"):
            out.append(("t", Table(child, doc)))
    return out


# ---- the outline ---------------------------------------------------------------


def test_every_heading_of_the_outline_in_order(doc, markdown):
    from markdown_it import MarkdownIt

    from selfeval.docx.parse import inline_text

    expected = []
    tokens = MarkdownIt("commonmark").parse(markdown)
    for i, t in enumerate(tokens):
        if t.type != "heading_open":
            continue
        # a long title breaks across lines (setext heading with a hard break)
        level, text = int(t.tag[1:]), inline_text(tokens[i + 1]).replace("\n", "")
        attachment = re.match(r"^(附件\d+)：(.*)$", text)
        if level == 2 and attachment:
            expected += [("附件标识", attachment.group(1)), ("附件标题", attachment.group(2))]
        else:
            style = {v: k for k, v in HEADING_STYLES.items()}[min(level, 5)]
            expected.append((style, text))
    styles = set(HEADING_STYLES) | {"附件标识", "附件标题"}
    got = [(p.style.name, p.text.replace("\n", "")) for p in doc.paragraphs if p.style.name in styles]
    assert got == expected

    top = [p.text for p in paragraphs_with_style(doc, "Heading 1")]
    assert top == OUTLINE
    assert [p.text for p in paragraphs_with_style(doc, "附件标识")] == ["附件1", "附件2"]
    assert doc.paragraphs[0].style.name == "Title"
    # broken after the department's name, as GB/T 9704 asks of a title too long for a line
    assert doc.paragraphs[0].text == "衡阳市科学技术协会\n2024年度部门整体支出绩效自评报告"


def test_headings_carry_outline_levels_for_the_navigation_pane(doc):
    for name, level in (("Heading 1", 0), ("Heading 2", 1), ("Heading 3", 2), ("附件标题", 0)):
        ppr = doc.styles[name].element.pPr
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level)


# ---- tables --------------------------------------------------------------------


def test_general_budget_table_with_the_examples_figures(doc, report):
    t = find_table(doc, ["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"])
    table = report.general_budget.table
    expected = [
        [row.label, fmt_money(row.start), fmt_money(row.income), fmt_money(row.spending), fmt_money(row.end)]
        for row in table.rows
    ]
    assert table_rows(t)[1:] == expected
    # the example's own figures, as the 决算 gives them
    assert table_rows(t)[-1] == ["合计", "3.20", "548.00", "542.56", "8.64"]


def test_project_table_with_the_examples_figures(doc, report):
    t = find_table(doc, ["序号", "项目名称", "年度决算数", "备注"])
    rows = table_rows(t)[1:]
    projects = report.general_budget.projects
    assert len(rows) == len(projects) + 1
    for i, (row, p) in enumerate(zip(rows, projects), start=1):
        assert row[0] == str(i)
        assert row[1].startswith(p.name)
        assert row[2] == fmt_money(p.amount)
    assert rows[-1][1:3] == ["合计", fmt_money(report.general_budget.project_spending)]
    assert rows[0][:3] == ["1", "科普阵地建设与运行经费（重点）", "45.00"]
    assert rows[-1][2] == "116.10"


def test_score_table_with_the_examples_figures(doc, card):
    t = find_table(doc, ["评价内容", "分值", "评价得分"])
    rows = table_rows(t)[1:]
    assert [r[0] for r in rows] == [s.name for s in card.level1] + ["合计", "综合绩效级别"]
    for row, sub in zip(rows, card.level1):
        assert row[2] == fmt_money(sub.score)
    assert rows[-2][:3] == ["合计", "100.00", fmt_money(card.total)]  # 分值 and 得分 alike, two decimals
    assert rows[-1][2] == card.grade
    assert rows[-2][2] == "96.01"


APPENDIX_1_HEADER = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "评分依据"]


def appendix_1_parts(doc):
    """附件1 is cut into one table a page, each repeating its header row."""
    return [t for t in doc.tables if table_rows(t)[0] == APPENDIX_1_HEADER]


def test_appendix_1_is_a_word_table_with_every_indicator(doc, card):
    parts = appendix_1_parts(doc)
    assert len(parts) >= 2
    rows = [row for t in parts for row in table_rows(t)[1:]]
    assert len(rows) == len(card.results) + 1
    for row, res in zip(rows, card.results):
        assert row[2] == res.indicator.level3
        assert row[4] == res.indicator.standard
    assert rows[-1][0] == "合计"
    assert rows[-1][5] == fmt_money(card.total)
    assert rows[-1][6] == f"评价等级：{card.grade}"
    # blank 一级/二级 cells are merged into the label above, as score tables show them
    merges = [[tc.vMerge for tc in row._tr.tc_lst[:3]] for t in parts for row in t.rows[1:]]
    assert merges[0] == ["restart", "restart", None]
    assert merges[1] == ["continue", "continue", None]
    assert merges[-1] == [None, None, None]
    # every page (part) starts with the 一级 and 二级 labels it continues
    levels = {(res.indicator.level3, res.indicator.level1, res.indicator.level2) for res in card.results}
    for t in parts:
        first = table_rows(t)[1]
        assert (first[2], first[0], first[1]) in levels
    # a label stands once per page: the rest of its rows are merged into it
    level1_starts = [i for i, m in enumerate(merges) if m[0] != "continue"]
    assert len(card.level1) + 1 <= len(level1_starts) <= len(card.level1) + len(parts)


def test_cut_table_parts_fit_their_pages_and_repeat_labels():
    from selfeval.docx.widths import Cell, Span, Table
    from selfeval.docx.writer import _page_parts, _row_height_pt

    def row(*texts):
        return [Cell([Span(t)], "right" if t[:1].isdigit() else "left") for t in texts]

    body = [row("投入", "目标", "甲" * 60, "2.00")]
    body += [row("", "", "乙" * 60, "2.00") for _ in range(20)]
    body += [row("", "配置", "丙", "2.00"), row("合计", "", "", "100.00")]
    table = Table([row("一级", "二级", "三级", "分值")], body)
    widths = [20.0, 20.0, 60.0, 20.0]
    parts = _page_parts(table, widths, 10.5, 1.0, first_room=300, room=400)
    assert len(parts) >= 3
    assert [r for p in parts for r in p.body][1:] != body[1:]  # labels filled in
    assert sum(len(p.body) for p in parts) == len(body)
    for k, part in enumerate(parts):
        height = sum(_row_height_pt(r, widths, 10.5, 1.0) for r in part.header + part.body)
        assert height <= (300 if k == 0 else 400) or len(part.body) == 1
        first = [c.text for c in part.body[0]]
        assert first[0] in ("投入", "合计")
        if first[0] == "投入":
            assert first[1] in ("目标", "配置")


def test_tables_have_full_borders_and_repeat_their_header_row(doc):
    assert len(doc.tables) >= 8
    for t in doc.tables:
        borders = t._tbl.tblPr.find(qn("w:tblBorders"))
        sides = {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}
        assert sides == dict.fromkeys(["top", "left", "bottom", "right", "insideH", "insideV"], "single")
        first = t.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        assert t.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None


def test_amounts_are_right_aligned_with_two_decimals(doc):
    t = find_table(doc, ["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"])
    for row in t.rows[1:]:
        for cell in row.cells[1:]:
            assert re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d\d", cell.text)
            assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    # header cells are centred by their style
    assert t.rows[0].cells[1].paragraphs[0].style.name == "表格标题行"
    assert doc.styles["表格标题行"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_unit_line_stands_above_each_money_table(doc):
    blocks = body_blocks(doc)
    money_headers = (
        ["收入来源", "金额", "占比"],
        ["经济分类", "金额", "占比"],
        ["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
        ["项目", "年初预算", "年中追加", "年中追减", "调整后预算"],
        ["序号", "项目名称", "年度决算数", "备注"],
    )
    seen = 0
    for i, (kind, block) in enumerate(blocks):
        if kind == "t" and table_rows(block)[0] in [list(h) for h in money_headers]:
            before_kind, before = blocks[i - 1]
            assert before_kind == "p"
            assert before.text == "单位：万元"
            assert before.style.name == "表格单位"
            assert doc.styles["表格单位"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
            seen += 1
    assert seen == len(money_headers)


# ---- fonts and sizes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "font", "points", "is_bold"),
    [
        ("Title", "方正小标宋简体", 22, False),
        ("附件标题", "方正小标宋简体", 22, False),
        ("Heading 1", "黑体", 16, False),
        ("Heading 2", "楷体_GB2312", 16, False),
        ("Heading 3", "仿宋_GB2312", 16, True),
        ("Normal", "仿宋_GB2312", 16, False),
        ("附件标识", "黑体", 16, False),
    ],
)
def test_east_asian_fonts_and_sizes(doc, style, font, points, is_bold):
    s = doc.styles[style]
    assert east_asian_font(s) == font
    assert size(s) == Pt(points)
    assert bool(bold(s)) is is_bold
    # the same font for Latin text, and no theme font that would override it
    fonts = s.element.rPr.rFonts
    assert fonts.get(qn("w:ascii")) == font
    assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]


def test_paragraphs_use_the_styles_and_add_no_fonts_of_their_own(doc):
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Normal"} <= used
    for p in doc.paragraphs:
        for run in p.runs:
            rpr = run._r.rPr
            assert rpr is None or rpr.rFonts is None, p.text
    title = doc.paragraphs[0]
    assert doc.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.paragraph_format.alignment is None  # centred by its style


def test_body_indent_and_fixed_line_pitch(doc):
    normal = doc.styles["Normal"]
    fmt = normal.paragraph_format
    assert fmt.first_line_indent == Pt(32)  # two characters of 三号
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert fmt.line_spacing == Pt(28.95)
    assert fmt.line_spacing_rule is not None and fmt.line_spacing_rule.name == "EXACTLY"
    assert normal.element.pPr.find(qn("w:jc")).get(qn("w:val")) == "both"
    lines_per_page = Mm(225) / Pt(28.95)
    assert 22 <= lines_per_page < 23
    # East-Asian language, so Word applies Chinese line breaking
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_tables_use_smaller_type(doc):
    assert east_asian_font(doc.styles["表格文字"]) == "仿宋_GB2312"
    assert size(doc.styles["表格文字"]) == Pt(12)  # 小四
    assert size(doc.styles["表格文字（小）"]) == Pt(10.5)  # 五号, for 附件1
    assert east_asian_font(doc.styles["表格标题行"]) == "黑体"
    wide = appendix_1_parts(doc)[0]
    assert {c.paragraphs[0].style.name for c in wide.rows[1].cells} == {"表格文字（小）"}


def test_font_table_names_fallbacks(docx_path):
    import zipfile

    xml = zipfile.ZipFile(docx_path).read("word/fontTable.xml").decode("utf-8")
    for font, alt in word.FALLBACKS.items():
        assert re.search(rf'<w:font w:name="{font}"><w:altName w:val="{alt}"/>', xml), font


# ---- the page ----------------------------------------------------------------------


def mm(length) -> float:
    """A length in millimetres, to the tenth (Word stores twips)."""
    return round(length / 36000, 1)


def test_a4_with_the_official_type_area(doc):
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    portrait = [s for s in doc.sections if s.orientation == WD_ORIENT.PORTRAIT]
    for s in portrait:
        assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
        assert mm(s.top_margin) == 37
        assert mm(s.left_margin) == 28
        assert mm(s.right_margin) == 26
        assert mm(s.bottom_margin) == 35
        assert mm(s.page_width - s.left_margin - s.right_margin) == 156
        assert mm(s.page_height - s.top_margin - s.bottom_margin) == 225
    # 订口 inside on both sides of the sheet
    assert doc.settings.element.find(qn("w:mirrorMargins")) is not None


def test_appendix_1_stands_on_landscape_pages(doc):
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    wide = doc.sections[1]
    assert (mm(wide.page_width), mm(wide.page_height)) == (297, 210)
    # the type area turned with the sheet: 225 × 156 mm
    assert mm(wide.page_width - wide.left_margin - wide.right_margin) == 225
    assert mm(wide.page_height - wide.top_margin - wide.bottom_margin) == 156
    # mirrored margins swap left and right on even pages: equal opposite margins
    # put the type area in the same place on odd and even pages
    assert wide.left_margin == wide.right_margin and wide.top_margin == wide.bottom_margin
    # the footer (the page number's anchor, 1 pt high) stays inside the bottom margin
    assert mm(wide.footer_distance) + 1 < mm(wide.bottom_margin)
    for footer in (wide.footer, wide.even_page_footer):
        fmt = footer.paragraphs[0].paragraph_format
        assert fmt.line_spacing == Pt(1)
    # 附件1 opens the landscape section, 附件2 the portrait one after it
    blocks = body_blocks(doc)
    labels = [i for i, (k, b) in enumerate(blocks) if k == "p" and b.style.name == "附件标识"]
    assert len(labels) == 2
    for i in labels:
        kind, before = blocks[i - 1]
        assert kind == "p" and before._p.pPr.find(qn("w:sectPr")) is not None
    # the wide table is in the landscape section: between the two section ends
    ends = [i for i, (k, b) in enumerate(blocks) if k == "p" and b._p.pPr is not None
            and b._p.pPr.find(qn("w:sectPr")) is not None]
    wide_table = [i for i, (k, b) in enumerate(blocks) if k == "t" and len(b.columns) == 7]
    assert ends[0] < wide_table[0] < ends[1]


def _footer_text(footer) -> str:
    return "".join(t.text for t in footer._element.iter(qn("w:t")))


def test_page_numbers_as_dash_number_dash(doc):
    assert doc.settings.odd_and_even_pages_header_footer
    for section in doc.sections:
        for footer in (section.footer, section.even_page_footer):
            xml = footer._element
            instr = "".join(t.text for t in xml.iter(qn("w:instrText")))
            assert instr.strip() == "PAGE"
            assert _footer_text(footer) == "— 1 —"
    odd = doc.sections[0].footer.paragraphs[0]
    even = doc.sections[0].even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent == Pt(14)
    assert east_asian_font(doc.styles["页码"]) == "宋体"
    assert size(doc.styles["页码"]) == Pt(14)  # 四号


def test_signature_is_set_right_with_the_date_four_characters_in(doc, report):
    sig = paragraphs_with_style(doc, "落款")
    assert [p.text for p in sig] == [report.meta.department, "2025年4月28日"]
    assert doc.styles["落款"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert sig[-1].paragraph_format.right_indent == Pt(4 * 16)
    # the name centred over the date: 9 characters over 6.5
    assert sig[0].paragraph_format.right_indent == Pt((4 + (6.5 - 9) / 2) * 16)


def test_core_properties(doc):
    props = doc.core_properties
    assert props.title == "衡阳市科学技术协会2024年度部门整体支出绩效自评报告"
    assert props.author == "衡阳市科学技术协会"
    assert props.language == "zh-CN"


# ---- literal text ------------------------------------------------------------------


TRICKY = [
    "{{ 1+1 }} 与 {% if x %}x{% endif %} 照原样",
    "# 不是标题",
    "*不是斜体* 和 **不是粗体** 以及 _下划线_",
    "管道 | 竖线、反斜杠 \\ 和 `反引号`",
    "<b>不是HTML</b> &amp; [不是链接](http://example.com)",
    "<!-- selfeval:page-break --> 不是分页",
    "1. 不是列表",
]


def test_text_with_markdown_or_template_syntax_comes_out_literally(tmp_path, report):
    tricky = report.model_copy(deep=True)
    tricky.overview.basic_info = "\n".join(TRICKY)
    tricky.general_budget.projects = [
        *tricky.general_budget.projects[:-1],
        Project(name="项目|{{ name }}*重点*", amount=tricky.general_budget.projects[-1].amount, note="<br> & \\"),
    ]
    tricky.meta.department = "测试{{ 单位 }}*甲*"
    out = tmp_path / "tricky.docx"
    export.write(tricky, "docx", out, base_dir=EXAMPLE.parent)
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    for line in TRICKY:
        assert line in texts
    assert texts[0] == "测试{{ 单位 }}*甲*\n2024年度部门整体支出绩效自评报告"
    t = find_table(doc, ["序号", "项目名称", "年度决算数", "备注"])
    last = table_rows(t)[-2]
    assert last[1:] == ["项目|{{ name }}*重点*", "6.00", "<br> & \\"]
    # nothing became bold, italic or a page break
    for p in doc.paragraphs:
        if p.text in TRICKY:
            assert not any(r.bold or r.italic for r in p.runs)
            assert not p.paragraph_format.page_break_before
    assert len(doc.sections) == 3


# ---- the command and the module ----------------------------------------------------


def test_cli_exports_docx_and_md(tmp_path, capsys):
    src = tmp_path / "example-2024.toml"
    src.write_bytes(REAL_EXAMPLE.read_bytes())
    assert main(["export", str(src), "--format", "docx"]) == 0
    out = tmp_path / "example-2024.docx"
    assert out.exists() and "已导出" in capsys.readouterr().out
    assert docx.Document(str(out)).paragraphs[0].style.name == "Title"
    named = tmp_path / "报告.docx"
    assert main(["export", str(src), "--format", "docx", "-o", str(named)]) == 0
    assert named.exists()
    assert main(["export", str(src), "--format", "md"]) == 0
    assert (tmp_path / "example-2024.md").read_text(encoding="utf-8").startswith("衡阳市科学技术协会")


def test_cli_reports_an_unwritable_output_in_one_line(tmp_path, capsys):
    src = tmp_path / "example-2024.toml"
    src.write_bytes(REAL_EXAMPLE.read_bytes())
    bad = tmp_path / "missing-folder" / "out.docx"
    assert main(["export", str(src), "--format", "docx", "-o", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("selfeval：无法写入") and "Traceback" not in err


def test_same_content_as_the_markdown(doc, markdown, report):
    """Every paragraph of the Markdown report is in the Word file, in order, and
    the Word file has no paragraph the Markdown lacks."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)

    def literal(i: int) -> str:  # the renderer escapes with backslashes; the example types none
        return tokens[i + 1].content.replace("\\", "")

    md_paragraphs = [
        literal(i) for i, t in enumerate(tokens) if t.type == "paragraph_open" and tokens[i + 1].content
    ]
    # the 附件说明 is one paragraph in Markdown and one Word paragraph per attachment
    md_paragraphs = [line for p in md_paragraphs for line in (p.split("\n") if p.startswith("附件：") else [p])]
    md_headings = [literal(i).replace("\n", "") for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(md_paragraphs) > 50
    assert report.meta.department in md_paragraphs  # the signature
    word = [p.text.replace("\n", "") if p.style.name in ("Title", "附件标题") else p.text for p in doc.paragraphs if p.text]

    missing, pos = [], 0
    for text in md_paragraphs:
        try:
            pos = word.index(text, pos) + 1
        except ValueError:
            missing.append(text)
    assert missing == []

    # 附件 headings are split into the label and the title
    expected = set(md_paragraphs)
    for heading in md_headings:
        attachment = re.match(r"^(附件\d+)：(.*)$", heading)
        expected |= set(attachment.groups()) if attachment else {heading}
    assert [text for text in word if text not in expected] == []
    assert len(word) == len(md_paragraphs) + len(md_headings) + 2  # two attachments, two lines each


def test_importing_the_package_loads_neither_python_docx_nor_textual():
    code = (
        "import sys, selfeval.docx, selfeval.export\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'textual', 'markdown_it', 'lxml'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_exported_file_is_readable_like_any_new_file(tmp_path, report):
    import os

    out = tmp_path / "out.docx"
    export.write(report, "docx", out, base_dir=EXAMPLE.parent)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_unfinished_scoring_reaches_word(tmp_path, report):
    unfinished = report.model_copy(deep=True)
    unfinished.scoring.scores = [s for s in unfinished.scoring.scores if s.id != "input.goal.reasonable"]
    out = tmp_path / "unfinished.docx"
    export.write(unfinished, "docx", out, base_dir=EXAMPLE.parent)
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "评价评分未完成（1 项未评分：绩效目标合理性），暂不计算总分和综合绩效级别" in text
    assert "综合绩效级别为" not in text
    rows = table_rows(find_table(doc, ["评价内容", "分值", "评价得分"]))
    assert rows[-2] == ["合计", "100.00", "评分未完成"]
    assert rows[-1][0] == "综合绩效级别" and rows[-1][-1] == "评分未完成"
    header = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "评分依据"]
    detail = [table_rows(t) for t in doc.tables if table_rows(t)[0] == header][-1]  # the 合计 row ends the last part
    assert detail[-1][5] == "评分未完成"
