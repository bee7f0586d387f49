"""存在问题: the main problems found; each gets a stable id that measures link to."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widget import Widget

from selfeval.model import Problem, Rectification, Report, next_problem_id
from selfeval.model import paths
from selfeval.tui.sections.base import Section
from selfeval.tui.widgets.forms import field_row, heading, note, text_row
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["ProblemsSection", "unlink_problem"]


def _problem_row(r: Report, i: int) -> list[Widget]:
    return [field_row(r, f"problems[{i}].title"), text_row(r, f"problems[{i}].text")]


def _rectification_row(r: Report, i: int) -> list[Widget]:
    base = f"rectifications[{i}]"
    return [
        field_row(r, f"{base}.problem"),
        text_row(r, f"{base}.detail"),
        text_row(r, f"{base}.planned"),
        field_row(r, f"{base}.status"),
        text_row(r, f"{base}.action"),
    ]


def unlink_problem(report: Report, problem: Problem) -> None:
    """A deleted problem is no longer answered by any measure."""
    for measure in report.measures:
        if problem.id in measure.answers:
            measure.answers = [a for a in measure.answers if a != problem.id]


class ProblemsSection(Section):
    step = "problems"

    def compose(self) -> ComposeResult:
        r = self.report
        if r.rectifications or r.carried.from_year is not None:
            # a draft rolled forward from last year's: last year's problems first, as in the report
            yield heading(paths.title_of("rectifications"))
            yield note(paths.help_of("rectifications") + " 逐个写明整改状态和整改情况。")
            yield ListEditor(
                r,
                "rectifications",
                row=partial(_rectification_row, r),
                new_item=lambda r: Rectification(),
                noun="上年问题",
                spaced=True,
            )
        yield self.step_heading()
        yield note(paths.help_of("problems") + " 每个问题都要在“改进措施”中有对应的措施。")
        yield ListEditor(
            r,
            "problems",
            row=partial(_problem_row, r),
            new_item=lambda r: Problem(id=next_problem_id(r.problems)),
            noun="问题",
            spaced=True,
            on_remove=unlink_problem,
        )
