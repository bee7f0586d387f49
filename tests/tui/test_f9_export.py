"""F9: choose Markdown, Word or both; written beside the draft through selfeval.export,
the same code (and the same bytes) as ``selfeval export``."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfeval.cli import main
from selfeval.tui.screens.export import ExportScreen

from tui_helpers import running

docx = pytest.importorskip("docx")


async def _export(app, pilot, key: str) -> None:
    await pilot.press("f9")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    await pilot.press(key)
    await pilot.pause()
    assert not isinstance(app.screen, ExportScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()


def _notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_f9_word_writes_a_docx_beside_the_draft_and_says_where(example_draft: Path, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await _export(app, pilot, "w")
        out = example_draft.with_suffix(".docx").absolute()
        assert any(str(out) in note and note.startswith("已导出") for note in _notes(app))
    assert out.exists()
    assert not example_draft.with_suffix(".md").exists()
    doc = docx.Document(str(out))
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].text == "衡阳市科学技术协会\n2024年度部门整体支出绩效自评报告"
    assert "一、部门概况" in [p.text for p in doc.paragraphs]
    assert len(doc.tables) >= 8


async def test_f9_markdown_is_byte_for_byte_what_the_cli_writes(example_draft: Path, make_app, tmp_path: Path):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await _export(app, pilot, "m")
        assert any(str(example_draft.with_suffix(".md").absolute()) in n for n in _notes(app))
    from_editor = example_draft.with_suffix(".md").read_bytes()
    assert not example_draft.with_suffix(".docx").exists()
    cli_out = tmp_path / "cli.md"
    assert main(["export", str(example_draft), "-o", str(cli_out)]) == 0
    assert from_editor == cli_out.read_bytes()
    assert from_editor.startswith("衡阳市科学技术协会".encode())


async def test_f9_both_writes_both_and_escape_writes_nothing(example_draft: Path, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await _export(app, pilot, "escape")
        assert not example_draft.with_suffix(".md").exists()
        assert not example_draft.with_suffix(".docx").exists()
        await _export(app, pilot, "b")
        note = [n for n in _notes(app) if n.startswith("已导出")][-1]
        assert str(example_draft.with_suffix(".md").absolute()) in note
        assert str(example_draft.with_suffix(".docx").absolute()) in note
    assert example_draft.with_suffix(".md").exists()
    docx.Document(str(example_draft.with_suffix(".docx")))


async def test_the_format_dialog_fits_80x24(example_draft: Path, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        for button in screen.query("Button"):
            region = button.region
            assert region.width > 0 and region.right <= 80 and region.bottom <= 24, button.id
        assert "选择导出格式" in str(screen.query_one(".question").render())
        await pilot.press("escape")


async def test_a_failed_export_says_why_and_keeps_the_editor(example_draft: Path, make_app):
    (example_draft.with_suffix(".docx")).mkdir()  # a folder where the file should go
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await _export(app, pilot, "b")
        notes = _notes(app)
        assert any(n.startswith("导出 Word 失败：无法写入") for n in notes)
        assert any(n.startswith("已导出") and n.endswith(".md") for n in notes)
        assert app.is_running
    assert example_draft.with_suffix(".md").exists()


async def test_f9_pdf_without_libreoffice_says_so_and_writes_nothing(example_draft: Path, make_app, monkeypatch):
    monkeypatch.setenv("SELFEVAL_SOFFICE", "no-such-soffice-here")
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await _export(app, pilot, "p")
        assert any(n.startswith("导出 PDF 失败：导出 PDF 需要 LibreOffice") for n in _notes(app))
    assert not example_draft.with_suffix(".pdf").exists()


@pytest.mark.slow
async def test_f9_pdf_writes_a_pdf_beside_the_draft(example_draft: Path, make_app):
    from selfeval.docx.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await _export(app, pilot, "p")
        out = example_draft.with_suffix(".pdf").absolute()
        assert any(str(out) in note and note.startswith("已导出") for note in _notes(app))
    assert out.read_bytes().startswith(b"%PDF")


async def test_f9_excel_writes_the_workbook_beside_the_draft(example_draft: Path, make_app, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    app = make_app(example_draft)
    async with running(app) as pilot:
        await app.wait_until_loaded()
        await _export(app, pilot, "x")
        out = example_draft.with_suffix(".xlsx").absolute()
        assert any(str(out) in note and note.startswith("已导出") for note in _notes(app))
    assert not example_draft.with_suffix(".md").exists()
    from_editor = openpyxl.load_workbook(out)
    # the same workbook as selfeval export writes (the same code: selfeval.export.write)
    cli_out = tmp_path / "cli.xlsx"
    assert main(["export", str(example_draft), "--format", "xlsx", "-o", str(cli_out), "--force"]) == 0
    from_cli = openpyxl.load_workbook(cli_out)
    assert from_editor.sheetnames == from_cli.sheetnames
    assert from_editor.sheetnames[0] == "部门整体支出绩效自评表" and "评分明细表" in from_editor.sheetnames
    for a, b in zip(from_editor.worksheets, from_cli.worksheets):
        assert [[c.value for c in row] for row in a.iter_rows()] == [[c.value for c in row] for row in b.iter_rows()]
