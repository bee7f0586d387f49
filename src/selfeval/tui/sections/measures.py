"""改进措施: each measure, and the problems it answers picked from the list of problems."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Label

from selfeval.model import Measure, Report
from selfeval.model import paths
from selfeval.tui.messages import Edited
from selfeval.tui.sections.base import Section
from selfeval.tui.widgets.choice import CheckField
from selfeval.tui.widgets.forms import field_row, line_list, note, text_row
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["MeasuresSection", "ProblemPicker"]


class _ProblemBox(Checkbox):
    """One problem to tick; reads without colour like :class:`CheckField`."""

    BUTTON_LEFT = CheckField.BUTTON_LEFT
    BUTTON_RIGHT = CheckField.BUTTON_RIGHT
    BUTTON_INNER = CheckField.BUTTON_INNER

    def __init__(self, label: str, problem_id: str, value: bool, *, id: str) -> None:
        super().__init__(label, value, compact=True, id=id)
        self.problem_id = problem_id


class ProblemPicker(Vertical):
    """Tick the problems a measure answers (``measures[i].answers``), in problem order."""

    DEFAULT_CSS = """
    ProblemPicker {
        height: auto;
        & > Label { color: $text-muted; }
        & > _ProblemBox { width: 1fr; }
    }
    """

    def __init__(self, report: Report, path: str) -> None:
        super().__init__(id=paths.widget_id(path))
        self.report = report
        self.path = path

    def compose(self) -> ComposeResult:
        report = self.report
        answers = set(paths.get(report, self.path))
        yield Label(paths.title_of(self.path) + "（空格或回车勾选）")
        if not report.problems:
            yield Label("（还没有问题：先在“存在问题”一节中填写）")
        for n, problem in enumerate(report.problems, 1):
            title = problem.title or problem.text[:20] or "（未填写）"
            yield _ProblemBox(
                f"问题{n}：{title}",
                problem.id,
                problem.id in answers,
                id=f"{paths.widget_id(self.path)}-{problem.id}",
            )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        report = self.report
        ticked = {box.problem_id for box in self.query(_ProblemBox) if box.value}
        # problems keep their report order; links to deleted problems are dropped
        answers = [p.id for p in report.problems if p.id in ticked]
        if answers != paths.get(report, self.path):
            paths.assign(report, self.path, answers)
            self.post_message(Edited(self.path))


def _measure_row(r: Report, i: int) -> list[Widget]:
    base = f"measures[{i}]"
    return [
        field_row(r, f"{base}.title"),
        text_row(r, f"{base}.text"),
        Label(paths.title_of(f"{base}.items") + "（报告中编号为 1. 2. …）", classes="form-note"),
        line_list(r, f"{base}.items", "条目"),
        ProblemPicker(r, f"{base}.answers"),
    ]


class MeasuresSection(Section):
    step = "measures"
    #: the problem list is shown in every measure: rebuild when problems change
    depends_on = ("problems",)

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        yield note(paths.help_of("measures"))
        yield ListEditor(
            r,
            "measures",
            row=partial(_measure_row, r),
            new_item=lambda r: Measure(),
            noun="措施",
            spaced=True,
        )
