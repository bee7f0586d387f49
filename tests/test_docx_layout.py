"""Word layout from small Markdown documents: titles, 附件 label and title,
附件说明, table titles (python-docx reads the file back)."""

from __future__ import annotations

import io

import pytest

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

from selfeval.docx import to_bytes  # noqa: E402
from selfeval.docx.layout import LINE_PT, SANHAO  # noqa: E402


def read(markdown: str, department: str = "测试单位"):
    return docx.Document(io.BytesIO(to_bytes(markdown, department=department, year=2024)))


def styled(doc, name):
    return [p for p in doc.paragraphs if p.style.name == name]


def test_word_breaks_the_title_even_when_the_markdown_does_not():
    """A user's template may write ``# 标题`` on one line: Word still breaks it."""
    doc = read("# 衡阳市人力资源和社会保障局2024年度部门整体支出绩效自评报告\n\n正文。\n", "衡阳市人力资源和社会保障局")
    assert doc.paragraphs[0].text == "衡阳市人力资源和社会保障局\n2024年度部门整体支出绩效自评报告"


def test_a_short_title_stays_on_one_line():
    doc = read("# 财政局2024年度部门整体支出绩效自评报告\n", "财政局")
    assert doc.paragraphs[0].text == "财政局2024年度部门整体支出绩效自评报告"


def test_attachment_label_on_line_1_and_title_on_line_3():
    md = (
        "# 测试单位2024年度部门整体支出绩效自评报告\n\n正文。\n\n<!-- selfeval:page-break -->\n\n"
        "附件2：衡阳市城市管理和综合执法局\\\n2024年度部门整体支出绩效评价基础数据表\n---\n\n"
        "| 项目 | 数值 |\n| --- | ---: |\n| 编制数（名） | 28 |\n"
    )
    doc = read(md, "衡阳市城市管理和综合执法局")
    (label,) = styled(doc, "附件标识")
    (title,) = styled(doc, "附件标题")
    assert label.text == "附件2"
    assert title.text == "衡阳市城市管理和综合执法局\n2024年度部门整体支出绩效评价基础数据表"
    # one blank line (one line pitch) between the label and the title
    after = doc.styles["附件标识"].paragraph_format.space_after
    assert after == Pt(LINE_PT) or abs(after.pt - LINE_PT) < 0.1


def test_attachment_note_as_gb_t_9704_sets_it():
    md = (
        "# 测试单位2024年度部门整体支出绩效自评报告\n\n正文。\n\n"
        "附件：1. 测试单位2024年度部门整体支出绩效评分明细表\n"
        "2. 测试单位2024年度部门整体支出绩效评价基础数据表\n"
    )
    doc = read(md)
    notes = styled(doc, "附件说明")
    assert [p.text for p in notes] == [
        "附件：1. 测试单位2024年度部门整体支出绩效评分明细表",
        "2. 测试单位2024年度部门整体支出绩效评价基础数据表",
    ]
    first, second = (p._p.pPr.find(qn("w:ind")) for p in notes)
    # names start at the same place: 2 characters in, then 附件：(3) and “1. ” (1.5)
    assert first.get(qn("w:leftChars")) == second.get(qn("w:leftChars")) == "650"
    # the first line starts two characters in, the second under the first number
    assert first.get(qn("w:hangingChars")) == "450"
    assert second.get(qn("w:hangingChars")) == "150"
    assert int(first.get(qn("w:left"))) == round(6.5 * SANHAO * 20)
    assert notes[0].paragraph_format.space_before == Pt(LINE_PT)
    assert notes[0].paragraph_format.keep_with_next


def test_a_table_title_is_centred_above_its_table_and_a_sentence_is_not():
    md = (
        "# 测试单位2024年度部门整体支出绩效自评报告\n\n"
        "市科协2024年度部门整体支出绩效评价得分情况表\n\n"
        "| 评价内容 | 分值 | 评价得分 |\n| --- | ---: | ---: |\n| 投入 | 10.00 | 9.00 |\n\n"
        "各一级指标得分如下表\n\n"
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n"
        "这是普通的一段，提到得分情况表\n"
    )
    doc = read(md)
    assert [p.text for p in styled(doc, "表格题目")] == ["市科协2024年度部门整体支出绩效评价得分情况表"]
    style = doc.styles["表格题目"]
    assert style.paragraph_format.keep_with_next
    assert [p.text for p in styled(doc, "Normal")] == ["各一级指标得分如下表", "这是普通的一段，提到得分情况表"]


@pytest.mark.parametrize(
    "note",
    [
        "附件：1. 甲单位评分明细表\n2. 乙单位基础数据表\n",  # one paragraph, a line each
        "附件：1. 甲单位评分明细表\\\n2. 乙单位基础数据表\n",  # hard breaks
        "附件：1. 甲单位评分明细表\n\n2\\. 乙单位基础数据表\n",  # escaped number, a paragraph each
        "附件：1. 甲单位评分明细表\n\n2. 乙单位基础数据表\n",  # the second one a Markdown list
    ],
    ids=["lines", "hard-breaks", "paragraphs", "list"],
)
def test_attachment_note_whichever_way_the_markdown_writes_it(note):
    doc = read(f"# 测试单位2024年度部门整体支出绩效自评报告\n\n正文。\n\n{note}\n后面的正文。\n")
    notes = styled(doc, "附件说明")
    assert [p.text for p in notes] == ["附件：1. 甲单位评分明细表", "2. 乙单位基础数据表"]
    assert [p.text for p in styled(doc, "Normal")] == ["正文。", "后面的正文。"]
    assert notes[0].paragraph_format.keep_with_next
