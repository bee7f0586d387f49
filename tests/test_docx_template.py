"""The Word template we ship, and what a reviewer's Word makes of the export.

The template (src/selfeval/docx/template.docx) is built by
scripts/build_docx_template.py; the example's export is checked with
openxml-audit, a pure-Python OOXML validator (schema and semantic checks, and a
prediction of whether Word opens the file without offering to repair it).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from lxml import etree  # noqa: E402

from selfeval import draft, render  # noqa: E402
from selfeval.docx import layout, to_bytes  # noqa: E402
from selfeval.docx.template import TEMPLATE, build_template, template_parts  # noqa: E402

from support import LEVEL3_EXAMPLE as EXAMPLE  # noqa: E402  (三级 附件1: landscape sections)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def markdown() -> str:
    report = draft.load(EXAMPLE)
    return render.markdown(report, base_dir=EXAMPLE.parent)


@pytest.fixture(scope="module")
def exported(markdown) -> bytes:
    return to_bytes(markdown, department="衡阳市科学技术协会", year=2024)


@pytest.fixture(scope="module")
def parts(exported) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(exported)) as z:
        return {n: z.read(n) for n in z.namelist()}


def xml(parts, name):
    return etree.fromstring(parts[name])


def test_shipped_template_is_what_the_script_builds():
    """Run scripts/build_docx_template.py after changing styles.py or layout.py."""
    assert template_parts(TEMPLATE.read_bytes()) == template_parts(build_template())


def test_template_is_small():
    assert TEMPLATE.stat().st_size < 20_000


@pytest.mark.parametrize("for_libreoffice", [False, True], ids=["word", "libreoffice"])
def test_validator_finds_no_errors_and_predicts_a_clean_open(tmp_path, markdown, for_libreoffice):
    audit = pytest.importorskip("openxml_audit")
    path = tmp_path / "e.docx"
    path.write_bytes(to_bytes(markdown, department="衡阳市科学技术协会", year=2024, for_libreoffice=for_libreoffice))
    for fmt in (audit.FileFormat.OFFICE_2013, audit.FileFormat.MICROSOFT_365):
        result = audit.OpenXmlValidator(file_format=fmt, max_errors=0).validate(path)
        assert [str(e) for e in result.errors] == []
        assert result.warning_count == 0
        assert audit.predict(result).prediction == audit.AppPrediction.OPENS_CLEAN


def test_the_validator_catches_python_docx_s_own_blank_document(tmp_path):
    """What the export used to inherit: a stale stylesWithEffects.xml."""
    audit = pytest.importorskip("openxml_audit")
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    result = audit.OpenXmlValidator(max_errors=0).validate(path)
    assert any("stylesWithEffects" in str(e) for e in result.errors)
    assert audit.predict(result).prediction != audit.AppPrediction.OPENS_CLEAN


def test_no_stale_parts(parts):
    names = set(parts)
    for stale in ("word/stylesWithEffects.xml", "word/numbering.xml", "docProps/thumbnail.jpeg"):
        assert stale not in names
    assert not any(n.startswith("customXml/") for n in names)
    assert b"stylesWithEffects" not in parts["[Content_Types].xml"]
    assert b"stylesWithEffects" not in parts["word/_rels/document.xml.rels"]


def test_app_properties_do_not_claim_word_for_mac(parts):
    app = xml(parts, "docProps/app.xml")
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.find(f"{ns}Application").text == "selfeval"
    assert b"Macintosh" not in parts["docProps/app.xml"]


def test_settings_word_2013_layout_with_punctuation_compression(parts):
    settings = xml(parts, "word/settings.xml")
    modes = {
        c.get(f"{W}name"): c.get(f"{W}val") for c in settings.iter(f"{W}compatSetting")
    }
    assert modes["compatibilityMode"] == "15"  # no 兼容模式
    assert settings.find(f"{W}compat/{W}useFELayout") is not None
    assert settings.find(f"{W}characterSpacingControl").get(f"{W}val") == "compressPunctuation"
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    assert settings.find(f"{W}mirrorMargins") is not None
    assert settings.find(f"{W}savePreviewPicture") is None


def test_theme_fonts_for_chinese_are_heiti_and_fangsong(parts):
    theme = xml(parts, "word/theme/theme1.xml")
    for font, face in (("majorFont", "黑体"), ("minorFont", "仿宋")):
        el = next(theme.iter(f"{A}{font}"))
        assert el.find(f"{A}ea").get("typeface") == face
        hans = [f.get("typeface") for f in el.findall(f"{A}font") if f.get("script") == "Hans"]
        assert hans == [face]


def test_headings_and_title_have_linked_character_styles(parts):
    styles = {s.get(f"{W}styleId"): s for s in xml(parts, "word/styles.xml").iter(f"{W}style")}
    for pid in ("Title", "Heading1", "Heading2", "Heading3", "Heading4"):
        link = styles[pid].find(f"{W}link").get(f"{W}val")
        char = styles[link]
        assert char.get(f"{W}type") == "character"
        assert char.find(f"{W}link").get(f"{W}val") == pid
        fonts = char.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}eastAsia") == styles[pid].find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
    # no style is half linked
    for sid, style in styles.items():
        link = style.find(f"{W}link")
        if link is not None:
            assert styles[link.get(f"{W}val")].find(f"{W}link").get(f"{W}val") == sid
    # only the styles the report uses (python-docx's blank document has 160)
    assert len(styles) < 30


def test_character_grid_of_28_by_22_in_every_section(parts):
    body = xml(parts, "word/document.xml")
    grids = list(body.iter(f"{W}docGrid"))
    assert len(grids) == len(list(body.iter(f"{W}sectPr"))) >= 3
    for grid in grids:
        assert grid.get(f"{W}type") == "linesAndChars"
        pitch_pt = int(grid.get(f"{W}linePitch")) / 20
        cell_pt = layout.SANHAO + int(grid.get(f"{W}charSpace")) / 4096
        width_pt = layout.TYPE_WIDTH_MM / layout.MM_PER_PT
        height_pt = layout.TYPE_HEIGHT_MM / layout.MM_PER_PT
        assert 28 * cell_pt <= width_pt < 29 * cell_pt
        assert 22 * pitch_pt <= height_pt < 23 * pitch_pt


def test_titles_and_tables_stay_off_the_character_grid(parts):
    """Type larger or smaller than 三号 would be spaced out to whole grid cells."""
    styles = {s.get(f"{W}styleId"): s for s in xml(parts, "word/styles.xml").iter(f"{W}style")}
    off = {"Title", "AttachmentTitle", "TableText", "TableHeader", "TableTextSmall", "TableHeaderSmall", "UnitLine"}
    for sid in off:
        snap = styles[sid].find(f"{W}pPr/{W}snapToGrid")
        assert snap is not None and snap.get(f"{W}val") == "0", sid
    for sid in ("Normal", "Heading1", "Heading2", "Heading3"):
        assert styles[sid].find(f"{W}pPr/{W}snapToGrid") is None, sid


def test_libreoffice_file_swaps_the_character_grid_for_tighter_type(markdown):
    data = to_bytes(markdown, department="衡阳市科学技术协会", year=2024, for_libreoffice=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    assert {g.get(f"{W}type") for g in body.iter(f"{W}docGrid")} == {"lines"}
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    tracking = int(normal.find(f"{W}rPr/{W}spacing").get(f"{W}val")) / 20
    width_pt = layout.TYPE_WIDTH_MM / layout.MM_PER_PT
    assert 28 * (layout.SANHAO + tracking) <= width_pt < 29 * (layout.SANHAO + tracking)


def test_build_script_writes_the_template(tmp_path, monkeypatch):
    import runpy

    import selfeval.docx.template as template

    target = tmp_path / "template.docx"
    monkeypatch.setattr(template, "TEMPLATE", target)
    runpy.run_path(str(Path(__file__).parents[1] / "scripts" / "build_docx_template.py"), run_name="__main__")
    assert template_parts(target.read_bytes()) == template_parts(TEMPLATE.read_bytes())
