"""The comments of a draft, carried from the file being replaced to the file written.

The text of a draft is written afresh by :mod:`selfeval.draft` (report order,
one format, exact Decimals); the user's comments are read from the old text
with ``tomlkit`` — a complete TOML parser that keeps comments — and each is
*anchored* to what it belongs to:

* ``above``: the comment lines before a key, a table header or an element of a
  multi-line array;
* ``trail``: the comment at the end of a key's (or header's, or element's)
  last line — after the closing ``\"\"\"`` of a multi-line text too;
* ``array end``: comment lines after an array's last element;
* the file's head (comment lines at the top, followed by a blank line) and its end.

An anchor is a path of keys and list indexes. List items are matched between
the old and the new report by content (equal items first, then the most
similar), so a comment belongs to its item, not to a position: deleting or
reordering items moves their comments with them, and a deleted item's comments
go with it. A comment whose key no longer exists (a field left empty again)
moves up to the nearest surviving parent.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit import items as tk

__all__ = ["Anchors", "Line", "collect", "PathMapper", "place"]

Path = tuple  # tuple[str | int, ...]

ABOVE, TRAIL, ARRAY_END = "above", "trail", "array_end"


@dataclass
class Anchors:
    """The comments of one text, by where they belong."""

    head: list[str] = field(default_factory=list)
    #: (kind, path) → comment lines (``above``/``array_end``) or the one trailing comment
    at: dict[tuple[str, Path], list[str]] = field(default_factory=dict)
    end: list[str] = field(default_factory=list)

    def add(self, kind: str, path: Path, lines: list[str]) -> None:
        if lines:
            self.at.setdefault((kind, tuple(path)), []).extend(lines)

    def __bool__(self) -> bool:
        return bool(self.head or self.at or self.end)


def _comment_text(item: Any) -> str:
    text = item.as_string().strip() if isinstance(item, tk.Comment) else str(item).strip()
    return text


class _Walker:
    def __init__(self) -> None:
        self.out = Anchors()
        self.pending: list[str] = []
        self.seen_content = False
        self.blank_after_pending = False

    def flush_to(self, kind: str, path: Path) -> None:
        self.out.add(kind, path, self.pending)
        self.pending = []

    def comment(self, text: str) -> None:
        self.pending.append(text)
        self.blank_after_pending = False

    def blank(self, ws: str) -> None:
        # a comment block at the very top, followed by a blank line, is the file's head
        if not self.seen_content and self.pending and ws.count("\n") >= 1:
            self.out.head.extend(self.pending)
            self.out.head.append("")
            self.pending = []

    def trail(self, path: Path, trivia: Any) -> None:
        comment = getattr(trivia, "comment", "") or ""
        if comment.strip():
            self.out.add(TRAIL, path, [comment.strip()])

    def container(self, body: list, prefix: Path) -> None:
        for key, item in body:
            if key is None:
                if isinstance(item, tk.Comment):
                    self.comment(_comment_text(item))
                elif isinstance(item, tk.Whitespace):
                    self.blank(item.as_string())
                continue
            self.item(prefix + tuple(key.key.split(".")) if key.is_dotted() else prefix + (key.key,), item)

    def item(self, path: Path, item: Any) -> None:
        if isinstance(item, tk.AoT):
            for i, table in enumerate(item.body):
                self.table(path + (i,), table)
            return
        if isinstance(item, tk.Table):
            self.table(path, item)
            return
        self.seen_content = True
        self.flush_to(ABOVE, path)
        if isinstance(item, tk.Array):
            self.array(path, item)
        self.trail(path, item.trivia)

    def table(self, path: Path, table: Any) -> None:
        if not table.is_super_table():
            self.seen_content = True
            self.flush_to(ABOVE, path)
            self.trail(path, table.trivia)
        self.container(table.value.body, path)

    def array(self, path: Path, array: Any) -> None:
        index = 0
        for group in getattr(array, "_value", []):
            value = getattr(group, "value", None)
            comment = getattr(group, "comment", None)
            if value is not None and not isinstance(value, tk.Null):
                self.flush_to(ABOVE, path + (index,))
                if comment is not None:
                    self.out.add(TRAIL, path + (index,), [_comment_text(comment)])
                index += 1
            elif comment is not None:
                self.pending.append(_comment_text(comment))
        self.flush_to(ARRAY_END, path)


def collect(text: str) -> Anchors | None:
    """The comments of ``text`` by anchor; ``None`` when it is not TOML at all."""
    try:
        doc = tomlkit.parse(text)
    except Exception:  # tomlkit's errors, and whatever a broken file provokes
        return None
    walker = _Walker()
    walker.container(doc.body, ())
    walker.out.end.extend(walker.pending)
    if walker.out.head and walker.out.head[-1] == "":
        walker.out.head.pop()
    return walker.out


# ---- list items: old index → new index ---------------------------------------------------


def _similarity(a: Any, b: Any) -> float:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = set(a) | set(b)
        if not keys:
            return 1.0
        return sum(1 for k in keys if k in a and k in b and a[k] == b[k]) / len(keys)
    if isinstance(a, str) and isinstance(b, str):
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0
    return 0.0


def match(old: list, new: list) -> dict[int, int]:
    """Which new item each old item became: equal items first (in order), then
    the most similar remaining pair (at least half alike)."""
    result: dict[int, int] = {}
    used: set[int] = set()
    for j, value in enumerate(new):
        for i, candidate in enumerate(old):
            if i not in result and candidate == value:
                result[i] = j
                used.add(j)
                break
    pairs = []
    for i, a in enumerate(old):
        if i in result:
            continue
        for j, b in enumerate(new):
            if j not in used:
                score = _similarity(a, b)
                if score >= 0.5:
                    pairs.append((-score, abs(i - j), i, j))
    for _, _, i, j in sorted(pairs):
        if i not in result and j not in used:
            result[i] = j
            used.add(j)
    return result


class PathMapper:
    """Maps a path in the old data to the same thing in the new data, or ``None``
    when it belonged to a list item that is gone."""

    def __init__(self, old: Any, new: Any) -> None:
        self.old, self.new = old, new
        self._matches: dict[Path, dict[int, int]] = {}

    def __call__(self, path: Path) -> Path | None:
        old, new = self.old, self.new
        out: list[str | int] = []
        for part in path:
            if isinstance(part, int):
                if not isinstance(old, list) or not isinstance(new, list) or part >= len(old):
                    return None
                key = tuple(out)
                if key not in self._matches:
                    self._matches[key] = match(old, new)
                j = self._matches[key].get(part)
                if j is None:
                    return None
                old, new = old[part], new[j]
                out.append(j)
            else:
                if not isinstance(old, dict) or part not in old:
                    return tuple(out) + (part,)  # not data (a stray key): keep the path
                old = old[part]
                new = new.get(part) if isinstance(new, dict) else None
                out.append(part)
        return tuple(out)


# ---- placing the comments in the new text -----------------------------------------------


@dataclass
class Line:
    """One line of the new text and what it is: ``path`` and ``first`` (the first
    line of that key/header/element) or ``last`` (its last line), or an array's end."""

    text: str
    path: Path | None = None
    first: bool = False
    last: bool = False
    array_end: bool = False


