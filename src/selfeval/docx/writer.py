"""Markdown → Word: walks the markdown-it tokens and writes python-docx paragraphs and tables.

python-docx and markdown-it-py are imported inside the functions, so importing
this module costs nothing until a Word file is made.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from typing import TYPE_CHECKING

from selfeval.docx.layout import (
    CELL_VPAD_MM,
    CHARS_PER_LINE,
    LINE_PT,
    MM_PER_PT,
    TABLE_LINE,
    SANHAO,
    TYPE_HEIGHT_MM,
    TYPE_WIDTH_MM,
    WIDE_TABLE_COLUMNS,
    WUHAO,
    XIAOSI,
)
from selfeval.docx.parse import (
    ATTACHMENT,
    ATTACHMENT_NOTE,
    CAPTION,
    MARKER,
    UNIT_LINE,
    group_is_wide,
    inline_spans,
    inline_text,
    introduces_table,
    parse_table,
)
from selfeval.docx.styles import libreoffice_grid, page_setup, set_size, w_element, w_tag
from selfeval.docx.widths import Cell, Span, Table, cell_width, column_widths, text_width
from selfeval.titles import TITLE_CHARS_LANDSCAPE, TITLE_CHARS_PORTRAIT, break_title

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document as DocxDocument

__all__ = ["build", "to_bytes", "add_runs"]


def to_bytes(
    markdown: str, *, department: str = "", year: int | None = None, for_libreoffice: bool = False
) -> bytes:
    """The Word file for rendered report Markdown, as bytes.

    ``for_libreoffice``: the file LibreOffice turns into the PDF (see
    :func:`selfeval.docx.styles.libreoffice_grid`).
    """
    doc = build(markdown, department=department, year=year)
    if for_libreoffice:
        libreoffice_grid(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build(markdown: str, *, department: str = "", year: int | None = None) -> DocxDocument:
    """A python-docx ``Document`` for rendered report Markdown."""
    try:
        import docx
    except ImportError:  # pragma: no cover - a dependency, but say so in Chinese
        from selfeval.errors import ExportError

        raise ExportError("导出 Word 需要 python-docx：pip install python-docx") from None
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(markdown)
    from selfeval.docx.template import TEMPLATE

    doc = docx.Document(str(TEMPLATE))
    writer = _Writer(doc, department)
    writer.write(tokens)
    title = writer.title or ""
    props = doc.core_properties
    props.title = title
    props.subject = "部门整体支出绩效自评报告"
    props.author = department
    props.last_modified_by = department
    props.keywords = f"绩效自评 {year}" if year else "绩效自评"
    props.comments = "由 selfeval 生成"
    props.language = "zh-CN"
    props.revision = 1
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    return doc


# ---- raw WordprocessingML ------------------------------------------------------
# The writer makes paragraphs, runs and table cells as lxml elements directly:
# python-docx's setters find each child's place by searching the schema's list
# of successors (tens of microseconds a call), and ``run.text`` feeds the text
# through a Python state machine one character at a time. The elements (and
# their order) are exactly those python-docx makes.

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W_VAL = _W + "val"
#: the characters ``run.text`` turns into elements of their own: tab → ``w:tab``, CR → ``w:br``
_RUN_SPECIAL = re.compile(r"([\t\r\n])")


def _sub(parent, tag: str, val: str | None = None):
    """A new ``w:tag`` child at the end of ``parent`` (with ``w:val`` if given)."""
    from lxml import etree

    el = etree.SubElement(parent, _W + tag)
    if val is not None:
        el.set(_W_VAL, val)
    return el


def _add_run(p, text: str, bold: bool = False, italic: bool = False) -> None:
    """Append ``<w:r>`` holding ``text`` to ``<w:p>`` ``p``, as ``paragraph.add_run(text)`` does
    (with ``run.bold``/``run.italic`` set when asked)."""
    from lxml import etree

    r = etree.SubElement(p, _W + "r")
    if bold or italic:
        rpr = etree.SubElement(r, _W + "rPr")
        if bold:
            etree.SubElement(rpr, _W + "b")
        if italic:
            etree.SubElement(rpr, _W + "i")
    for piece in _RUN_SPECIAL.split(text) if ("\t" in text or "\r" in text or "\n" in text) else (text,):
        if piece == "\t":
            etree.SubElement(r, _W + "tab")
        elif piece in ("\r", "\n"):
            etree.SubElement(r, _W + "br")
        elif piece:
            t = etree.SubElement(r, _W + "t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def _runs(p, spans: list[Span]) -> None:
    for span in spans:
        parts = span.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                _sub(_sub(p, "r"), "br")  # paragraph.add_run().add_break()
            if part:
                _add_run(p, part, span.bold, span.italic)


def _p_pr(p, style_id: str | None, *flags: str):
    """Give the empty ``<w:p>`` ``p`` its ``<w:pPr>``: the style (none for Normal, as
    :func:`~selfeval.docx.styles.use_style` sets it), then ``flags`` (on/off
    children such as ``keepNext``, in schema order). ``p`` has no children
    yet, so appending puts ``w:pPr`` first, where it belongs."""
    ppr = _sub(p, "pPr")
    if style_id is not None and style_id != "Normal":
        _sub(ppr, "pStyle", style_id)
    for flag in flags:
        _sub(ppr, flag)
    return ppr


def _keep_with_next(paragraph) -> None:
    """``paragraph.paragraph_format.keep_with_next = True``: ``<w:keepNext/>``
    in the paragraph's ``w:pPr``, where the schema puts it (right after ``w:pStyle``)."""
    ppr = paragraph._p.pPr
    if ppr is None:
        paragraph.paragraph_format.keep_with_next = True
        return
    if ppr.find(_W + "keepNext") is not None:
        return
    at = 1 if len(ppr) and ppr[0].tag == _W + "pStyle" else 0
    ppr.insert(at, _sub(ppr, "keepNext"))


