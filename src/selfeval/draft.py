"""Drafts on disk: TOML in, ``Report`` out, and back — exactly, atomically, kindly.

* Read with ``tomllib`` and ``parse_float`` producing ``Decimal``: no binary
  float ever touches an amount.
* Written with ``tomli_w`` in the model's field order (so a diff of two drafts
  reads like a diff of the report); the comments of the file being replaced
  are kept above the keys they belonged to.
* Written atomically: a temporary file in the same folder, flushed and
  fsynced, then ``os.replace``; the previous version is kept as ``FILE.bak``.
* A file that cannot be used raises :class:`DraftError` with one Chinese line
  naming the file, the line and the field; the file is never touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import tomli_w
from pydantic import ValidationError

from selfeval import tomlmap
from selfeval.errors import DraftError
from selfeval.model import SCHEMA_VERSION, Report
from selfeval.model import paths
from selfeval.model.base import RawNumber
from selfeval.model.errors import message_of

__all__ = [
    "DraftError",
    "MAX_BYTES",
    "Draft",
    "load",
    "loads",
    "read",
    "save",
    "write",
    "dumps",
    "backup_path",
    "recover_path",
    "write_recover",
    "pending_recovery",
    "discard_recovery",
    "recovery_diff",
]

#: A draft is a few hundred kB at most; anything larger is not a draft.
MAX_BYTES = 10 * 1024 * 1024

DEFAULT_HEADER = [
    "# selfeval 草稿：部门整体支出绩效自评报告",
    "# 合计、调整后预算、年末结转和结余、评分小计和等级由程序计算，不在此填写。",
    "# 用 `selfeval 本文件` 打开编辑，`selfeval check 本文件` 检查，`selfeval render 本文件` 生成报告。",
]


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def recover_path(path: Path) -> Path:
    """Where the editor leaves the work it could not save to the draft itself."""
    return path.with_name(path.name + ".recover")


# ---- reading ----------------------------------------------------------------

_PLAIN_FLOAT = re.compile(r"^[+-]?\d[\d_]*(\.\d[\d_]*)?$")


def _parse_float(text: str) -> Decimal | RawNumber:
    """Exact decimals; anything else (1e5, nan, inf) is left for the model to refuse."""
    if _PLAIN_FLOAT.match(text):
        return Decimal(text.replace("_", ""))
    return RawNumber(text)


_TOML_MESSAGES = [
    (r"Expected '=' after a key", "键后面缺少“=”"),
    (r"Invalid value", "值的写法不对（文本要加英文双引号，数字不要加引号）"),
    (r"Unclosed array", "数组缺少“]”"),
    (r"Unclosed inline table", "内联表缺少“}”"),
    (r"Unterminated string", "文本缺少结尾的引号"),
    (r"Cannot (declare|overwrite) .* twice|Cannot overwrite a value", "同一个键或表写了两次"),
    (r"Invalid statement", "这一行不是有效的 TOML 语句"),
    (r"Invalid initial character for a key part", "键名的写法不对"),
    (r"Illegal character", "含有不允许的字符"),
    (r"Expected newline or end of document", "一行只能写一个键值对"),
]


def _toml_message(detail: str) -> str:
    for pattern, chinese in _TOML_MESSAGES:
        if re.search(pattern, detail):
            return f"TOML 格式错误：{chinese}（{detail}）"
    return f"TOML 格式错误（{detail}）"


def validation_error(exc: ValidationError, text: str, file: Path | str | None) -> DraftError:
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    found = tomlmap.scan(text).line_of(loc) if text else None
    titles = paths.title_path(loc)
    path = paths.join(list(loc))
    if titles:
        path = f"{path}（{titles}）"
    message = message_of(first)
    if len(errors) > 1:
        message += f"（另有 {len(errors) - 1} 处错误）"
    return DraftError(message, file=file, line=found, path=path)


def loads(text: str, *, file: Path | str | None = None, notes: list[str] | None = None) -> Report:
    """Parse and validate draft text. Raises :class:`DraftError`.

    An older draft is migrated (:func:`migrate`); what that changed is appended to
    ``notes`` (Chinese sentences for the user)."""
    if not text.strip():
        raise DraftError("文件是空的，不是有效的草稿（可用 selfeval new 新建）", file=file)
    try:
        data = tomllib.loads(text, parse_float=_parse_float)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", detail)
        line = int(m.group(1)) if m else None
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", detail)
        if m:
            detail += f"，第 {m.group(2)} 列"
        raise DraftError(_toml_message(detail), file=file, line=line) from None
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise DraftError(
            f"草稿格式版本 {version} 比本程序支持的版本 {SCHEMA_VERSION} 新，请升级 selfeval 后再打开",
            file=file,
            line=tomlmap.scan(text).line_of(("schema_version",)),
            path="schema_version",
        )
    data = migrate(data, notes)
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, text, file) from None
    return report


_ECON_KEYS = (
    "wages",
    "goods_services",
    "individual_family",
    "debt_interest",
    "capital_infra",
    "capital",
    "enterprise_infra",
    "enterprise",
    "social_security",
    "other",
)


def _all_zero(table: Any) -> bool:
    return isinstance(table, dict) and all(
        isinstance(v, (int, Decimal)) and not isinstance(v, bool) and v == 0 for v in table.values()
    )


def migrate(data: dict, notes: list[str] | None = None) -> dict:
    """Bring an older draft up to :data:`SCHEMA_VERSION`, appending to ``notes`` a
    Chinese sentence for each change (the caller shows them; nothing is dropped silently).

    Version 1 → 2: the general budget's economic classification was typed only as a
    基本/项目 split; version 2 types it for the budget as a whole (what reports print)
    and keeps the split as an optional detail. ``economic`` = 基本 + 项目 class by
    class, so the kept split agrees with it by construction. Version 1 wrote every
    key, zeros included: explicit zeros stay zeros, except an economic classification
    that is zero in every class, which version 1 itself treated as not filled in.
    """
    notes = notes if notes is not None else []
    version = data.get("schema_version", SCHEMA_VERSION)
    if version == 1:
        gb = data.get("general_budget")
        if isinstance(gb, dict):
            split = {k: gb[k] for k in ("economic_basic", "economic_project") if isinstance(gb.get(k), dict)}
            for k in list(split):
                if _all_zero(split[k]):
                    del gb[k]
                    del split[k]
            if split and "economic" not in gb:
                whole: dict[str, Any] = {}
                for cls in _ECON_KEYS:
                    parts = [t[cls] for t in split.values() if cls in t]
                    if parts and all(isinstance(p, (int, Decimal)) and not isinstance(p, bool) for p in parts):
                        whole[cls] = sum(parts, Decimal(0))
                gb["economic"] = whole
                notes.append(
                    "一般公共预算支出经济分类：新格式按一般公共预算整体填写，已由原来的基本支出经济分类与"
                    "项目支出经济分类逐科目相加得出；原来的基本/项目分列保留为可选明细"
                )
        for i, fund in enumerate(data.get("other_funds") or ()):
            if isinstance(fund, dict) and _all_zero(fund.get("economic")):
                del fund["economic"]
                name = fund.get("name") or f"第 {i + 1} 项其他资金"
                notes.append(f"{name}的经济分类各科目都是 0，按未填处理（不参与核对）")
        data["schema_version"] = SCHEMA_VERSION
        notes.insert(
            0,
            f"草稿是旧格式（版本 1），已按新格式（版本 {SCHEMA_VERSION}）读入；保存时将写成新格式，原文件另存为 .bak",
        )
    data.setdefault("schema_version", SCHEMA_VERSION)
    return data


def migration_notes(text: str) -> list[str]:
    """What :func:`migrate` changes when the draft ``text`` is read (empty for a
    current draft, or for text that is not a readable draft)."""
    notes: list[str] = []
    try:
        migrate(tomllib.loads(text, parse_float=_parse_float), notes)
    except (tomllib.TOMLDecodeError, TypeError, AttributeError):
        return []
    return notes


def read_text(path: Path) -> str:
    """The text of a draft file, or a :class:`DraftError` saying why not."""
    path = Path(path)
    if not path.exists():
        raise DraftError("文件不存在", file=path)
    if path.is_dir():
        raise DraftError("这是一个文件夹，不是草稿文件", file=path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DraftError(
                f"文件太大（{size / 1024 / 1024:.1f} MB），草稿不会超过 {MAX_BYTES // 1024 // 1024} MB，"
                "请确认选对了文件",
                file=path,
            )
        raw = path.read_bytes()
    except PermissionError:
        raise DraftError("没有读取权限", file=path) from None
    except OSError as exc:
        raise DraftError(f"无法读取（{exc.strerror or exc}）", file=path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DraftError(
            "文件不是 UTF-8 编码（可能用 GBK 等编码保存了），请用 UTF-8 另存后再打开",
            file=path,
            line=line,
        ) from None
    return text.removeprefix("\ufeff")


class Draft(NamedTuple):
    """A draft as read: the report, and the file's text (whose comments are
    carried to wherever the report is saved next)."""

    report: Report
    text: str


def read(path: Path | str) -> Draft:
    """Read a draft file: the report and the text it came from. Raises :class:`DraftError`."""
    path = Path(path)
    text = read_text(path)
    return Draft(loads(text, file=path), text)


def load(path: Path | str) -> Report:
    """Read a draft file. Raises :class:`DraftError`; never writes anything."""
    return read(path).report


# ---- writing ----------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Whole-number Decimals as TOML integers (``0``, not ``0.0``); exact either way."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal) and value.as_tuple().exponent == 0:
        return int(value)
    return value


def to_data(report: Report) -> dict:
    """The draft's TOML document as plain data (``None`` fields omitted)."""
    return _plain(report.model_dump(mode="python", exclude_none=True))


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(part: str) -> str:
    return part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else tomli_w.dumps({part: 0}).split(" = ")[0]


