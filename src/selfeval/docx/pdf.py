"""PDF through LibreOffice: the Word file, converted by ``soffice --headless``.

Many units publish the report as PDF. LibreOffice lays the Word file out and
embeds the fonts it used (subsets), so the PDF looks the same on every machine.
LibreOffice is not a Python package: when ``soffice`` (or ``libreoffice``) is
not on PATH, :func:`to_pdf` raises an :class:`~selfeval.errors.ExportError`
saying so in Chinese.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from selfeval.errors import ExportError

__all__ = ["find_soffice", "to_pdf", "convert"]

#: How long LibreOffice may take (the first start in a new profile is the slowest).
TIMEOUT_S = 180


def find_soffice() -> str | None:
    """The LibreOffice program, or None. ``SELFEVAL_SOFFICE`` names one explicitly."""
    explicit = os.environ.get("SELFEVAL_SOFFICE")
    if explicit:
        return shutil.which(explicit)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx_bytes: bytes) -> bytes:
    """A Word file's bytes → PDF bytes, with LibreOffice."""
    program = find_soffice()
    if program is None:
        raise ExportError(
            "导出 PDF 需要 LibreOffice，但找不到 soffice 命令；"
            "请安装 LibreOffice，或导出 Word 文件后在 Word 中另存为 PDF"
        )
    with tempfile.TemporaryDirectory(prefix="selfeval-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx_bytes)
        # a profile of its own: a LibreOffice the user has open does not take the job
        profile = (folder / "profile").as_uri()
        cmd = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ExportError(f"LibreOffice 转换 PDF 超过 {TIMEOUT_S} 秒仍未完成，已放弃") from None
        except OSError as exc:
            raise ExportError(f"无法运行 LibreOffice（{program}）：{exc.strerror or exc}") from None
        result = folder / "report.pdf"
        if done.returncode != 0 or not result.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            hint = f"：{detail[-1]}" if detail else ""
            raise ExportError(f"LibreOffice 未能把报告转换为 PDF{hint}")
        return result.read_bytes()


def to_pdf(markdown: str, *, department: str = "", year: int | None = None) -> bytes:
    """The PDF for rendered report Markdown."""
    from selfeval.docx.writer import to_bytes

    return convert(to_bytes(markdown, department=department, year=year, for_libreoffice=True))
