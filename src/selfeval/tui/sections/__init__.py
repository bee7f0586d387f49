"""One widget per step of the report, imported only when the step is first shown."""

from __future__ import annotations

from importlib import import_module

from selfeval.tui.sections.base import Section

__all__ = ["section_class", "Section"]

_CLASSES = {
    "meta": ("meta", "MetaSection"),
    "overview": ("overview", "OverviewSection"),
    "income": ("income", "IncomeSection"),
    "expenditure": ("expenditure", "ExpenditureSection"),
    "performance": ("performance", "PerformanceSection"),
    "scoring": ("scoring", "ScoringSection"),
    "evaluation": ("evaluation", "DepartmentEvaluationSection"),
    "project_evaluation": ("evaluation", "ProjectEvaluationSection"),
    "problems": ("problems", "ProblemsSection"),
    "measures": ("measures", "MeasuresSection"),
    "review": ("review", "ReviewSection"),
}


def section_class(step: str) -> type[Section]:
    module, name = _CLASSES[step]
    return getattr(import_module(f"selfeval.tui.sections.{module}"), name)
