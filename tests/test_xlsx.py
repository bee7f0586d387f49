"""The Excel workbook (``selfeval export --format xlsx``), read back with openpyxl:
every figure equals the draft's to the cent, numbers are numeric cells in
``0.00``/percent formats, 未填 is an empty cell with a note (never 0), the
headers are merged like the printed forms, and the print set-up is A4
landscape with the header rows repeated."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from selfeval import draft, export, render  # noqa: E402
from selfeval.cli import main  # noqa: E402
from selfeval.evaluation import all_tables  # noqa: E402
from selfeval.framework import evaluate  # noqa: E402
from selfeval.model.evaluation import DepartmentEvaluation, EvalIndicator, Goal, ProjectEvaluation  # noqa: E402
from selfeval.xlsx import sheet_name  # noqa: E402
from selfeval.xlsx.sheet import PAGE_WIDTH, display_width, fit_widths  # noqa: E402
from selfeval.xlsx.book import BASE_SHEET, DEPARTMENT_SHEET, FORM_HEADER, SCORE_SHEET  # noqa: E402

from support import EXAMPLE, LEVEL3_EXAMPLE  # noqa: E402

CENT = D("0.01")


def cents(v) -> D:
    """A cell's number (a float once read back) to the cent."""
    return D(str(v)).quantize(CENT)


def _row(l1, l2, name, nature, target, actual, unit, points, **kw) -> EvalIndicator:
    return EvalIndicator(
        level1=l1, level2=l2, name=name, nature=nature, target=target, actual=actual, unit=unit,
        points=None if points is None else D(points), **kw,
    )


