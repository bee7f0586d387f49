"""The workbook's sheets: the 自评表s (from :mod:`selfeval.evaluation`), the
基础数据表 (from the draft's figures) and the 评分明细表 (from the scorecard).

The figures are the very values the report prints — the same
``TableResult``\\s, ``Scorecard`` and figure registry — written as numbers:
money and scores in ``0.00``, rates as percentages, a figure not entered as an
empty cell with a note (never 0).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from selfeval.xlsx.sheet import (
    CENTER,
    COUNT,
    HEAD,
    LIGHT_FILLS,
    MONEY,
    PERCENT,
    SCORE,
    TEXT,
    Sheet,
    Style,
    sheet_name,
)

if TYPE_CHECKING:  # pragma: no cover
    from selfeval.framework import Preset, Scorecard
    from selfeval.model import Report

__all__ = ["build", "DEPARTMENT_SHEET", "BASE_SHEET", "SCORE_SHEET", "FORM_COLUMNS", "FORM_HEADER"]

DEPARTMENT_SHEET = "部门整体支出绩效自评表"
BASE_SHEET = "基础数据表"
SCORE_SHEET = "评分明细表"

#: the 自评表's indicator columns (A–L); the other blocks share the grid
FORM_HEADER = (
    "一级指标", "二级指标", "三级指标", "指标性质", "年初指标值", "调整后指标值",
    "计量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "佐证资料",
)
FORM_COLUMNS = len(FORM_HEADER)

NUM = Style(align="right", number_format=MONEY)
PCT = Style(align="right", number_format=PERCENT)
CNT = Style(align="right", number_format=COUNT)
BOLD_CENTER = Style(align="center", bold=True)
EMPTY_TABLE = "未填写"

_NUMBER = re.compile(r"^[+-]?(\d+)(?:\.(\d+))?$")


def build(report: Report, preset: Preset, card: Scorecard, tables: list | None = None):
    """The workbook (an openpyxl ``Workbook``): 部门整体支出绩效自评表, one
    项目支出绩效自评表 per project, 基础数据表, 评分明细表. ``tables`` are the
    自评表s (:func:`selfeval.evaluation.all_tables`), computed when not given."""
    from openpyxl import Workbook

    if tables is None:
        from selfeval.evaluation import all_tables

        tables = all_tables(report, preset)
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    unit = report.meta.unit
    year = report.meta.year
    names: list[str] = []
    styles: dict = {}  # one style registration per look for the whole workbook
    for k, table in enumerate(tables):
        if table.kind == "department":
            name = sheet_name(DEPARTMENT_SHEET, taken)
        else:
            number = table.index + 1 if getattr(table, "index", None) is not None else k
            name = sheet_name(f"项目{number}_{table.name.strip() or '未命名'}", taken)
        names.append(name)
        ws = wb.create_sheet(name)
        _form(Sheet(ws, FORM_COLUMNS, styles=styles), table, report, unit, year)
    ws = wb.create_sheet(sheet_name(BASE_SHEET, taken))
    _base_data(Sheet(ws, 4, styles=styles), report, unit, tables, names)
    ws = wb.create_sheet(sheet_name(SCORE_SHEET, taken))
    _score_detail(Sheet(ws, 7 if card.granularity != "level1" else 4, styles=styles), report, card)
    props = wb.properties
    props.title = f"{report.meta.department}{year}年度绩效自评表"
    props.creator = report.meta.department or "selfeval"
    props.description = "由 selfeval 生成"
    props.language = "zh-CN"
    return wb


# ---- 自评表 ---------------------------------------------------------------


def _form(sh: Sheet, table: Any, report: Report, unit: str, year: int) -> None:
    """One 自评表 in the layout of the printed forms."""
    n = FORM_COLUMNS
    sh.title(table.title, f"（{year}年度）")
    sh.unit_line(f"单位：{report.meta.department}", f"金额单位：{unit}")
    head_rows = sh.row
    r = sh.next_row()
    label = "项目名称" if table.kind == "project" else "部门（单位）名称"
    sh.put(r, 1, label, BOLD_CENTER, span=2)
    sh.put(r, 3, table.name, TEXT, span=n - 2)
    if table.empty:
        r = sh.next_row()
        sh.put(r, 1, f"本表{EMPTY_TABLE}：尚未填写年度总体目标和绩效指标", Style(align="center", bold=True, fill=LIGHT_FILLS["unknown"]), span=n)
        sh.ws.sheet_properties.tabColor = "A6A6A6"

    # 预算执行: 资金来源 × 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分
    budget = table.budget
    lines = [budget.total, *budget.lines]
    top = sh.next_row()
    block = "项目资金" if table.kind == "project" else "年度预算执行情况"
    sh.put(top, 1, f"{block}（{unit}）", BOLD_CENTER, rowspan=len(lines) + 1)
    for col, span, text in ((2, 2, "资金来源"), (4, 2, "年初预算数"), (6, 2, "全年预算数"), (8, 1, "全年执行数"),
                            (9, 1, "分值"), (10, 1, "执行率"), (11, 2, "得分")):
        sh.put(top, col, text, HEAD, span=span)
    for k, line in enumerate(lines):
        r = sh.next_row()
        sh.put(r, 2, line.label, TEXT, span=2)
        sh.put(r, 4, line.initial, NUM, span=2)
        sh.put(r, 6, line.adjusted, NUM, span=2)
        sh.put(r, 8, line.executed, NUM)
        if k == 0:
            sh.put(r, 9, budget.points, NUM)
            sh.put(r, 10, budget.rate, PCT, note="无法计算：预算数未填或为零")
            sh.put(r, 11, budget.score, NUM, span=2, note="未评分：" + (budget.explain or "执行率无法计算"),
                   remark=budget.explain or None)
        else:
            sh.put(r, 9, "—", CENTER)
            sh.put(r, 10, line.rate, PCT, note="无法计算：预算数未填或为零")
            sh.put(r, 11, "—", CENTER, span=2)

    # 年度总体目标: 预期目标 | 实际完成情况
    goals = list(table.goals)
    r = sh.next_row()
    sh.put(r, 1, "年度总体目标", BOLD_CENTER, rowspan=1 + max(len(goals), 1))
    sh.put(r, 2, "预期目标", HEAD, span=5)
    sh.put(r, 7, "实际完成情况", HEAD, span=n - 6)
    if not goals:
        r = sh.next_row()
        sh.put(r, 2, None, TEXT, span=n - 1, note=EMPTY_TABLE)
    for goal in goals:
        r = sh.next_row()
        sh.put(r, 2, goal.expected.strip() or None, TEXT, span=5)
        sh.put(r, 7, goal.achieved.strip() or None, TEXT, span=n - 6)

    # 绩效指标: the header, then the rows by 一级 group, 一级/二级 merged like the forms
    r = sh.next_row()
    for c, text in enumerate(FORM_HEADER, 1):
        sh.put(r, c, text, HEAD)
    if not table.rows:
        r = sh.next_row()
        sh.put(r, 1, None, TEXT, span=n, note=EMPTY_TABLE)
    for group in table.groups:
        first = sh.row + 1
        level2_start, level2 = first, None
        for res in group.rows:
            r = sh.next_row()
            _indicator_row(sh, r, res)
            name2 = res.row.level2.strip()
            if level2 is not None and name2 != level2:
                _label(sh, level2_start, r - 1, 2, level2)
                level2_start = r
            level2 = name2
        if group.rows:
            _label(sh, level2_start, sh.row, 2, level2 or "")
            _label(sh, first, sh.row, 1, group.level1)

    # totals and the light
    r = sh.next_row()
    sh.put(r, 1, "绩效指标合计", BOLD_CENTER, span=8)
    sh.put(r, 9, table.indicator_points, NUM)
    sh.put(r, 10, table.indicator_score, NUM, note="评分未完成")
    sh.put(r, 11, "", TEXT, span=2)
    r = sh.next_row()
    sh.put(r, 1, "总分", BOLD_CENTER, span=8)
    sh.put(r, 9, table.total_points, NUM)
    sh.put(r, 10, table.total, NUM, note="评分未完成")
    grade = f"自评等级：{table.grade}" if table.total is not None and table.grade else "评分未完成"
    sh.put(r, 11, grade, TEXT, span=2)
    r = sh.next_row()
    light = table.light
    sh.put(r, 1, "自评预警", BOLD_CENTER, span=2)
    sh.put(r, 3, light.label, Style(align="center", bold=True, fill=LIGHT_FILLS.get(light.colour)))
    sh.put(r, 4, light.reason or "", TEXT, span=n - 3)
    _footnote(sh)
    sh.finish(repeat_rows=head_rows)


def _label(sh: Sheet, first: int, last: int, col: int, text: str) -> None:
    """A 一级/二级 label over rows ``first..last`` (merged when more than one)."""
    sh.put(first, col, text, CENTER, rowspan=last - first + 1)


def _indicator_row(sh: Sheet, r: int, res: Any) -> None:
    row = res.row
    qualitative = row.nature == "定性"
    sh.put(r, 3, row.name.strip() or None, TEXT)
    sh.put(r, 4, row.nature, CENTER)
    for col, text in ((5, row.target), (6, row.adjusted_target)):
        text = text.strip()
        if col == 6 and not text:
            sh.put(r, col, "", TEXT)  # no adjustment: nothing missing
        else:
            sh.put(r, col, *_value(text, qualitative))
    sh.put(r, 7, row.unit.strip(), CENTER)
    if res.actual is not None and not qualitative:
        typed = _NUMBER.match(row.actual.strip())
        places = len(typed.group(2) or "") if typed and not row.figure else 2
        sh.put(r, 8, res.actual, _number_style(places))
    else:
        text = (res.actual_text or row.actual).strip()
        if qualitative and row.grade:
            text = f"{text}（{row.grade}）" if text else row.grade
        sh.put(r, 8, *_value(text, qualitative))
    sh.put(r, 9, row.points, NUM)
    why = "未评分" + (f"：{res.explain}" if res.explain else "")
    sh.put(r, 10, res.score, NUM, note=why, remark=res.explain or None)
    sh.put(r, 11, row.deviation.strip(), TEXT)
    sh.put(r, 12, row.evidence.strip(), TEXT)


def _number_style(places: int) -> Style:
    return Style(align="right", number_format="0" if places == 0 else "0." + "0" * places)


def _value(text: str, qualitative: bool) -> tuple[Any, Style]:
    """A typed target or actual: a number cell (as many decimals as typed) when
    it is a number, else text; nothing typed is 未填."""
    if not text:
        return None, TEXT
    m = _NUMBER.match(text)
    if m and not qualitative:
        return Decimal(text), _number_style(len(m.group(2) or ""))
    return text, TEXT


def _footnote(sh: Sheet) -> None:
    """Under the table: which empty cells are 未填 (the notes say it in Excel; this says it on paper)."""
    if not sh.missing:
        return
    kinds: dict[str, list[str]] = {}
    for coord, why in sh.missing:
        kinds.setdefault(why.split("：")[0], []).append(coord)
    parts = [f"{why}：{'、'.join(coords[:12])}{'等' if len(coords) > 12 else ''}" for why, coords in kinds.items()]
    r = sh.next_row()
    sh.put(r, 1, "注：底色标黄的空白单元格没有数字（不是 0）。" + "；".join(parts), Style(border=False), span=sh.columns)


# ---- 基础数据表 -------------------------------------------------------------


def _base_data(sh: Sheet, report: Report, unit: str, tables: list, names: list[str]) -> None:
    """The figures the computed indicators read (the report's 附件 基础数据表),
    the 三公 costs, the computed indicators, and the projects with their 自评表."""
    from selfeval.model.figures import FIGURES

    sh.title(f"{report.meta.department}{report.meta.year}年度部门整体支出绩效评价基础数据表")
    sh.unit_line(f"单位：{report.meta.department}", f"金额单位：{unit}")
    r = sh.next_row()
    sh.put(r, 1, "项目", HEAD)
    sh.put(r, 2, "数值", HEAD, span=3)
    head_rows = sh.row
    st = report.overview.staffing
    bd = report.base_data
    gb = report.general_budget
    rows = (
        ("编制数（名）", st.quota_total, CNT),
        ("实有在职在编人数（人）", st.on_payroll_total, CNT),
        (f"日常公用经费决算数（{unit}）", gb.public_expense, NUM),
        (f"公用经费预算数（{unit}）", bd.public_funds.budget, NUM),
        (f"政府采购预算（{unit}）", bd.procurement_budget, NUM),
        (f"实际政府采购金额（{unit}）", bd.procurement_actual, NUM),
        (f"固定资产总额（{unit}）", bd.fixed_assets_total, NUM),
        (f"在用固定资产（{unit}）", bd.fixed_assets_in_use, NUM),
    )
    for label, value, style in rows:
        r = sh.next_row()
        sh.put(r, 1, label, TEXT)
        sh.put(r, 2, value, style, span=3)

    _section(sh, "“三公”经费")
    r = sh.next_row()
    for c, text in enumerate(("项目", "上年决算数", "本年预算数", "本年决算数"), 1):
        sh.put(r, c, text, HEAD)
    three = bd.three_public
    for label, row in [*three.rows(), ("合计", three.total)]:
        r = sh.next_row()
        sh.put(r, 1, label, BOLD_CENTER if label == "合计" else TEXT)
        sh.put(r, 2, row.prev_actual, NUM)
        sh.put(r, 3, row.budget, NUM)
        sh.put(r, 4, row.actual, NUM)

    _section(sh, "计算指标")
    r = sh.next_row()
    sh.put(r, 1, "指标", HEAD)
    sh.put(r, 2, "计算方法", HEAD, span=2)
    sh.put(r, 4, "数值", HEAD)
    for key, fig in FIGURES.items():
        if not key.startswith("ind."):
            continue
        value = fig.get(report)
        missing = [k for k in fig.reads if FIGURES[k].get(report) is None]
        r = sh.next_row()
        sh.put(r, 1, fig.label, TEXT)
        sh.put(r, 2, fig.formula, TEXT, span=2)
        sh.put(r, 4, value, PCT, note="缺少数据：" + "、".join(FIGURES[k].label for k in missing) if missing else "不适用：分母为零")

    _section(sh, "项目支出")
    r = sh.next_row()
    for c, text in enumerate(("项目名称", f"决算数（{unit}）", "重点项目", "项目支出绩效自评表"), 1):
        sh.put(r, c, text, HEAD)
    projects = [(t, n) for t, n in zip(tables, names) if t.kind == "project"]
    for k, project in enumerate(gb.projects):
        r = sh.next_row()
        sh.put(r, 1, project.name.strip() or None, TEXT)
        sh.put(r, 2, project.amount, NUM)
        sh.put(r, 3, "是" if project.key else "否", CENTER)
        if k < len(projects):
            table, name = projects[k]
            sh.put(r, 4, f"{name}（{EMPTY_TABLE}）" if table.empty else name, TEXT)
        else:
            sh.put(r, 4, None, TEXT)
    r = sh.next_row()
    sh.put(r, 1, f"合计（{len(gb.projects)} 个项目）", BOLD_CENTER)
    sh.put(r, 2, gb.project_spending, NUM)
    sh.put(r, 3, "", TEXT, span=2)
    _footnote(sh)
    sh.finish(repeat_rows=head_rows)


def _section(sh: Sheet, title: str) -> None:
    sh.next_row()  # a blank line between blocks
    r = sh.next_row()
    sh.put(r, 1, title, Style(bold=True, border=False, wrap=False), span=sh.columns, measure=False)


# ---- 评分明细表 -------------------------------------------------------------


def _score_detail(sh: Sheet, report: Report, card: Scorecard) -> None:
    """The report's 附件 评分明细表: the preset's scorecard, as printed."""
    from selfeval.model.figures import FIGURES  # noqa: F401  (labels come with the card)

    sh.title(f"{report.meta.department}{report.meta.year}年度部门整体支出绩效评分明细表")
    sh.unit_line(f"单位：{report.meta.department}", f"评价体系：{card.preset.name}")
    status = card.status
    if card.granularity == "level1":
        r = sh.next_row()
        for c, text in enumerate(("评价内容", "分值", "评价得分", "评分依据"), 1):
            sh.put(r, c, text, HEAD)
        head_rows = sh.row
        unscored = {res.indicator.level1 for res in card.unscored}
        for sub in card.level1:
            entry = report.scoring.level1_score(sub.name)
            r = sh.next_row()
            sh.put(r, 1, sub.name, TEXT)
            sh.put(r, 2, sub.points, NUM)
            done = sub.name not in card.missing_level1 and sub.name not in unscored
            sh.put(r, 3, sub.score if done else None, NUM, note="未完成")
            sh.put(r, 4, entry.basis.strip() if entry is not None else "", TEXT)
        r = sh.next_row()
        sh.put(r, 1, "合计", BOLD_CENTER)
        sh.put(r, 2, card.preset.total_points, NUM)
        sh.put(r, 3, card.total if card.complete else None, NUM, note="评分未完成")
        sh.put(r, 4, f"综合绩效级别：{card.grade}" if card.complete else status, TEXT)
    else:
        r = sh.next_row()
        for c, text in enumerate(("一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "评分依据"), 1):
            sh.put(r, c, text, HEAD)
        head_rows = sh.row
        first1 = first2 = None
        last1 = last2 = None
        for res in card.results:
            ind = res.indicator
            r = sh.next_row()
            if ind.level1 != last1:
                if first1 is not None:
                    _label(sh, first2, r - 1, 2, last2)
                    _label(sh, first1, r - 1, 1, last1)
                first1 = first2 = r
            elif ind.level2 != last2:
                _label(sh, first2, r - 1, 2, last2)
                first2 = r
            last1, last2 = ind.level1, ind.level2
            sh.put(r, 3, ind.level3, TEXT)
            sh.put(r, 4, res.points, NUM)
            sh.put(r, 5, ind.standard, TEXT)
            if not res.applicable:
                sh.put(r, 6, "不适用", CENTER)
            else:
                sh.put(r, 6, res.score, NUM, note="未评分" + (f"：{res.needs}" if res.needs else ""))
            sh.put(r, 7, res.shown_basis, TEXT)
        if first1 is not None:
            _label(sh, first2, sh.row, 2, last2)
            _label(sh, first1, sh.row, 1, last1)
        r = sh.next_row()
        sh.put(r, 1, "合计", BOLD_CENTER, span=3)
        sh.put(r, 4, card.preset.total_points, NUM)
        sh.put(r, 5, "", TEXT)
        sh.put(r, 6, card.total if card.complete else None, NUM, note="评分未完成")
        sh.put(r, 7, f"评价等级：{card.grade}" if card.complete else status, TEXT)
    _footnote(sh)
    sh.finish(repeat_rows=head_rows)
