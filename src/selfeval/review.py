"""The reviewer's desk (``selfeval review``): many units' drafts summed up in one table.

One row per draft — 单位, 年度, 全年预算数, 全年执行数, 执行率, 自评得分 (or why there
is none), 等级, 预警 light, the checks' error and warning counts, the file —
plus rankings by 执行率 and by score and the list of red lights. The figures
are the department 自评表's (:func:`selfeval.evaluation.department_table`), the
same ones ``selfeval check --format json`` gives under ``"evaluation"``; the
counts are the findings ``check`` lists.

Everything runs in one process: each preset is loaded once, a draft that
cannot be read becomes a row carrying its Chinese error, and nothing is ever
written to a draft. Core module: no Textual.

:func:`compare` puts one unit's two years side by side (``review --compare``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from selfeval.amounts import HUNDRED, fmt_money, quantize
from selfeval.errors import DraftError, PresetError, SelfevalError

__all__ = [
    "ReviewRow",
    "Review",
    "collect",
    "review",
    "review_file",
    "to_json",
    "to_markdown",
    "to_text",
    "write_xlsx",
    "Comparison",
    "compare",
    "compare_text",
    "compare_markdown",
    "compare_json",
]


@dataclass
class ReviewRow:
    """One draft on the reviewer's desk."""

    file: Path
    department: str = ""
    short_name: str = ""
    year: int | None = None
    unit: str = "万元"
    #: 全年预算数, 全年执行数 and 执行率 (a ratio, 0.965) of the department 自评表's budget block
    budget: Decimal | None = None
    executed: Decimal | None = None
    rate: Decimal | None = None
    #: the 自评表's total; ``None`` while 评分未完成 (``status`` says why)
    score: Decimal | None = None
    status: str = ""
    grade: str | None = None
    light: str = ""
    light_colour: str = "unknown"
    light_reason: str = ""
    errors: int = 0
    warnings: int = 0
    #: why the draft could not be read (Chinese); the other fields are then empty
    error: str = ""

    @property
    def readable(self) -> bool:
        return not self.error

    @property
    def name(self) -> str:
        return self.department or self.file.name

    @property
    def score_text(self) -> str:
        if self.error:
            return ""
        if self.score is not None:
            return fmt_money(self.score)
        return self.status.split("：")[0] or "评分未完成"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "department": self.department,
            "year": self.year,
            "unit": self.unit,
            "budget": _s(self.budget),
            "executed": _s(self.executed),
            "rate": _rate(self.rate),
            "score": _s(self.score),
            "status": self.status,
            "grade": self.grade,
            "light": {"colour": self.light_colour, "label": self.light, "reason": self.light_reason},
            "errors": self.errors,
            "warnings": self.warnings,
            "error": self.error,
        }


def _s(v: Decimal | None) -> str | None:
    return None if v is None else str(quantize(v))


def _rate(v: Decimal | None) -> str | None:
    return None if v is None else str(quantize(v, 4))


def _pct(v: Decimal | None) -> str:
    return "" if v is None else f"{quantize(v * HUNDRED)}%"


@dataclass
class Review:
    rows: list[ReviewRow]
    by_rate: list[ReviewRow] = field(default_factory=list)
    by_score: list[ReviewRow] = field(default_factory=list)
    red: list[ReviewRow] = field(default_factory=list)

    @property
    def unreadable(self) -> list[ReviewRow]:
        return [r for r in self.rows if not r.readable]


# ---- reading ------------------------------------------------------------------


def collect(paths: Iterable[Path | str]) -> list[Path]:
    """The draft files named: a file as given, a folder's ``*.toml`` files (not its
    sub-folders), in name order. A name that does not exist is kept (its row says so)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted((f for f in p.glob("*.toml") if f.is_file()), key=lambda f: f.name))
        else:
            out.append(p)
    return out


class _Presets:
    """Each preset loaded once for the whole review (by name, and folder for a preset file)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Any] = {}

    def get(self, name: str, base_dir: Path):
        from selfeval.framework import load_preset

        is_file = "/" in name or "\\" in name or name.endswith(".toml")
        key = (name, str(base_dir.resolve()) if is_file else "")
        if key not in self._cache:
            try:
                self._cache[key] = load_preset(name, base_dir)
            except PresetError as exc:
                self._cache[key] = exc
        found = self._cache[key]
        if isinstance(found, PresetError):
            raise found
        return found


