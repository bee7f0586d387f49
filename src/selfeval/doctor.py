"""``selfeval doctor``: one screen that says what support needs to know.

A clerk runs it and photographs the screen: the version, the Python, the
libraries, the terminal (TERM, colours, size, encoding), whether the locale can
show Chinese, whether ``$EDITOR`` and ``soffice`` are there, and where the
editor leaves unsaved work. Every label is Chinese; it fits 80 columns and
imports nothing from Textual (it must work when the editor does not start).

Each row is marked ``✓`` (fine), ``!`` (works, worth knowing) or ``✗``
(something the user must fix); ``selfeval doctor`` exits 1 when any row is ✗.
A terminal that cannot encode Chinese at all gets three ASCII lines instead:
the fix (a UTF-8 locale) and what support needs first.
"""

from __future__ import annotations

import locale
import os
import platform
import shlex
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, TextIO

__all__ = ["Row", "collect", "format_rows", "state_dir", "version_line", "main"]

OK, NOTE, BAD = "✓", "!", "✗"

#: the libraries whose versions support asks for first (distribution names)
LIBRARIES = ("textual", "pydantic", "pydantic-core", "python-docx", "lxml", "jinja2", "markdown-it-py")

#: the smallest terminal the editor is laid out for
MIN_COLUMNS, MIN_LINES = 80, 24

_CHINESE_SAMPLE = "部门整体支出绩效自评报告：收入、支出、万元"


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    mark: str = OK


def version_line() -> str:
    """``selfeval --version``: the version and the Python that runs it."""
    from selfeval import __version__

    return f"selfeval {__version__}（Python {platform.python_version()}，{sys.executable}）"


def state_dir(env: Mapping[str, str]) -> Path:
    """The user's state folder for selfeval (XDG Base Directory rules)."""
    base = env.get("XDG_STATE_HOME", "")
    # the spec: a relative or empty value is ignored
    if base and os.path.isabs(base):
        return Path(base) / "selfeval"
    return Path(env.get("HOME") or os.path.expanduser("~")) / ".local" / "state" / "selfeval"


def _library_versions() -> Row:
    from importlib import metadata

    parts, missing = [], []
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            missing.append(name)
    text = "，".join(parts)
    if missing:
        return Row("依赖库", f"缺少 {'，'.join(missing)}（请重新安装 selfeval）；已有：{text}", BAD)
    return Row("依赖库", text)


def _colours(env: Mapping[str, str]) -> Row:
    term = env.get("TERM", "")
    if "NO_COLOR" in env:
        return Row("颜色", "已关闭（设置了 NO_COLOR），界面用反色和符号标记", NOTE)
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return Row("颜色", "真彩色（COLORTERM=" + env["COLORTERM"] + "）")
    if "256color" in term:
        return Row("颜色", "256 色")
    if term in ("", "dumb", "unknown"):
        return Row("颜色", "无（终端类型不明）", NOTE)
    return Row("颜色", "16 色（界面用终端自己的配色）")


def _size(stream: TextIO) -> Row:
    try:
        fd = stream.fileno()
        is_tty = os.isatty(fd)
    except (AttributeError, OSError, ValueError):
        is_tty = False
    if not is_tty:
        return Row("窗口大小", "输出不是终端（被重定向），无法测量", NOTE)
    try:
        size = os.get_terminal_size(fd)
    except OSError:
        return Row("窗口大小", "无法测量", NOTE)
    text = f"{size.columns} 列 × {size.lines} 行"
    if size.columns < MIN_COLUMNS or size.lines < MIN_LINES:
        return Row("窗口大小", f"{text}（小于 {MIN_COLUMNS}×{MIN_LINES}，编辑界面会显示不全，请放大窗口）", NOTE)
    return Row("窗口大小", text)


def _encodings(env: Mapping[str, str], stream: TextIO) -> list[Row]:
    # a stream without an encoding (io.StringIO) takes any text
    out_enc = getattr(stream, "encoding", None) or "utf-8"
    loc_enc = locale.getpreferredencoding(False) or "未知"
    names = [f"{k}={env[k]}" for k in ("LC_ALL", "LC_CTYPE", "LANG") if env.get(k)]
    rows = [
        Row("区域设置", "，".join(names) if names else "未设置 LANG / LC_ALL / LC_CTYPE", OK if names else NOTE),
        Row("字符编码", f"输出 {out_enc}，区域 {loc_enc}"),
    ]
    cannot = []
    for what, enc in (("输出", out_enc), ("区域", loc_enc)):
        try:
            _CHINESE_SAMPLE.encode(enc)
        except (LookupError, UnicodeEncodeError):
            cannot.append(f"{what}编码 {enc}")
    if cannot:
        rows.append(
            Row(
                "中文显示",
                f"不能（{'、'.join(cannot)} 不含中文）；请设置 export LANG=zh_CN.UTF-8（或 C.UTF-8）",
                BAD,
            )
        )
    else:
        rows.append(Row("中文显示", f"可以（测试文字：{_CHINESE_SAMPLE[:6]}）"))
    return rows


def _which_command(command: str, which: Callable[[str], str | None]) -> str | None:
    try:
        argv = shlex.split(command)
    except ValueError:
        return None
    return which(argv[0]) if argv else None


