"""One worksheet laid out like a printed form: a grid of bordered cells with
merged labels, a title row and a 单位 line, widths that fit Chinese text,
heights that fit wrapped text, A4 landscape with the header rows repeated.

:class:`Sheet` writes each cell once, in order, and remembers what it needs
for the widths and heights as it goes; nothing re-reads the worksheet (no
``max_row``, no ``iter_rows``, no merged-range lookups), so a sheet costs
time in proportion to its cells.
"""

from __future__ import annotations

import math
import re
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


__all__ = ["Sheet", "Style", "sheet_name", "MONEY", "SCORE", "PERCENT", "COUNT", "MISSING"]

#: number formats
MONEY = "0.00"
SCORE = "0.00"
PERCENT = "0.00%"
COUNT = "0"

#: what an empty cell says about itself (its note), by default
MISSING = "未填"

#: type sizes (pt) and fonts
FONT = "宋体"
TITLE_FONT = "黑体"
BODY_PT = 10.5
TITLE_PT = 16.0
#: one line of body text, and of the title (pt)
LINE_PT = 14.25
TITLE_LINE_PT = 27.0

#: column widths, in Excel's units (the width of a "0"): a CJK character is two
MIN_WIDTH = 6.0
MAX_WIDTH = 40.0
#: text wraps down to four Chinese characters a line, no narrower
WRAP_FLOOR = 8.0
#: what an A4 landscape page holds at 100 % between 12.7 mm margins (271 mm; a
#: unit is about 1.85 mm): wider tables are narrowed to it, their long text
#: columns first, so the sheet prints unscaled (fit-to-width only as a last resort)
PAGE_WIDTH = 140.0
#: room either side of a cell's text
PAD = 2.0

#: fills: a heading cell, an empty figure (未填), and the three lights
HEAD_FILL = "F2F2F2"
MISSING_FILL = "FFF2CC"
LIGHT_FILLS = {"red": "F4B6B6", "yellow": "FFE699", "green": "C6EFCE", "unknown": "E7E6E6"}

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """``name`` as Excel accepts a sheet name: no ``[]:*?/\\``, no leading or
    trailing apostrophe, at most 31 characters, unique (ignoring case) among
    ``taken``, to which it is added."""
    clean = _FORBIDDEN.sub("_", " ".join(name.split())).strip("'").strip() or "工作表"
    base, n = clean[:31], 1
    candidate = base
    while candidate.casefold() in taken or candidate.casefold() == "history":
        n += 1
        suffix = f"（{n}）"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


#: East Asian wide and full-width characters (Unicode's W and F classes, as
#: :func:`selfeval.docx.widths.is_wide` tells them; one regex is much faster)
_WIDE = re.compile(
    "[\u1100-\u115f\u231a\u231b\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f"
    "\uff00-\uff60\uffe0-\uffe6\U00016fe0-\U0001f64f\U00020000-\U0003fffd]"
)


def display_width(text: str) -> float:
    """Width of ``text`` in Excel units (the width of a "0"): CJK characters count double."""
    return float(len(text) + len(_WIDE.findall(text)))


@dataclass
class Style:
    """How a cell looks: alignment, bold, a fill, wrapping, a number format."""

    align: str = "left"  # left, center, right
    bold: bool = False
    fill: str | None = None
    wrap: bool = True
    number_format: str = "General"
    size: float = BODY_PT
    font: str = FONT
    border: bool = True


TEXT = Style()
CENTER = Style(align="center")
HEAD = Style(align="center", bold=True, fill=HEAD_FILL)


@dataclass
class _Written:
    """What the widths and heights need of a written cell."""

    row: int
    col: int
    span: int
    rowspan: int
    width: float  # of the longest line, Excel units
    lines: int  # explicit lines (``\n``)
    text_width: float  # of all text, Excel units
    size: float
    wraps: bool