def _existing(path: Path, known: set[Path]) -> Path | None:
    while path:
        if path in known:
            return path
        path = path[:-1]
    return None


def place(lines: list[Line], anchors: Anchors, mapper: PathMapper, new_data: Any) -> Iterator[str]:
    """The new text's lines with the old comments where they belong."""
    known = {line.path for line in lines if line.path is not None and line.first}
    above: dict[Path, list[str]] = {}
    trail: dict[Path, list[str]] = {}
    array_end: dict[Path, list[str]] = {}
    end: list[str] = list(anchors.end)
    for (kind, old_path), comments in anchors.at.items():
        new_path = mapper(old_path)
        if new_path is None:
            continue  # its list item was deleted: its comments go with it
        target = new_path if new_path in known else None
        if kind == ARRAY_END and new_path in known:
            array_end.setdefault(new_path, []).extend(comments)
            continue
        if target is None:
            parent = _existing(new_path[:-1], known) if new_path else None
            if parent is None:
                end.extend(comments)
                continue
            # the key is gone (a field cleared): the comment stays with its table, above it
            above.setdefault(parent, []).extend(comments)
            continue
        if kind == TRAIL:
            trail.setdefault(target, []).extend(comments)
        else:
            above.setdefault(target, []).extend(comments)
    for line in lines:
        text = line.text
        if line.array_end and line.path in array_end:
            indent = "    "
            for comment in array_end[line.path]:
                yield indent + comment
        if line.first and line.path in above:
            indent = text[: len(text) - len(text.lstrip())]
            for comment in above[line.path]:
                yield indent + comment
        if line.last and line.path in trail:
            text = f"{text}  {' '.join(trail[line.path])}"
        yield text
    if end:
        yield from end
