"""The 自评表 steps: 部门自评表 (the department's table) and 项目自评表 (each project's).

Both show one :class:`~selfeval.tui.widgets.evaluation.EvaluationEditor`; the
projects step first lists the projects with their state (未填写, 得分, the
light) and edits the one chosen. Scores, the budget block and the light come
from ``selfeval.evaluation`` (the core), recomputed at most once per edit.
"""

from __future__ import annotations

from selfeval.steps import STEP_LABELS

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.markup import escape
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from selfeval.amounts import fmt_money
from selfeval.tui.messages import Edited
from selfeval.tui.sections.base import Section, focus_within
from selfeval.tui.lights import light_markup
from selfeval.tui.widgets.evaluation import EvaluationEditor, LightLabel
from selfeval.tui.widgets.forms import note

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.evaluation import TableResult
    from selfeval.model import Report

__all__ = ["DepartmentEvaluationSection", "ProjectEvaluationSection", "ProjectPicker", "table_state"]


def table_state(table: TableResult) -> str:
    """A table's state in a few words (markup): ``未填写``, ``评分未完成``, ``得分 92.50 绿灯``."""
    if table.empty:
        return "未填写"
    if table.total is None:
        return "评分未完成"
    return f"得分 {fmt_money(table.total)} {light_markup(table.light.colour, table.light.label)}"


