"""改进措施: each measure, and the problems it answers picked from the list of problems."""

from __future__ import annotations

from functools import partial
from typing import Optional

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from selfeval.model import Measure, Report
from selfeval.model import paths
from selfeval.tui.messages import Edited
from selfeval.tui.sections.base import Section
from selfeval.tui.screens.dialog import Dialog
from selfeval.tui.widgets.forms import field_row, line_list, note, text_row
from selfeval.tui.widgets.list_editor import ListEditor

__all__ = ["MeasuresSection", "ProblemPicker", "ProblemsDialog"]


def _problem_label(n: int, title: str, text: str) -> str:
    return f"问题{n}：{title or text[:20] or '（未填写）'}"


class ProblemsDialog(Dialog[Optional[list[str]]]):
    """One list of every problem, the measure's ticked: dismisses with the ticked ids
    in problem order, or ``None`` (Esc, 取消)."""

    DEFAULT_CLASSES = "-primary -wide"
    DEFAULT_CSS = """
    ProblemsDialog SelectionList { height: auto; max-height: 14; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消", id="problems.cancel")]

    def __init__(self, title: str, problems: list[tuple[str, str]], chosen: set[str]) -> None:
        super().__init__()
        self.title_text = title
        self.problems = problems
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.title_text}：空格勾选或取消，Tab 到“确定”后回车；Esc 不改动。",
                         classes="question", markup=False)
            yield SelectionList[str](
                *[Selection(label, pid, pid in self.chosen) for pid, label in self.problems], id="problem-list"
            )
            with Horizontal(classes="buttons"):
                yield Button("确定", id="ok", variant="primary", compact=True)
                yield Button("取消", id="cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            ticked = set(self.query_one(SelectionList).selected)
            self.dismiss([pid for pid, _ in self.problems if pid in ticked])
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProblemPicker(Vertical):
    """The problems a measure answers (``measures[i].answers``): a summary, and a
    button that opens :class:`ProblemsDialog` to change them. One button per
    measure, not a check box per problem per measure."""

    DEFAULT_CSS = """
    ProblemPicker {
        height: auto;
        & > Horizontal { height: auto; }
        & .picker-title { color: $text-muted; width: auto; }
        & .picker-button { width: auto; min-width: 0; height: 1; }
        & .picker-chosen { color: $text-muted; height: auto; width: 1fr; padding-left: 2; }
    }
    """

    def __init__(self, report: Report, path: str) -> None:
        super().__init__(id=paths.widget_id(path))
        self.report = report
        self.path = path

    def _numbered(self) -> list[tuple[str, str]]:
        return [(p.id, _problem_label(n, p.title, p.text)) for n, p in enumerate(self.report.problems, 1)]

    def _summary(self) -> tuple[str, str]:
        answers = set(paths.get(self.report, self.path))
        chosen = [(label.split("：", 1)[0], label) for pid, label in self._numbered() if pid in answers]
        if not self.report.problems:
            return "（还没有问题：先在“存在问题”一节中填写）", ""
        if not chosen:
            return "未选（回车选择）", ""
        return "、".join(short for short, _ in chosen) + "（回车修改）", "\n".join(label for _, label in chosen)

    def compose(self) -> ComposeResult:
        button, chosen = self._summary()
        with Horizontal():
            yield Label(paths.title_of(self.path) + "：", classes="picker-title")
            yield Button(button, id=f"{paths.widget_id(self.path)}-pick", classes="picker-button", compact=True)
        yield Static(chosen, classes="picker-chosen", markup=False)

    def _show_summary(self) -> None:
        button, chosen = self._summary()
        self.query_one(".picker-button", Button).label = button
        self.query_one(".picker-chosen", Static).update(chosen)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.report.problems:
            self.notify("还没有问题：先在“存在问题”一节中填写。", title=paths.title_of(self.path))
            return
        answers = set(paths.get(self.report, self.path))

        def chosen(result: list[str] | None) -> None:
            if result is None:
                return
            if result != paths.get(self.report, self.path):
                paths.assign(self.report, self.path, result)
                self.post_message(Edited(self.path))
            self._show_summary()

        self.app.push_screen(ProblemsDialog(paths.title_of(self.path), self._numbered(), answers), chosen)


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
