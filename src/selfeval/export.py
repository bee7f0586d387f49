"""One export path for the CLI and the editor: the finished report as a file.

``selfeval export`` and the editor's F9 both call :func:`write`. It renders the
report to Markdown (:func:`selfeval.render.markdown`); the Word file is made
from that very Markdown (:mod:`selfeval.docx`), so the formats never disagree.
The file is written atomically (a crash leaves the old file or the new one),
and every failure is an :class:`ExportError` (or the ``RenderError`` /
``PresetError`` of the step that failed), all :class:`SelfevalError`\\s with one
Chinese line. Whether a draft with errors may be exported is the caller's
question to ask; this module writes what it is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from selfeval.errors import ExportError

if TYPE_CHECKING:  # pragma: no cover
    from selfeval.framework import Preset, Scorecard
    from selfeval.model import Report

__all__ = ["ExportError", "FORMATS", "FORMAT_NAMES", "default_output", "write"]

#: The formats, by file suffix, in the order they are offered.
FORMATS = ("md", "docx", "pdf")
#: What a user calls each format.
FORMAT_NAMES = {"md": "Markdown", "docx": "Word", "pdf": "PDF"}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式“{fmt}”（可选：{'、'.join(FORMATS)}）")


def default_output(draft_path: Path | str, fmt: str) -> Path:
    """Where a report goes by default: beside the draft, ``草稿.toml`` → ``草稿.md`` / ``草稿.docx``."""
    _check_format(fmt)
    return Path(draft_path).with_suffix(f".{fmt}")


def write(
    report: Report,
    fmt: str,
    out: Path | str,
    *,
    base_dir: Path | None,
    templates: Path | None = None,
    preset: Preset | None = None,
    card: Scorecard | None = None,
) -> Path:
    """Render ``report`` as ``fmt`` (``"md"``, ``"docx"`` or ``"pdf"``) and write it to ``out`` atomically.

    ``base_dir`` is the draft's folder (where a draft's own preset is looked
    for); ``templates`` a folder of the user's templates; ``card`` the scores
    if the caller has them already, else they are computed with ``preset``
    (by default the preset the draft names). Returns ``out``. Raises
    :class:`ExportError` when the file cannot be made or written, and
    ``RenderError``/``PresetError`` for a bad template or preset.
    """
    from selfeval import render
    from selfeval.draft import atomic_write

    _check_format(fmt)
    out = Path(out)
    if templates is not None and not Path(templates).is_dir():
        raise ExportError(f"模板文件夹 {templates} 不存在")
    if card is None and preset is not None:
        from selfeval.framework import evaluate

        card = evaluate(report, preset)
    text = render.markdown(report, templates=templates, base_dir=base_dir, card=card)
    if fmt == "md":
        data = text.encode("utf-8")
    elif fmt == "docx":
        from selfeval import docx

        data = docx.to_bytes(text, department=report.meta.department, year=report.meta.year)
    else:  # pdf: the Word file, converted by LibreOffice
        from selfeval.docx.pdf import to_pdf

        data = to_pdf(text, department=report.meta.department, year=report.meta.year)
    try:
        atomic_write(out, data)
    except OSError as exc:
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}") from None
    return out
