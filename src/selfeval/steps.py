"""The steps a user walks through, and which fields belong to which step.

The TUI's step list, the checks' ``section`` and the findings' grouping all
come from here, so a finding always lands on the step that edits its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Step", "STEPS", "STEP_LABELS", "section_of"]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    #: field-path prefixes edited on this step (longest match wins)
    prefixes: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step("meta", "基本信息", ("meta",)),
    Step("overview", "部门概况", ("overview",)),
    Step(
        "income",
        "收入",
        (
            "general_budget.carryover_start_basic",
            "general_budget.carryover_start_project",
            "general_budget.basic",
            "general_budget.project",
            "other_funds",
            "overall.income",
        ),
    ),
    Step(
        "expenditure",
        "支出",
        (
            "general_budget",
            "overall.spending",
            "overall.carryover",
            "base_data",
        ),
    ),
    Step("performance", "履职情况", ("performance.duty",)),
    Step("scoring", "绩效评分", ("scoring", "performance.analysis", "performance.analysis_intro")),
    # the 自评表s: the department's, then each project's ("[*]": any project)
    Step("evaluation", "部门自评表", ("evaluation",)),
    Step("project_evaluation", "项目自评表", ("general_budget.projects[*].evaluation",)),
    Step("problems", "存在问题", ("problems", "rectifications")),
    Step("measures", "改进措施", ("measures",)),
    Step("review", "检查与导出", ("reconciliation", "")),
)

STEP_LABELS = {s.key: s.label for s in STEPS}


@lru_cache(maxsize=None)
def _pattern(prefix: str) -> re.Pattern[str]:
    """``a[*].b`` → a pattern matching ``a[3].b``, ``a[3].b.c`` and ``a[3].b[0]``."""
    body = r"\[\d+\]".join(re.escape(part) for part in prefix.split("[*]"))
    return re.compile(body + r"(?:$|[.\[])")


def _matches(path: str, prefix: str) -> bool:
    if not prefix:
        return True
    if "[*]" in prefix:
        return _pattern(prefix).match(path) is not None
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def section_of(path: str) -> str:
    """The step that edits the field at ``path`` (``general_budget.projects[2].amount``)."""
    best, best_len = "review", -1
    for step in STEPS:
        for prefix in step.prefixes:
            if _matches(path, prefix) and len(prefix) > best_len:
                best, best_len = step.key, len(prefix)
    return best
