"""Excel (.xlsx) output: every table of the report in one workbook.

Reviewers work in Excel: they receive the Word report with a workbook of its
tables, check that the two agree and re-score in their own sheets. The
workbook holds, in order:

* 部门整体支出绩效自评表 and one 项目支出绩效自评表 per project (a project
  whose table is not filled in still gets its sheet, marked 未填写), laid out
  like the printed forms — from the same ``TableResult``\\s
  (:mod:`selfeval.evaluation`) the report's 附件 are rendered from;
* 基础数据表 — the figures the computed indicators read, the 三公 costs, the
  computed indicators and the projects;
* 评分明细表 — the preset's scorecard, as the report's 附件 prints it.

Numbers are numeric cells (money and scores ``0.00``, rates as percentages); a
figure not entered is an empty, shaded cell with a note saying 未填 — never 0.
Merged 一级/二级 labels, borders, a title and a 单位 line, widths that fit
Chinese text, A4 landscape fitted to the page width with the header rows
repeated. :mod:`~selfeval.xlsx.sheet` is the layout (one pass, no re-reading
of the sheet: linear in the draft's size), :mod:`~selfeval.xlsx.book` the
sheets. openpyxl is imported inside the functions. Writing the file
(atomically, with the output guards) is :func:`selfeval.export.write`'s job.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from selfeval.xlsx.sheet import sheet_name

if TYPE_CHECKING:  # pragma: no cover
    from selfeval.framework import Preset, Scorecard
    from selfeval.model import Report

__all__ = ["build", "to_bytes", "sheet_name"]


def build(report: Report, preset: Preset, card: Scorecard | None = None, tables: list | None = None):
    """The openpyxl ``Workbook`` of ``report``'s tables."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency, but say so in Chinese
        from selfeval.errors import ExportError

        raise ExportError("导出 Excel 需要 openpyxl：pip install openpyxl") from None
    from selfeval.xlsx.book import build as build_book

    if card is None:
        from selfeval.framework import evaluate

        card = evaluate(report, preset)
    return build_book(report, preset, card, tables)


def to_bytes(report: Report, preset: Preset, card: Scorecard | None = None, tables: list | None = None) -> bytes:
    """The .xlsx file of ``report``'s tables, as bytes."""
    buf = io.BytesIO()
    build(report, preset, card, tables).save(buf)
    return buf.getvalue()
