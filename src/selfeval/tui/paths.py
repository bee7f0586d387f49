"""Field paths: ``general_budget.projects[2].amount`` ↔ the value, its metadata, its widget id.

The checks name a field by such a path; every input of the TUI is bound to one
and carries a widget id derived from it, so a finding can be turned into the
widget to focus. Pure Python (no Textual), so it can be tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from selfeval.model import Report
from selfeval.model.base import inner_model

__all__ = [
    "parse",
    "join",
    "get",
    "assign",
    "field_info",
    "title_of",
    "help_of",
    "widget_id",
    "prefixes",
    "error_text",
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


def title_of(path: str, model: type[BaseModel] = Report) -> str:
    info = field_info(path, model)
    return (info.title if info is not None else None) or parse(path)[-1].__str__()


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


def error_text(exc: ValidationError) -> str:
    """The Chinese message of a validation error (the model's own wording)."""
    from selfeval.draft import _error_text

    return _error_text(exc.errors()[0])
