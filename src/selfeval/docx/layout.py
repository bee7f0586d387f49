"""Page and type layout of the Word report (GB/T 9704-2012): sizes, fonts, margins.

Plain numbers and names, no python-docx: the writer, the styles and the column
widths all read them from here.
"""

from __future__ import annotations

import math

__all__ = [
    "MM_PER_PT",
    "PAGE_WIDTH_MM",
    "PAGE_HEIGHT_MM",
    "TOP_MM",
    "INNER_MM",
    "OUTER_MM",
    "BOTTOM_MM",
    "TYPE_WIDTH_MM",
    "TYPE_HEIGHT_MM",
    "FOOTER_MM",
    "LINE_PT",
    "CHARS_PER_LINE",
    "LINES_PER_PAGE",
    "CHAR_SPACE",
    "LIBREOFFICE_TRACKING",
    "ERHAO",
    "SANHAO",
    "SIHAO",
    "XIAOSI",
    "WUHAO",
    "FONTS",
    "FALLBACKS",
    "WIDE_TABLE_COLUMNS",
    "TABLE_LINE",
    "CELL_VPAD_MM",
    "LANDSCAPE_MARGINS_MM",
    "LANDSCAPE_FOOTER_MM",
]


# ---- layout (GB/T 9704-2012) ------------------------------------------------

MM_PER_PT = 25.4 / 72

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TOP_MM = 37.0  # 天头
INNER_MM = 28.0  # 订口
TYPE_WIDTH_MM = 156.0
TYPE_HEIGHT_MM = 225.0
OUTER_MM = PAGE_WIDTH_MM - INNER_MM - TYPE_WIDTH_MM  # 26
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - TYPE_HEIGHT_MM  # 35
#: Page number: 一字线 7 mm below the type area; the line box of a 四号 number
#: starts about 2.5 mm above its dashes, and Word measures the footer from the
#: page's bottom edge to the bottom of the footer text.
FOOTER_MM = BOTTOM_MM - 7.0 + 2.5 - 14 * 1.3 * MM_PER_PT  # ≈ 24 mm

#: Fixed line pitch: 22 lines in the 225 mm type area (637.8 pt / 22 = 28.99 pt).
LINE_PT = 28.95
#: The body text grid of GB/T 9704: 28 characters a line, 22 lines a page.
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22

# Chinese type sizes in points.
ERHAO, SANHAO, SIHAO, XIAOSI, WUHAO = 22.0, 16.0, 14.0, 12.0, 10.5

#: ``w:docGrid/@w:charSpace``: what a character cell adds to 三号 (16 pt), in
#: 1/4096 pt, for 28 cells in the 156 mm type width (15.79 pt each).
CHAR_SPACE = round((TYPE_WIDTH_MM / MM_PER_PT / CHARS_PER_LINE - SANHAO) * 4096)

#: LibreOffice has no working character grid for 16 pt type in 15.79 pt cells;
#: body text 0.25 pt tighter (``w:spacing``, twentieths of a point) fits 28 a line.
LIBREOFFICE_TRACKING = math.floor((TYPE_WIDTH_MM / MM_PER_PT / CHARS_PER_LINE - SANHAO) * 20)

#: The fonts GB/T 9704 names, by role.
FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "h1": "黑体",
    "h2": "楷体_GB2312",
    "page_number": "宋体",
}

#: What the file offers as an alternative name (``w:altName`` in the font table)
#: when a machine lacks a font: the fonts every Chinese Windows has.
FALLBACKS = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "黑体": "SimHei",
    "宋体": "SimSun",
}

#: Tables with this many columns or more are set in 五号 instead of 小四, and a
#: page (between two page-break markers) holding one is turned landscape.
WIDE_TABLE_COLUMNS = 6
#: Line pitch inside tables, as a multiple of the type size, and the room
#: above and below a cell's text.
TABLE_LINE = 1.5
CELL_VPAD_MM = 0.8

# A landscape page is the portrait sheet turned a quarter (its top at the
# sheet's left edge, as GB/T 9704 wants: 表头 at the 订口 on odd pages), so its
# margins are the portrait ones turned: left is the sheet's bottom (35 mm),
# right its top (37 mm), top the 订口 (28 mm) and bottom the 切口 (26 mm) on an
# odd page — and the other way round on an even page, where the 订口 is on the
# sheet's right. Word's mirrored margins (one setting for the whole document,
# needed by the portrait pages) swap left and right on even pages and never
# top and bottom, so no fixed margins are right on both. Margins equal on
# opposite sides are the same on odd and even pages: the type area keeps its
# 225 × 156 mm and lies at most 1 mm from where GB/T 9704 puts it, on every
# page (unequal margins were right on odd pages and 2 mm off on even ones).
LANDSCAPE_MARGINS_MM = {
    "top": (INNER_MM + OUTER_MM) / 2,
    "bottom": (INNER_MM + OUTER_MM) / 2,
    "left": (BOTTOM_MM + TOP_MM) / 2,
    "right": (BOTTOM_MM + TOP_MM) / 2,
}
#: On landscape pages the footer holds only the anchor of the turned page
#: number (placed on the page, not in the footer): it sits this far from the
#: page's bottom edge, well inside the bottom margin, so Word never pushes
#: the table up to make room for it.
LANDSCAPE_FOOTER_MM = 8.0