def add_runs(paragraph, spans: list[Span]) -> None:
    """Append ``spans`` to a python-docx paragraph: a ``\n`` is a line break (``w:br``)."""
    _runs(paragraph._p, spans)


class _Writer:
    def __init__(self, doc, department: str = "") -> None:
        self.doc = doc
        self.department = department
        self.title: str | None = None
        self.page_break = False
        self.landscape = False
        self.next_landscape: bool | None = None  # a section break is due
        self.aligning: list | None = None  # paragraphs of the signature block
        self.merge_blanks = False  # the next table merges blank cells into the cell above
        self.last = None  # the last body paragraph written
        self.list_stack: list[dict] = []
        #: a 附件说明 was just written: numbered lines right after it continue it
        self.note_open = False
        #: about how much of the current page is written (pt): where a cut table's first part ends
        self.page_used_pt = 0.0
        self.item_prefix: str | None = None
        #: the last block written was a table (the next table needs a gap: see :meth:`table`)
        self.last_was_table = False

    @property
    def type_width_mm(self) -> float:
        return TYPE_HEIGHT_MM if self.landscape else TYPE_WIDTH_MM

    @property
    def type_height_mm(self) -> float:
        return TYPE_WIDTH_MM if self.landscape else TYPE_HEIGHT_MM

    # -- blocks --

    def write(self, tokens) -> None:
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if kind in ("heading_open", "table_open", "html_block", "fence", "code_block"):
                self.note_open = False
            if kind == "heading_open":
                self.heading(int(t.tag[1:]), tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                nxt = tokens[i + 3] if i + 3 < len(tokens) else None
                text = inline_text(inline).strip()
                if nxt is not None and nxt.type == "table_open" and UNIT_LINE.match(text):
                    self.note_open = False
                    p = self.paragraph("UnitLine")
                    add_runs(p, inline_spans(inline))
                elif CAPTION.match(text) and introduces_table(tokens, i + 3):
                    self.note_open = False
                    p = self.paragraph("TableCaption")
                    add_runs(p, inline_spans(inline))
                elif ATTACHMENT_NOTE.match(text) and self.aligning is None:
                    self.attachment_note(inline)
                    i += 3
                    continue
                elif self.note_open and (self.item_prefix or NOTE_ITEM.match(text)):
                    # the next attachment: a numbered paragraph, or an item of a list
                    line = (self.item_prefix or "") + inline_text(inline).strip()
                    self.item_prefix = None
                    self.attachment_note_line(line, first=False)
                    i += 3
                    continue
                else:
                    self.note_open = False
                    p = self.body(inline)
                    if introduces_table(tokens, i + 3):
                        # the sentence that introduces a table stays on its page
                        _keep_with_next(p)
                i += 3
                continue
            if kind == "table_open":
                table, end = parse_table(tokens, i)
                self.table(table)
                i = end + 1
                continue
            if kind == "html_block":
                self.html(t.content, tokens, i)
            elif kind in ("fence", "code_block"):
                for line in t.content.rstrip("\n").split("\n"):
                    p = self.paragraph("Normal")
                    if line:
                        _add_run(p._p, line)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(t.attrGet("start") or 1) if kind == "ordered_list_open" else None
                self.list_stack.append({"n": start, "mark": t.markup})
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_stack.pop()
            elif kind == "list_item_open":
                top = self.list_stack[-1]
                if top["n"] is None:
                    self.item_prefix = "· "
                else:
                    self.item_prefix = f"{top['n']}{top['mark']} "
                    top["n"] += 1
            # hr, blockquote and list closings carry no text of their own
            i += 1
        self.end_align()

    def _before_block(self) -> bool:
        """Start a new section if one is due; True if the block must start a new page."""
        if self.next_landscape is not None:
            self._new_section(self.next_landscape)
            self.next_landscape = None
            self.page_break = False
            return False
        due, self.page_break = self.page_break, False
        return due

    def _new_section(self, landscape: bool) -> None:
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        # the paragraph that carries the previous section's end: make it take no room
        carrier = self.doc.element.body.xpath("./w:p[w:pPr/w:sectPr]")[-1]
        ppr = carrier.pPr
        ppr.insert(0, w_element("spacing", before=0, after=0, line=20, lineRule="exact"))
        ppr.insert(0, w_element("pStyle", val="Normal"))
        rpr = w_element("rPr")
        set_size(rpr, 1)
        ppr.append(rpr)
        # keep the schema order: pStyle … spacing … rPr, sectPr
        sect = ppr.find(w_tag("sectPr"))
        ppr.remove(sect)
        ppr.append(sect)
        self.landscape = landscape
        page_setup(section, landscape=landscape)

    # ---- appending to the body ------------------------------------------------
    # python-docx's ``add_paragraph``/``add_table`` look for the body's closing
    # ``w:sectPr`` by walking every child of the body on each call, so a long
    # report cost the square of its length: append before the last child instead.

    def _append(self, element) -> None:
        from docx.oxml.ns import qn

        body = self.doc.element.body
        try:
            last = body[-1]
        except IndexError:
            last = None
        if last is not None and last.tag == qn("w:sectPr"):
            last.addprevious(element)
        else:
            body.append(element)

    def _add_paragraph(self, style_id: str | None = None, *flags: str):
        """A new paragraph at the end of the body; with ``style_id`` (and on/off
        ``flags`` such as ``pageBreakBefore``) it has its ``w:pPr``."""
        from docx.oxml.parser import OxmlElement
        from docx.text.paragraph import Paragraph

        p = OxmlElement("w:p")
        self._append(p)
        if style_id is not None:
            _p_pr(p, style_id, *flags)
        return Paragraph(p, self.doc._body)

    def _add_table(self, rows: int, cols: int, width_mm: float):
        from docx.oxml.table import CT_Tbl
        from docx.shared import Mm
        from docx.table import Table

        body = self.doc._body
        # the width given (not Document._block_width, which walks the body for
        # the last section); the columns' widths are set by the caller anyway
        tbl = CT_Tbl.new_tbl(rows, cols, Mm(width_mm))
        self._append(tbl)
        table = Table(tbl, body)
        table.style = None  # as Document.add_table does
        return table

    def paragraph(self, style_id: str):
        self.last_was_table = False
        starts_section = self.next_landscape is not None
        new_page = self._before_block()
        p = self._add_paragraph(style_id, *(("pageBreakBefore",) if new_page else ()))
        if new_page or starts_section:
            self.page_used_pt = 0.0
        self.page_used_pt += _PARAGRAPH_PT.get(style_id, LINE_PT)
        if self.aligning is not None:
            self.aligning.append(p)
        self.last = p
        return p

    def body(self, inline):
        p = self.paragraph("Signature" if self.aligning is not None else "Normal")
        prefix, self.item_prefix = self.item_prefix or "", None
        if prefix:
            _add_run(p._p, prefix)
        spans = inline_spans(inline)
        _runs(p._p, spans)
        # the paragraph's text, as ``p.text`` reads it back (a line break is "\n")
        text = prefix + "".join(s.text for s in spans)
        lines = math.ceil((text_width(text) + 2) / CHARS_PER_LINE)
        self.page_used_pt += (max(lines, 1) - 1) * LINE_PT
        return p

    def heading(self, level: int, inline) -> None:
        spans = inline_spans(inline)
        # a title's line breaks are the Markdown's guess; Word breaks it for its own line width
        text = "".join(s.text for s in spans).replace("\n", "").strip()
        if level == 1:
            if self.title is None:
                self.title = text
            self.title_paragraph("Title", text)
            return
        m = ATTACHMENT.match(text) if level == 2 else None
        if m:
            # GB/T 9704: “附件1” 黑体 at the top left (line 1), the title centred on line 3
            _add_run(self.paragraph("AttachmentLabel")._p, m.group(1))
            self.title_paragraph("AttachmentTitle", m.group(2))
            return
        p = self.paragraph(f"Heading{min(level - 1, 4)}")
        add_runs(p, spans)

    def attachment_note(self, inline) -> None:
        """附件说明 (GB/T 9704 7.3.4): a blank line above, “附件：1. …” two characters
        in, each further attachment on a line of its own with its number under
        the first one's, a long name wrapping under the name's first character.
        Further attachments may follow on the paragraph's own lines, or as the
        next paragraphs or list items (``2. …``)."""
        text = "".join(s.text for s in inline_spans(inline, soft_breaks=True))
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        for k, line in enumerate(lines):
            self.attachment_note_line(line, first=k == 0)
        self.note_open = True

    def attachment_note_line(self, line: str, *, first: bool) -> None:
        from docx.shared import Pt

        if not first and self.last is not None:  # the lines of one 附件说明 stay together
            _keep_with_next(self.last)
        p = self.paragraph("AttachmentNote")
        label = re.match(r"^附件[：:]\s*", line) if first else None
        body = line[label.end():] if label else line
        number = re.match(r"^[0-9０-９]+[.．、]\s*", body)
        # the name's first character: after 附件： (3 characters, from 2 in) and the number
        name_at = 2 + text_width("附件：") + (text_width(number.group(0)) if number else 0)
        start = 2 if first else 2 + text_width("附件：")
        # in characters (…Chars), as the style's own indents are, and in twips for other programs
        ind = w_element(
            "ind",
            left=round(name_at * SANHAO * 20),
            leftChars=round(name_at * 100),
            hanging=round((name_at - start) * SANHAO * 20),
            hangingChars=round((name_at - start) * 100),
        )
        ppr = p._p.get_or_add_pPr()
        old = ppr.find(w_tag("ind"))
        if old is not None:
            ppr.remove(old)
        # schema order: … spacing, ind, … jc …
        jc = ppr.find(w_tag("jc"))
        if jc is not None:
            jc.addprevious(ind)
        else:
            ppr.append(ind)
        if first:
            p.paragraph_format.space_before = Pt(LINE_PT)
            _add_run(p._p, "附件：" + body)
        else:
            _add_run(p._p, body)

    def title_paragraph(self, style_id: str, text: str) -> None:
        """A title, broken after the department's name when it is longer than a line."""
        p = self.paragraph(style_id)
        width = TITLE_CHARS_LANDSCAPE if self.landscape else TITLE_CHARS_PORTRAIT
        lines = break_title(text, self.department, width)
        add_runs(p, [Span("\n".join(lines))])
        self.page_used_pt += (len(lines) - 1) * _TITLE_LINE_PT

    def html(self, content: str, tokens, index: int) -> None:
        markers = MARKER.findall(content)
        if not markers:
            stripped = content.strip()
            if stripped and not stripped.startswith("<!--"):
                # HTML a user's template wrote: Word cannot show it, so print it as it is
                for line in stripped.split("\n"):
                    _add_run(self.paragraph("Normal")._p, line)
            return
        for marker in markers:
            if marker == "page-break":
                self.end_align()
                self.page_break = True
                wide = group_is_wide(tokens, index)
                if wide != self.landscape:
                    self.next_landscape = wide
            elif marker == "align-right":
                self.end_align()
                # the signature never stands alone on a page: it keeps the last lines of text with it
                if self.last is not None:
                    _keep_with_next(self.last)
                self.aligning = []
            elif marker == "align-end":
                self.end_align()
            elif marker == "merge-blank-down":
                self.merge_blanks = True

    def end_align(self) -> None:
        """Set the signature: date 4 characters from the right, name centred over it."""
        from docx.shared import Pt

        block, self.aligning = self.aligning, None
        if not block:
            return
        widths = [text_width(p.text) for p in block]
        anchor = widths[-1]
        for p, width in zip(block, widths):
            indent = 4 + (anchor - width) / 2
            p.paragraph_format.right_indent = Pt(max(indent, 0) * SANHAO)
            if p is not block[-1]:
                p.paragraph_format.keep_with_next = True
        # room for the seal between the text and the signature
        block[0].paragraph_format.space_before = Pt(2 * LINE_PT)

    def table(self, table: Table) -> None:
        n = table.columns
        if n == 0:
            return
        starts_section = self.next_landscape is not None
        new_page = self._before_block()
        if new_page or starts_section:
            self.page_used_pt = 0.0
        elif self.last_was_table:
            # two tables in a row (a 自评表's goals, budget and indicators): Word
            # and LibreOffice would join them into one, the first one's header
            # repeated over the others; a short gap keeps them apart
            self._table_gap(TABLE_GAP_PT)
            self.page_used_pt += TABLE_GAP_PT
        small = n >= WIDE_TABLE_COLUMNS
        size = WUHAO if small else XIAOSI
        pad_mm = 1.0 if small else 1.9  # left and right cell margin, each
        widths = column_widths(table, self.type_width_mm, size, 2 * pad_mm)
        merge, self.merge_blanks = self.merge_blanks, False
        room = self.type_height_mm / MM_PER_PT * PAGE_FILL
        heights = [_row_height_pt(r, widths, size, pad_mm) for r in table.header + table.body]
        if not merge:
            self._table(table, widths, size, pad_mm, new_page=new_page)
            # a table of up to 12 rows is kept on one page: when it does not fit, it starts the next
            if len(heights) <= 12 and self.page_used_pt + sum(heights) > room:
                self.page_used_pt = 0.0
            self._used(sum(heights), room)
            self.last_was_table = True
            return
        # 评分表: merged 一级/二级 labels would be blank at the top of a
        # continuation page, so the table is cut where its pages end (a page
        # is filled to 90 %, by the rows' heights from the column widths) and
        # each part starts a page with the labels it continues
        header_pt = sum(heights[: len(table.header)])
        # below other blocks the estimate of what is used can only be rougher:
        # the first part is planned a little shorter still
        first_room = room if new_page else room * FIRST_PART_FILL / PAGE_FILL - self.page_used_pt
        if not new_page and table.body and (
            first_room < header_pt + 2 * heights[len(table.header)]  # not even two rows fit
            or first_room < sum(heights) <= room  # a table that fits a page is not cut
        ):
            new_page, first_room = True, room  # the table starts the next page
        parts = _page_parts(table, widths, size, pad_mm, first_room, room)
        for k, part in enumerate(parts):
            if k:
                # the paragraph between the parts starts the page: when a part
                # runs to the page's end, the next page is not left blank
                self._table_gap().paragraph_format.page_break_before = True
            t = self._table(part, widths, size, pad_mm, new_page=new_page and k == 0)
            _merge_blanks_down(t, part)
        if len(parts) > 1 or new_page:
            self.page_used_pt = 0.0
        self._used(sum(_row_height_pt(r, widths, size, pad_mm) for r in parts[-1].header + parts[-1].body), room)
        self.last_was_table = True

    def _used(self, height_pt: float, room: float) -> None:
        """Count ``height_pt`` of the page as written (a table longer than a page ends on a later one)."""
        self.page_used_pt += height_pt
        if room > 0 and self.page_used_pt > room:
            self.page_used_pt %= room

    def _table_gap(self, height_pt: float = 1.0) -> None:
        """A paragraph ``height_pt`` high between two tables (Word joins tables that touch)."""
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt

        p = self._add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(height_pt)
        fmt.first_line_indent = Pt(0)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.keep_with_next = True
        return p

    def _table(self, table: Table, widths: list[float], size: float, pad_mm: float, *, new_page: bool):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Emu, Mm

        n = table.columns
        small = size == WUHAO
        text_style = "TableTextSmall" if small else "TableText"
        head_style = "TableHeaderSmall" if small else "TableHeader"
        rows = table.header + table.body

        t = self._add_table(len(rows), n, sum(widths))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        _table_properties(t, widths, pad_mm)
        keep_together = len(rows) <= 12
        # each cell as python-docx's ``cell.width``, ``vertical_alignment``,
        # ``paragraph.alignment``, ``keep_with_next`` … would set it, written
        # directly (each setter searches the schema for the child's place); the
        # rows and cells taken once, not through ``t.rows``/``row.cells``, which
        # walk the whole table on each access
        twips = [str(Emu(Mm(w)).twips) for w in widths]
        w_w = _W + "w"
        for r, (row, tr) in enumerate(zip(rows, t._tbl.tr_lst)):
            is_header = r < len(table.header)
            _row_properties(tr, header=is_header)
            style = head_style if is_header else text_style
            keep = ("keepNext",) if keep_together and r < len(rows) - 1 else ()
            for c, tc in enumerate(tr.tc_lst):
                tcpr, p = tc[0], tc[1]  # <w:tcPr><w:tcW …/></w:tcPr><w:p/>, from CT_Tbl.new_tbl
                tcpr[0].set(w_w, twips[c])
                _sub(tcpr, "vAlign", "center")
                ppr = _p_pr(p, style, *keep, *(("pageBreakBefore",) if new_page and r == 0 and c == 0 else ()))
                if c < len(row):
                    if not is_header:
                        _sub(ppr, "jc", row[c].align)  # left, right, center: WD_ALIGN_PARAGRAPH's values
                    _runs(p, row[c].spans)
        return t


#: A further line of a 附件说明: “2. …”
NOTE_ITEM = re.compile(r"^[0-9０-９]+[.．、]\s*\S")

#: Height of a paragraph of each style, for :attr:`_Writer.page_used_pt` (one line; body text more)
_TITLE_LINE_PT = 36.0
_PARAGRAPH_PT = {
    "Title": _TITLE_LINE_PT + LINE_PT,
    "AttachmentTitle": _TITLE_LINE_PT + LINE_PT,
    "AttachmentLabel": 2 * LINE_PT,
    "UnitLine": XIAOSI * 1.3,
}

#: How full the rest of a page is planned when a cut table starts below other
#: blocks (measured: LibreOffice moved a first part it was estimated to fit at 0.9)
FIRST_PART_FILL = 0.85

#: The gap between two tables that follow each other (pt)
TABLE_GAP_PT = 6.0

#: How full a page of a cut table is planned: room for what the estimate of
#: row heights misses (a line broken earlier than counted).
PAGE_FILL = 0.9


def _row_height_pt(row, widths: list[float], size: float, pad_mm: float) -> float:
    """A table row's height: its tallest cell's lines at the table's line pitch, plus padding."""
    lines = 1
    for cell, width_mm in zip(row, widths):
        per_line = max(int((width_mm - 2 * pad_mm) / MM_PER_PT / size), 1)
        lines = max(lines, math.ceil(cell_width(cell.text.strip()) / per_line - 1e-9))
    return lines * size * TABLE_LINE + 2 * CELL_VPAD_MM / MM_PER_PT + 0.5


def _page_parts(table: Table, widths, size, pad_mm, first_room: float, room: float) -> list[Table]:
    """``table`` cut into parts of one page each; each part after the first
    repeats the blank leading labels (一级/二级) its first row continues."""
    header_pt = sum(_row_height_pt(r, widths, size, pad_mm) for r in table.header)
    parts: list[list] = [[]]
    used, limit = header_pt, first_room
    for row in table.body:
        h = _row_height_pt(row, widths, size, pad_mm)
        if parts[-1] and used + h > limit:
            parts.append([])
            used, limit = header_pt, room
        parts[-1].append(row)
        used += h
    out: list[Table] = []
    labels: list[Cell | None] = []
    for rows in parts:
        first = list(rows[0])
        for c, cell in enumerate(first):
            if cell.text.strip() or cell.align == "right":
                break
            if c < len(labels) and labels[c] is not None:
                first[c] = labels[c]
        out.append(Table(table.header, [first, *rows[1:]]))
        # the last label of each column, for the blank cells of the next part's first row
        for row in rows:
            for c, cell in enumerate(row):
                if cell.text.strip():
                    labels.extend([None] * (c + 1 - len(labels)))
                    labels[c] = cell
    return out


def _merge_blanks_down(t, table: Table) -> None:
    """Merge a blank cell into the cell above it, as 评分表 show 一级/二级指标.

    Only leading cells merge (every cell to the left blank as well), so a
    合计 row keeps its own cells; right-aligned (number) columns never merge.
    Such a table is set from the top of each cell: a label centred in a block
    of rows could land on the next page when the block breaks across pages.
    """
    first = len(table.header)
    trs = [row._tr for row in t.rows]
    for r in range(1, len(table.body)):
        for c, cell in enumerate(table.body[r]):
            if cell.text.strip() or cell.align == "right":
                break
            above = trs[first + r - 1].tc_lst[c]
            if above.vMerge is None:
                above.vMerge = "restart"
            trs[first + r].tc_lst[c].vMerge = "continue"
    for tr in trs[first:]:
        for tc in tr.tc_lst:
            tc.tcPr.find(w_tag("vAlign")).set(w_tag("val"), "top")


def _table_properties(table, widths: list[float], pad_mm: float) -> None:
    from docx.shared import Mm

    tbl = table._tbl
    tblPr = tbl.tblPr
    for tag in ("tblStyle", "tblW", "tblBorders", "tblLayout", "tblCellMar", "tblLook"):
        old = tblPr.find(w_tag(tag))
        if old is not None:
            tblPr.remove(old)
    total = sum(Mm(w) for w in widths)
    tblPr.append(w_element("tblW", w=round(total / 635), type="dxa"))  # EMU → twips
    borders = w_element("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(w_element(side, val="single", sz=4, space=0, color="000000"))
    tblPr.append(borders)
    tblPr.append(w_element("tblLayout", type="fixed"))
    margins = w_element("tblCellMar")
    pad = round(pad_mm / 25.4 * 1440)
    vpad = round(CELL_VPAD_MM / 25.4 * 1440)
    for side, value in (("top", vpad), ("left", pad), ("bottom", vpad), ("right", pad)):
        margins.append(w_element(side, w=value, type="dxa"))
    tblPr.append(margins)
    # keep the schema order of tblPr's children
    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
             "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
             "shd", "tblLayout", "tblCellMar", "tblLook"]
    def rank(e) -> int:
        local = e.tag.split("}")[1]
        return order.index(local) if local in order else len(order)
    for child in sorted(tblPr, key=rank):
        tblPr.remove(child)
        tblPr.append(child)
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(w_tag("gridCol")), widths):
        col.set(w_tag("w"), str(round(Mm(w) / 635)))


def _row_properties(tr, *, header: bool) -> None:
    """``<w:trPr>`` first in the row (before its cells): rows never split, header rows repeat."""
    trpr = _sub(tr, "trPr")
    tr.insert(0, trpr)
    _sub(trpr, "cantSplit")
    if header:
        _sub(trpr, "tblHeader")