def evaluated(report):
    """The example with a department table, two projects' tables (one partly
    filled in) and a third project whose table is not filled in (whatever the
    example itself holds)."""
    report.evaluation = DepartmentEvaluation()
    for project in report.general_budget.projects:
        project.evaluation = ProjectEvaluation()
    ev = report.evaluation
    ev.goals = [
        Goal(expected="开展科普活动，提升公民科学素质", achieved="全年开展科普活动 36 场，覆盖 2 万人次"),
        Goal(expected="加强科技工作者服务", achieved="走访科技工作者 120 人次"),
    ]
    ev.indicators = [
        _row("产出指标", "数量指标", "组织科普活动场次", "≥", "30", "36", "场", 20),
        _row("产出指标", "数量指标", "培训科技工作者人次", "≥", "200", "180", "人次", 10,
             deviation="下半年培训受场地限制，明年提前安排场地"),
        _row("产出指标", "质量指标", "活动覆盖率", "≥", "95", "90.5", "%", 10,
             deviation="偏远乡镇覆盖不足，明年增加流动科技馆"),
        _row("效益指标", "社会效益指标", "公众科学素质", "定性", "明显提升", "较上年明显提升", "", 20,
             grade="达成年度指标", score=D(18)),
        _row("效益指标", "社会效益指标", "科普阵地数量", "≥", "12", "12", "个", 10),
        _row("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "", "%", 10),
    ]
    ev.other_initial = D("14.46")
    ev.other_adjusted = D("14.46")
    projects = report.general_budget.projects
    p0 = projects[0].evaluation
    p0.goals = [Goal(expected="全年举办科普活动 30 场", achieved="举办 36 场")]
    p0.indicators = [
        _row("产出指标", "数量指标", "科普活动场次", "≥", "30", "36", "场", 30),
        _row("产出指标", "时效指标", "完成时间", "≤", "12", "11", "月", 20),
        _row("效益指标", "社会效益指标", "参与人次", "≥", "20000", "19000", "人次", 30,
             deviation="部分活动因天气取消"),
        _row("满意度指标", "服务对象满意度指标", "参与者满意度", "≥", "90", "95", "%", 10),
    ]
    p0.appropriation_initial = D("50.00")
    p0.appropriation_adjusted = D("160.00")
    p1 = projects[1].evaluation
    p1.indicators = [_row("产出指标", "数量指标", "老年科普讲座", "≥", "10", "", "场", 50)]
    p1.appropriation_initial = D("30.00")
    return report


@pytest.fixture
def report(example):
    return evaluated(example)


@pytest.fixture
def book(report, tmp_path):
    out = tmp_path / "tables.xlsx"
    export.write(report, "xlsx", out, base_dir=EXAMPLE.parent)
    return openpyxl.load_workbook(out)


def _merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def _find(ws, col: int, text: str, start: int = 1) -> int:
    for r in range(start, ws.max_row + 1):
        if ws.cell(r, col).value == text:
            return r
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def _number(cell, fmt: str = "0.00"):
    """A numeric cell's value as Decimal, after checking it is a number in ``fmt``."""
    assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (cell.coordinate, cell.value)
    assert cell.number_format == fmt, (cell.coordinate, cell.number_format)
    return D(str(cell.value))


def _missing(cell, note: str = "未填") -> None:
    """An empty cell that says why (never a 0)."""
    assert cell.value is None, (cell.coordinate, cell.value)
    assert cell.comment is not None and cell.comment.text.startswith(note), cell.coordinate
    assert cell.fill.fgColor.rgb.endswith("FFF2CC")


def _check_number(cell, expected, fmt="0.00", note="未填"):
    if expected is None:
        _missing(cell, note)
    else:
        assert _number(cell, fmt).quantize(CENT) == D(expected).quantize(CENT), cell.coordinate


def _check_rate(cell, expected):
    if expected is None:
        _missing(cell, "无法计算")
    else:
        value = _number(cell, "0.00%")
        assert (value * 100).quantize(CENT) == (expected * 100).quantize(CENT), cell.coordinate


def _check_form(ws, table) -> None:
    """One 自评表 sheet against its TableResult, figure by figure."""
    assert ws["A1"].value == table.title
    assert "A1:L1" in _merged(ws)
    assert ws["A3"].value.startswith("单位：") and ws["G3"].value.startswith("金额单位：万元")
    assert ws["C4"].value == table.name
    # budget block: the 合计 line first, then each source
    label = "项目资金（万元）" if table.kind == "project" else "年度预算执行情况（万元）"
    top = _find(ws, 1, label)
    lines = [table.budget.total, *table.budget.lines]
    assert f"A{top}:A{top + len(lines)}" in _merged(ws)
    assert [ws.cell(top, c).value for c in (2, 4, 6, 8, 9, 10, 11)] == [
        "资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    for k, line in enumerate(lines):
        r = top + 1 + k
        assert ws.cell(r, 2).value == line.label
        _check_number(ws.cell(r, 4), line.initial)
        _check_number(ws.cell(r, 6), line.adjusted)
        _check_number(ws.cell(r, 8), line.executed)
        if k == 0:
            _check_number(ws.cell(r, 9), table.budget.points)
            _check_rate(ws.cell(r, 10), table.budget.rate)
            _check_number(ws.cell(r, 11), table.budget.score, note="未评分")
        else:
            _check_rate(ws.cell(r, 10), line.rate)
    # goals
    g = _find(ws, 1, "年度总体目标")
    for k, goal in enumerate(table.goals):
        assert (ws.cell(g + 1 + k, 2).value or "") == goal.expected
        assert (ws.cell(g + 1 + k, 7).value or "") == goal.achieved
    # indicators, in the draft's order within their 一级 groups
    h = _find(ws, 1, "一级指标")
    assert tuple(ws.cell(h, c).value for c in range(1, 13)) == FORM_HEADER
    r = h
    for group in table.groups:
        if not group.rows:
            continue
        first = r + 1
        for res in group.rows:
            r += 1
            row = res.row
            assert ws.cell(r, 3).value == row.name
            assert ws.cell(r, 4).value == row.nature
            if row.nature != "定性":
                _check_number(ws.cell(r, 5), row.target, fmt=_typed_format(row.target))
                if row.actual:
                    assert _number(ws.cell(r, 8), _typed_format(row.actual)) == D(row.actual)
                else:
                    _missing(ws.cell(r, 8))
            else:
                assert ws.cell(r, 5).value == row.target
            _check_number(ws.cell(r, 9), row.points)
            _check_number(ws.cell(r, 10), res.score, note="未评分")
            assert (ws.cell(r, 11).value or "") == row.deviation
        assert ws.cell(first, 1).value == group.level1
        if r > first:
            assert f"A{first}:A{r}" in _merged(ws)
    t = _find(ws, 1, "绩效指标合计")
    _check_number(ws.cell(t, 9), table.indicator_points)
    _check_number(ws.cell(t, 10), table.indicator_score, note="评分未完成")
    assert ws.cell(t + 1, 1).value == "总分"
    _check_number(ws.cell(t + 1, 9), table.total_points)
    _check_number(ws.cell(t + 1, 10), table.total, note="评分未完成")
    assert ws.cell(t + 1, 11).value == (f"自评等级：{table.grade}" if table.total is not None else "评分未完成")
    assert ws.cell(t + 2, 1).value == "自评预警"
    assert ws.cell(t + 2, 3).value == table.light.label
    assert ws.cell(t + 2, 4).value == table.light.reason


def _typed_format(text: str) -> str:
    places = len(text.split(".")[1]) if "." in text else 0
    return "0" if places == 0 else "0." + "0" * places


def test_every_sheet_and_every_figure_matches_the_draft(report, book):
    preset = render.preset_for(report)
    tables = all_tables(report, preset)
    projects = report.general_budget.projects
    # one sheet per table, the department's first, then 基础数据表 and 评分明细表
    assert book.sheetnames == [
        DEPARTMENT_SHEET, "项目1_科普经费", "项目2_老年科协经费", "项目3_青少年科技活动", BASE_SHEET, SCORE_SHEET]
    assert len([n for n in book.sheetnames if n.startswith("项目")]) == len(projects) == 3
    for ws, table in zip(book.worksheets, tables):
        _check_form(ws, table)
    # the department's figures come from the draft itself, not retyped
    dept = book[DEPARTMENT_SHEET]
    top = _find(dept, 2, "财政拨款")
    assert _number(dept.cell(top, 4)) == report.general_budget.initial_total
    assert _number(dept.cell(top, 6)) == report.general_budget.adjusted_total
    assert _number(dept.cell(top, 8)) == report.general_budget.spending
    # the worked scores: 90.5 of 95 on 10 points, 180 of 200 on 10, the 定性 row as typed
    rows = {res.row.name: res for res in tables[0].rows}
    assert rows["活动覆盖率"].score == D("9.53") and rows["培训科技工作者人次"].score == D("9.00")
    r = _find(dept, 3, "活动覆盖率")
    assert _number(dept.cell(r, 10)) == D("9.53")
    assert _number(dept.cell(r, 8), "0.0") == D("90.5")
    # the unfinished department table: its total is empty and says so, never a 0
    assert tables[0].total is None
    assert tables[1].total is not None
    assert tables[1].light.colour in ("red", "yellow", "green")


def test_a_project_whose_table_is_not_filled_in_gets_a_sheet_marked_so(report, book):
    tables = all_tables(report, render.preset_for(report))
    assert tables[3].empty and not tables[1].empty
    ws = book["项目3_青少年科技活动"]
    assert ws["A5"].value.startswith("本表未填写")
    assert "A5:L5" in _merged(ws)
    assert ws.sheet_properties.tabColor is not None
    # its 决算数 is in the draft all the same: shown, with the sources not typed as 0
    top = _find(ws, 1, "项目资金（万元）")
    assert _number(ws.cell(top + 2, 8)) == report.general_budget.projects[2].amount
    _missing(ws.cell(top + 2, 4))
    # the 基础数据表 lists every project with its sheet, the empty one marked
    base = book[BASE_SHEET]
    h = _find(base, 1, "项目名称")
    listed = [base.cell(h + 1 + k, 4).value for k in range(3)]
    assert listed == ["项目1_科普经费", "项目2_老年科协经费", "项目3_青少年科技活动（未填写）"]
    amounts = [_number(base.cell(h + 1 + k, 2)) for k in range(3)]
    assert amounts == [p.amount for p in report.general_budget.projects]
    assert base.cell(h + 4, 1).value == "合计（3 个项目）"
    assert _number(base.cell(h + 4, 2)) == report.general_budget.project_spending


def test_print_setup_widths_and_header_merges(book):
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows and ws.print_title_rows.startswith("$1:$")
        assert len(ws.title) <= 31
        assert "A1:" in " ".join(_merged(ws))  # the title spans the table
    dept = book[DEPARTMENT_SHEET]
    assert dept.print_title_rows == "$1:$3"
    merged = _merged(dept)
    for rng in ("A1:L1", "A2:L2", "A3:F3", "G3:L3", "A4:B4", "C4:L4"):
        assert rng in merged, rng
    h = _find(dept, 1, "年度预算执行情况（万元）")
    for rng in (f"B{h}:C{h}", f"D{h}:E{h}", f"F{h}:G{h}", f"K{h}:L{h}"):
        assert rng in merged, rng
    # 二级 merged within its 一级: the two 数量指标 rows share one cell
    r = _find(dept, 3, "组织科普活动场次")
    assert f"B{r}:B{r + 1}" in merged and dept.cell(r, 2).value == "数量指标"
    # widths: the form fits an A4 landscape page unscaled, a 4-character header on one
    # line in every column, numbers whole (Chinese counts double)
    width = {c: dept.column_dimensions[c].width for c in "ABCDEFGHIJKL"}
    assert sum(width.values()) <= PAGE_WIDTH + 0.5
    assert all(w >= 2 * 4 for w in width.values())
    assert width["H"] >= len("1,234.56") and width["C"] >= 2 * 4
    # every cell of the table is boxed, the hidden parts of merged cells too
    for coord in (f"A{h}", "C4", f"B{h + 1}", f"D{h + 1}", f"K{h + 1}"):
        assert dept[coord].border.left.style == "thin" and dept[coord].border.top.style == "thin", coord
    for coord in (f"A{h + 3}", "L4", f"L{h}", f"L{h + 3}", f"E{h + 3}"):  # the hidden parts of merged cells: the box's edges
        assert dept[coord].border.bottom.style == "thin" and dept[coord].border.right.style == "thin", coord


def test_widths_count_chinese_double_and_narrow_the_widest_columns_first():
    assert display_width("组织科普活动") == 12 and display_width("90.5%") == 5
    assert display_width("“三公”经费（万元）") == 18
    assert fit_widths([10, 20, 30], [8, 8, 8], 100) == [10, 20, 30]  # fits: unchanged
    narrowed = fit_widths([10, 40, 60], [8, 8, 30], 80)
    assert sum(narrowed) == pytest.approx(80, abs=0.01)
    assert narrowed[0] == 10 and narrowed[1] == pytest.approx(narrowed[2], abs=0.01)
    assert fit_widths([10, 40, 60], [10, 40, 50], 80) == [10, 40, 50]  # never below a floor


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [sheet_name(n, taken) for n in (
        "项目1_科普[2024]经费：一/二*期?", "项目1_科普[2024]经费：一/二*期?", "A" * 40, "a" * 40, "'引号'", "History")]
    assert all(len(n) <= 31 for n in names)
    assert not any(set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert names[1].endswith("（2）") and names[3].endswith("（2）")
    assert names[4] == "引号" and names[5] != "History"


def test_score_detail_and_base_data_agree_with_the_report(example_v1, tmp_path):
    """The level-3 example: the 评分明细表 and 基础数据表 hold the numbers of the
    report's 附件1 and 附件2, row by row (the same scorecard and figures)."""
    preset = render.preset_for(example_v1)
    card = evaluate(example_v1, preset)
    out = tmp_path / "v1.xlsx"
    export.write(example_v1, "xlsx", out, base_dir=LEVEL3_EXAMPLE.parent, card=card)
    wb = openpyxl.load_workbook(out)
    text = render.markdown(example_v1, card=card)
    appendix1 = text.split("附件1：")[-1].split("附件2：")[0]
    md_rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in appendix1.splitlines()
        if line.startswith("|") and not line.startswith("| ---")
    ][1:]
    ws = wb[SCORE_SHEET]
    assert [ws.cell(3, c).value for c in range(1, 8)] == ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "评分依据"]
    body = md_rows[:-1]
    assert len(body) == len(card.results) > 10
    for k, (cells, res) in enumerate(zip(body, card.results)):
        r = 4 + k
        assert ws.cell(r, 3).value == res.indicator.level3 == cells[2].replace("\\", "")
        assert _number(ws.cell(r, 4)) == D(cells[3])
        if cells[5] == "不适用":
            assert ws.cell(r, 6).value == "不适用"
        elif cells[5] == "未评分":
            _missing(ws.cell(r, 6), "未评分")
        else:
            assert _number(ws.cell(r, 6)) == D(cells[5])
    # 一级 labels merged over their rows, as the report's Word table merges them
    merged = _merged(ws)
    first = card.results[0].indicator.level1
    n1 = sum(1 for res in card.results if res.indicator.level1 == first)
    assert f"A4:A{3 + n1}" in merged and ws["A4"].value == first
    total = md_rows[-1]
    assert ws.cell(4 + len(body), 1).value == "合计"
    if card.complete:
        assert _number(ws.cell(4 + len(body), 6)) == D(total[5]) == card.total
    else:
        assert total[5] == "评分未完成"
        _missing(ws.cell(4 + len(body), 6), "评分未完成")
    # 基础数据表: the report's 附件2 figures
    appendix2 = text.split("附件2：")[-1]
    md_base = {
        cells[0]: cells[1:]
        for cells in (
            [c.strip() for c in line.strip("|").split("|")] for line in appendix2.splitlines() if line.startswith("|")
        )
    }
    base = wb[BASE_SHEET]
    seen = 0
    for r in range(1, base.max_row + 1):
        label = base.cell(r, 1).value
        if label in md_base and base.cell(r, 2).data_type == "n" and base.cell(r, 2).value is not None:
            shown = md_base[label][-1] if base.cell(r, 4).number_format == "0.00%" else md_base[label][0]
            if base.cell(r, 4).number_format == "0.00%":
                value = _number(base.cell(r, 4), "0.00%")
                assert f"{value * 100:.2f}%" == shown, label
            else:
                fmt = base.cell(r, 2).number_format
                assert D(str(base.cell(r, 2).value)).quantize(D(1) if fmt == "0" else CENT) == D(shown.replace(",", "")), label
            seen += 1
    assert seen >= 5


def test_cli_writes_the_workbook_beside_the_draft_and_never_over_a_draft(tmp_path, capsys):
    d = tmp_path / "草稿.toml"
    shutil.copy(EXAMPLE, d)
    assert main(["export", str(d), "--format", "xlsx", "--force"]) == 0
    out = d.with_suffix(".xlsx")
    assert f"已导出 {out}" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == DEPARTMENT_SHEET and len(wb.sheetnames) == 6
    # a draft is never overwritten by the workbook, whatever its name
    other = tmp_path / "other.xlsx"
    shutil.copy(EXAMPLE, other)
    assert main(["export", str(d), "--format", "xlsx", "--force", "-o", str(other)]) == 2
    assert "是一份草稿" in capsys.readouterr().err
    assert other.read_bytes() == EXAMPLE.read_bytes()
    assert "xlsx" in export.FORMATS and export.FORMAT_NAMES["xlsx"] == "Excel"
    assert export.default_output(d, "xlsx") == d.with_suffix(".xlsx")


def test_missing_figures_are_never_zero(report, book):
    """Every empty numeric cell carries a note; no 未填 figure became a 0."""
    dept = book[DEPARTMENT_SHEET]
    r = _find(dept, 3, "服务对象满意度")
    _missing(dept.cell(r, 8))  # actual not typed
    _missing(dept.cell(r, 10), "未评分")
    foot = dept.cell(dept.max_row, 1).value
    assert foot.startswith("注：") and f"H{r}" in foot and f"J{r}" in foot
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.text.startswith(("未填", "未评分", "评分未完成")):
                    assert cell.value is None, cell.coordinate


@pytest.mark.slow
def test_libreoffice_opens_the_workbook_and_prints_it(report, tmp_path):
    """LibreOffice (when installed with Calc) converts the workbook to PDF; the
    PDF holds the tables' titles and figures on landscape pages."""
    import subprocess

    from selfeval.docx.pdf import find_soffice

    program = find_soffice()
    if program is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils is not installed")
    out = tmp_path / "tables.xlsx"
    export.write(report, "xlsx", out, base_dir=EXAMPLE.parent)
    done = subprocess.run(
        [program, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, timeout=240, stdin=subprocess.DEVNULL,
    )
    pdf = tmp_path / "tables.pdf"
    if not pdf.exists() and b"could not be loaded" in done.stderr + done.stdout:
        pytest.skip("LibreOffice without Calc (libreoffice-calc) cannot open a workbook")
    assert pdf.read_bytes().startswith(b"%PDF"), done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for title in ("部门整体支出绩效自评表", "项目支出绩效自评表", "基础数据表", "评分明细表", "组织科普活动场次", "本表未填写"):
        assert title in flat, title
    assert "697.45" in flat and "540.67" in flat  # 财政拨款 全年执行数, 年初预算数
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert w > h and abs(w - 842) < 3  # A4 landscape


def _md_tables(section: str) -> list[list[list[str]]]:
    """The GFM tables of a Markdown section, as rows of cells (the separator row dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in section.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            if not re.match(r"^\|\s*-{3}", line):
                current.append([c.strip().replace("\\", "") for c in line.strip().strip("|").split("|")])
        else:
            current = None
    return tables


def _md_number(text: str) -> D | None:
    text = text.replace(",", "").rstrip("%")
    return D(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


def test_the_workbook_and_the_markdown_report_agree(report, book):
    """Project count, budget figures, every indicator's points and score and the
    totals: the report's 自评表 附件 and the workbook's sheets say the same
    (both come from the same TableResults)."""
    text = render.markdown(report, base_dir=EXAMPLE.parent)
    sections = [s for s in text.split("<!-- selfeval:page-break -->") if re.search(r"自评表\n---", s)]
    if not sections:
        pytest.skip("the report has no 自评表 附件 yet (templates/_evaluation_tables.md.j2)")
    forms = [ws for ws in book.worksheets if ws.title == DEPARTMENT_SHEET or ws.title.startswith("项目")]
    assert len(sections) == len(forms) == 1 + len(report.general_budget.projects)
    for section, ws in zip(sections, forms):
        if "本表未填写" in section:
            assert ws["A5"].value.startswith("本表未填写")
            continue
        tables = _md_tables(section)
        budget = next(t for t in tables if t[0][0] == "资金来源")
        top = _find(ws, 2, "资金来源")
        for cells in budget[1:]:
            r = _find(ws, 2, cells[0], top)
            for col, md in ((4, cells[1]), (6, cells[2]), (8, cells[3])):
                value = _md_number(md)
                if value is None:
                    assert ws.cell(r, col).value is None
                else:
                    assert cents(ws.cell(r, col).value) == value, (ws.title, cells[0], col)
        total_line = budget[-1]
        assert total_line[0] == "合计"
        r = _find(ws, 2, "合计", top)
        if _md_number(total_line[6]) is not None:
            assert cents(ws.cell(r, 11).value) == _md_number(total_line[6])
        indicators = next(t for t in tables if t[0][0] == "一级指标")
        h = _find(ws, 1, "一级指标")
        body = indicators[1:-1]
        for k, cells in enumerate(body):
            r = h + 1 + k
            assert ws.cell(r, 3).value == cells[2], ws.title
            assert cents(ws.cell(r, 9).value) == _md_number(cells[5])
            score = _md_number(cells[6])
            if score is None:
                assert ws.cell(r, 10).value is None
            else:
                assert cents(ws.cell(r, 10).value) == score
        total = indicators[-1]
        t = _find(ws, 1, "总分")
        assert cents(ws.cell(t, 9).value) == _md_number(total[5])
        if _md_number(total[6]) is None:
            assert ws.cell(t, 10).value is None
        else:
            assert cents(ws.cell(t, 10).value) == _md_number(total[6])
