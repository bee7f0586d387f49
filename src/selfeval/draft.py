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
import functools
import hashlib
import os
import re
import stat
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import tomli_w
from pydantic import ValidationError

from selfeval import comments, tomlmap
from selfeval._compat import tomllib
from selfeval.errors import ChangedOnDisk, DraftError
from selfeval.model import SCHEMA_VERSION, Report
from selfeval.model import paths
from selfeval.model.base import RawNumber
from selfeval.model.errors import message_of

__all__ = [
    "DraftError",
    "ChangedOnDisk",
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
    "real_path",
    "theirs_path",
    "state_dir",
    "state_recover_path",
    "recovery_paths",
    "digest",
    "disk_digest",
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


def real_path(path: Path | str) -> Path:
    """The file a draft's name stands for: a symlink's target (followed all the
    way), so that saving, the backup, the lock and recovery act on the real
    draft and the link stays a link."""
    return Path(os.path.realpath(path))


def backup_path(path: Path) -> Path:
    real = real_path(path)
    return real.with_name(real.name + ".bak")


def theirs_path(path: Path) -> Path:
    """Where the other version goes when the user keeps theirs over an outside change."""
    real = real_path(path)
    return real.with_name(real.name + ".theirs")


def recover_path(path: Path) -> Path:
    """Where the editor leaves the work it could not save to the draft itself (beside it)."""
    real = real_path(path)
    return real.with_name(real.name + ".recover")


def state_dir() -> Path:
    """The user's state folder for selfeval: ``$XDG_STATE_HOME/selfeval``, else
    ``~/.local/state/selfeval``."""
    base = os.environ.get("XDG_STATE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / "selfeval"


def state_recover_path(path: Path) -> Path:
    """Where recovery goes when the draft's folder cannot be written: the user's
    state folder, named after the draft and a digest of its real path (so two
    drafts called the same never share one)."""
    real = real_path(path)
    digest = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return state_dir() / f"{real.name}.{digest}.recover"


def recovery_paths(path: Path) -> list[Path]:
    """Every place a recovery file of ``path`` may be, beside the draft first."""
    return [recover_path(path), state_recover_path(path)]


def digest(data: bytes) -> str:
    """The content hash the editor compares to notice outside changes."""
    return hashlib.sha256(data).hexdigest()


def disk_digest(path: Path | str) -> str | None:
    """The content hash of the draft as it is on disk now (``None``: no such file)."""
    try:
        return digest(_read_capped(real_path(path)))
    except DraftError:
        return None


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


#: A draft nests tables and lists a few levels deep; far deeper is not a draft
#: (and would exhaust the recursion of whatever walks it next).
MAX_DEPTH = 32


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _decode_error(exc: tomllib.TOMLDecodeError, file: Path | str | None) -> DraftError:
    detail = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", detail)
    line = int(m.group(1)) if m else None
    detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", detail)
    if m:
        detail += f"，第 {m.group(2)} 列"
    return DraftError(_toml_message(detail), file=file, line=line)


def loads(text: str, *, file: Path | str | None = None, notes: list[str] | None = None) -> Report:
    """Parse and validate draft text. Raises :class:`DraftError`.

    An older draft is migrated (:func:`migrate`); what that changed is appended to
    ``notes`` (Chinese sentences for the user)."""
    if not text.strip():
        raise DraftError("文件是空的，不是有效的草稿（可用 selfeval new 新建）", file=file)
    try:
        data = tomllib.loads(text, parse_float=_parse_float)
    except RecursionError:
        raise DraftError("TOML 嵌套层数太多，不是有效的草稿", file=file) from None
    except ValueError as exc:
        if isinstance(exc, tomllib.TOMLDecodeError):
            raise _decode_error(exc, file) from None
        # an integer over Python's 4,300-digit limit
        raise DraftError("数字位数太多，不是有效的金额或数量", file=file) from None
    if _depth(data) > MAX_DEPTH:
        raise DraftError("TOML 嵌套层数太多，不是有效的草稿", file=file)
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

    Version 2 → 3: nothing to change (see the code).

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
        data["schema_version"] = version = 2
        notes.insert(
            0,
            f"草稿是旧格式（版本 1），已按新格式（版本 {SCHEMA_VERSION}）读入；保存时将写成新格式，原文件另存为 .bak",
        )
    if version == 2:
        # Version 2 → 3 only adds what a draft rolled forward from last year's
        # holds (``carried``, ``rectifications``); both are absent from a version 2
        # draft and stay unwritten while empty, so nothing of the draft changes
        # but its version number, and there is nothing to tell the user.
        data["schema_version"] = SCHEMA_VERSION
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


def _read_capped(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_BYTES`, or a :class:`DraftError`.

    A device, FIFO or socket is refused before a byte is read (``O_NONBLOCK``
    so that opening a FIFO cannot hang, then ``fstat`` on what was opened), and
    the read itself stops after ``MAX_BYTES`` whatever ``st_size`` claimed.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DraftError("文件不存在", file=path) from None
    except OSError as exc:
        raise DraftError(f"无法读取（{exc.strerror or exc}）", file=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise DraftError("这是一个文件夹，不是草稿文件", file=path)
    if not stat.S_ISREG(st.st_mode):
        raise DraftError("这不是普通文件（可能是设备、管道或套接字），不是草稿文件", file=path)
    too_big = DraftError(
        f"文件太大（超过 {MAX_BYTES // 1024 // 1024} MB），草稿不会这么大，请确认选对了文件",
        file=path,
    )
    if st.st_size > MAX_BYTES:
        raise too_big
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise DraftError("没有读取权限", file=path) from None
    except OSError as exc:
        raise DraftError(f"无法读取（{exc.strerror or exc}）", file=path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the stat above
            raise DraftError("这不是普通文件（可能是设备、管道或套接字），不是草稿文件", file=path)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_BYTES:
                raise too_big
            chunks.append(chunk)
    except OSError as exc:
        raise DraftError(f"无法读取（{exc.strerror or exc}）", file=path) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """The text of a draft file, or a :class:`DraftError` saying why not."""
    path = Path(path)
    raw = _read_capped(path)
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


def _empty_table(table: object) -> bool:
    """Nothing typed in a 自评表: only empty lists and texts (``None`` fields are already gone)."""
    return isinstance(table, dict) and all(v == [] or v == "" for v in table.values())


def _drop_empty_evaluations(data: dict) -> dict:
    """An empty 自评表 (nothing typed yet) is not written: a draft stays as short as
    before the tables existed, and reading it back gives the same empty table."""
    if _empty_table(data.get("evaluation")):
        del data["evaluation"]
    for project in data.get("general_budget", {}).get("projects", []):
        if _empty_table(project.get("evaluation")):
            del project["evaluation"]
    return data


def _drop_empty_rollover(data: dict) -> dict:
    """A draft not rolled forward from last year's has no ``carried`` table and no
    ``rectifications``: they are not written while empty."""
    if data.get("carried") == {"from_file": "", "texts": []}:
        del data["carried"]
    if data.get("rectifications") == []:
        del data["rectifications"]
    return data


def to_data(report: Report) -> dict:
    """The draft's TOML document as plain data (``None`` fields, empty 自评表 and an
    empty roll-forward record omitted)."""
    return _plain(_drop_empty_rollover(_drop_empty_evaluations(report.model_dump(mode="python", exclude_none=True))))


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(part: str) -> str:
    return part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else tomli_w.dumps({part: 0}).split(" = ")[0]


def _value_lines(key: str, value: Any, path: tuple) -> list[comments.Line]:
    """The lines of one ``key = value``, formatted by ``tomli_w`` (exact Decimal,
    escaping), each marked with what it is (for the comments)."""
    text = tomli_w.dumps({key: value}, multiline_strings=True, indent=4).rstrip("\n")
    raw = text.split("\n")
    if isinstance(value, list) and len(raw) > 1 and raw[-1] == "]" and len(raw) == len(value) + 2:
        lines = [comments.Line(raw[0], path, first=True)]
        for i, element in enumerate(raw[1:-1]):
            lines.append(comments.Line(element, path + (i,), first=True, last=True))
        lines.append(comments.Line("]", path, last=True, array_end=True))
        return lines
    lines = [comments.Line(line) for line in raw]
    lines[0].path, lines[0].first = path, True
    lines[-1].path, lines[-1].last = path, True
    return lines


def _lines(table: dict, name: str, path: tuple, *, in_list: bool = False):
    """Like ``tomli_w`` but a list of tables is always ``[[name]]``, never inline;
    every line marked with the key path it belongs to."""
    literals = {k: v for k, v in table.items() if not isinstance(v, dict) and not _is_table_list(v)}
    if in_list:
        yield comments.Line(f"[[{name}]]", path, first=True, last=True)
    elif name and (literals or all(not isinstance(v, dict) for v in table.values())):
        yield comments.Line(f"[{name}]", path, first=True, last=True)
    for k, v in literals.items():
        yield from _value_lines(k, v, path + (k,))
    for k, v in table.items():
        full = f"{name}.{_key(k)}" if name else _key(k)
        if isinstance(v, dict):
            yield comments.Line("")
            yield from _lines(v, full, path + (k,))
        elif _is_table_list(v):
            for i, item in enumerate(v):
                yield comments.Line("")
                yield from _lines(item, full, path + (k, i), in_list=True)


@functools.lru_cache(maxsize=4)
def _previous(text: str) -> tuple[comments.Anchors | None, Any]:
    """The comments of a previous text and its data, parsed once: the editor saves
    over the text it wrote last time again and again."""
    anchors = comments.collect(text)
    if not anchors:
        return anchors, None
    try:
        return anchors, tomllib.loads(text, parse_float=_parse_float)
    except Exception:  # not TOML: its comments have nothing to attach to
        return None, None


def dumps(report: Report, *, previous: str | None = None) -> str:
    """The draft's text. Comments of ``previous`` (the file being replaced) are
    kept where they belong (see :mod:`selfeval.comments`)."""
    data = to_data(report)
    lines = list(_lines(data, "", ()))
    while lines and not lines[0].text:
        lines.pop(0)
    anchors, old = _previous(previous) if previous is not None else (None, None)
    header = anchors.head if anchors is not None and anchors.head else DEFAULT_HEADER
    if anchors and old is not None:
        body = list(comments.place(lines, anchors, comments.PathMapper(old, data), data))
    else:
        body = [line.text for line in lines]
    return "\n".join(header) + "\n\n" + "\n".join(body) + "\n"


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


def save(
    report: Report,
    path: Path | str,
    *,
    backup: bool = True,
    source: str | None = None,
    expected: str | None = None,
) -> Path:
    """Write the draft atomically; the file it replaces is kept as ``FILE.bak``.

    A symlink is followed: the real draft is written and the link stays a link.
    Comments come from the file being replaced, else from ``source`` (the text
    the report was read from). ``expected``, when given, is the content hash
    (:func:`digest`) the file must still have — what the editor loaded or last
    saved; :class:`ChangedOnDisk` if it changed meanwhile (nothing written).
    Raises ``OSError`` when the folder cannot be written; the file on disk is
    then unchanged, and the caller still holds the report.
    """
    path = Path(path)
    write(report, path, backup=backup, source=source, expected=expected)
    return path


def write(
    report: Report,
    path: Path | str,
    *,
    backup: bool = True,
    source: str | None = None,
    expected: str | None = None,
) -> str:
    """:func:`save`, returning the text written (the source for the next save elsewhere)."""
    given = Path(path)
    path = real_path(given)
    previous_bytes: bytes | None = None
    mode = file_mode(path)
    if path.exists():
        if path.is_dir():
            raise IsADirectoryError(str(given))
        previous_bytes = path.read_bytes()
    if expected is not None and previous_bytes is not None and digest(previous_bytes) != expected:
        raise ChangedOnDisk(given)
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
    """Save ``report`` to ``FILE.recover`` (when the draft itself cannot be written);
    if the draft's folder cannot be written either, to the user's state folder
    (:func:`state_recover_path`), where :func:`pending_recovery` finds it.

    Comments come from ``source``, else from the draft file itself. ``OSError``
    when neither place can be written."""
    path = Path(path)
    if source is None:
        with contextlib.suppress(DraftError):
            source = read_text(real_path(path))
    data = dumps(report, previous=source).encode("utf-8")
    beside, elsewhere = recovery_paths(path)
    try:
        atomic_write(beside, data)
        return beside
    except OSError:
        elsewhere.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(elsewhere, data, mode=0o600)
        return elsewhere


def pending_recovery(path: Path | str) -> Path | None:
    """A recovery file (beside the draft, else in the state folder) that differs
    from the draft, else ``None``."""
    path = real_path(path)
    for rec in recovery_paths(path):
        if not rec.is_file():
            continue
        try:
            if path.is_file() and rec.read_bytes() == path.read_bytes():
                continue
        except OSError:
            pass
        return rec
    return None


def discard_recovery(path: Path | str) -> Path:
    """Keep a discarded recovery file as ``….recover.old`` (nothing is ever deleted)."""
    rec = pending_recovery(path) or recover_path(Path(path))
    old = rec.with_name(rec.name + ".old")
    os.replace(rec, old)
    return old


def recovery_diff(path: Path | str) -> str:
    """A unified diff from the draft to ``FILE.recover`` (what taking it would change)."""
    import difflib

    path = real_path(path)
    rec = pending_recovery(path) or recover_path(path)
    try:
        old = read_text(path).splitlines(keepends=True)
    except DraftError:
        old = []
    new = read_text(rec).splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, fromfile=path.name, tofile=rec.name))
