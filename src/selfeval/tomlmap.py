"""Where things are in a TOML text: key paths → line numbers, and comment blocks.

``tomllib`` gives values but no positions, so errors could not name a line.
This small line scanner fills that gap for the files selfeval reads (and for
hand-edited ones); the comments a save keeps are read by
:mod:`selfeval.comments` (with ``tomlkit``), not here. It knows
table headers, arrays of tables, dotted keys and multi-line strings, which is
all a draft uses. Inline tables and multi-line arrays resolve to the line of
their key, which is precise enough for a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["TomlMap", "scan", "Path"]

Path = tuple  # tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\]|\\.)*"'
_LITERAL = r"'[^']*'"
_KEY_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(#.*)?$")
_KEYVAL = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
_PART = re.compile(_KEY_PART)


def _split_key(dotted: str) -> list[str]:
    parts = []
    for m in _PART.finditer(dotted):
        p = m.group()
        if p.startswith('"'):
            p = bytes(p[1:-1], "utf-8").decode("unicode_escape") if "\\" in p else p[1:-1]
        elif p.startswith("'"):
            p = p[1:-1]
        parts.append(p)
    return parts


def _escaped(text: str, idx: int) -> bool:
    """Whether the character at ``idx`` is escaped (an odd run of backslashes before it)."""
    run = 0
    while idx - run - 1 >= 0 and text[idx - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _opens_multiline(value: str) -> str | None:
    """The delimiter of a multi-line string the value opens and does not close."""
    for delim in ('"""', "'''"):
        if value.startswith(delim):
            rest = value[3:]
            # a closing delimiter not preceded by a backslash (basic strings)
            idx = rest.find(delim)
            while idx != -1 and delim == '"""' and _escaped(rest, idx):
                idx = rest.find(delim, idx + 1)
            return None if idx != -1 else delim
    return None


@dataclass
class TomlMap:
    #: path → 1-based line where the key or table header is
    lines: dict[Path, int] = field(default_factory=dict)
    #: path → comment lines directly above the key or header (as written)
    comments: dict[Path, list[str]] = field(default_factory=dict)
    #: comment lines at the very top of the file, before anything else
    header: list[str] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path`` or, failing that, of its nearest ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def scan(text: str) -> TomlMap:
    out = TomlMap()
    table: list[str | int] = []
    array_counts: dict[tuple, int] = {}
    arrays: set[tuple] = set()
    pending: list[str] = []
    seen_content = False
    in_string: str | None = None

    def resolve(parts: list[str], *, array: bool) -> tuple:
        resolved: list[str | int] = []
        for i, part in enumerate(parts):
            resolved.append(part)
            last = i == len(parts) - 1
            if tuple(resolved) in arrays and not (array and last):
                resolved.append(array_counts[tuple(resolved)] - 1)
        if array:
            key = tuple(resolved)
            arrays.add(key)
            array_counts[key] = array_counts.get(key, 0) + 1
            resolved.append(array_counts[key] - 1)
        return tuple(resolved)

    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if in_string:
            # find the closing delimiter of the open multi-line string
            idx = line.find(in_string)
            while idx != -1 and in_string == '"""' and _escaped(line, idx):
                idx = line.find(in_string, idx + 1)
            if idx != -1:
                in_string = None
            continue
        stripped = line.strip()
        if not stripped:
            if not seen_content and pending:
                out.header.extend(pending)
                out.header.append("")
                pending = []
            continue
        if stripped.startswith("#"):
            pending.append(line)
            continue
        seen_content = True
        m = _HEADER.match(line)
        if m and not _KEYVAL.match(line):
            parts = _split_key(m.group(2))
            path = resolve(parts, array=m.group(1) == "[[")
            table = list(path)
            out.lines[path] = lineno
            if pending:
                out.comments[path] = pending
            pending = []
            continue
        m = _KEYVAL.match(line)
        if m:
            path = tuple(table) + tuple(_split_key(m.group(1)))
            out.lines.setdefault(path, lineno)
            if pending:
                out.comments[path] = pending
            pending = []
            in_string = _opens_multiline(m.group(2).strip())
            continue
        pending = []  # continuation of a multi-line array or inline table
    if out.header and out.header[-1] == "":
        out.header.pop()
    return out
