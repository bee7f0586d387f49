"""The blank Word document every export starts from: ``template.docx`` beside this module.

python-docx's own blank document is a Word 2010 file from a Mac: it opens in
兼容模式, its theme gives Japanese fonts to East-Asian text, it carries 276
latent and 90 unused styles, a ``stylesWithEffects.xml`` that no longer matches
the styles (Word may offer to repair the file), a numbering part, a custom XML
part, a thumbnail and an ``app.xml`` that names "Microsoft Macintosh Word".

:func:`build_template` starts from that document and makes ours: only the
styles the report uses (:func:`selfeval.docx.styles.style_specs`), title and
headings linked to character styles as Word's own are, theme fonts 黑体 (major)
and 仿宋 (minor) for Chinese, Word 2013+ layout (``compatibilityMode`` 15),
punctuation compression, the GB/T 9704 page with its 28 × 22 character grid,
and no stale parts. ``scripts/build_docx_template.py`` writes it; a test checks
that the shipped file is what this function builds, so a change to the styles
means running the script again.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from selfeval.docx.layout import FONTS

__all__ = ["TEMPLATE", "build_template", "template_parts"]

#: The shipped template.
TEMPLATE = Path(__file__).with_name("template.docx")

#: Styles of python-docx's blank document that stay (the rest go).
_KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}

#: Relationship types of parts that go.
_DROP_RELS = ("/stylesWithEffects", "/numbering", "/customXml", "/thumbnail")

_APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Template>Normal.dotm</Template><TotalTime>0</TotalTime><ScaleCrop>false</ScaleCrop>\
<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
<HyperlinksChanged>false</HyperlinksChanged><Application>selfeval</Application>\
<DocSecurity>0</DocSecurity></Properties>"""

#: ``w:compat`` of a document made by Word 2013 and later, with East-Asian layout on.
_COMPAT_SETTINGS = (
    ("compatibilityMode", "15"),
    ("overrideTableStyleFontSizeAndJustification", "1"),
    ("enableOpenTypeFeatures", "1"),
    ("doNotFlipMirrorIndents", "1"),
    ("differentiateMultirowTableHeaders", "1"),
)

#: Theme fonts for Chinese text: headings (major) 黑体, body (minor) 仿宋.
_THEME_FONTS = {"majorFont": FONTS["h1"], "minorFont": "仿宋"}


def build_template() -> bytes:
    """The template document, as bytes (what ``scripts/build_docx_template.py`` writes)."""
    import docx

    from selfeval.docx.styles import setup_document, w_element, w_tag

    doc = docx.Document()
    # only the styles the report uses
    styles = doc.styles.element
    latent = styles.find(w_tag("latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in styles.findall(w_tag("style")):
        if style.get(w_tag("styleId")) not in _KEEP_STYLES:
            styles.remove(style)
    setup_document(doc)

    # parts that do not belong in a new document
    for owner in (doc.part, doc.part.package):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.endswith(_DROP_RELS):
                del owner.rels[rid]
    for rel in doc.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML.encode("utf-8")
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme"):
            rel.target_part._blob = _theme_with_chinese_fonts(rel.target_part.blob)

    settings = doc.settings.element
    for tag in ("savePreviewPicture", "rsids", "proofState", "compat", "characterSpacingControl"):
        for old in settings.findall(w_tag(tag)):
            settings.remove(old)
    compat = w_element("compat")
    compat.append(w_element("useFELayout"))
    for name, value in _COMPAT_SETTINGS:
        compat.append(w_element("compatSetting", name=name, uri="http://schemas.microsoft.com/office/word", val=value))
    # schema order: … evenAndOddHeaders … characterSpacingControl … compat … themeFontLang …
    anchor = settings.find(w_tag("evenAndOddHeaders"))
    if anchor is None:
        anchor = settings.find(w_tag("defaultTabStop"))
    spacing_control = w_element("characterSpacingControl", val="compressPunctuation")
    anchor.addnext(spacing_control)
    spacing_control.addnext(compat)
    lang = settings.find(w_tag("themeFontLang"))
    lang.set(w_tag("eastAsia"), "zh-CN")

    # nothing about who made the blank document
    props = doc.core_properties
    props.author = props.last_modified_by = props.title = props.comments = ""
    props.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _theme_with_chinese_fonts(blob: bytes) -> bytes:
    text = blob.decode("utf-8")
    for font, face in _THEME_FONTS.items():
        def fix(m: re.Match, face: str = face) -> str:
            part = re.sub(r'<a:ea typeface="[^"]*"/>', f'<a:ea typeface="{face}"/>', m.group(0))
            return re.sub(r'<a:font script="Hans" typeface="[^"]*"/>', f'<a:font script="Hans" typeface="{face}"/>', part)

        text = re.sub(rf"<a:{font}>.*?</a:{font}>", fix, text, flags=re.S)
    return text.encode("utf-8")


def template_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a .docx by name, without the ones that carry a date."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in sorted(z.namelist()) if n != "docProps/core.xml"}
