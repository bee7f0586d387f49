"""One export path for the CLI and the editor: the finished report as a file.

``selfeval export`` and the editor's F9 both call :func:`write`. It renders the
report to Markdown (:func:`selfeval.render.markdown`); the Word file is made
from that very Markdown (:mod:`selfeval.docx`), so the formats never disagree;
the Excel workbook (:mod:`selfeval.xlsx`) is written from the same scores and
自评表 results the report's tables are rendered from.
The file is written atomically (a crash leaves the old file or the new one),
and every failure is an :class:`ExportError` (or the ``RenderError`` /
``PresetError`` of the step that failed), all :class:`SelfevalError`\\s with one
Chinese line. Whether a draft with errors may be exported is the caller's
question to ask; this module writes what it is given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from selfeval.errors import ExportError

if TYPE_CHECKING:  # pragma: no cover
    from selfeval.framework import Preset, Scorecard
    from selfeval.model import Report

__all__ = ["ExportError", "FORMATS", "FORMAT_NAMES", "check_output", "default_output", "write"]

#: The formats, by file suffix, in the order they are offered.
FORMATS = ("md", "docx", "pdf", "xlsx")
#: What a user calls each format.
FORMAT_NAMES = {"md": "Markdown", "docx": "Word", "pdf": "PDF", "xlsx": "Excel"}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式“{fmt}”（可选：{'、'.join(FORMATS)}）")


def default_output(draft_path: Path | str, fmt: str) -> Path:
    """Where a report goes by default: beside the draft, ``草稿.toml`` → ``草稿.md`` / ``草稿.docx``.

    Never the draft itself: a draft already named ``x.md`` exports to ``x.report.md``.
    """
    _check_format(fmt)
    draft_path = Path(draft_path)
    out = draft_path.with_suffix(f".{fmt}")
    if out.name == draft_path.name or _same_file(out, draft_path):
        out = draft_path.with_name(f"{draft_path.stem}.report.{fmt}")
    return out


def _same_file(a: Path, b: Path) -> bool:
    """Whether two names reach one file (itself, a symlink to it or a hard link)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _looks_like_draft(path: Path) -> bool:
    """Whether ``path`` is a file that reads as a draft (so replacing it would lose one)."""
    from selfeval import draft

    try:
        draft.load(path)
    except Exception:  # not a draft, whatever the reason
        return False
    return True


def check_output(out: Path | str, draft_path: Path | str | None = None) -> None:
    """Refuse to write a report over the draft itself (by any name: the same
    path, a symlink, a hard link) or over any file that loads as a draft.
    Raises :class:`ExportError`."""
    out = Path(out)
    if draft_path is not None and (_same_file(out, Path(draft_path)) or out.resolve() == Path(draft_path).resolve()):
        raise ExportError(f"输出文件 {out} 就是草稿本身，不能用报告覆盖草稿；请换一个输出文件名")
    if out.exists() and _looks_like_draft(out):
        raise ExportError(f"输出文件 {out} 是一份草稿，不能用报告覆盖它；请换一个输出文件名")


def write(
    report: Report,
    fmt: str,
    out: Path | str,
    *,
    base_dir: Path | None,
    templates: Path | None = None,
    preset: Preset | None = None,
    card: Scorecard | None = None,
    draft_path: Path | str | None = None,
) -> Path:
    """Render ``report`` as ``fmt`` (``"md"``, ``"docx"``, ``"pdf"`` or ``"xlsx"``) and write it to ``out`` atomically.

    ``base_dir`` is the draft's folder (where a draft's own preset is looked
    for); ``templates`` a folder of the user's templates; ``card`` the scores
    if the caller has them already, else they are computed with ``preset``
    (by default the preset the draft names); ``draft_path`` the draft the
    report came from, which ``out`` may never be (nor any other draft: see
    :func:`check_output`). Returns ``out``. Raises
    :class:`ExportError` when the file cannot be made or written, and
    ``RenderError``/``PresetError`` for a bad template or preset.
    """
    from selfeval import render

    _check_format(fmt)
    out = Path(out)
    check_output(out, draft_path)
    if templates is not None and not Path(templates).is_dir():
        raise ExportError(f"模板文件夹 {templates} 不存在")
    if fmt == "xlsx" and preset is None:
        preset = card.preset if card is not None else render.preset_for(report, base_dir)
    if card is None and preset is not None:
        from selfeval.framework import evaluate

        card = evaluate(report, preset)
    if fmt == "xlsx":  # the tables, from the same scores the report prints
        from selfeval import xlsx

        data = xlsx.to_bytes(report, preset, card)
        return _write(out, data, draft_path)
    text = render.markdown(report, templates=templates, base_dir=base_dir, card=card)
    if fmt == "md":
        data = text.encode("utf-8")
    elif fmt == "docx":
        from selfeval import docx

        data = docx.to_bytes(text, department=report.meta.department, year=report.meta.year)
    else:  # pdf: the Word file, converted by LibreOffice
        from selfeval.docx.pdf import to_pdf

        data = to_pdf(text, department=report.meta.department, year=report.meta.year)
    return _write(out, data, draft_path)


def _write(out: Path, data: bytes, draft_path: Path | str | None) -> Path:
    from selfeval.draft import atomic_write

    check_output(out, draft_path)  # again: rendering took time
    try:
        atomic_write(out, data)
    except OSError as exc:
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}") from None
    return out
