"""PDF export through LibreOffice: the page grid (28 characters a line, 22 lines
a page) measured in the PDF, fonts embedded, and a clear message without it.

The LibreOffice tests are skipped where ``soffice`` (or poppler's ``pdftotext``)
is not installed; on Debian: ``apt-get install libreoffice-writer-nogui
fonts-noto-cjk poppler-utils``.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from selfeval import errors, export
from selfeval.cli import main
from selfeval.docx.pdf import find_soffice, to_pdf

from support import EXAMPLE

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="LibreOffice (soffice) and poppler-utils are not installed",
)


def test_without_libreoffice_the_export_says_so_in_chinese(tmp_path, monkeypatch, capsys, example):
    monkeypatch.setenv("SELFEVAL_SOFFICE", "no-such-soffice-here")
    assert find_soffice() is None
    with pytest.raises(errors.ExportError, match="导出 PDF 需要 LibreOffice"):
        export.write(example, "pdf", tmp_path / "r.pdf", base_dir=EXAMPLE.parent)
    assert not (tmp_path / "r.pdf").exists()
    draft = tmp_path / "d.toml"
    shutil.copy(EXAMPLE, draft)
    assert main(["export", str(draft), "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert "导出 PDF 需要 LibreOffice" in err and "Traceback" not in err
    assert not draft.with_suffix(".pdf").exists()


def test_pdf_is_one_of_the_formats():
    assert "pdf" in export.FORMATS and export.FORMAT_NAMES["pdf"] == "PDF"


def _page_lines(pdf: Path, page: int) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    return [line.replace(" ", "") for line in out.splitlines() if line.strip()]


def _is_wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(c) in "WF" for c in text)


# no punctuation (which compression could squeeze) and no digits: every line is full
_FILLER = "财政资金预算绩效管理部门整体支出自评工作年度目标任务完成情况良好" * 60


@pytest.mark.slow
@needs_libreoffice
def test_a_full_page_of_body_text_holds_22_lines_of_28_characters(tmp_path):
    markdown = f"# 测试单位2024年度部门整体支出绩效自评报告\n\n{_FILLER}\n"
    pdf = tmp_path / "grid.pdf"
    pdf.write_bytes(to_pdf(markdown, department="测试单位", year=2024))
    lines = _page_lines(pdf, 2)  # a page of nothing but the paragraph, and its number
    body = [line for line in lines if _is_wide(line)]
    assert len(body) == 22
    assert [len(line) for line in body] == [28] * 22


@pytest.mark.slow
@needs_libreoffice
def test_example_pdf_embeds_its_fonts_and_keeps_the_body_grid(tmp_path, example):
    pdf = export.write(example, "pdf", tmp_path / "e.pdf", base_dir=EXAMPLE.parent)
    assert pdf.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, fonts
    # columns from the right: object ID (2), uni, sub, emb
    assert all(row[-5] == "yes" for row in rows), fonts
    # full lines of body text (all Chinese, no punctuation) hold 28 characters, none more
    counts = set()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    for page in range(2, 6):
        counts |= {len(line) for line in _page_lines(pdf, page) if _is_wide(line) and len(line) > 20}
    assert max(counts) == 28
    assert pages >= 15
