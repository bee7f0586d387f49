"""Word (.docx) output, laid out as an official document (GB/T 9704-2012).

The Word file is built from the very Markdown that ``selfeval render`` prints
(:func:`selfeval.render.markdown`), parsed with markdown-it-py (CommonMark plus
GFM tables) and written with python-docx, so the two outputs never disagree and
users' text comes out literally: the parser undoes the renderer's escaping, and
nothing is un-escaped by hand. Writing the file (atomically, with Chinese
errors) is :func:`selfeval.export.write`'s job; this package turns Markdown
into a document.

What the Markdown means here:

* ``#`` (or a setext ``===`` heading) — the title (方正小标宋简体 二号, centred),
  broken after the department's name when longer than a line (:mod:`selfeval.titles`);
  ``##`` 一级标题 (黑体), ``###`` 二级 (楷体_GB2312), ``####`` 三级 (仿宋 bold),
  deeper levels 仿宋; all 三号, numbered by the template already.
* ``## 附件1：标题`` — “附件1” 黑体 at the top left of a new page, the
  attachment's title centred on line 3 like the report title; a paragraph
  ``附件：1. …`` is the 附件说明, a short line ending in 表 above a table its title.
* paragraphs — 仿宋_GB2312 三号, first line indented two characters, on the
  page's 28 × 22 character grid (line pitch 28.95 pt).
* GFM tables — full borders, header row repeated on every page, columns the
  Markdown marks ``---:`` right-aligned; a ``单位：万元`` paragraph right before
  a table is set right-aligned above it in the table's type size; tables that
  follow each other directly (a 自评表's goals, budget and indicators) stay
  separate tables, a short gap apart.
* ``<!-- selfeval:page-break -->`` — the next block starts a new page; a page
  that holds a table of six or more columns (附件1, the 自评表s), or the
  marker ``<!-- selfeval:landscape -->``, is set landscape, its page
  number turned to sit where GB/T 9704 puts it on a 横排表格 page;
  ``<!-- selfeval:merge-blank-down -->`` — the next table merges a blank
  leading cell into the one above (一级/二级 labels), cut at its pages so
  each page repeats the labels it continues;
  ``<!-- selfeval:align-right -->`` … ``<!-- selfeval:align-end -->`` — the
  signature: the date four characters from the right margin and the
  department's name centred over it, as GB/T 9704 sets 署名 and 成文日期.

Every file starts from ``template.docx`` (:mod:`~selfeval.docx.template`,
built by ``scripts/build_docx_template.py``); :mod:`~selfeval.docx.pdf` turns
the file into PDF with LibreOffice.

The modules: :mod:`~selfeval.docx.layout` (page, type sizes, fonts),
:mod:`~selfeval.docx.styles` (paragraph styles, page set-up, page numbers),
:mod:`~selfeval.docx.widths` (table cells and column widths, pure arithmetic),
:mod:`~selfeval.docx.parse` (markdown-it tokens → spans and tables) and
:mod:`~selfeval.docx.writer` (the document). python-docx and markdown-it-py are
imported inside the functions, so importing this package loads neither.
"""

from __future__ import annotations

from selfeval.docx.layout import FALLBACKS, FONTS
from selfeval.docx.widths import Cell, Span, Table, column_widths, text_width
from selfeval.docx.writer import build, to_bytes

__all__ = [
    "build",
    "to_bytes",
    "FONTS",
    "FALLBACKS",
    "Span",
    "Cell",
    "Table",
    "column_widths",
    "text_width",
]
