"""Reading markdown-it tokens: inline spans, GFM tables, the report's markers.

Works on the tokens markdown-it-py gives; imports neither markdown-it nor
python-docx itself.
"""

from __future__ import annotations

import re

from selfeval.docx.layout import WIDE_TABLE_COLUMNS
from selfeval.docx.widths import Cell, Span, Table, is_wide

__all__ = [
    "UNIT_LINE",
    "CAPTION",
    "ATTACHMENT_NOTE",
    "ATTACHMENT",
    "MARKER",
    "inline_spans",
    "inline_text",
    "cell_align",
    "parse_table",
    "table_columns",
    "introduces_table",
    "group_is_wide",
]


UNIT_LINE = re.compile(r"^单位：\S{1,4}$")
#: A table's title right above it (or above its 单位 line): “表1 …”, or a short line ending in 表.
CAPTION = re.compile(r"^(?!.*(?:如下|下表|详见|见表))(?:(?:表\s*[0-9０-９]+\S*\s*)?[^。；，：\n]{2,60}表|表\s*[0-9０-９]+\s+\S.{0,60})$")
#: 附件说明 after the body (GB/T 9704 7.3.4): “附件：1. …”
ATTACHMENT_NOTE = re.compile(r"^附件[：:]\s*\S")
ATTACHMENT = re.compile(r"^(附件\s*[0-9０-９一二三四五六七八九十]*)\s*[：:]\s*(.+)$", re.S)
MARKER = re.compile(r"<!--\s*selfeval:([a-z-]+)\s*-->")


def inline_spans(token, *, soft_breaks: bool = False) -> list[Span]:
    """The runs of an inline token: text with bold/italic, soft breaks resolved
    (a space between Latin words, nothing in Chinese text; a line break ``\n``
    with ``soft_breaks``)."""
    spans: list[Span] = []
    bold = italic = 0
    pending_break = False

    def add(text: str) -> None:
        nonlocal pending_break
        if pending_break:
            prev = spans[-1].text[-1:] if spans and spans[-1].text else ""
            nxt = text[:1]
            # a line break inside a Chinese paragraph is no space; between Latin words it is
            if prev and nxt and not (is_wide(prev) or is_wide(nxt)):
                text = " " + text
            pending_break = False
        if not text:
            return
        span = Span(text, bold > 0, italic > 0)
        if spans and (spans[-1].bold, spans[-1].italic) == (span.bold, span.italic):
            spans[-1].text += text
        else:
            spans.append(span)

    for child in token.children or []:
        kind = child.type
        if kind in ("text", "text_special", "code_inline"):
            add(child.content)
        elif kind == "softbreak":
            if soft_breaks:
                add("\n")
            else:
                pending_break = True
        elif kind == "hardbreak":
            add("\n")
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "image":
            add("".join(c.content for c in child.children or []))
        elif kind == "html_inline":
            if not child.content.startswith("<!--"):
                add(child.content)
        # link_open/link_close and the like: keep only their text
    return spans


def inline_text(token) -> str:
    return "".join(s.text for s in inline_spans(token))


def cell_align(token) -> str:
    style = token.attrGet("style") or ""
    m = re.search(r"text-align:\s*(left|right|center)", str(style))
    return m.group(1) if m else "left"


def parse_table(tokens, start: int) -> tuple[Table, int]:
    table = Table([], [])
    rows = table.header
    row: list[Cell] | None = None
    i = start + 1
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            rows = table.header
        elif t.type == "tbody_open":
            rows = table.body
        elif t.type == "tr_open":
            row = []
        elif t.type == "tr_close":
            rows.append(row or [])
            row = None
        elif t.type in ("th_open", "td_open"):
            inline = tokens[i + 1]
            assert row is not None
            row.append(Cell(inline_spans(inline) if inline.type == "inline" else [], cell_align(t)))
        i += 1
    return table, i


def table_columns(tokens, start: int) -> int:
    """How many columns the table opening at ``tokens[start]`` has."""
    n = 0
    for t in tokens[start + 1 :]:
        if t.type in ("th_open", "td_open"):
            n += 1
        elif t.type == "tr_close":
            return n
    return n


def introduces_table(tokens, start: int) -> bool:
    """Is ``tokens[start]`` a table, or a 单位 line right before one?"""
    if start >= len(tokens):
        return False
    t = tokens[start]
    if t.type == "table_open":
        return True
    if t.type == "paragraph_open" and start + 3 < len(tokens):
        text = inline_text(tokens[start + 1]).strip()
        return bool(UNIT_LINE.match(text)) and tokens[start + 3].type == "table_open"
    return False


def group_is_wide(tokens, start: int) -> bool:
    """Does the page that starts after ``tokens[start]`` (up to the next page break)
    hold a wide table, or a ``<!-- selfeval:landscape -->`` marker (a 自评表
    附件 that is not filled in is landscape like the others)?"""
    for i in range(start + 1, len(tokens)):
        t = tokens[i]
        if t.type == "html_block":
            markers = MARKER.findall(t.content)
            if "page-break" in markers:
                return False
            if "landscape" in markers:
                return True
        if t.type == "table_open" and table_columns(tokens, i) >= WIDE_TABLE_COLUMNS:
            return True
    return False