def _editor(env: Mapping[str, str], which: Callable[[str], str | None]) -> Row:
    # the editor's Ctrl+O runs $VISUAL, else $EDITOR, else vi (tui/app.py)
    for var in ("VISUAL", "EDITOR"):
        command = env.get(var, "")
        if command:
            found = _which_command(command, which)
            if found:
                return Row("外部编辑器", f"${var}={command}（{found}）")
            return Row("外部编辑器", f"${var}={command}，但找不到这个程序；Ctrl+O 将无法使用", BAD)
    vi = which("vi")
    if vi:
        return Row("外部编辑器", f"未设置 $EDITOR，Ctrl+O 用 vi（{vi}）；可 export EDITOR=nano", NOTE)
    return Row("外部编辑器", "未设置 $EDITOR，也没有 vi；Ctrl+O 无法使用（可 export EDITOR=nano）", NOTE)


def _soffice(env: Mapping[str, str], which: Callable[[str], str | None]) -> Row:
    # the same search as selfeval.docx.pdf.find_soffice, not imported: the
    # doctor must work when the export's libraries do not
    explicit = env.get("SELFEVAL_SOFFICE", "")
    if explicit:
        found = which(explicit)
        if found:
            return Row("LibreOffice", f"SELFEVAL_SOFFICE={explicit}（{found}），导出 PDF 用")
        return Row("LibreOffice", f"SELFEVAL_SOFFICE={explicit}，但找不到这个程序；导出 PDF 将失败", BAD)
    for name in ("soffice", "libreoffice"):
        found = which(name)
        if found:
            return Row("LibreOffice", f"{found}（导出 PDF 用）")
    return Row("LibreOffice", "未安装（只有导出 PDF 需要；Word 和 Markdown 不需要）", NOTE)


def _recovery(env: Mapping[str, str]) -> list[Row]:
    # the same rule as selfeval.draft.state_dir / state_recover_path (not imported:
    # the doctor must work when the model's libraries do not)
    rows = [Row("未保存的内容", "存在草稿旁边：草稿.toml.recover；那里不能写时存到下面的文件夹（下次打开草稿时会提示恢复）")]
    folder = state_dir(env)
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    writable = probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)
    if folder.is_dir():
        state = "可写" if writable else "不可写"
    else:
        state = "尚未创建，可以创建" if writable else "尚未创建，无法创建"
    rows.append(Row("备用恢复文件夹", f"{folder}（{state}）", OK if writable else NOTE))
    return rows


def collect(
    env: Mapping[str, str] | None = None,
    stream: TextIO | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> list[Row]:
    """Every row of the report, for ``env`` (default: the process's) and the terminal behind ``stream``."""
    from selfeval import __version__

    env = os.environ if env is None else env
    stream = sys.stdout if stream is None else stream
    rows = [
        Row("selfeval 版本", __version__),
        Row("Python", f"{platform.python_version()}（{platform.python_implementation()}，{sys.executable}）"),
        Row("操作系统", f"{platform.system()} {platform.release()} {platform.machine()}"),
        _library_versions(),
        Row("终端类型", f"TERM={env['TERM']}" if env.get("TERM") else "未设置 TERM", OK if env.get("TERM") else NOTE),
        _colours(env),
        _size(stream),
        *_encodings(env, stream),
        _editor(env, which),
        _soffice(env, which),
        *_recovery(env),
    ]
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (CJK counts 2), broken
    after a comma or space when one is near the edge."""
    lines: list[str] = []
    while _width(text) > width:
        cut, used = 0, 0
        for i, c in enumerate(text):
            used += _width(c)
            if used > width:
                break
            cut = i + 1
        for marks in ("，；", " "):
            soft = max(text.rfind(m, 0, cut) for m in marks)
            if 0 < soft >= cut - 24:
                cut = soft + 1
                break
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    lines.append(text)
    return lines


def format_rows(rows: list[Row], width: int = MIN_COLUMNS) -> str:
    """The report as text: labels aligned, values wrapped to ``width`` columns
    under their own column, a summary at the end."""
    label_width = max(_width(r.label) for r in rows)
    indent = 2 + label_width + 2
    lines = ["selfeval 运行环境检查（请把这一屏拍照或复制给技术支持）", ""]
    for r in rows:
        pad = " " * (label_width - _width(r.label))
        first, *rest = _wrap(r.value, max(width - 1 - indent, 20))
        lines.append(f"{r.mark} {r.label}{pad}  {first}")
        lines.extend(" " * indent + more for more in rest)
    bad = sum(r.mark == BAD for r in rows)
    note = sum(r.mark == NOTE for r in rows)
    lines.append("")
    if bad:
        lines.append(f"有 {bad} 项需要处理（✗），{note} 项提示（!）。")
    elif note:
        lines.append(f"可以使用；{note} 项提示（!）。")
    else:
        lines.append("一切正常。")
    return "\n".join(lines) + "\n"


def main(stream: TextIO | None = None) -> int:
    """Print the report; exit 1 when something must be fixed."""
    stream = sys.stdout if stream is None else stream
    rows = collect(stream=stream)
    text = format_rows(rows)
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # Chinese cannot be shown at all here: the one case with an ASCII
        # report, saying how to fix it and what support needs first
        enc = getattr(stream, "encoding", None) or "?"
        env = os.environ
        stream.write(
            f"selfeval doctor: this terminal cannot show Chinese (output encoding {enc}).\n"
            "Fix: export LANG=zh_CN.UTF-8 (or C.UTF-8), then run selfeval doctor again.\n"
            f"selfeval {rows[0].value}, Python {platform.python_version()} ({sys.executable}), "
            f"TERM={env.get('TERM', '')}, LANG={env.get('LANG', '')}, LC_ALL={env.get('LC_ALL', '')}, "
            f"LC_CTYPE={env.get('LC_CTYPE', '')}, PYTHONIOENCODING={env.get('PYTHONIOENCODING', '')}\n"
        )
        return 1
    stream.flush()
    return 1 if any(r.mark == BAD for r in rows) else 0
