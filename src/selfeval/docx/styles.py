"""The document's styles, page set-up, page numbers and font table (python-docx XML).

One paragraph style per role (title, headings, body, table text, unit line,
signature, page number), each set exactly to the GB/T 9704 look in
:func:`style_specs`; paragraphs take a style and add no fonts of their own.
python-docx and lxml are imported inside the functions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from selfeval.docx.layout import (
    BOTTOM_MM,
    CHAR_SPACE,
    LIBREOFFICE_TRACKING,
    ERHAO,
    FALLBACKS,
    FONTS,
    FOOTER_MM,
    INNER_MM,
    LANDSCAPE_FOOTER_MM,
    LANDSCAPE_MARGINS_MM,
    LINE_PT,
    MM_PER_PT,
    OUTER_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    SANHAO,
    SIHAO,
    TABLE_LINE,
    TOP_MM,
    WUHAO,
    XIAOSI,
)

__all__ = [
    "StyleSpec",
    "style_specs",
    "setup_document",
    "page_setup",
    "libreoffice_grid",
    "use_style",
    "set_size",
    "w_tag",
    "w_element",
]


_TWIPS_PER_PT = 20
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---- document set-up ---------------------------------------------------------


def w_tag(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def w_element(tag: str, **attrs: Any):
    from docx.oxml import OxmlElement

    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(w_tag(key), str(value))
    return el


def _twips(pt: float) -> int:
    return round(pt * _TWIPS_PER_PT)


def _set_fonts(rpr, name: str) -> None:
    """Name ``name`` for every script, so Word uses it for Chinese text too.

    Theme references (``w:eastAsiaTheme`` …) would win over explicit names, so
    they go.
    """
    fonts = rpr.find(w_tag("rFonts"))
    if fonts is None:
        fonts = w_element("rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(w_tag(slot), name)
    fonts.set(w_tag("hint"), "eastAsia")


def use_style(paragraph, style_id: str) -> None:
    """Give ``paragraph`` one of our styles by id.

    (python-docx's ``paragraph.style = name`` scans every style of its template
    each time — most of the export's run time.)
    """
    paragraph._p.style = None if style_id == "Normal" else style_id


def _replace_child(parent, tag: str, new) -> None:
    old = parent.find(w_tag(tag))
    if old is not None:
        parent.remove(old)
    parent.append(new)


def set_size(rpr, pt: float) -> None:
    half = str(round(pt * 2))
    _replace_child(rpr, "sz", w_element("sz", val=half))
    _replace_child(rpr, "szCs", w_element("szCs", val=half))


def _flag(rpr, tag: str, on: bool) -> None:
    for t in (tag, tag + "Cs"):
        old = rpr.find(w_tag(t))
        if old is not None:
            rpr.remove(old)
        rpr.append(w_element(t, val="1" if on else "0"))


@dataclass
class StyleSpec:
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
    #: sits on the page's character grid (28 a line); type larger or smaller
    #: than 三号 does not, or Word would space it out to whole grid cells
    grid: bool = True
    #: has a linked character style (``标题 1 Char``), as Word's own headings do
    linked: bool = False


def _define_style(doc, style_id: str, name: str, spec: StyleSpec, *, based_on: str | None = "Normal"):
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
        old = el.find(w_tag(tag))
        if old is not None:
            el.remove(old)
    for tag in ("basedOn", "next", "link"):
        old = el.find(w_tag(tag))
        if old is not None:
            el.remove(old)
    # schema order after w:name: basedOn, next, link; typing on in Word after
    # a heading gives body text
    after = el.find(w_tag("name"))
    if based_on and based_on != style_id:
        after.addnext(w_element("basedOn", val=based_on))
        after = after.getnext()
    if spec.keep_next:
        after.addnext(w_element("next", val="Normal"))
        after = after.getnext()
    if spec.linked:
        after.addnext(w_element("link", val=f"{style_id}Char"))
    style.quick_style = True
    style.hidden = False

    ppr = w_element("pPr")
    if spec.keep_next:
        ppr.append(w_element("keepNext"))
        ppr.append(w_element("keepLines"))
    ppr.append(w_element("widowControl", val="0"))
    if not spec.grid:
        ppr.append(w_element("snapToGrid", val="0"))
    spacing = w_element("spacing", before=_twips(spec.before_pt), after=_twips(spec.after_pt))
    spacing.set(w_tag("beforeLines"), "0")
    spacing.set(w_tag("afterLines"), "0")
    if spec.line_pt is None:
        spacing.set(w_tag("line"), "240")
        spacing.set(w_tag("lineRule"), "auto")
    else:
        spacing.set(w_tag("line"), str(_twips(spec.line_pt)))
        spacing.set(w_tag("lineRule"), "exact")
    ppr.append(spacing)
    ind = w_element(
        "ind",
        firstLine=_twips(spec.indent_chars * spec.size),
        firstLineChars=round(spec.indent_chars * 100),
        left=0,
        leftChars=0,
        right=0,
        rightChars=0,
    )
    ppr.append(ind)
    ppr.append(w_element("jc", val=spec.align))
    if spec.outline is not None:
        ppr.append(w_element("outlineLvl", val=spec.outline))
    el.append(ppr)

    rpr = w_element("rPr")
    _set_fonts(rpr, spec.font)
    _flag(rpr, "b", spec.bold)
    _flag(rpr, "i", False)
    rpr.append(w_element("color", val="000000"))
    rpr.append(w_element("kern", val="0"))
    set_size(rpr, spec.size)
    rpr.append(w_element("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    el.append(rpr)
    if spec.linked:
        _define_linked_character_style(doc, style_id, name, rpr)
    return style


def _define_linked_character_style(doc, style_id: str, name: str, rpr) -> None:
    """``标题 1 Char`` for ``标题 1``: what Word shows when a heading's look is applied to a few words."""
    import copy

    styles = doc.styles.element
    char_id = f"{style_id}Char"
    for old in styles.findall(w_tag("style")):
        if old.get(w_tag("styleId")) == char_id:
            styles.remove(old)
    el = w_element("style", type="character", customStyle="1", styleId=char_id)
    el.append(w_element("name", val=f"{name} Char"))
    el.append(w_element("basedOn", val="DefaultParagraphFont"))
    el.append(w_element("link", val=style_id))
    el.append(w_element("uiPriority", val="9"))
    char_rpr = copy.deepcopy(rpr)
    for tag in ("lang",):
        old = char_rpr.find(w_tag(tag))
        if old is not None:
            char_rpr.remove(old)
    el.append(char_rpr)
    styles.append(el)


def style_specs() -> dict[str, tuple[str, StyleSpec, str | None]]:
    """Style id → (name shown in Word, what it looks like, the style it is based on)."""
    body, title, hei, kai = FONTS["body"], FONTS["title"], FONTS["h1"], FONTS["h2"]
    heading = dict(align="left", indent_chars=2, keep_next=True, linked=True)
    big_title = dict(align="center", line_pt=36, after_pt=LINE_PT, keep_next=True, grid=False)
    small_t, small_w = XIAOSI * TABLE_LINE, WUHAO * TABLE_LINE
    return {
        "Normal": ("Normal", StyleSpec(body, SANHAO, indent_chars=2), None),
        "Title": ("Title", StyleSpec(title, ERHAO, linked=True, **big_title), "Normal"),
        "Heading1": ("heading 1", StyleSpec(hei, SANHAO, outline=0, **heading), "Normal"),
        "Heading2": ("heading 2", StyleSpec(kai, SANHAO, outline=1, **heading), "Normal"),
        "Heading3": ("heading 3", StyleSpec(body, SANHAO, bold=True, outline=2, **heading), "Normal"),
        "Heading4": ("heading 4", StyleSpec(body, SANHAO, outline=3, **heading), "Normal"),
        # one blank line below: the attachment's title stands on line 3 (GB/T 9704 7.3.4)
        "AttachmentLabel": ("附件标识", StyleSpec(hei, SANHAO, align="left", after_pt=LINE_PT, keep_next=True), "Normal"),
        "AttachmentTitle": ("附件标题", StyleSpec(title, ERHAO, outline=0, **big_title), "Normal"),
        "TableCaption": ("表格题目", StyleSpec(hei, SANHAO, align="center", keep_next=True), "Normal"),
        "AttachmentNote": ("附件说明", StyleSpec(body, SANHAO, align="left"), "Normal"),
        "UnitLine": ("表格单位", StyleSpec(body, XIAOSI, align="right", line_pt=None, keep_next=True, grid=False), "Normal"),
        "TableText": ("表格文字", StyleSpec(body, XIAOSI, align="left", line_pt=small_t, grid=False), "Normal"),
        "TableHeader": ("表格标题行", StyleSpec(hei, XIAOSI, align="center", line_pt=small_t, grid=False), "Normal"),
        "TableTextSmall": ("表格文字（小）", StyleSpec(body, WUHAO, align="left", line_pt=small_w, grid=False), "Normal"),
        "TableHeaderSmall": ("表格标题行（小）", StyleSpec(hei, WUHAO, align="center", line_pt=small_w, grid=False), "Normal"),
        "Signature": ("落款", StyleSpec(body, SANHAO, align="right"), "Normal"),
        "PageNumber": ("页码", StyleSpec(FONTS["page_number"], SIHAO, align="right", line_pt=None, grid=False), None),
    }


def setup_document(doc) -> None:
    # document defaults: no theme fonts, Chinese language, no paragraph spacing
    styles_el = doc.styles.element
    defaults = styles_el.find(w_tag("docDefaults"))
    rpr = defaults.find(w_tag("rPrDefault")).find(w_tag("rPr"))
    _set_fonts(rpr, FONTS["body"])
    set_size(rpr, SANHAO)
    _replace_child(rpr, "lang", w_element("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    ppr_default = defaults.find(w_tag("pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)
    ppr_default = w_element("pPrDefault")
    ppr = w_element("pPr")
    ppr.append(w_element("spacing", before=0, after=0, line=240, lineRule="auto"))
    ppr_default.append(ppr)
    defaults.append(ppr_default)

    for style_id, (name, spec, based_on) in style_specs().items():
        _define_style(doc, style_id, name, spec, based_on=based_on)

    # double-sided: 订口 inside (mirrored margins), page numbers alternate
    # right (odd pages) and left (even pages), one character from the edge
    settings = doc.settings.element
    if settings.find(w_tag("mirrorMargins")) is None:
        zoom = settings.find(w_tag("zoom"))
        mirror = w_element("mirrorMargins")
        if zoom is not None:
            zoom.addnext(mirror)
        else:
            settings.insert(0, mirror)
    doc.settings.odd_and_even_pages_header_footer = True
    page_setup(doc.sections[0], landscape=False)
    _declare_fonts(doc)


def page_setup(section, *, landscape: bool) -> None:
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
    section.footer_distance = Mm(LANDSCAPE_FOOTER_MM if landscape else FOOTER_MM)
    _document_grid(section._sectPr)
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        for extra in footer.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        paragraph._p.clear_content()
        use_style(paragraph, "PageNumber")
        if landscape:
            # the footer paragraph only anchors the text box: 1 pt high
            from docx.enum.text import WD_LINE_SPACING
            from docx.shared import Pt

            fmt = paragraph.paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(1)
            _rotated_page_number(paragraph, odd=odd)
        else:
            _page_number(paragraph, odd=odd)


def _document_grid(sectPr) -> None:
    """The character grid: 28 characters a line and 22 lines a page of body text.

    ``w:charSpace`` is what each character cell adds to the body type size, in
    1/4096 pt: 156 mm / 28 = 15.79 pt, so 16 pt type is drawn a little closer
    together (without the grid 27 characters fit a line).
    """
    for old in sectPr.findall(w_tag("docGrid")):
        sectPr.remove(old)
    grid = w_element("docGrid", type="linesAndChars", linePitch=_twips(LINE_PT), charSpace=CHAR_SPACE)
    # docGrid is the last child of sectPr but for printerSettings and sectPrChange
    tail = [sectPr.find(w_tag(t)) for t in ("printerSettings", "sectPrChange")]
    tail = [t for t in tail if t is not None]
    if tail:
        tail[0].addprevious(grid)
    else:
        sectPr.append(grid)


def libreoffice_grid(doc) -> None:
    """The same 28 × 22 page for LibreOffice, which misreads the character grid.

    LibreOffice (7.4 checked) puts each 16 pt character of a grid of 15.79 pt
    cells into two cells, so a line holds 18 characters instead of 28. The
    file made for it has a line grid only, and body text set 0.25 pt tighter
    (``w:spacing`` −5 twentieths on 正文), which gives the same 28 characters
    a line there. Only the PDF export uses it; the Word file keeps the grid.
    """
    for grid in doc.element.body.iter(w_tag("docGrid")):
        grid.set(w_tag("type"), "lines")
        grid.attrib.pop(w_tag("charSpace"), None)
    for style in doc.styles.element.findall(w_tag("style")):
        if style.get(w_tag("styleId")) == "Normal":
            rpr = style.find(w_tag("rPr"))
            # schema order: … kern, position, sz …: spacing goes before kern
            rpr.find(w_tag("color")).addnext(w_element("spacing", val=LIBREOFFICE_TRACKING))


def _page_number_runs(paragraph) -> None:
    """``— 1 —`` with a PAGE field."""
    paragraph.add_run("— ")
    paragraph.add_run()._r.append(w_element("fldChar", fldCharType="begin"))
    instr = w_element("instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(w_element("fldChar", fldCharType="separate"))
    paragraph.add_run("1")  # shown until the field is updated
    end = paragraph.add_run()
    end._r.append(w_element("fldChar", fldCharType="end"))
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
    use_style(inner, "PageNumber")
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
    names = {f.get(w_tag("name")) for f in root.findall(w_tag("font"))}
    families = {"黑体": "modern", "宋体": "auto"}
    for name, alt in FALLBACKS.items():
        if name in names:
            continue
        font = w_element("font", name=name)
        font.append(w_element("altName", val=alt))
        font.append(w_element("charset", val="86"))  # GB2312
        font.append(w_element("family", val=families.get(name, "auto")))
        font.append(w_element("pitch", val="variable"))
        root.append(font)
    # python-docx keeps parts it does not model as bytes
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