def _chunks(table: dict, name: str, *, in_list: bool = False):
    """Like ``tomli_w`` but a list of tables is always ``[[name]]``, never inline.

    Values are formatted by ``tomli_w`` itself (exact Decimal, escaping).
    """
    literals = {k: v for k, v in table.items() if not isinstance(v, dict) and not _is_table_list(v)}
    if in_list:
        yield f"[[{name}]]\n"
    elif name and (literals or all(not isinstance(v, dict) for v in table.values())):
        yield f"[{name}]\n"
    if literals:
        yield tomli_w.dumps(literals, multiline_strings=True, indent=4)
    for k, v in table.items():
        full = f"{name}.{_key(k)}" if name else _key(k)
        if isinstance(v, dict):
            yield "\n"
            yield from _chunks(v, full)
        elif _is_table_list(v):
            for item in v:
                yield "\n"
                yield from _chunks(item, full, in_list=True)


def dumps(report: Report, *, previous: str | None = None) -> str:
    """The draft's text. Comments of ``previous`` (the file being replaced) are kept."""
    body = "".join(_chunks(to_data(report), "")).lstrip("\n")
    old = tomlmap.scan(previous) if previous is not None else None
    header = old.header if old is not None and old.header else DEFAULT_HEADER
    lines = body.split("\n")
    if old is not None and old.comments:
        new = tomlmap.scan(body)
        inserts: dict[int, list[str]] = {}
        for path, comment in old.comments.items():
            lineno = new.lines.get(path)
            if lineno is not None:
                inserts[lineno] = comment
        out: list[str] = []
        for lineno, line in enumerate(lines, start=1):
            out.extend(inserts.get(lineno, ()))
            out.append(line)
        lines = out
    return "\n".join(header) + "\n\n" + "\n".join(lines)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform/file system allows it
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def file_mode(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give: the old file's, or 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old or the new file, never half.

    The file gets ``mode``, by default the mode of the file it replaces (or the
    usual mode for a new file), not the private temporary file's 0600.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if mode is None:
        mode = file_mode(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def save(report: Report, path: Path | str, *, backup: bool = True, source: str | None = None) -> Path:
    """Write the draft atomically; the file it replaces is kept as ``FILE.bak``.

    Comments come from the file being replaced, else from ``source`` (the text
    the report was read from). Raises ``OSError`` when the folder cannot be
    written; the file on disk is then unchanged, and the caller still holds
    the report.
    """
    path = Path(path)
    write(report, path, backup=backup, source=source)
    return path


def write(report: Report, path: Path | str, *, backup: bool = True, source: str | None = None) -> str:
    """:func:`save`, returning the text written (the source for the next save elsewhere)."""
    path = Path(path)
    previous_bytes: bytes | None = None
    mode = file_mode(path)
    if path.exists():
        if path.is_dir():
            raise IsADirectoryError(str(path))
        previous_bytes = path.read_bytes()
    # comments come from the file being replaced, else from the file the report was read from
    previous = source
    if previous_bytes is not None:
        with contextlib.suppress(UnicodeDecodeError):
            previous = previous_bytes.decode("utf-8").removeprefix("\ufeff")
    text = dumps(report, previous=previous)
    data = text.encode("utf-8")
    if previous_bytes is not None and backup and previous_bytes != data:
        atomic_write(backup_path(path), previous_bytes, mode=mode)
    atomic_write(path, data, mode=mode)
    return text


# ---- recovery ---------------------------------------------------------------


def write_recover(report: Report, path: Path | str, *, source: str | None = None) -> Path:
    """Save ``report`` to ``FILE.recover`` (when the draft itself cannot be written).

    Comments come from ``source``, else from the draft file itself."""
    path = Path(path)
    target = recover_path(path)
    if source is None:
        with contextlib.suppress(DraftError):
            source = read_text(path)
    text = dumps(report, previous=source)
    atomic_write(target, text.encode("utf-8"))
    return target


def pending_recovery(path: Path | str) -> Path | None:
    """``FILE.recover`` when one exists that differs from the draft, else ``None``."""
    path = Path(path)
    rec = recover_path(path)
    if not rec.is_file():
        return None
    try:
        if path.is_file() and rec.read_bytes() == path.read_bytes():
            return None
    except OSError:
        pass
    return rec


def discard_recovery(path: Path | str) -> Path:
    """Keep a discarded ``FILE.recover`` as ``FILE.recover.old`` (nothing is ever deleted)."""
    rec = recover_path(Path(path))
    old = rec.with_name(rec.name + ".old")
    os.replace(rec, old)
    return old


def recovery_diff(path: Path | str) -> str:
    """A unified diff from the draft to ``FILE.recover`` (what taking it would change)."""
    import difflib

    path = Path(path)
    rec = recover_path(path)
    try:
        old = read_text(path).splitlines(keepends=True)
    except DraftError:
        old = []
    new = read_text(rec).splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, fromfile=path.name, tofile=rec.name))
