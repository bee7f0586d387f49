"""存在问题: the main problems found; each gets a stable id that measures link to."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widget import Widget

from selfeval.model import Problem, Report, next_problem_id
from selfeval.model import paths
from selfeval.tui.sections.base import Section
from selfeval.tui.widgets.forms import field_row, note, text_row
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["ProblemsSection", "unlink_problem"]


def _problem_row(r: Report, i: int) -> list[Widget]:
    return [field_row(r, f"problems[{i}].title"), text_row(r, f"problems[{i}].text")]


def unlink_problem(report: Report, problem: Problem) -> None:
    """A deleted problem is no longer answered by any measure."""
    for measure in report.measures:
        if problem.id in measure.answers:
            measure.answers = [a for a in measure.answers if a != problem.id]


class ProblemsSection(Section):
    step = "problems"

    def compose(self) -> ComposeResult:
        r = self.report
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