class _EvaluationSection(Section):
    """What both steps share: the scored tables, recomputed once per edit."""

    progressive = False  # the table editor reaches its parts as it mounts

    DEFAULT_CSS = """
    _EvaluationSection {
        & LightLabel.heading { padding: 0; }
    }
    """

    depends_on = ("meta.preset",)

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        self._revision = 0
        self._cache: dict[Any, Any] = {}

    def scored(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per state of the report (this step's edits, or any edit)."""
        stamp = (self.session.generation, self._revision, id(self.report))
        hit = self._cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = compute()
        self._cache[key] = (stamp, value)
        return value

    @on(Edited)
    def _edited_here(self, event: Edited) -> None:
        # every edit in the table changes scores (even a name: the rows' labels);
        # the message goes on to the editor, which marks the draft changed
        self._revision += 1
        self.refresh_derived()

    def refresh_derived(self) -> None:
        super().refresh_derived()
        for editor in self.query(EvaluationEditor):
            editor.refresh_rows()

    def show_findings(self, findings: list[Finding]) -> None:
        for editor in self.query(EvaluationEditor):
            editor.show_findings(findings)

    async def prepare_path(self, path: str) -> None:
        for editor in self.query(EvaluationEditor):
            await editor.prepare_path(path)

    def focus_path(self, path: str) -> bool:
        for editor in self.query(EvaluationEditor):
            if editor.focus_path(path):
                return True
        return super().focus_path(path)


def _line_cell(table: Callable[[], TableResult | None], line: int | None, attr: str) -> Callable[[Report], Any]:
    """A budget figure of the scored table: line ``line`` (``None``: the total)."""

    def get(report: Report) -> Any:
        t = table()
        if t is None:
            return None
        row = t.budget.total if line is None else t.budget.lines[line]
        return getattr(row, attr)

    return get


class DepartmentEvaluationSection(_EvaluationSection):
    step = "evaluation"

    def table(self) -> TableResult | None:
        preset = self.session.preset
        if preset is None:
            return None
        from selfeval.evaluation import department_table

        return self.scored("department", lambda: department_table(self.report, preset))

    def compose(self) -> ComposeResult:
        t = self.table
        yield LightLabel(self.report, self._title, classes="heading heading-1")
        yield note(
            "年初批复的绩效目标与年底实际完成情况对照；定量指标的得分由程序按规则计算，"
            "预算执行数取自“收入”“支出”两节，不用再填。"
        )
        rows = [
            ("财政拨款", [_line_cell(t, 0, "initial"), _line_cell(t, 0, "adjusted"), _line_cell(t, 0, "executed")]),
            ("其他资金", ["evaluation.other_initial", "evaluation.other_adjusted", _line_cell(t, 1, "executed")]),
            ("合计", [_line_cell(t, None, "initial"), _line_cell(t, None, "adjusted"), _line_cell(t, None, "executed")]),
        ]
        yield EvaluationEditor(self.session, "evaluation", self.table, budget_rows=rows)

    def _title(self, report: Report) -> str:
        table = self.table()
        light = f" · 预警 {light_markup(table.light.colour, table.light.label)}" if table is not None else ""
        return f"{STEP_LABELS[self.step]}{light}"  # the step's name, as in the step list


class ProjectPicker(OptionList):
    """The projects of the draft, each with its table's state; Enter edits one."""

    DEFAULT_CSS = """
    ProjectPicker {
        height: auto;
        max-height: 8;
        border: none;
        padding: 0;
        margin-bottom: 1;
        & > .option-list--option { padding: 0; }
        &:focus { border: none; background-tint: $foreground 5%; }
    }
    """

    def __init__(self, section: ProjectEvaluationSection) -> None:
        self.section = section
        self._prompts: list[str] = []
        super().__init__(id="project-picker")

    def on_mount(self) -> None:
        self.refresh_states()
        self.highlighted = self.section.index

    def _prompt(self, i: int) -> str:
        project = self.section.report.general_budget.projects[i]
        table = self.section.table_of(i)
        current = "▶" if i == self.section.index else " "
        name = project.name.strip() or f"项目{i + 1}"
        state = table_state(table) if table is not None else ""
        return f"{current}{i + 1:>2}. {escape(name)}  {state}"

    def refresh_states(self) -> None:
        count = len(self.section.report.general_budget.projects)
        prompts = [self._prompt(i) for i in range(count)]
        if len(prompts) != len(self._prompts):
            self.clear_options()
            self.add_options([Option(p, id=f"project-{i}") for i, p in enumerate(prompts)])
        else:
            for i, p in enumerate(prompts):
                if p != self._prompts[i]:
                    self.replace_option_prompt_at_index(i, p)
        self._prompts = prompts

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.section.show_project(event.option_index, focus=True)


class ProjectEvaluationSection(_EvaluationSection):
    step = "project_evaluation"
    # a project added, deleted or renamed in 支出: the list is built again
    depends_on = ("meta.preset", "general_budget.projects")

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        #: the project whose table is edited
        self.index = 0
        self._switching = asyncio.Lock()

    @property
    def projects(self) -> list:
        return self.report.general_budget.projects

    def table_of(self, index: int) -> TableResult | None:
        preset = self.session.preset
        if preset is None or index >= len(self.projects):
            return None
        from selfeval.evaluation import project_table

        return self.scored(("project", index), lambda: project_table(self.report, preset, index))

    def compose(self) -> ComposeResult:
        yield self.step_heading()
        if not self.projects:
            yield note("草稿中还没有项目。先在“支出”一节的项目支出明细中添加项目，再回到这里填写各项目的自评表。")
            return
        yield note("每个项目一张表。↑↓ 选项目，回车编辑；在“支出”的项目行上按 F4 也可直接来到该项目的表。")
        yield ProjectPicker(self)
        yield self._editor(self.index)

    def _editor(self, i: int) -> EvaluationEditor:
        base = f"general_budget.projects[{i}].evaluation"
        t = lambda: self.table_of(i)  # noqa: E731
        rows = [
            ("当年财政拨款", [f"{base}.appropriation_initial", f"{base}.appropriation_adjusted", _line_cell(t, 0, "executed")]),
            ("上年结转", [f"{base}.carryover_initial", f"{base}.carryover_adjusted", f"{base}.carryover_spent"]),
            ("其他资金", [f"{base}.other_initial", f"{base}.other_adjusted", f"{base}.other_spent"]),
            ("合计", [_line_cell(t, None, "initial"), _line_cell(t, None, "adjusted"), _line_cell(t, None, "executed")]),
        ]
        editor = EvaluationEditor(self.session, base, t, budget_rows=rows, title=lambda r: self._title(i))
        return editor

    def _title(self, i: int) -> str:
        table = self.table_of(i)
        if table is None:
            return ""
        light = light_markup(table.light.colour, table.light.label)
        return f"{escape(table.name)} · 预警 {light}"

    async def show_project(self, index: int, *, focus: bool = False) -> None:
        """Edit project ``index``'s table (its editor built anew); ``focus``: its first input."""
        hold = getattr(self.app, "hold_keys", None)
        if hold is not None:
            hold()  # keys typed meanwhile go to the table shown
        try:
            async with self._switching:
                if index != self.index or not self.query(EvaluationEditor):
                    self.index = index
                    await self.query(EvaluationEditor).remove()
                    await self.mount(self._editor(index))
                    for picker in self.query(ProjectPicker):
                        picker.refresh_states()
                        picker.highlighted = index
                    from selfeval.tui.screens.editor import EditorScreen

                    screen = self.screen
                    if isinstance(screen, EditorScreen) and screen.session is not None:
                        self.show_findings(screen.findings())
                if focus:
                    editor = self.query_one(EvaluationEditor)
                    focus_within(editor)
                    editor.scroll_visible(top=True, animate=False)
        finally:
            if hold is not None:
                self.app.release_keys()

    def _project_of(self, path: str) -> int | None:
        prefix = "general_budget.projects["
        if not path.startswith(prefix):
            return None
        try:
            index = int(path[len(prefix):].split("]", 1)[0])
        except ValueError:
            return None
        return index if index < len(self.projects) else None

    async def prepare_path(self, path: str) -> None:
        index = self._project_of(path)
        if index is not None and index != self.index:
            await self.show_project(index)
        await super().prepare_path(path)

    def refresh_derived(self) -> None:
        super().refresh_derived()
        for picker in self.query(ProjectPicker):
            picker.refresh_states()

    def focus_path(self, path: str) -> bool:
        index = self._project_of(path)
        if index is not None and path == f"general_budget.projects[{index}].evaluation":
            editors = self.query(EvaluationEditor)
            return bool(editors) and focus_within(editors.first())
        return super().focus_path(path)