@dataclass
class Sheet:
    """A worksheet being written row by row, ``columns`` wide."""

    ws: Any
    columns: int
    row: int = 0
    #: the widths the columns' single cells wish for
    wishes: list[float] = field(default_factory=list)
    #: the narrowest each column may be (numbers whole, text a few characters a line)
    floors: list[float] = field(default_factory=list)
    #: cells whose height depends on the final widths
    written: list[_Written] = field(default_factory=list)
    #: rows with a fixed height (the title)
    fixed_heights: dict[int, float] = field(default_factory=dict)
    #: cells left empty because the figure is missing: (coordinate, note)
    missing: list[tuple[str, str]] = field(default_factory=list)
    #: look → style indices, shared by the sheets of one workbook (see :meth:`_style`)
    styles: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.wishes = [MIN_WIDTH] * self.columns
        self.floors = [MIN_WIDTH] * self.columns

    # ---- rows ----

    def next_row(self) -> int:
        self.row += 1
        return self.row

    def title(self, text: str, subtitle: str = "") -> None:
        """The title row (黑体, centred over the whole width) and an optional line under it."""
        r = self.next_row()
        self.put(r, 1, text, Style(align="center", bold=True, size=TITLE_PT, font=TITLE_FONT, border=False), span=self.columns, measure=False)
        self.fixed_heights[r] = TITLE_LINE_PT
        if subtitle:
            r = self.next_row()
            self.put(r, 1, subtitle, Style(align="center", border=False), span=self.columns, measure=False)

    def unit_line(self, left: str, right: str) -> None:
        """``单位：…`` on the left, ``金额单位：万元`` on the right, above the table."""
        r = self.next_row()
        half = max(self.columns // 2, 1)
        self.put(r, 1, left, Style(border=False, wrap=False), span=half, measure=False)
        if self.columns > half:
            self.put(r, half + 1, right, Style(align="right", border=False, wrap=False), span=self.columns - half, measure=False)

    # ---- cells ----

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        style: Style = TEXT,
        *,
        span: int = 1,
        rowspan: int = 1,
        note: str | None = None,
        remark: str | None = None,
        measure: bool = True,
    ) -> Any:
        """Write ``value`` at (``row``, ``col``), merged over ``span`` columns and
        ``rowspan`` rows. ``None`` leaves the cell empty, shaded, with a note
        saying why (``note``, by default 未填) — never a 0. A ``Decimal``/int is
        a numeric cell in ``style.number_format``; ``remark`` is a note on a
        cell that has its value (how a score was worked out)."""
        cell = self.ws.cell(row=row, column=col)
        if value is None:
            why = note or MISSING
            style = Style(
                align=style.align, bold=style.bold, fill=MISSING_FILL, wrap=style.wrap,
                number_format=style.number_format, size=style.size, font=style.font, border=style.border,
            )
            self._note(cell, why)
            self.missing.append((cell.coordinate, why))
        else:
            if isinstance(value, Decimal):
                value = _plain(value)
            cell.value = value
            if remark:
                self._note(cell, remark)
        self._style(cell, style)
        if span > 1 or rowspan > 1:
            self._merge(row, col, row + rowspan - 1, col + span - 1, style)
        if measure:
            text = _shown(value, style.number_format)
            parts = text.split("\n")
            widest = max(display_width(p) for p in parts) if len(parts) > 1 else display_width(text)
            self.written.append(
                _Written(row, col, span, rowspan, width=widest, lines=len(parts),
                         text_width=sum(display_width(p) for p in parts) if len(parts) > 1 else widest,
                         size=style.size, wraps=style.wrap)
            )
            if span == 1:
                if rowspan > 1:  # a label over several rows may wrap within them
                    widest = min(widest, max(WRAP_FLOOR, widest / rowspan))
                wish = widest + PAD if not style.wrap else min(widest + PAD, MAX_WIDTH)
                # text may wrap down to a few characters a line; numbers never wrap
                floor = wish if not style.wrap or style.number_format != "General" else min(wish, WRAP_FLOOR + PAD)
                i = col - 1
                if wish > self.wishes[i]:
                    self.wishes[i] = wish
                if floor > self.floors[i]:
                    self.floors[i] = floor
        return cell

    def _note(self, cell, text: str) -> None:
        from openpyxl.comments import Comment

        comment = Comment(text, "selfeval")
        comment.width, comment.height = 160, 40
        cell.comment = comment

    def _style(self, cell, style: Style) -> None:
        """One style per distinct look: the first cell registers it with the
        workbook (openpyxl hashes every style object on each assignment, the
        bulk of the time), the others copy its style indices."""
        key = (style.align, style.bold, style.fill, style.wrap, style.size, style.font, style.border, style.number_format)
        proto = self.styles.get(key)
        if proto is None:
            from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

            thin = Side(style="thin", color="000000")
            cell.font = Font(name=style.font, size=style.size, bold=style.bold)
            cell.alignment = Alignment(horizontal=style.align, vertical="center", wrap_text=style.wrap)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin) if style.border else Border()
            if style.fill:
                cell.fill = PatternFill("solid", fgColor=style.fill)
            cell.number_format = style.number_format
            self.styles[key] = copy(cell._style)
        else:
            cell._style = copy(proto)

    def _merge(self, r1: int, c1: int, r2: int, c2: int, style: Style) -> None:
        """Merge a range without openpyxl's lookups over every range already
        merged (:meth:`Worksheet.merge_cells` is quadratic in the merges) and
        its border arithmetic:
        the hidden cells take the first cell's style, so the block is boxed."""
        from openpyxl.cell.cell import MergedCell
        from openpyxl.worksheet.cell_range import CellRange

        ws = self.ws
        proto = ws._cells[(r1, c1)]._style
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if r == r1 and c == c1:
                    continue
                cell = MergedCell(ws, row=r, column=c)
                cell._style = copy(proto)
                ws._cells[(r, c)] = cell
        # a plain range: openpyxl's MergedCellRange recomputes the borders of its edges (slow)
        ws.merged_cells.ranges.add(CellRange(min_col=c1, min_row=r1, max_col=c2, max_row=r2))

    # ---- finishing ----

    def finish(self, *, repeat_rows: int = 0, fit_width: bool = True) -> None:
        """Column widths, row heights, and A4 landscape print set-up with rows
        ``1..repeat_rows`` repeated at the top of every page."""
        from openpyxl.utils import get_column_letter

        ws = self.ws
        widths = fit_widths(self.wishes, self.floors, PAGE_WIDTH)
        for c, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = round(w, 1)
        # prefix sums: a merged cell's width is its columns' widths
        prefix = [0.0]
        for w in widths:
            prefix.append(prefix[-1] + w)
        heights: dict[int, float] = {}
        for cell in self.written:
            room = prefix[cell.col - 1 + cell.span] - prefix[cell.col - 1] - PAD / 2
            if cell.wraps and room > 0:
                lines = max(cell.lines, math.ceil(cell.text_width / room - 1e-9)) if cell.text_width else 1
                # the explicit lines each wrap on their own: never fewer than counted
            else:
                lines = cell.lines
            need = lines * LINE_PT * cell.size / BODY_PT / cell.rowspan + 4
            if need > heights.get(cell.row, 0.0):
                heights[cell.row] = need
        heights.update(self.fixed_heights)
        for r, h in heights.items():
            if h > LINE_PT + 4.5 or r in self.fixed_heights:
                ws.row_dimensions[r].height = round(h, 2)
        setup = ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = ws.PAPERSIZE_A4
        if fit_width:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            setup.fitToWidth = 1
            setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        if repeat_rows:
            ws.print_title_rows = f"1:{repeat_rows}"
        ws.print_area = f"A1:{_coord(max(self.row, 1), self.columns)}"


def fit_widths(wishes: list[float], floors: list[float], total: float) -> list[float]:
    """``wishes`` narrowed to ``total``: the widest columns are cut to one level
    (never below their floor), so long text columns give up room first and
    short ones keep theirs. Unchanged when they fit already."""
    if sum(wishes) <= total:
        return list(wishes)
    lo, hi = 0.0, max(wishes)
    for _ in range(40):  # bisect the level
        level = (lo + hi) / 2
        if sum(max(f, min(w, level)) for w, f in zip(wishes, floors)) > total:
            hi = level
        else:
            lo = level
    return [max(f, min(w, lo)) for w, f in zip(wishes, floors)]


def _coord(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _plain(value: Decimal) -> Decimal | int:
    """A Decimal as openpyxl writes it: as it is (exact digits in the file), a
    whole number without an exponent."""
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return value


def _shown(value: Any, number_format: str) -> str:
    """About what a cell shows: for the widths and heights."""
    if value is None:
        return ""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        if number_format == PERCENT:
            return f"{Decimal(value) * 100:.2f}%"
        if number_format.startswith("0."):
            places = len(number_format.split(".")[1])
            return f"{Decimal(value):,.{places}f}"
        return str(value)
    return str(value)
