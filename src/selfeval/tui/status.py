"""Each step's state for the step list, from the findings and the report's content.

Pure Python: the marks read without colour (✓ complete, … in progress,
○ empty, ! warnings, ✗ errors).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from selfeval.steps import STEPS, section_of

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.model import Report

__all__ = [
    "State",
    "MARKS",
    "StepStatus",
    "step_statuses",
    "sections_with_content",
    "is_incomplete",
    "evaluation_lights",
]

State = Literal["complete", "progress", "empty", "warning", "error"]
MARKS: dict[State, str] = {"complete": "✓", "progress": "…", "empty": "○", "warning": "!", "error": "✗"}
STATE_LABELS: dict[State, str] = {
    "complete": "完成",
    "progress": "未填完",
    "empty": "未填写",
    "warning": "有警告",
    "error": "有错误",
}

# Keys that identify an entry rather than being content a user typed.
_IDENTIFYING = {"id", "level1", "schema_version", "unit", "preset", "year", "department"}


def is_incomplete(finding: Finding) -> bool:
    """A warning that says something is still missing (not that something is wrong)."""
    return "EMPTY" in finding.code or finding.code in ("SCORE-UNSCORED", "SCORE-INCOMPLETE", "LEVEL1-UNSCORED")


@dataclass(frozen=True)
class StepStatus:
    key: str
    state: State
    errors: int
    warnings: int

    @property
    def mark(self) -> str:
        return MARKS[self.state]

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@lru_cache(maxsize=8192)
def _section(path: str) -> str:
    return section_of(path)


def _leaves(obj: Any, path: str, model: type) -> Iterator[tuple[str, Any]]:
    if isinstance(obj, model):
        for name in type(obj).model_fields:
            yield from _leaves(getattr(obj, name), f"{path}.{name}" if path else name, model)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _leaves(item, f"{path}[{i}]", model)
    else:
        yield path, obj


def sections_with_content(report: Report) -> set[str]:
    """The steps where the user has typed anything."""
    from pydantic import BaseModel

    found: set[str] = {"meta"}
    for path, value in _leaves(report, "", BaseModel):
        if value in ("", 0, None, False):
            continue
        if path.rsplit(".", 1)[-1] in _IDENTIFYING:
            continue
        if isinstance(value, str) and not value.strip():
            continue
        found.add(_section(path))
    return found


def _state(findings: Iterable[Finding], has_content: bool) -> tuple[State, int, int]:
    errors = warnings = 0
    wrong = incomplete = False
    for f in findings:
        if f.severity == "error":
            errors += 1
        elif f.severity == "warning":
            warnings += 1
            if is_incomplete(f):
                incomplete = True
            else:
                wrong = True
    if errors:
        return "error", errors, warnings
    if not has_content:
        return "empty", errors, warnings
    if wrong:
        return "warning", errors, warnings
    if incomplete:
        return "progress", errors, warnings
    return "complete", errors, warnings


def step_statuses(report: Report, findings: list[Finding]) -> dict[str, StepStatus]:
    """Status per step key; the last step (检查与导出) sums up the whole report."""
    content = sections_with_content(report)
    by_step: dict[str, list[Finding]] = {s.key: [] for s in STEPS}
    for f in findings:
        by_step.setdefault(f.section, []).append(f)
    out: dict[str, StepStatus] = {}
    for step in STEPS[:-1]:
        state, e, w = _state(by_step[step.key], step.key in content)
        out[step.key] = StepStatus(step.key, state, e, w)
    last = STEPS[-1].key
    state, e, w = _state(findings, True)
    out[last] = StepStatus(last, state, e, w)
    return out


#: which light speaks first when several projects have one
_LIGHT_ORDER = {"red": 0, "yellow": 1, "unknown": 2, "green": 3}


def evaluation_lights(report: Report, preset: Any) -> dict[str, tuple[str, str]]:
    """The 自评预警 light (colour, label) of the 自评表 steps: the department's table,
    and the worst of the projects' tables (none without projects or a preset)."""
    if preset is None:
        return {}
    from selfeval.evaluation import all_tables

    tables = all_tables(report, preset)
    out = {"evaluation": (tables[0].light.colour, tables[0].light.label)}
    projects = [t.light for t in tables[1:]]
    if projects:
        worst = min(projects, key=lambda light: _LIGHT_ORDER.get(light.colour, 2))
        out["project_evaluation"] = (worst.colour, worst.label)
    return out
