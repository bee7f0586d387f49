"""The 自评表 附件 in Word: each table on landscape pages, its goals, budget and
indicator tables kept apart (Word joins tables that touch), header rows
repeated, 一级/二级 merged like 附件1, short labels on one line, and a long
indicator table cut at its pages without a blank page (LibreOffice, when installed)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

docx = pytest.importorskip("docx")
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from selfeval.docx import to_bytes  # noqa: E402
from selfeval.docx.widths import cell_width  # noqa: E402


def _indicators(n: int) -> str:
    rows = []
    groups = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    last = (None, None)
    for k in range(n):
        l1, l2 = groups[min(k * len(groups) // n, len(groups) - 1)]
        c1 = l1 if l1 != last[0] else ""
        c2 = l2 if (l1, l2) != last else ""
        last = (l1, l2)
        deviation = "部分活动因天气原因延期举办，下一步提前制定应急预案，确保按计划完成。" if k % 3 == 1 else ""
        rows.append(f"| {c1} | {c2} | 指标{k + 1}：组织科普活动场次 | ≥30场 | 36场 | 5.00 | 5.00 | {deviation} |")
    return "\n".join(rows)


def sample(rows: int = 6) -> str:
    """What the report's 自评表 附件 look like (templates/_evaluation_tables.md.j2)."""
    return f"""测试报告
===

正文。

<!-- selfeval:page-break -->

附件3：测试单位2024年度部门整体支出绩效自评表
---

单位：万元

| 年度总体目标 | 实际完成情况 |
| --- | --- |
| 开展科普活动，提升公民科学素质。 | 全年开展科普活动 36 场，覆盖 2 万人次。 |

| 资金来源 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | 分值 | 得分 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| 财政拨款 | 540.67 | 762.85 | 697.45 | 91.43% | | |
| 其他资金 | 0.00 | 14.46 | 14.46 | 100.00% | | |
| 合计 | 540.67 | 777.31 | 711.91 | 91.59% | 10.00 | 9.16 |

<!-- selfeval:merge-blank-down -->

| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| --- | --- | --- | --- | --- | ---: | ---: | --- |
{_indicators(rows)}
| 合计 | | | | | 100.00 | 98.56 | 评价等级：优 |

自评预警：绿灯（指标得分与预算执行相符）。

<!-- selfeval:page-break -->

附件4：2024年度青少年科技活动项目支出绩效自评表
---

<!-- selfeval:landscape -->

本表未填写。

<!-- selfeval:page-break -->

附件5：说明
---

一段竖排的文字。
"""


def read(markdown: str):
    return docx.Document(io.BytesIO(to_bytes(markdown, department="测试单位", year=2024)))


def _blocks(doc):
    return [child.tag.split("}")[1] for child in doc.element.body.iterchildren()]


def test_the_tables_of_a_form_stay_three_tables_with_a_gap_between():
    doc = read(sample())
    widths = [len(t.columns) for t in doc.tables]
    # goals, budget, then the indicators (in parts when they run over a page)
    assert widths[:3] == [2, 7, 8] and set(widths[3:]) <= {8}
    body = _blocks(doc)
    tables = [i for i, tag in enumerate(body) if tag == "tbl"]
    for a, b in zip(tables, tables[1:]):
        assert b - a == 2 and body[a + 1] == "p"  # one paragraph between: never touching
    for t in doc.tables:  # each repeats its own header row on a new page
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_forms_are_landscape_and_an_empty_form_too():
    doc = read(sample())
    orientations = [s.orientation for s in doc.sections]
    # body, 附件3 (wide tables), 附件4 (marked landscape though it has no table), 附件5 portrait
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    # the empty form shares the landscape section of the form before it, the note page is portrait
    texts = [p.text for p in doc.paragraphs]
    assert "本表未填写。" in texts and "一段竖排的文字。" in texts


def test_indicator_labels_merge_down_and_short_labels_keep_one_line():
    doc = read(sample(rows=3))
    assert [len(t.columns) for t in doc.tables] == [2, 7, 8]  # three rows: one part
    ind = doc.tables[2]
    trs = ind._tbl.tr_lst
    first_col = [tr.tc_lst[0].vMerge for tr in trs[1:]]
    assert first_col[0] == "restart" and first_col[1] == "continue"
    assert trs[-1].tc_lst[0].vMerge is None  # the 合计 row keeps its own cell
    # 一级 labels of up to six characters are never broken: the column is at least as wide
    grid = [int(c.get(qn("w:w"))) for c in ind._tbl.tblGrid.findall(qn("w:gridCol"))]
    em_twips = 10.5 * 20  # 五号
    pad_twips = 2 * 1.0 / 25.4 * 1440
    labels = [row.cells[0].text for row in ind.rows[1:-1] if row.cells[0].text]
    assert set(labels) == {"产出指标", "效益指标"}
    assert grid[0] - pad_twips >= max(cell_width(t) for t in labels) * em_twips
    budget = doc.tables[1]
    grid = [int(c.get(qn("w:w"))) for c in budget._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] - pad_twips >= cell_width("财政拨款") * em_twips


def test_a_long_indicator_table_is_cut_into_parts_each_starting_a_page():
    doc = read(sample(rows=60))
    labels = {t.rows[k].cells[0].text for t in doc.tables if len(t.columns) == 8 for k in range(1, len(t.rows))}
    assert "满意度指标" in labels
    wide = [t for t in doc.tables if len(t.columns) == 8]
    assert len(wide) >= 3
    body = list(doc.element.body.iterchildren())
    for t in wide[1:]:
        # the paragraph before each later part carries the page break (never the table, which
        # would leave a blank page when the part before runs to the page's end)
        gap = t._tbl.getprevious()
        assert gap.tag == qn("w:p") and gap.pPr.find(qn("w:pageBreakBefore")) is not None
        first = t.rows[1].cells[0].text
        assert first in ("产出指标", "效益指标", "满意度指标")  # the 一级 label repeated
    assert body


@pytest.mark.slow
def test_libreoffice_lays_the_forms_out_without_blank_pages(tmp_path):
    from selfeval.docx.pdf import find_soffice

    program = find_soffice()
    if program is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils is not installed")
    source = tmp_path / "forms.docx"
    source.write_bytes(to_bytes(sample(rows=60), department="测试单位", year=2024, for_libreoffice=True))
    subprocess.run(
        [program, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=240, stdin=subprocess.DEVNULL, check=True,
    )
    pdf = tmp_path / "forms.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(info.split("Pages:")[1].split()[0])
    assert pages >= 5
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        body = "".join(text.split())
        assert len(body) > 8, f"page {page} is blank"
        if "指标" in body and "组织科普活动场次" in body:
            # every page of the indicator table starts with its header and a 一级 label
            assert "一级指标" in body and any(l1 in body for l1 in ("产出指标", "效益指标", "满意度指标"))