def _error_text(exc: SelfevalError) -> str:
    """The Chinese error without the file name (the row has its own file column)."""
    if isinstance(exc, DraftError):
        return str(DraftError(exc.message, line=exc.line, path=exc.path))
    return str(exc)


def review_file(path: Path, presets: _Presets | None = None) -> ReviewRow:
    """One draft's row. Never raises for a draft that cannot be used: the row carries the error."""
    from selfeval import checks, draft
    from selfeval.evaluation import department_table

    presets = presets or _Presets()
    row = ReviewRow(file=path)
    try:
        report = draft.loads(draft.read_text(path), file=path, notes=[])
    except SelfevalError as exc:
        row.error = _error_text(exc)
        return row
    except (OSError, RecursionError, ValueError) as exc:  # pragma: no cover - belt and braces
        row.error = f"无法读取（{exc}）"
        return row
    row.department = report.meta.department.strip()
    row.short_name = report.meta.short_name.strip()
    row.year = report.meta.year
    row.unit = report.meta.unit
    base_dir = path.parent
    try:
        preset = presets.get(report.meta.preset, base_dir)
    except PresetError as exc:
        preset = None
        row.status = "评分未完成"
        row.light_reason = str(exc)
    findings = checks.run(report, base_dir=base_dir, preset=preset)
    row.errors = sum(1 for f in findings if f.severity == "error")
    row.warnings = sum(1 for f in findings if f.severity == "warning")
    if preset is None:
        row.light = "未完成"
        return row
    table = department_table(report, preset)
    total = table.budget.total
    row.budget = total.adjusted
    row.executed = total.executed
    row.rate = table.budget.rate
    row.score = table.total
    row.status = table.status
    row.grade = table.grade
    row.light = table.light.label
    row.light_colour = table.light.colour
    row.light_reason = table.light.reason
    return row


def _ranked(rows: list[ReviewRow], key) -> list[ReviewRow]:
    """Rows that have the value, best first (ties by unit name, then file)."""
    have = [r for r in rows if key(r) is not None]
    return sorted(have, key=lambda r: (-key(r), r.name, str(r.file)))


def review(paths: Iterable[Path | str]) -> Review:
    """Review every draft named (files or folders), in one process."""
    presets = _Presets()
    rows = [review_file(p, presets) for p in collect(paths)]
    return Review(
        rows=rows,
        by_rate=_ranked(rows, lambda r: r.rate),
        by_score=_ranked(rows, lambda r: r.score),
        red=[r for r in rows if r.light_colour == "red"],
    )


# ---- output -------------------------------------------------------------------

HEADERS = ("单位", "年度", "全年预算数", "全年执行数", "执行率", "自评得分", "等级", "预警", "错误", "警告", "文件")


def _money(v: Decimal | None, unit: str) -> str:
    if v is None:
        return "未填"
    return fmt_money(v) + ("元" if unit == "元" else "")


def _cells(r: ReviewRow) -> list[str]:
    if r.error:
        return ["无法读取", "", "", "", "", "", "", "", "", "", str(r.file)]
    return [
        r.department or "（未填单位）",
        str(r.year or ""),
        _money(r.budget, r.unit),
        _money(r.executed, r.unit),
        _pct(r.rate) or "未能计算",
        r.score_text,
        r.grade or "",
        r.light,
        str(r.errors),
        str(r.warnings),
        str(r.file),
    ]


def to_json(rv: Review) -> str:
    return json.dumps(
        {
            "drafts": [r.as_dict() for r in rv.rows],
            "rank_by_rate": [{"rank": i, "file": str(r.file), "department": r.department, "rate": _rate(r.rate)} for i, r in enumerate(rv.by_rate, 1)],
            "rank_by_score": [{"rank": i, "file": str(r.file), "department": r.department, "score": _s(r.score)} for i, r in enumerate(rv.by_score, 1)],
            "red": [{"file": str(r.file), "department": r.department, "reason": r.light_reason} for r in rv.red],
        },
        ensure_ascii=False,
        indent=2,
    )


def _md(text: str) -> str:
    from selfeval.render import md_cell

    return md_cell(text) if text else ""


def _md_table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    out = ["| " + " | ".join(header) + " |"]
    out.append("| " + " | ".join("---:" if i in right else "---" for i in range(len(header))) + " |")
    # figures (the right-aligned columns) are ours and need no escaping; text is the user's
    out.extend("| " + " | ".join(c if i in right else _md(c) for i, c in enumerate(row)) + " |" for row in rows)
    return out


