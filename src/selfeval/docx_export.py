"""Word (.docx) export, laid out as an official document (GB/T 9704-2012).

The Word file is built from the very Markdown that ``selfeval render`` prints
(:func:`selfeval.render.markdown`), parsed with markdown-it-py (CommonMark plus
GFM tables) and written with python-docx, so the two outputs never disagree and
users' text comes out literally: the parser undoes the renderer's escaping, and
nothing is un-escaped by hand.

What the Markdown means here:

* ``#`` — the title (方正小标宋简体 二号, centred);
  ``##`` 一级标题 (黑体), ``###`` 二级 (楷体_GB2312), ``####`` 三级 (仿宋 bold),
  deeper levels 仿宋; all 三号, numbered by the template already.
* ``## 附件1：标题`` — “附件1” 黑体 at the top left of a new page, the
  attachment's title centred below it like the report title.
* paragraphs — 仿宋_GB2312 三号, first line indented two characters, fixed
  line pitch of 28.95 pt (22 lines on a 225 mm type area).
* GFM tables — full borders, header row repeated on every page, columns the
  Markdown marks ``---:`` right-aligned; a ``单位：万元`` paragraph right before
  a table is set right-aligned above it in the table's type size.
* ``<!-- selfeval:page-break -->`` — the next block starts a new page; a page
  that holds a table of six or more columns (附件1) is set landscape, its page
  number turned to sit where GB/T 9704 puts it on a 横排表格 page;
  ``<!-- selfeval:align-right -->`` … ``<!-- selfeval:align-end -->`` — the
  signature: the date four characters from the right margin and the
  department's name centred over it, as GB/T 9704 sets 署名 and 成文日期.

python-docx and markdown-it-py are imported inside the functions, so
``selfeval check`` and ``selfeval render`` do not pay for them.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document as DocxDocument

    from selfeval.framework import Scorecard
    from selfeval.model import Report

__all__ = [
    "export",
    "to_bytes",
    "build",
    "FONTS",
    "FALLBACKS",
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

# Chinese type sizes in points.
ERHAO, SANHAO, SIHAO, XIAOSI, WUHAO = 22.0, 16.0, 14.0, 12.0, 10.5

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
# margins are the portrait ones turned too: left is the sheet's bottom (35 mm),
# right its top (37 mm), top the 订口 (28 mm), bottom the 切口 (26 mm).
LANDSCAPE_MARGINS_MM = {"top": INNER_MM, "bottom": OUTER_MM, "left": BOTTOM_MM, "right": TOP_MM}

_TWIPS_PER_PT = 20
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_UNIT_LINE = re.compile(r"^单位：\S{1,4}$")
_ATTACHMENT = re.compile(r"^(附件\s*[0-9０-９一二三四五六七八九十]*)\s*[：:]\s*(.+)$")
_MARKER = re.compile(r"<!--\s*selfeval:([a-z-]+)\s*-->")


# ---- public API -------------------------------------------------------------


def export(
    report: Report,
    out: Path,
    *,
    templates: Path | None = None,
    base_dir: Path | None = None,
    card: Scorecard | None = None,
) -> Path:
    """Render ``report`` and write it to ``out`` as a Word file (atomically).

    The arguments are :func:`selfeval.render.markdown`'s, so the Word file holds
    exactly what the Markdown report says. Raises
    :class:`selfeval.render.RenderError` (Chinese message) if it cannot be written.
    """
    from selfeval import render
    from selfeval.draft import atomic_write

    text = render.markdown(report, templates=templates, base_dir=base_dir, card=card)
    data = to_bytes(text, department=report.meta.department, year=report.meta.year)
    out = Path(out)
    try:
        atomic_write(out, data)
    except OSError as exc:
        raise render.RenderError(f"无法写入 {out}：{exc.strerror or exc}") from None
    return out


def to_bytes(markdown: str, *, department: str = "", year: int | None = None) -> bytes:
    """The Word file for rendered report Markdown, as bytes."""
    doc = build(markdown, department=department, year=year)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build(markdown: str, *, department: str = "", year: int | None = None) -> DocxDocument:
    """A python-docx ``Document`` for rendered report Markdown."""
    try:
        import docx
    except ImportError:  # pragma: no cover - a dependency, but say so in Chinese
        from selfeval.render import RenderError

        raise RenderError("导出 Word 需要 python-docx：pip install python-docx") from None
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(markdown)
    doc = docx.Document()
    _setup_document(doc)
    writer = _Writer(doc)
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
    # python-docx's blank document carries a preview picture of itself
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]
    return doc


# ---- document set-up ---------------------------------------------------------


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _el(tag: str, **attrs: Any):
    from docx.oxml import OxmlElement

    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(_w(key), str(value))
    return el


def _twips(pt: float) -> int:
    return round(pt * _TWIPS_PER_PT)


def _set_fonts(rpr, name: str) -> None:
    """Name ``name`` for every script, so Word uses it for Chinese text too.

    Theme references (``w:eastAsiaTheme`` …) would win over explicit names, so
    they go.
    """
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = _el("rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_w(slot), name)
    fonts.set(_w("hint"), "eastAsia")


def _use_style(paragraph, style_id: str) -> None:
    """Give ``paragraph`` one of our styles by id.

    (python-docx's ``paragraph.style = name`` scans every style of its template
    each time — most of the export's run time.)
    """
    paragraph._p.style = None if style_id == "Normal" else style_id


def _replace_child(parent, tag: str, new) -> None:
    old = parent.find(_w(tag))
    if old is not None:
        parent.remove(old)
    parent.append(new)


def _size(rpr, pt: float) -> None:
    half = str(round(pt * 2))
    _replace_child(rpr, "sz", _el("sz", val=half))
    _replace_child(rpr, "szCs", _el("szCs", val=half))


def _flag(rpr, tag: str, on: bool) -> None:
    for t in (tag, tag + "Cs"):
        old = rpr.find(_w(t))
        if old is not None:
            rpr.remove(old)
        rpr.append(_el(t, val="1" if on else "0"))


@dataclass
class _StyleSpec:
    font: str
    size: float
    bold: bool = False
    align: str = "both"  # w:jc
    indent_chars: float = 0  # first-line indent in characters of ``size``
    line_pt: float | None = LINE_PT  # exact line pitch; None = single
    before_pt: float = 0
    after_pt: float = 0
    outline: int | None = None
    keep_next: bool = False


def _define_style(doc, style_id: str, name: str, spec: _StyleSpec, *, based_on: str | None = "Normal"):
    """Create or reset a paragraph style to exactly ``spec``."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
    el = style.element
    # drop inherited look from the template (theme fonts, colours, borders)
    for tag in ("pPr", "rPr"):
        old = el.find(_w(tag))
        if old is not None:
            el.remove(old)
    for tag in ("basedOn", "next", "link"):
        old = el.find(_w(tag))
        if old is not None:
            el.remove(old)
    if based_on and based_on != style_id:
        # w:basedOn and w:next go right after w:name; typing on in Word after a
        # heading gives body text
        name_el = el.find(_w("name"))
        name_el.addnext(_el("basedOn", val=based_on))
        if spec.keep_next:
            name_el.getnext().addnext(_el("next", val="Normal"))
    style.quick_style = True
    style.hidden = False

    ppr = _el("pPr")
    if spec.keep_next:
        ppr.append(_el("keepNext"))
        ppr.append(_el("keepLines"))
    ppr.append(_el("widowControl", val="0"))
    spacing = _el("spacing", before=_twips(spec.before_pt), after=_twips(spec.after_pt))
    spacing.set(_w("beforeLines"), "0")
    spacing.set(_w("afterLines"), "0")
    if spec.line_pt is None:
        spacing.set(_w("line"), "240")
        spacing.set(_w("lineRule"), "auto")
    else:
        spacing.set(_w("line"), str(_twips(spec.line_pt)))
        spacing.set(_w("lineRule"), "exact")
    ppr.append(spacing)
    ind = _el(
        "ind",
        firstLine=_twips(spec.indent_chars * spec.size),
        firstLineChars=round(spec.indent_chars * 100),
        left=0,
        leftChars=0,
        right=0,
        rightChars=0,
    )
    ppr.append(ind)
    ppr.append(_el("jc", val=spec.align))
    if spec.outline is not None:
        ppr.append(_el("outlineLvl", val=spec.outline))
    el.append(ppr)

    rpr = _el("rPr")
    _set_fonts(rpr, spec.font)
    _flag(rpr, "b", spec.bold)
    _flag(rpr, "i", False)
    rpr.append(_el("color", val="000000"))
    rpr.append(_el("kern", val="0"))
    _size(rpr, spec.size)
    rpr.append(_el("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    el.append(rpr)
    return style


def _styles() -> dict[str, tuple[str, _StyleSpec, str | None]]:
    """Style id → (name shown in Word, what it looks like, the style it is based on)."""
    body, title, hei, kai = FONTS["body"], FONTS["title"], FONTS["h1"], FONTS["h2"]
    heading = dict(align="left", indent_chars=2, keep_next=True)
    big_title = dict(align="center", line_pt=36, after_pt=LINE_PT, keep_next=True)
    small_t, small_w = XIAOSI * TABLE_LINE, WUHAO * TABLE_LINE
    return {
        "Normal": ("Normal", _StyleSpec(body, SANHAO, indent_chars=2), None),
        "Title": ("Title", _StyleSpec(title, ERHAO, **big_title), "Normal"),
        "Heading1": ("heading 1", _StyleSpec(hei, SANHAO, outline=0, **heading), "Normal"),
        "Heading2": ("heading 2", _StyleSpec(kai, SANHAO, outline=1, **heading), "Normal"),
        "Heading3": ("heading 3", _StyleSpec(body, SANHAO, bold=True, outline=2, **heading), "Normal"),
        "Heading4": ("heading 4", _StyleSpec(body, SANHAO, outline=3, **heading), "Normal"),
        "AttachmentLabel": ("附件标识", _StyleSpec(hei, SANHAO, align="left", keep_next=True), "Normal"),
        "AttachmentTitle": ("附件标题", _StyleSpec(title, ERHAO, outline=0, **big_title), "Normal"),
        "UnitLine": ("表格单位", _StyleSpec(body, XIAOSI, align="right", line_pt=None, keep_next=True), "Normal"),
        "TableText": ("表格文字", _StyleSpec(body, XIAOSI, align="left", line_pt=small_t), "Normal"),
        "TableHeader": ("表格标题行", _StyleSpec(hei, XIAOSI, align="center", line_pt=small_t), "Normal"),
        "TableTextSmall": ("表格文字（小）", _StyleSpec(body, WUHAO, align="left", line_pt=small_w), "Normal"),
        "TableHeaderSmall": ("表格标题行（小）", _StyleSpec(hei, WUHAO, align="center", line_pt=small_w), "Normal"),
        "Signature": ("落款", _StyleSpec(body, SANHAO, align="right"), "Normal"),
        "PageNumber": ("页码", _StyleSpec(FONTS["page_number"], SIHAO, align="right", line_pt=None), None),
    }


def _setup_document(doc) -> None:
    # document defaults: no theme fonts, Chinese language, no paragraph spacing
    styles_el = doc.styles.element
    defaults = styles_el.find(_w("docDefaults"))
    rpr = defaults.find(_w("rPrDefault")).find(_w("rPr"))
    _set_fonts(rpr, FONTS["body"])
    _size(rpr, SANHAO)
    _replace_child(rpr, "lang", _el("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    ppr_default = defaults.find(_w("pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)
    ppr_default = _el("pPrDefault")
    ppr = _el("pPr")
    ppr.append(_el("spacing", before=0, after=0, line=240, lineRule="auto"))
    ppr_default.append(ppr)
    defaults.append(ppr_default)

    for style_id, (name, spec, based_on) in _styles().items():
        _define_style(doc, style_id, name, spec, based_on=based_on)

    # double-sided: 订口 inside (mirrored margins), page numbers alternate
    # right (odd pages) and left (even pages), one character from the edge
    settings = doc.settings.element
    if settings.find(_w("mirrorMargins")) is None:
        zoom = settings.find(_w("zoom"))
        mirror = _el("mirrorMargins")
        if zoom is not None:
            zoom.addnext(mirror)
        else:
            settings.insert(0, mirror)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_setup(doc.sections[0], landscape=False)
    _declare_fonts(doc)


def _page_setup(section, *, landscape: bool) -> None:
    """A4 with the GB/T 9704 type area, and the page numbers for that orientation."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = Mm(PAGE_HEIGHT_MM)
        section.page_height = Mm(PAGE_WIDTH_MM)
        margins = LANDSCAPE_MARGINS_MM
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        margins = {"top": TOP_MM, "bottom": BOTTOM_MM, "left": INNER_MM, "right": OUTER_MM}
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_MM)
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        for extra in footer.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        paragraph._p.clear_content()
        _use_style(paragraph, "PageNumber")
        if landscape:
            _rotated_page_number(paragraph, odd=odd)
        else:
            _page_number(paragraph, odd=odd)


def _page_number_runs(paragraph) -> None:
    """``— 1 —`` with a PAGE field."""
    paragraph.add_run("— ")
    paragraph.add_run()._r.append(_el("fldChar", fldCharType="begin"))
    instr = _el("instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(_el("fldChar", fldCharType="separate"))
    paragraph.add_run("1")  # shown until the field is updated
    end = paragraph.add_run()
    end._r.append(_el("fldChar", fldCharType="end"))
    paragraph.add_run(" —")


def _page_number(paragraph, *, odd: bool) -> None:
    """Portrait: 四号 宋体 under the type area, odd pages right, even pages left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    if odd:
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(SIHAO)
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = Pt(SIHAO)
    _page_number_runs(paragraph)


#: drawing ids (``wp:docPr``) must differ within a file
_shape_ids = itertools.count(9001)

_TEXTBOX = """\
<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
 <mc:Choice Requires="wps"><w:drawing>
  <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"
   behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">
   <wp:simplePos x="0" y="0"/>
   <wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>
   <wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>
   <wp:extent cx="{cx}" cy="{cy}"/>
   <wp:effectExtent l="0" t="0" r="0" b="0"/>
   <wp:wrapNone/>
   <wp:docPr id="{id}" name="页码 {id}"/>
   <wp:cNvGraphicFramePr/>
   <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp>
     <wps:cNvSpPr txBox="1"/>
     <wps:spPr>
      <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
      <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
      <a:noFill/><a:ln><a:noFill/></a:ln>
     </wps:spPr>
     <wps:txbx><w:txbxContent><w:p/></w:txbxContent></wps:txbx>
     <wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr" anchorCtr="0">
      <a:noAutofit/>
     </wps:bodyPr>
    </wps:wsp>
   </a:graphicData></a:graphic>
  </wp:anchor>
 </w:drawing></mc:Choice>
</mc:AlternateContent>"""


def _rotated_page_number(paragraph, *, odd: bool) -> None:
    """Landscape: the number where it falls on the sheet held upright.

    GB/T 9704 on 横排表格: 页码位置与公文其他页码保持一致，单页码表头在订口一边，
    双页码表头在切口一边.

    The sheet's bottom is the landscape page's left edge, so the number stands in
    a text box there, turned a quarter so that it reads upright on the sheet:
    near the type area's lower end on odd pages (the sheet's right), near its
    upper end on even pages (the sheet's left), one character in.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.shared import Mm
    from docx.text.paragraph import Paragraph

    emu = lambda mm: int(Mm(mm))  # noqa: E731
    margins = LANDSCAPE_MARGINS_MM
    line_mm = SIHAO * 1.3 * MM_PER_PT
    box_w, box_h = line_mm, 60.0
    # same distance from the type area as in portrait (see FOOTER_MM)
    right = margins["left"] - (7.0 - 2.5)
    x = right - box_w
    if odd:
        y = PAGE_WIDTH_MM - margins["bottom"] - SIHAO * MM_PER_PT - box_h
    else:
        y = margins["top"] + SIHAO * MM_PER_PT
    xml = _TEXTBOX.format(x=emu(x), y=emu(y), cx=emu(box_w), cy=emu(box_h), id=next(_shape_ids))
    box = parse_xml(xml)
    run = paragraph.add_run()
    run._r.append(box)
    inner_p = box.xpath(".//w:txbxContent/w:p", namespaces={"w": _W_NS})[0]
    inner = Paragraph(inner_p, paragraph._parent)
    _use_style(inner, "PageNumber")
    # vertical text: the line starts at the box's top and ends at its bottom
    inner.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    _page_number_runs(inner)


def _declare_fonts(doc) -> None:
    """Describe the Chinese fonts in the font table, each with its fall-back name."""
    from lxml import etree

    part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable") and not rel.is_external:
            part = rel.target_part
            break
    if part is None:  # pragma: no cover - the default template has one
        return
    root = etree.fromstring(part.blob)
    names = {f.get(_w("name")) for f in root.findall(_w("font"))}
    families = {"黑体": "modern", "宋体": "auto"}
    for name, alt in FALLBACKS.items():
        if name in names:
            continue
        font = _el("font", name=name)
        font.append(_el("altName", val=alt))
        font.append(_el("charset", val="86"))  # GB2312
        font.append(_el("family", val=families.get(name, "auto")))
        font.append(_el("pitch", val="variable"))
        root.append(font)
    # python-docx keeps parts it does not model as bytes
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---- Markdown → Word ---------------------------------------------------------


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(text: str) -> float:
    """Width of ``text`` in ems: Chinese characters 1, Latin letters and digits ½."""
    return sum(1.0 if _is_wide(ch) else 0.5 for ch in text)


def _cell_width(text: str) -> float:
    """Like :func:`text_width`, but safe for whatever font stands in for 仿宋 (Latin wider)."""
    return sum(1.0 if _is_wide(ch) else 0.9 if ch in "%@MWmw" else 0.6 for ch in text)


@dataclass
class _Span:
    text: str
    bold: bool = False
    italic: bool = False


def _inline_spans(token) -> list[_Span]:
    """The runs of an inline token: text with bold/italic, soft breaks resolved."""
    spans: list[_Span] = []
    bold = italic = 0
    pending_break = False

    def add(text: str) -> None:
        nonlocal pending_break
        if pending_break:
            prev = spans[-1].text[-1:] if spans and spans[-1].text else ""
            nxt = text[:1]
            # a line break inside a Chinese paragraph is no space; between Latin words it is
            if prev and nxt and not (_is_wide(prev) or _is_wide(nxt)):
                text = " " + text
            pending_break = False
        if not text:
            return
        span = _Span(text, bold > 0, italic > 0)
        if spans and (spans[-1].bold, spans[-1].italic) == (span.bold, span.italic):
            spans[-1].text += text
        else:
            spans.append(span)

    for child in token.children or []:
        kind = child.type
        if kind in ("text", "text_special", "code_inline"):
            add(child.content)
        elif kind == "softbreak":
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


def _inline_text(token) -> str:
    return "".join(s.text for s in _inline_spans(token))


def _add_runs(paragraph, spans: list[_Span]) -> None:
    for span in spans:
        parts = span.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                paragraph.add_run().add_break()
            if part:
                run = paragraph.add_run(part)
                if span.bold:
                    run.bold = True
                if span.italic:
                    run.italic = True


@dataclass
class _Cell:
    spans: list[_Span]
    align: str  # left, right, center

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class _Table:
    header: list[list[_Cell]]
    body: list[list[_Cell]]

    @property
    def columns(self) -> int:
        rows = self.header + self.body
        return max((len(r) for r in rows), default=0)


def _cell_align(token) -> str:
    style = token.attrGet("style") or ""
    m = re.search(r"text-align:\s*(left|right|center)", str(style))
    return m.group(1) if m else "left"


def _parse_table(tokens, start: int) -> tuple[_Table, int]:
    table = _Table([], [])
    rows = table.header
    row: list[_Cell] | None = None
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
            row.append(_Cell(_inline_spans(inline) if inline.type == "inline" else [], _cell_align(t)))
        i += 1
    return table, i


def column_widths(
    table: _Table, total_mm: float, size_pt: float, padding_mm: float
) -> list[float]:
    """Column widths in mm that fill ``total_mm``.

    Each column has a *wish* (its longest cell on one line) and a *minimum*
    (numbers never wrap; a header of up to four characters stays on one line, a
    longer one may take two; other text may wrap down to two characters a line).
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
            width = _cell_width(text)
            grid[r][c] = width
            wish[c] = max(wish[c], width)
            if is_header:
                floor = width if len(text) <= 4 else min(width, -(-len(text) // 2) * 1.0)
            elif cell.align == "right" or not any(_is_wide(ch) for ch in text):
                floor = max((_cell_width(w) for w in text.split()), default=0.0)
            else:
                latin = [_cell_width(w) for w in re.findall(r"[^\s\u2e80-\uffff]+", text)]
                floor = max([min(width, 2.0)] + latin)
            least[c] = max(least[c], floor)
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


def _table_columns(tokens, start: int) -> int:
    """How many columns the table opening at ``tokens[start]`` has."""
    n = 0
    for t in tokens[start + 1 :]:
        if t.type in ("th_open", "td_open"):
            n += 1
        elif t.type == "tr_close":
            return n
    return n


def _introduces_table(tokens, start: int) -> bool:
    """Is ``tokens[start]`` a table, or a 单位 line right before one?"""
    if start >= len(tokens):
        return False
    t = tokens[start]
    if t.type == "table_open":
        return True
    if t.type == "paragraph_open" and start + 3 < len(tokens):
        text = _inline_text(tokens[start + 1]).strip()
        return bool(_UNIT_LINE.match(text)) and tokens[start + 3].type == "table_open"
    return False


def _group_is_wide(tokens, start: int) -> bool:
    """Does the page that starts after ``tokens[start]`` (up to the next page break) hold a wide table?"""
    for i in range(start + 1, len(tokens)):
        t = tokens[i]
        if t.type == "html_block" and "page-break" in _MARKER.findall(t.content):
            return False
        if t.type == "table_open" and _table_columns(tokens, i) >= WIDE_TABLE_COLUMNS:
            return True
    return False


class _Writer:
    def __init__(self, doc) -> None:
        self.doc = doc
        self.title: str | None = None
        self.page_break = False
        self.landscape = False
        self.next_landscape: bool | None = None  # a section break is due
        self.aligning: list | None = None  # paragraphs of the signature block
        self.merge_blanks = False  # the next table merges blank cells into the cell above
        self.last = None  # the last body paragraph written
        self.list_stack: list[dict] = []
        self.item_prefix: str | None = None

    @property
    def type_width_mm(self) -> float:
        return TYPE_HEIGHT_MM if self.landscape else TYPE_WIDTH_MM

    # -- blocks --

    def write(self, tokens) -> None:
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if kind == "heading_open":
                self.heading(int(t.tag[1:]), tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                nxt = tokens[i + 3] if i + 3 < len(tokens) else None
                text = _inline_text(inline).strip()
                if nxt is not None and nxt.type == "table_open" and _UNIT_LINE.match(text):
                    p = self.paragraph("UnitLine")
                    _add_runs(p, _inline_spans(inline))
                else:
                    p = self.body(inline)
                    if _introduces_table(tokens, i + 3):
                        # the sentence that introduces a table stays on its page
                        p.paragraph_format.keep_with_next = True
                i += 3
                continue
            if kind == "table_open":
                table, end = _parse_table(tokens, i)
                self.table(table)
                i = end + 1
                continue
            if kind == "html_block":
                self.html(t.content, tokens, i)
            elif kind in ("fence", "code_block"):
                for line in t.content.rstrip("\n").split("\n"):
                    p = self.paragraph("Normal")
                    if line:
                        p.add_run(line)
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
        ppr.insert(0, _el("spacing", before=0, after=0, line=20, lineRule="exact"))
        ppr.insert(0, _el("pStyle", val="Normal"))
        rpr = _el("rPr")
        _size(rpr, 1)
        ppr.append(rpr)
        # keep the schema order: pStyle … spacing … rPr, sectPr
        sect = ppr.find(_w("sectPr"))
        ppr.remove(sect)
        ppr.append(sect)
        self.landscape = landscape
        _page_setup(section, landscape=landscape)

    def paragraph(self, style_id: str):
        new_page = self._before_block()
        p = self.doc.add_paragraph()
        _use_style(p, style_id)
        if new_page:
            p.paragraph_format.page_break_before = True
        if self.aligning is not None:
            self.aligning.append(p)
        self.last = p
        return p

    def body(self, inline):
        p = self.paragraph("Signature" if self.aligning is not None else "Normal")
        if self.item_prefix:
            p.add_run(self.item_prefix)
            self.item_prefix = None
        _add_runs(p, _inline_spans(inline))
        return p

    def heading(self, level: int, inline) -> None:
        spans = _inline_spans(inline)
        text = "".join(s.text for s in spans).strip()
        if level == 1:
            if self.title is None:
                self.title = text
            p = self.paragraph("Title")
            _add_runs(p, spans)
            return
        m = _ATTACHMENT.match(text) if level == 2 else None
        if m:
            # GB/T 9704: “附件1” 黑体 at the top left, the title centred below
            self.paragraph("AttachmentLabel").add_run(m.group(1))
            self.paragraph("AttachmentTitle").add_run(m.group(2))
            return
        p = self.paragraph(f"Heading{min(level - 1, 4)}")
        _add_runs(p, spans)

    def html(self, content: str, tokens, index: int) -> None:
        markers = _MARKER.findall(content)
        if not markers:
            stripped = content.strip()
            if stripped and not stripped.startswith("<!--"):
                # HTML a user's template wrote: Word cannot show it, so print it as it is
                for line in stripped.split("\n"):
                    self.paragraph("Normal").add_run(line)
            return
        for marker in markers:
            if marker == "page-break":
                self.end_align()
                self.page_break = True
                wide = _group_is_wide(tokens, index)
                if wide != self.landscape:
                    self.next_landscape = wide
            elif marker == "align-right":
                self.end_align()
                # the signature never stands alone on a page: it keeps the last lines of text with it
                if self.last is not None:
                    self.last.paragraph_format.keep_with_next = True
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

    def table(self, table: _Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        n = table.columns
        if n == 0:
            return
        new_page = self._before_block()
        small = n >= WIDE_TABLE_COLUMNS
        size = WUHAO if small else XIAOSI
        text_style = "TableTextSmall" if small else "TableText"
        head_style = "TableHeaderSmall" if small else "TableHeader"
        pad_mm = 1.0 if small else 1.9  # left and right cell margin, each
        rows = table.header + table.body
        widths = column_widths(table, self.type_width_mm, size, 2 * pad_mm)

        t = self.doc.add_table(rows=len(rows), cols=n)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        _table_properties(t, widths, pad_mm)
        aligns = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
        }
        keep_together = len(rows) <= 12
        for r, row in enumerate(rows):
            is_header = r < len(table.header)
            tr = t.rows[r]
            _row_properties(tr, header=is_header)
            for c in range(n):
                cell = tr.cells[c]
                cell.width = Mm(widths[c])
                _cell_properties(cell)
                p = cell.paragraphs[0]
                _use_style(p, head_style if is_header else text_style)
                if c < len(row):
                    src = row[c]
                    if not is_header:
                        p.alignment = aligns[src.align]
                    _add_runs(p, src.spans)
                if keep_together and r < len(rows) - 1:
                    p.paragraph_format.keep_with_next = True
                if new_page and r == 0 and c == 0:
                    p.paragraph_format.page_break_before = True
        if self.merge_blanks:
            self.merge_blanks = False
            _merge_blanks_down(t, table)


def _merge_blanks_down(t, table: _Table) -> None:
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
            tc.tcPr.find(_w("vAlign")).set(_w("val"), "top")


def _table_properties(table, widths: list[float], pad_mm: float) -> None:
    from docx.shared import Mm

    tbl = table._tbl
    tblPr = tbl.tblPr
    for tag in ("tblStyle", "tblW", "tblBorders", "tblLayout", "tblCellMar", "tblLook"):
        old = tblPr.find(_w(tag))
        if old is not None:
            tblPr.remove(old)
    total = sum(Mm(w) for w in widths)
    tblPr.append(_el("tblW", w=round(total / 635), type="dxa"))  # EMU → twips
    borders = _el("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(side, val="single", sz=4, space=0, color="000000"))
    tblPr.append(borders)
    tblPr.append(_el("tblLayout", type="fixed"))
    margins = _el("tblCellMar")
    pad = round(pad_mm / 25.4 * 1440)
    vpad = round(CELL_VPAD_MM / 25.4 * 1440)
    for side, value in (("top", vpad), ("left", pad), ("bottom", vpad), ("right", pad)):
        margins.append(_el(side, w=value, type="dxa"))
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
    for col, w in zip(grid.findall(_w("gridCol")), widths):
        col.set(_w("w"), str(round(Mm(w) / 635)))


def _row_properties(row, *, header: bool) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(_el("cantSplit"))
    if header:
        trPr.append(_el("tblHeader"))


def _cell_properties(cell) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    tcPr.append(_el("vAlign", val="center"))
