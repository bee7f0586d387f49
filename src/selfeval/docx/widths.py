"""Table cells and their column widths: pure arithmetic, no python-docx.

A table is :class:`Table` of :class:`Cell` (each a list of :class:`Span`);
:func:`column_widths` shares a type area's width among its columns so that
numbers never wrap and as few lines as possible are spent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from selfeval.docx.layout import MM_PER_PT

__all__ = ["Span", "Cell", "Table", "is_wide", "text_width", "cell_width", "column_widths"]


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(text: str) -> float:
    """Width of ``text`` in ems: Chinese characters 1, Latin letters and digits ½."""
    return sum(1.0 if is_wide(ch) else 0.5 for ch in text)


def cell_width(text: str) -> float:
    """Like :func:`text_width`, but safe for whatever font stands in for 仿宋 (Latin wider)."""
    return sum(1.0 if is_wide(ch) else 0.9 if ch in "%@MWmw" else 0.6 for ch in text)


#: A column whose cells are all at most this wide (ems) is a column of short
#: labels, never wrapped (see :func:`column_widths`).
SHORT_LABEL = 6.0


@dataclass
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Cell:
    spans: list[Span]
    align: str  # left, right, center

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Table:
    header: list[list[Cell]]
    body: list[list[Cell]]

    @property
    def columns(self) -> int:
        rows = self.header + self.body
        return max((len(r) for r in rows), default=0)


def column_widths(
    table: Table, total_mm: float, size_pt: float, padding_mm: float
) -> list[float]:
    """Column widths in mm that fill ``total_mm``.

    Each column has a *wish* (its longest cell on one line) and a *minimum*
    (numbers never wrap; a header of up to four characters stays on one line, a
    longer one may take two; a column of short labels, up to six characters
    each, never wraps; other text may wrap down to two characters a line).
    If every wish fits, the spare room is shared out in proportion. Otherwise
    each column starts at its minimum and the room goes, step by step, where it
    saves the most lines per millimetre — rows' heights, and the lines of every
    cell, a short label's counting four times a long text's — so a long
    评分标准 and a long 评分依据 end up balanced and a short 指标 name is not
    broken over two lines to give a long column a few millimetres more.
    """
    n = table.columns
    em = size_pt * MM_PER_PT
    rows = table.header + table.body
    # text width in ems of every cell, row by row
    grid = [[0.0] * n for _ in rows]
    wish = [0.0] * n
    least = [0.0] * n
    for r, row in enumerate(rows):
        is_header = r < len(table.header)
        for c, cell in enumerate(row):
            text = cell.text.strip()
            width = cell_width(text)
            grid[r][c] = width
            wish[c] = max(wish[c], width)
            if is_header:
                floor = width if len(text) <= 4 else min(width, -(-len(text) // 2) * 1.0)
            elif cell.align == "right" or not any(is_wide(ch) for ch in text):
                floor = max((cell_width(w) for w in text.split()), default=0.0)
            else:
                latin = [cell_width(w) for w in re.findall(r"[^\s\u2e80-\uffff]+", text)]
                floor = max([min(width, 2.0)] + latin)
            least[c] = max(least[c], floor)
    # a column of short labels only (一级指标, 资金来源: up to SHORT_LABEL characters each)
    # keeps every label on one line; a label broken in two reads worse than any saving
    for c in range(n):
        body = [grid[r][c] for r in range(len(table.header), len(rows)) if grid[r][c] > 0]
        if body and max(body) <= SHORT_LABEL:
            least[c] = max(least[c], max(body))
    # half a character of slack: rounding in Word and LibreOffice must not wrap a cell
    wish = [(w + 0.5) * em + padding_mm for w in wish]
    least = [(m + 0.5) * em + padding_mm for m in least]
    if sum(wish) <= total_mm:
        spare = total_mm - sum(wish)
        return [w + spare * w / sum(wish) for w in wish]
    if sum(least) >= total_mm:
        return [m * total_mm / sum(least) for m in least]

    def per_line(width_mm: float) -> int:
        return max(int((width_mm - padding_mm) / em - 0.5 + 1e-6), 1)

    def lines(text_em: float, width_mm: float) -> int:
        return max(1, math.ceil(text_em / per_line(width_mm) - 1e-9))

    widths = list(least)
    spare = total_mm - sum(widths)
    counts = [[lines(grid[r][c], widths[c]) for c in range(n)] for r in range(len(rows))]

    # a short label broken over two lines reads worse than a paragraph one line longer
    weight = [[1.0 if 0 < grid[r][c] <= 8 else 0.25 for c in range(n)] for r in range(len(rows))]

    def cost_with(col: int, width: float, others: list[tuple[int, float]]) -> float:
        """Rows' heights plus the lines of every cell (weighted), with column ``col`` at ``width``."""
        total = 0.0
        for r, (most, rest) in enumerate(others):
            mine = lines(grid[r][col], width)
            total += max(mine, most) + rest + weight[r][col] * mine
        return total

    while spare > 1e-6:
        best = None  # (saving per mm, column, width)
        for c in range(n):
            others = [
                (
                    max((row[k] for k in range(n) if k != c), default=0),
                    sum(weight[r][k] * row[k] for k in range(n) if k != c),
                )
                for r, row in enumerate(counts)
            ]
            now = cost_with(c, widths[c], others)
            limit = min(wish[c], widths[c] + spare)
            # the widths at which some cell of this column loses a line
            steps = set()
            for r in range(len(rows)):
                if counts[r][c] > 1:
                    need = math.ceil(grid[r][c] / (counts[r][c] - 1) - 1e-9)
                    w = (need + 0.5) * em + padding_mm
                    if widths[c] < w <= limit + 1e-9:
                        steps.add(min(w, limit))
            for w in sorted(steps):
                saving = (now - cost_with(c, w, others)) / (w - widths[c])
                if saving > 1e-9 and (best is None or saving > best[0]):
                    best = (saving, c, w)
        if best is None:
            break
        _, c, w = best
        spare -= w - widths[c]
        widths[c] = w
        for r in range(len(rows)):
            counts[r][c] = lines(grid[r][c], w)
    # what no line can be saved with: to the columns short of their wish, by how short
    short = [max(wish[c] - widths[c], 0.0) for c in range(n)]
    if sum(short) > 0:
        give = min(spare, sum(short))
        widths = [w + give * s / sum(short) for w, s in zip(widths, short)]
        spare -= give
    if spare > 1e-6:
        widths = [w + spare * w / sum(widths) for w in widths]
    return widths
