"""Field paths: ``general_budget.projects[2].amount`` ↔ the value, its metadata, its widget id.

The checks name a field by such a path, the figure registry says which path
edits each figure, and every input of the TUI is bound to one and carries a
widget id derived from it, so a finding can be turned into the widget to
focus. Part of the core: no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from selfeval.model.base import FieldKind, inner_model, is_optional, kind_in
from selfeval.model.report import Report

__all__ = [
    "parse",
    "join",
    "get",
    "assign",
    "field_info",
    "kind_of",
    "optional",
    "title_of",
    "title_path",
    "help_of",
    "widget_id",
    "prefixes",
    "exists",
    "nearest",
]

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

Part = str | int


def parse(path: str) -> list[Part]:
    """``"a.b[2].c"`` → ``["a", "b", 2, "c"]``."""
    parts: list[Part] = []
    for m in _TOKEN.finditer(path):
        name, index = m.groups()
        parts.append(name if name is not None else int(index))
    return parts


def join(parts: list[Part]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else p
    return out


def get(obj: Any, path: str) -> Any:
    for part in parse(path):
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)
    return obj


def assign(root: Any, path: str, value: Any) -> None:
    """Set the value at ``path`` through pydantic's validated assignment.

    An item of a list (``overview.duties[2]``) is set by assigning a new list to
    the owning field, so the item is validated too. Raises
    ``pydantic.ValidationError`` (Chinese message) for a bad value; nothing is
    stored then.
    """
    parts = parse(path)
    *head, last = parts
    if isinstance(last, int):
        *owner_path, list_name = head
        owner = root
        for p in owner_path:
            owner = owner[p] if isinstance(p, int) else getattr(owner, p)
        items = list(getattr(owner, list_name))
        items[last] = value
        setattr(owner, list_name, items)
        return
    owner = root
    for p in head:
        owner = owner[p] if isinstance(p, int) else getattr(owner, p)
    setattr(owner, last, value)


def field_info(path: str, model: type[BaseModel] = Report) -> FieldInfo | None:
    """The pydantic field behind ``path`` (a list index resolves to its list's field)."""
    current: type[BaseModel] | None = model
    info: FieldInfo | None = None
    for part in parse(path):
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        current = inner_model(info.annotation)
    return info


def kind_of(path: str, model: type[BaseModel] = Report) -> FieldKind | None:
    """The :class:`~selfeval.model.base.FieldKind` of the field or list item at ``path``;
    ``None`` for a section, a list of tables or an unknown path."""
    info = field_info(path, model)
    if info is None:
        return None
    if isinstance(parse(path)[-1], int):
        # an item of a list field: list[Line] → Line
        items = get_args(info.annotation)
        return kind_in(items[0]) if items else None
    return kind_in(info.annotation, info.metadata)


def optional(path: str, model: type[BaseModel] = Report) -> bool:
    """True when the field at ``path`` may be left 未填 (``None``), not just empty."""
    info = field_info(path, model)
    if info is None or isinstance(parse(path)[-1], int):
        return False
    return is_optional(info.annotation)


def title_of(path: str, model: type[BaseModel] = Report) -> str:
    info = field_info(path, model)
    return (info.title if info is not None else None) or parse(path)[-1].__str__()


def title_path(path: str | tuple | list, model: type[BaseModel] = Report) -> str:
    """The Chinese titles along a path: ``一般公共预算收支情况 › 基本支出预算 › 年初预算``
    (a list index reads ``第 3 项``); ``path`` may be a string or a pydantic error's ``loc``."""
    parts = parse(path) if isinstance(path, str) else list(path)
    titles: list[str] = []
    current: type[BaseModel] | None = model
    for part in parts:
        if isinstance(part, int):
            titles.append(f"第 {part + 1} 项")
            continue
        fields = current.model_fields if current is not None else {}
        if part not in fields:
            break
        info = fields[part]
        titles.append(info.title or part)
        current = inner_model(info.annotation)
    return " › ".join(titles)


def help_of(path: str, model: type[BaseModel] = Report) -> str:
    info = field_info(path, model)
    return (info.description if info is not None else None) or ""


def widget_id(path: str, prefix: str = "f") -> str:
    """A valid, unique Textual id for ``path``: ``general_budget.projects[2].amount`` →
    ``f-general_budget-projects-2-amount`` (field names never contain ``-``)."""
    return prefix + "-" + "-".join(str(p) for p in parse(path))


def prefixes(path: str) -> Iterator[str]:
    """``path`` and each shorter path that contains it, longest first."""
    parts = parse(path)
    while parts:
        yield join(parts)
        parts.pop()


def exists(root: Any, path: str) -> bool:
    """True when ``path`` names something in ``root`` (every list item on the way is there)."""
    obj = root
    for part in parse(path):
        if isinstance(part, int):
            if not isinstance(obj, list) or not 0 <= part < len(obj):
                return False
            obj = obj[part]
        else:
            if not hasattr(obj, part):
                return False
            obj = getattr(obj, part)
    return True


def nearest(root: Any, path: str) -> str:
    """``path`` if it exists in ``root``, else the longest shorter path that does:
    ``general_budget.projects[0].amount`` with no projects → ``general_budget.projects``."""
    for candidate in prefixes(path):
        if exists(root, candidate):
            return candidate
    return ""
