"""The 自评表s as 附件 of the report (Markdown, and Word built from it) and the narrative's sentences."""

from __future__ import annotations

import docx
import pytest

from selfeval import draft, render
from selfeval.export import write
from selfeval.model import Report

from support import LEVEL3_EXAMPLE
from test_render import headings, tables


def _section(md: str, title_end: str) -> str:
    """The Markdown of the 附件 whose title ends with ``title_end``."""
    return md.split(f"{title_end}\n---\n", 1)[1].split("<!-- selfeval:page-break -->", 1)[0]


def test_department_table_as_attachment(example: Report):
    md = render.markdown(example)
    part = _section(md, "年度部门整体支出绩效自评表")
    goals, budget, rows = tables(part)
    assert goals[0] == ["年度总体目标", "实际完成情况"] and len(goals) == 2 + 3
    assert budget[0] == ["资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"]
    # read from the draft: 一般公共预算 540.67 / 762.85 / 697.45, other funds' spending 14.46
    assert budget[2] == ["财政拨款", "540.67", "762.85", "697.45", "91.43%", "", ""]
    assert budget[3] == ["其他资金", "0.00", "14.46", "14.46", "100.00%", "", ""]
    assert budget[4] == ["合计", "540.67", "777.31", "711.91", "91.59%", "10.00", "9.16"]
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    engineers = next(r for r in rows if r[2] == "选树市级“卓越工程师”")
    assert engineers[3:7] == ["≥20名", "18名", "6.00", "5.40"]
    # grouped by 一级: the 一级 name printed once, on its group's first row
    assert [r[0] for r in rows[2:] if r[0]] == ["产出指标", "效益指标", "满意度指标", "合计"]
    assert rows[-1][5:] == ["100.00", "98.56", "评价等级：优"]
    assert "自评预警：红灯（指标得分率99.33%高于预算执行得分率91.60%" in part


def test_unfinished_table_says_so(example: Report):
    part = _section(render.markdown(example), "老年科协经费项目支出绩效自评表")
    rows = tables(part)[2]
    assert [r[4] for r in rows[2:-1]] == ["未填"] * 3 and [r[6] for r in rows[2:-1]] == ["未评分"] * 3
    assert rows[-1][6:] == ["—", "评分未完成"]
    assert "评分未完成：3项指标" in part and "0.00" not in rows[-1]


def test_empty_project_table_is_printed_as_unfilled(example: Report):
    example.general_budget.projects[1].evaluation = {}
    md = render.markdown(example)
    assert "附件4：2024年度老年科协经费项目支出绩效自评表" in headings(md, 2)
    assert _section(md, "老年科协经费项目支出绩效自评表").strip() == "本表未填写。"


def test_no_table_filled_in_no_attachment():
    report = draft.load(LEVEL3_EXAMPLE)
    md = render.markdown(report, base_dir=LEVEL3_EXAMPLE.parent)
    assert [h for h in headings(md, 2) if h.startswith("附件")] == [
        "附件1：衡阳市科学技术协会2024年度部门整体支出绩效评分明细表",
        "附件2：衡阳市科学技术协会2024年度部门整体支出绩效评价基础数据表",
    ]
    assert "自评表" not in md


def test_tables_numbered_after_the_base_data(example: Report):
    report = draft.load(LEVEL3_EXAMPLE)
    report.evaluation = example.evaluation
    md = render.markdown(report, base_dir=LEVEL3_EXAMPLE.parent)
    att = [h for h in headings(md, 2) if h.startswith("附件")]
    assert att[2] == "附件3：衡阳市科学技术协会2024年度部门整体支出绩效自评表"
    assert "3. 衡阳市科学技术协会2024年度部门整体支出绩效自评表" in md  # the 附件说明
    assert att[-1].startswith(f"附件{2 + 1 + len(report.general_budget.projects)}：")


def test_narrative_quotes_the_department_table(example: Report):
    md = render.markdown(example)
    analysis = md.split("部门整体支出绩效自评情况\n\n", 1)[1].split("\n## ", 1)[0]
    assert "产出指标共9项，分值50.00分，得49.40分，其中选树市级“卓越工程师”未达到指标值（指标值20名，实际完成18名）。" in analysis
    assert "效益指标共5项，分值30.00分，得30.00分，各项指标均达到年度指标值。" in analysis
    # a changed actual changes the sentence: nothing is retyped
    example.evaluation.indicators[5].actual = "15"
    again = render.markdown(example)
    assert "得48.50分，其中选树市级“卓越工程师”未达到指标值（指标值20名，实际完成15名）" in again


@pytest.mark.slow
def test_word_export_carries_the_tables(example_path):
    out = write(draft.load(example_path), "docx", example_path.with_suffix(".docx"), base_dir=example_path.parent)
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "附件5" in texts
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"≥20名", "18名", "5.40", "98.56", "评分未完成"} <= cells