def _summary_line(rv: Review) -> str:
    n = len(rv.rows)
    parts = [f"共 {n} 份草稿"]
    if rv.unreadable:
        parts.append(f"{len(rv.unreadable)} 份无法读取")
    parts.append(f"{len(rv.by_score)} 份评分完成")
    parts.append(f"红灯 {len(rv.red)} 份")
    return "，".join(parts) + "。"


def to_markdown(rv: Review) -> str:
    lines = ["# 部门整体支出绩效自评汇总", "", _summary_line(rv), "", "## 各单位情况", ""]
    rows = []
    for r in rv.rows:
        cells = _cells(r)
        if r.error:
            cells[1] = r.error
        rows.append(cells)
    lines += _md_table(list(HEADERS), rows, {2, 3, 4, 5, 8, 9})
    lines += ["", "## 按执行率排名", ""]
    lines += _md_table(
        ["名次", "单位", "执行率", "文件"], [[str(i), r.name, _pct(r.rate), str(r.file)] for i, r in enumerate(rv.by_rate, 1)], {0, 2}
    )
    lines += ["", "## 按自评得分排名", ""]
    lines += _md_table(
        ["名次", "单位", "自评得分", "等级", "文件"],
        [[str(i), r.name, fmt_money(r.score), r.grade or "", str(r.file)] for i, r in enumerate(rv.by_score, 1)],
        {0, 2},
    )
    lines += ["", "## 红灯：得分率高于预算执行得分率", ""]
    if rv.red:
        lines += _md_table(["单位", "执行率", "自评得分", "原因", "文件"], [[r.name, _pct(r.rate), fmt_money(r.score), r.light_reason, str(r.file)] for r in rv.red], {1, 2})
    else:
        lines.append("无")
    return "\n".join(lines) + "\n"


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _fit(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` cut to ``width`` terminal columns with “…” (the end kept for a file name)."""
    if _cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    chars = list(reversed(text)) if keep_end else list(text)
    out, used = [], 1
    for ch in chars:
        w = _cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "…" + "".join(reversed(out)) if keep_end else "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    pad = " " * max(0, width - _cell_len(text))
    return pad + text if right else text + pad


def _grid(
    header: list[str], rows: list[list[str]], right: set[int], flex: dict[int, tuple[int, bool]], width: int, gap: int = 2
) -> list[str]:
    """Columns ``gap`` spaces apart, no wider than ``width``: the ``flex`` columns
    (index → (least width, keep the end)) share what the others leave."""
    if not rows:
        return ["  无"]
    n = len(header)
    natural = [max([_cell_len(header[c])] + [_cell_len(row[c]) for row in rows]) for c in range(n)]
    widths = list(natural)
    room = width - gap * (n - 1)
    fixed = sum(w for c, w in enumerate(widths) if c not in flex)
    spare = room - fixed
    want = sum(natural[c] for c in flex)
    if want > spare:
        least = {c: min(natural[c], m) for c, (m, _) in flex.items()}
        spare_after = max(0, spare - sum(least.values()))
        extra = {c: natural[c] - least[c] for c in flex}
        total_extra = sum(extra.values()) or 1
        for c in flex:
            widths[c] = least[c] + spare_after * extra[c] // total_extra
    out = []
    for k, row in enumerate([header] + rows):
        cells = []
        for c in range(n):
            text = _fit(row[c], widths[c], keep_end=flex.get(c, (0, False))[1])
            cells.append(_pad(text, widths[c], c in right))
        out.append((" " * gap).join(cells).rstrip())
        if k == 0:
            out.append((" " * gap).join("─" * w for w in widths))
    return out


def to_text(rv: Review, width: int = 80, top: int | None = None) -> str:
    header = ["单位", "年度", "全年预算", "全年执行", "执行率", "得分", "等级", "预警", "错/警", "文件"]
    rows = []
    for r in rv.rows:
        c = _cells(r)
        if not r.error:
            c[0] = r.short_name or c[0]  # the terminal has no room for 衡阳市… on every line
            c[5] = c[5].replace("评分未完成", "未完成")
        c[10] = r.file.name
        rows.append(c[:8] + ([f"{c[8]}/{c[9]}"] if not r.error else [""]) + [c[10]])
    lines = [_summary_line(rv), ""]
    lines += _grid(header, rows, {2, 3, 4, 5}, {0: (10, False), 9: (12, True)}, width, gap=1)
    from selfeval.plaintext import _wrap

    for r in rv.unreadable:
        lines.append(f"  ✗ {_fit(str(r.file), width - 4, keep_end=True)}")
        lines += [f"    {part}" for part in _wrap(r.error, width - 4)]
    n_rate = rv.by_rate if top is None else rv.by_rate[:top]
    n_score = rv.by_score if top is None else rv.by_score[:top]
    lines += ["", "按执行率排名："]
    lines += _grid(["名次", "单位", "执行率", "文件"], [[str(i), r.name, _pct(r.rate), str(r.file)] for i, r in enumerate(n_rate, 1)], {0, 2}, {1: (8, False), 3: (10, True)}, width)
    lines += ["", "按自评得分排名："]
    lines += _grid(
        ["名次", "单位", "得分", "等级", "文件"],
        [[str(i), r.name, fmt_money(r.score), r.grade or "", str(r.file)] for i, r in enumerate(n_score, 1)],
        {0, 2},
        {1: (8, False), 4: (10, True)},
        width,
    )
    lines += ["", "红灯（得分率高于预算执行得分率）："]
    if rv.red:
        for r in rv.red:
            lines.append(_fit(f"  {r.name}（{r.file.name}）", width))
            lines += [f"    {part}" for part in _wrap(r.light_reason, width - 4)]
    else:
        lines.append("  无")
    return "\n".join(lines) + "\n"


#: the columns of the xlsx summary sheet: (header, width in characters)
XLSX_COLUMNS = (
    ("单位", 30),
    ("年度", 6),
    ("金额单位", 8),
    ("全年预算数", 12),
    ("全年执行数", 12),
    ("执行率", 9),
    ("自评得分", 9),
    ("评分状态", 24),
    ("等级", 6),
    ("预警", 6),
    ("预警说明", 40),
    ("错误数", 7),
    ("警告数", 7),
    ("文件", 40),
    ("读取错误", 40),
)


def write_xlsx(rv: Review, path: Path) -> None:
    """The review as a workbook: 汇总 (one row per draft, autofilter), one sheet per
    ranking, and the red lights. Figures are numeric cells; 未填 is an empty cell
    with a comment saying so (never 0). Written atomically."""
    import io

    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from selfeval.draft import atomic_write

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    bold = Font(bold=True)

    def header(sheet, columns):
        sheet.append([h for h, _ in columns])
        for i, (_, w) in enumerate(columns, 1):
            sheet.cell(row=1, column=i).font = bold
            sheet.column_dimensions[get_column_letter(i)].width = w
        sheet.freeze_panes = "A2"

    def number(sheet, row, col, value, fmt):
        cell = sheet.cell(row=row, column=col)
        if value is None:
            cell.comment = Comment("未填或无法计算", "selfeval")
        else:
            cell.value = value
            cell.number_format = fmt

    header(ws, XLSX_COLUMNS)
    for k, r in enumerate(rv.rows, 2):
        if r.error:
            ws.cell(row=k, column=14, value=str(r.file))
            ws.cell(row=k, column=15, value=r.error)
            continue
        ws.cell(row=k, column=1, value=r.department)
        ws.cell(row=k, column=2, value=r.year)
        ws.cell(row=k, column=3, value=r.unit)
        number(ws, k, 4, r.budget, "0.00")
        number(ws, k, 5, r.executed, "0.00")
        number(ws, k, 6, None if r.rate is None else quantize(r.rate, 4), "0.00%")
        number(ws, k, 7, r.score, "0.00")
        ws.cell(row=k, column=8, value=r.status)
        ws.cell(row=k, column=9, value=r.grade or "")
        ws.cell(row=k, column=10, value=r.light)
        ws.cell(row=k, column=11, value=r.light_reason)
        ws.cell(row=k, column=12, value=r.errors)
        ws.cell(row=k, column=13, value=r.warnings)
        ws.cell(row=k, column=14, value=str(r.file))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{max(len(rv.rows) + 1, 2)}"

    rate_sheet = wb.create_sheet("执行率排名")
    header(rate_sheet, (("名次", 6), ("单位", 30), ("执行率", 9), ("文件", 40)))
    for i, r in enumerate(rv.by_rate, 1):
        rate_sheet.append([i, r.name, quantize(r.rate, 4), str(r.file)])
        rate_sheet.cell(row=i + 1, column=3).number_format = "0.00%"

    score_sheet = wb.create_sheet("得分排名")
    header(score_sheet, (("名次", 6), ("单位", 30), ("自评得分", 9), ("等级", 6), ("文件", 40)))
    for i, r in enumerate(rv.by_score, 1):
        score_sheet.append([i, r.name, r.score, r.grade or "", str(r.file)])
        score_sheet.cell(row=i + 1, column=3).number_format = "0.00"

    red_sheet = wb.create_sheet("红灯")
    header(red_sheet, (("单位", 30), ("执行率", 9), ("自评得分", 9), ("原因", 50), ("文件", 40)))
    for i, r in enumerate(rv.red, 2):
        red_sheet.append([r.name, None, None, r.light_reason, str(r.file)])
        number(red_sheet, i, 2, None if r.rate is None else quantize(r.rate, 4), "0.00%")
        number(red_sheet, i, 3, r.score, "0.00")

    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())


# ---- one unit, two years ----------------------------------------------------------


@dataclass
class Comparison:
    files: tuple[Path, Path]
    departments: tuple[str, str]
    years: tuple[int, int]
    units: tuple[str, str]
    #: (label, value in A, value in B) — amounts as Decimal, rates as ratios, texts as str
    figures: list[tuple[str, Any, Any, str]]
    problems: tuple[list[str], list[str]]
    #: B's follow-up of A's problems: (problem, status, action)
    rectifications: list[tuple[str, str, str]]


def compare(a: Path, b: Path) -> Comparison:
    """Two drafts of one unit (last year's first) side by side. ``DraftError`` when one cannot be read."""
    from selfeval import draft
    from selfeval.evaluation import department_table
    from selfeval.framework import evaluate

    presets = _Presets()
    reports = []
    for p in (a, b):
        reports.append(draft.loads(draft.read_text(p), file=p, notes=[]))
    ra, rb = reports
    if ra.meta.year > rb.meta.year:
        (a, ra), (b, rb) = (b, rb), (a, ra)
    rows: list[tuple[str, Any, Any, str]] = []

    def add(label, get, kind="money"):
        rows.append((label, get(ra), get(rb), kind))

    add("部门收入合计", lambda r: r.income_total)
    add("部门支出合计", lambda r: r.spending_total)
    add("一般公共预算调整后预算", lambda r: r.general_budget.adjusted_total)
    add("一般公共预算支出", lambda r: r.general_budget.spending)
    add("基本支出", lambda r: r.general_budget.basic_spending)
    add("其中：人员经费", lambda r: r.general_budget.personnel)
    add("其中：日常公用经费", lambda r: r.general_budget.public_expense)
    add("项目支出", lambda r: r.general_budget.project_spending)
    add("年初结转和结余", lambda r: r.general_budget.carryover_start)
    add("年末结转和结余", lambda r: r.general_budget.carryover_end)
    add("“三公”经费决算", lambda r: r.base_data.three_public.total.actual)
    tables = []
    for p, r in ((a, ra), (b, rb)):
        try:
            preset = presets.get(r.meta.preset, p.parent)
        except PresetError:
            tables.append((None, None))
            continue
        tables.append((department_table(r, preset), evaluate(r, preset)))
    (ta, ca), (tb, cb) = tables

    def tv(t, attr):
        return None if t is None else attr(t)

    rows.append(("自评表全年预算数", tv(ta, lambda t: t.budget.total.adjusted), tv(tb, lambda t: t.budget.total.adjusted), "money"))
    rows.append(("自评表全年执行数", tv(ta, lambda t: t.budget.total.executed), tv(tb, lambda t: t.budget.total.executed), "money"))
    rows.append(("执行率", tv(ta, lambda t: t.budget.rate), tv(tb, lambda t: t.budget.rate), "rate"))
    rows.append(("自评表得分", tv(ta, lambda t: t.total if t.total is not None else t.status), tv(tb, lambda t: t.total if t.total is not None else t.status), "score"))
    rows.append(("自评表等级", tv(ta, lambda t: t.grade or ""), tv(tb, lambda t: t.grade or ""), "text"))
    rows.append(("预警", tv(ta, lambda t: t.light.label), tv(tb, lambda t: t.light.label), "text"))
    rows.append(("评分明细表总分", tv(ca, lambda c: c.total if c.complete else c.status), tv(cb, lambda c: c.total if c.complete else c.status), "score"))
    rows.append(("评分明细表等级", tv(ca, lambda c: c.grade if c.complete else ""), tv(cb, lambda c: c.grade if c.complete else ""), "text"))

    def problems(r) -> list[str]:
        return [p.title.strip() or p.text.strip()[:30] for p in r.problems if p.title.strip() or p.text.strip()]

    return Comparison(
        files=(a, b),
        departments=(ra.meta.department, rb.meta.department),
        years=(ra.meta.year, rb.meta.year),
        units=(ra.meta.unit, rb.meta.unit),
        figures=rows,
        problems=(problems(ra), problems(rb)),
        rectifications=[(x.problem or x.detail[:30], x.status or "整改状态未填", x.action.strip()) for x in rb.rectifications],
    )


def _value(v: Any, kind: str) -> str:
    if v is None:
        return "未填"
    if isinstance(v, str):
        return v
    if kind == "rate":
        return _pct(v)
    return fmt_money(v)


def _change(a: Any, b: Any, kind: str) -> str:
    if not isinstance(a, Decimal) or not isinstance(b, Decimal) or kind == "text":
        return ""
    if kind == "rate":
        return f"{quantize((b - a) * HUNDRED):+} 个百分点"
    return f"{quantize(b - a):+}"


def _compare_rows(c: Comparison) -> list[list[str]]:
    return [[label, _value(a, k), _value(b, k), _change(a, b, k)] for label, a, b, k in c.figures]


def _compare_notes(c: Comparison) -> list[str]:
    notes = []
    if c.departments[0].strip() != c.departments[1].strip():
        notes.append(f"注意：两份草稿的单位不同（{c.departments[0]} / {c.departments[1]}）")
    if c.units[0] != c.units[1]:
        notes.append(f"注意：两份草稿的金额单位不同（{c.units[0]} / {c.units[1]}），金额未换算")
    return notes


def compare_text(c: Comparison, width: int = 80) -> str:
    ya, yb = c.years
    lines = [f"{c.departments[1]}：{ya} 年度与 {yb} 年度对比", *_compare_notes(c), ""]
    lines += _grid(["项目", f"{ya} 年度", f"{yb} 年度", "变动"], _compare_rows(c), {1, 2, 3}, {0: (10, False)}, width)
    lines += ["", f"{ya} 年度存在的问题："]
    lines += [f"  {i}. {p}" for i, p in enumerate(c.problems[0], 1)] or ["  无"]
    lines += ["", f"{yb} 年度上年问题整改情况："]
    lines += [f"  {i}. {p}（{s}）{('：' + a.splitlines()[0]) if a else ''}" for i, (p, s, a) in enumerate(c.rectifications, 1)] or ["  无"]
    lines += ["", f"{yb} 年度存在的问题："]
    lines += [f"  {i}. {p}" for i, p in enumerate(c.problems[1], 1)] or ["  无"]
    lines += ["", f"文件：{c.files[0]}  /  {c.files[1]}"]
    return "\n".join(lines) + "\n"


def compare_markdown(c: Comparison) -> str:
    ya, yb = c.years
    lines = [f"# {_md(c.departments[1])} {ya}—{yb} 年度对比", ""]
    for n in _compare_notes(c):
        lines += [n, ""]
    lines += _md_table(["项目", f"{ya} 年度", f"{yb} 年度", "变动"], _compare_rows(c), {1, 2, 3})
    n = max(len(c.problems[0]), len(c.problems[1]), len(c.rectifications))
    lines += ["", "## 存在的问题与整改", ""]
    grid = []
    for i in range(n):
        pa = c.problems[0][i] if i < len(c.problems[0]) else ""
        rect = c.rectifications[i] if i < len(c.rectifications) else None
        pb = c.problems[1][i] if i < len(c.problems[1]) else ""
        grid.append([pa, f"{rect[1]}：{rect[2]}" if rect and rect[2] else (rect[1] if rect else ""), pb])
    lines += _md_table([f"{ya} 年度问题", f"{yb} 年度整改情况", f"{yb} 年度问题"], grid, set()) if grid else ["无"]
    return "\n".join(lines) + "\n"


def compare_json(c: Comparison) -> str:
    def v(x, kind):
        if x is None or isinstance(x, str):
            return x
        return _rate(x) if kind == "rate" else _s(x)

    return json.dumps(
        {
            "files": [str(f) for f in c.files],
            "departments": list(c.departments),
            "years": list(c.years),
            "units": list(c.units),
            "figures": [{"label": label, "a": v(a, k), "b": v(b, k)} for label, a, b, k in c.figures],
            "problems": [c.problems[0], c.problems[1]],
            "rectifications": [{"problem": p, "status": s, "action": a} for p, s, a in c.rectifications],
        },
        ensure_ascii=False,
        indent=2,
    )
