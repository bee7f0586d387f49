"""The editor of a 自评表 (部门整体 or one project's): budget block, goals, indicator rows.

One widget, :class:`EvaluationEditor`, edits either table: it is given the
table's field path (``evaluation`` or ``general_budget.projects[2].evaluation``)
and a function giving its scored result (``selfeval.evaluation``'s
``department_table`` / ``project_table``). The department step and the
projects step both use it; nothing is copied between them.

The indicator rows are one :class:`IndicatorTable` (an option list: one
widget however many rows, drawn only where visible), grouped under their
一级 / 二级, each with its mark, target, actual and the rule's score; the row
being edited is shown below it in one :class:`RowForm` (one row's inputs,
rebuilt when another row is chosen). Beside the typed actual the form shows
the rule's score with its arithmetic, recomputed on every key.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList, Static
from textual.markup import escape
from textual.widgets.option_list import Option

from selfeval.amounts import fmt_money
from selfeval.model import paths
from selfeval.model.evaluation import QUALITATIVE_GRADES, EvalIndicator, Goal
from selfeval.tui.lights import light_markup
from selfeval.tui.messages import Edited
from selfeval.tui.widgets.amount_grid import AmountGrid
from selfeval.tui.widgets.choice import ChoiceField
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.forms import field_row, heading, note, text_row
from selfeval.tui.widgets.list_editor import ListEditor

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.evaluation import RowResult, TableResult
    from selfeval.model import Report

__all__ = [
    "EvaluationEditor",
    "IndicatorTable",
    "IndicatorsPane",
    "RowForm",
    "LightLabel",
    "light_markup",
    "points_text",
    "row_summary",
    "NATURE_CHOICES",
]

#: 指标性质 as the choice reads (the stored value is the sign)
NATURE_CHOICES = [
    ("≥ 越大越好（正向）", "≥"),
    ("≤ 越小越好（反向）", "≤"),
    ("= 等于目标值", "="),
    ("定性（三档评分）", "定性"),
]
GRADE_CHOICES = [("（定量指标不用选）", "")] + [(g, g) for g in QUALITATIVE_GRADES]

_MARK_STYLE = {"✗": "$text-error", "!": "$text-warning", "✓": "$text-success", "○": "$text-muted"}


def points_text(value: Decimal | None) -> str:
    """分值 as written on the forms: ``10``, ``2.5``; ``—`` when not given."""
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _score(value: Decimal | None) -> str:
    return "—" if value is None else fmt_money(value)


def _fit(text: str, width: int) -> str:
    """``text`` cut (with …) or padded to ``width`` terminal cells."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = "", 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…" + " " * (width - 1 - used)


#: the 定性 grades as the one-line table writes them
_GRADE_SHORT = dict(zip(QUALITATIVE_GRADES, ("达成", "部分达成", "未达成")))


def row_summary(res: RowResult) -> tuple[str, str]:
    """(name, figures) of one row for the table: ``组织科普活动场次``, ``≥30场 实际35 10.00/10``."""
    row = res.row
    name = row.name.strip() or "（未命名）"
    if row.is_qualitative:
        target = "定性"
        actual = _GRADE_SHORT.get(row.grade, "未评")
    else:
        target = f"{row.nature}{row.effective_target or '?'}{row.unit}"
        actual = res.actual_text.strip() or "未填"
    return name, f"{target} 实际{actual} {_score(res.score)}/{points_text(row.points)}"


class LightLabel(Derived):
    """A derived line whose text is markup (the light in its colour); reads without colour."""

    def render(self) -> Content:
        return Content.from_markup(self._text)


# ---- the indicator rows ---------------------------------------------------------------

_MOVE = Binding.Group("移动", compact=True)


class IndicatorTable(OptionList):
    """Every indicator row of one table, one line each, under its 一级 / 二级 heading.

    Enter edits the highlighted row in the form below. Adding, deleting and
    moving rows are keys of the :class:`IndicatorsPane` around it (they act on the
    highlighted row here, on the row of the form there).
    """

    DEFAULT_CSS = """
    IndicatorTable {
        height: auto;
        max-height: 12;
        border: none;
        padding: 0;
        margin: 0 0 1 0;
        scrollbar-size-vertical: 1;
        & > .option-list--option { padding: 0; }
        &:focus { border: none; background-tint: $foreground 5%; }
    }
    """

    class Chosen(Message):
        """The user chose row ``index`` to edit (Enter)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Reshaped(Message):
        """The rows were added, deleted or moved; ``focus`` is the row to show next,
        ``added`` whether it is a new row (its name is typed next)."""

        def __init__(self, focus: int | None, added: bool = False, suffix: str = "") -> None:
            super().__init__()
            self.focus = focus
            self.added = added
            #: the field (``.actual``) focused in the form before a move: focused again after it
            self.suffix = suffix

    def __init__(self, editor: EvaluationEditor, *, id: str | None = None) -> None:
        self.editor = editor
        self._layout: list[tuple[str, Any]] = []  # ("head", (l1, l2)) or ("row", index)
        self._prompts: list[str] = []  # the markup of each option, to repaint only what changed
        self._marks: dict[int, str] = {}
        super().__init__(id=id)

    @property
    def report(self) -> Report:
        return self.editor.report

    @property
    def list_path(self) -> str:
        return f"{self.editor.path}.indicators"

    @property
    def rows(self) -> list[EvalIndicator]:
        return paths.get(self.report, self.list_path)

    def on_mount(self) -> None:
        self.rebuild()
        findings = getattr(self.screen, "findings", None)  # the marks of the last check
        if callable(findings) and getattr(self.screen, "session", None) is not None:
            self.show_findings(findings())

    # ---- what is shown ----------------------------------------------------------------

    def _head_prompt(self, level1: str, level2: str, table: TableResult | None) -> str:
        """``产出指标 › 数量指标``; the first heading of a 一级 also gives its score."""
        text = escape(level1 or "（一级指标未填）") + (f" › {escape(level2)}" if level2 else "")
        first = next((key for kind, key in self._layout if kind == "head" and key[0] == level1), None)
        group = next((g for g in table.groups if g.level1 == level1), None) if table is not None else None
        if group is not None and first == (level1, level2):
            text += f"  得分 {_score(group.score)}/{points_text(group.points)}"
        return f"[b]{text}[/b]"

    def _row_prompt(self, index: int, res: RowResult | None) -> str:
        """``✓▶ 3. 组织科普活动场次     ≥30场 实际35 10.00/10`` (markup)."""
        width = max(24, (self.scrollable_content_region.width or self.editor.width_hint) - 1)
        mark = self._marks.get(index, " ")
        if res is None:
            name, figures = self.rows[index].name.strip() or "（未命名）", ""
        else:
            name, figures = row_summary(res)
        left = ("▶" if index == self.editor.current else " ") + f"{index + 1:>2}. "
        room = width - 2 - cell_len(left) - cell_len(figures) - 1
        style = _MARK_STYLE.get(mark)
        mark_text = f"[{style}]{mark}[/]" if style else mark
        return f"{mark_text} {escape(left)}{escape(_fit(name, max(6, room)))} {escape(figures)}"

    def _shape(self) -> list[tuple[str, Any]]:
        layout: list[tuple[str, Any]] = []
        last: tuple[str, str] | None = None
        for i, row in enumerate(self.rows):
            key = (row.level1.strip(), row.level2.strip())
            if key != last:
                layout.append(("head", key))
                last = key
            layout.append(("row", i))
        return layout or [("empty", None)]

    def _prompt_at(self, pos: int, table: TableResult | None) -> str:
        kind, key = self._layout[pos]
        if kind == "empty":
            return "[dim]（还没有指标：按 Ctrl+N 新增一行）[/]"
        if kind == "head":
            return self._head_prompt(key[0], key[1], table)
        res = table.rows[key] if table is not None and key < len(table.rows) else None
        return self._row_prompt(key, res)

    def rebuild(self, highlight: int | None = None) -> None:
        """Options from the rows (after a change of shape, or of a row's 一级/二级)."""
        table = self.editor.table()
        keep = self.highlighted_row if highlight is None else highlight
        self._layout = self._shape()
        self._prompts = [self._prompt_at(pos, table) for pos in range(len(self._layout))]
        options = [
            Option(prompt, disabled=kind != "row", id=f"row-{key}" if kind == "row" else None)
            for prompt, (kind, key) in zip(self._prompts, self._layout)
        ]
        self.clear_options()
        self.add_options(options)
        if keep is not None and self.rows:
            self.highlight_row(min(keep, len(self.rows) - 1))

    def refresh_rows(self) -> None:
        """Re-read every row's figures and score (after any edit); repaint what changed."""
        if self._shape() != self._layout:
            self.rebuild()
            return
        table = self.editor.table()
        for pos in range(len(self._layout)):
            prompt = self._prompt_at(pos, table)
            if prompt != self._prompts[pos]:
                self._prompts[pos] = prompt
                self.replace_option_prompt_at_index(pos, prompt)

    def on_resize(self) -> None:
        self.refresh_rows()

    def show_findings(self, findings: list[Finding]) -> None:
        """A mark per row: ✗ an error, ! a warning, ✓ none (○ nothing typed)."""
        marks: dict[int, str] = {}
        prefix = self.list_path + "["
        for f in findings:
            if not f.path.startswith(prefix) or f.severity == "notice":
                continue
            try:
                i = int(f.path[len(prefix):].split("]", 1)[0])
            except ValueError:
                continue
            if f.severity == "error" or marks.get(i) != "✗":
                marks[i] = "✗" if f.severity == "error" else marks.get(i, "!")
        for i, row in enumerate(self.rows):
            marks.setdefault(i, "○" if row.is_empty() else "✓")
        if marks != self._marks:
            self._marks = marks
            self.refresh_rows()

    # ---- which row ------------------------------------------------------------------------

    @property
    def highlighted_row(self) -> int | None:
        if self.highlighted is None or self.highlighted >= len(self._layout):
            return None
        kind, key = self._layout[self.highlighted]
        return key if kind == "row" else None

    def highlight_row(self, index: int) -> None:
        for pos, (kind, key) in enumerate(self._layout):
            if kind == "row" and key == index:
                self.highlighted = pos
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = self.highlighted_row
        if index is not None:
            self.post_message(self.Chosen(index))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    # ---- add, delete, move ------------------------------------------------------------------

    def target_row(self) -> int | None:
        """The row the list keys act on: the highlighted one while the table has the
        focus, else the one in the form."""
        return self.highlighted_row if self.has_focus else self.editor.current

    def action_add(self, at_end: bool = False) -> None:
        rows = list(self.rows)
        index = None if at_end else self.target_row()
        at = len(rows) if index is None else index + 1
        # the new row joins the group of the one it follows (or the last group)
        like = rows[at - 1] if at > 0 and rows else None
        rows.insert(at, EvalIndicator(level1=like.level1, level2=like.level2) if like else self.editor.first_row())
        self._store(rows, at, added=True)

    def action_remove(self) -> None:
        index = self.target_row()
        if index is None:
            return
        from selfeval.tui.screens.confirm import ConfirmScreen

        row = self.rows[index]
        what = "（空白）" if row.is_empty() else f"：\n「{row.name or row.target or row.actual}」"

        def answered(yes: bool | None) -> None:
            if yes:
                rows = list(self.rows)
                rows.pop(index)
                self._store(rows, min(index, len(rows) - 1) if rows else None)

        self.app.push_screen(ConfirmScreen(f"删除第 {index + 1} 项指标{what}？\n删除后不能撤销。"), answered)

    def action_move(self, step: int) -> None:
        index = self.target_row()
        if index is None:
            return
        target = index + step
        rows = list(self.rows)
        if not 0 <= target < len(rows):
            return
        # the same field of the moved row keeps the focus
        focused = getattr(self.screen.focused, "path", "")
        prefix = f"{self.list_path}[{index}]"
        suffix = focused[len(prefix):] if isinstance(focused, str) and focused.startswith(prefix + ".") else ""
        rows[index], rows[target] = rows[target], rows[index]
        self._store(rows, target, suffix=suffix)

    def _store(self, rows: list[EvalIndicator], focus: int | None, *, added: bool = False, suffix: str = "") -> None:
        paths.assign(self.report, self.list_path, rows)
        self.post_message(Edited(self.list_path, figures=True))
        hold = getattr(self.app, "hold_keys", None)
        if hold is not None:
            hold()  # keys typed meanwhile go where the focus goes next (released by the editor)
        self.post_message(self.Reshaped(focus, added, suffix))


class IndicatorsPane(Vertical):
    """The indicator table, its add button and the row form: the list keys work in all of them."""

    DEFAULT_CSS = """
    IndicatorsPane {
        height: auto;
        & > .list-add { margin: 0 0 1 4; min-width: 0; width: auto; height: 1; }
    }
    """

    BINDINGS = [
        Binding("ctrl+n", "add", "新增指标", id="evaltable.add"),
        Binding("ctrl+r", "remove", "删除", id="evaltable.remove"),
        Binding("ctrl+up", "move(-1)", "上移", id="evaltable.up", group=_MOVE),
        Binding("ctrl+down", "move(1)", "下移", id="evaltable.down", group=_MOVE),
    ]

    @property
    def table(self) -> IndicatorTable:
        return self.query_one(IndicatorTable)

    def action_add(self) -> None:
        self.table.action_add()

    def action_remove(self) -> None:
        self.table.action_remove()

    def action_move(self, step: int) -> None:
        self.table.action_move(step)


class RowForm(Vertical):
    """The inputs of one indicator row, with the rule's score beside the actual."""

    DEFAULT_CSS = """
    RowForm {
        height: auto;
        & .row-title { text-style: bold; height: auto; width: 1fr; }
        & FieldRow .field-label { width: 15; }
        & .row-score { padding: 0 0 0 15; height: auto; }
    }
    """

    def __init__(self, editor: EvaluationEditor, index: int | None) -> None:
        super().__init__(classes="row-form")
        self.editor = editor
        self.index = index

    def compose(self) -> ComposeResult:
        r = self.editor.report
        if self.index is None or self.index >= len(paths.get(r, f"{self.editor.path}.indicators")):
            yield note("还没有指标：按“＋ 新增指标”（或在指标表中按 Ctrl+N）新增一行。")
            return
        base = f"{self.editor.path}.indicators[{self.index}]"
        yield Static(f"第 {self.index + 1} 项指标（Tab 逐项填写；Shift+Tab 回到指标表）", classes="row-title", markup=False)
        for name in ("level1", "level2", "name"):
            yield field_row(r, f"{base}.{name}")
        yield FieldRow(ChoiceField(r, f"{base}.nature", NATURE_CHOICES, figures=True))
        for name in ("target", "adjusted_target", "unit"):
            yield field_row(r, f"{base}.{name}")
        yield field_row(r, f"{base}.points", placeholder="未填")
        # the actual, and right under it what the rule makes of it (live)
        yield field_row(r, f"{base}.actual")
        yield Derived(r, self._score_line, classes="row-score", id=paths.widget_id(f"{base}.rule", "d"))
        yield FieldRow(ChoiceField(r, f"{base}.grade", GRADE_CHOICES, figures=True))
        yield field_row(r, f"{base}.score", placeholder="未填")
        yield text_row(r, f"{base}.deviation")
        yield text_row(r, f"{base}.evidence")
        yield field_row(r, f"{base}.figure", placeholder="可选，如 ind.staff_control")
        for name in ("survey_method", "survey_sample", "survey_date"):
            yield field_row(r, f"{base}.{name}")

    def _score_line(self, report: Report) -> str:
        """``→ 规则得分 9.00：90 ÷ 100 × 10 = 9.00`` (live, from the scoring module)."""
        res = self.editor.row_result(self.index)
        if res is None:
            return ""
        if res.rule_score is not None:
            head = f"→ 规则得分 {fmt_money(res.rule_score)}"
        elif res.row.is_qualitative and res.score is not None:
            head = f"→ 得分 {fmt_money(res.score)}"
        else:
            head = "→ 尚不能计分"
        return f"{head}：{res.explain}" if res.explain else head


# ---- the whole table -------------------------------------------------------------------


class EvaluationEditor(Vertical):
    """A 自评表 at ``path`` of the session's report: scored by ``table()``."""

    DEFAULT_CSS = """
    EvaluationEditor {
        height: auto;
        & LightLabel.heading { padding: 0; }
        & .eval-summary { padding: 0; height: auto; width: 1fr; }
        & .eval-budget { padding: 0; height: auto; color: $text-accent; }
        & AmountGrid { margin-bottom: 0; }
    }
    """

    def __init__(
        self,
        session: Any,
        path: str,
        table: Callable[[], TableResult | None],
        *,
        budget_rows: list[tuple[str, list[Any]]],
        title: Callable[[Report], str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.title = title
        self.session = session
        self.path = path
        self._table = table
        self.budget_rows = budget_rows
        #: the row edited in the form below the table
        self.current: int | None = 0 if self.evaluation.indicators else None
        self.width_hint = 56

    @property
    def report(self) -> Report:
        return self.session.report

    @property
    def evaluation(self) -> Any:
        return paths.get(self.report, self.path)

    def table(self) -> TableResult | None:
        return self._table()

    def row_result(self, index: int | None) -> RowResult | None:
        table = self.table()
        if table is None or index is None or index >= len(table.rows):
            return None
        return table.rows[index]

    def first_row(self) -> EvalIndicator:
        """A first row: the first 一级 of the preset's split for this table."""
        table = self.table()
        names = [g.level1 for g in table.groups] if table is not None else []
        return EvalIndicator(level1=names[0] if names else "产出指标")

    # ---- building ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        r = self.report
        if self.title is not None:
            yield LightLabel(r, self.title, classes="heading heading-2")
        yield LightLabel(r, self._summary, classes="eval-summary")
        yield heading("预算执行情况（万元）", 2)
        yield AmountGrid(
            r, ("年初预算数", "全年预算数", "全年执行数"), self.budget_rows, label_width=12, cell_width=13
        )
        yield Derived(r, self._budget_line, classes="eval-budget")
        if "budget_deviation" in type(self.evaluation).model_fields:  # (a field newer than this editor)
            yield text_row(r, f"{self.path}.budget_deviation")
        yield heading(paths.title_of(f"{self.path}.goals"), 2)
        yield ListEditor(
            r,
            f"{self.path}.goals",
            row=lambda i: [text_row(r, f"{self.path}.goals[{i}].expected"), text_row(r, f"{self.path}.goals[{i}].achieved")],
            new_item=lambda r: Goal(),
            noun="目标",
            spaced=True,
        )
        yield heading(paths.title_of(f"{self.path}.indicators"), 2)
        yield note("↑↓选行 回车编辑 Ctrl+N新增 Ctrl+R删除 Ctrl+↑↓移动")
        with IndicatorsPane():
            yield IndicatorTable(self, id=paths.widget_id(f"{self.path}.indicators"))
            yield Button("＋ 新增指标", classes="list-add", compact=True, id=paths.widget_id(f"{self.path}.indicators", "add"))
            yield RowForm(self, self.current)

    def _summary(self, report: Report) -> str:
        table = self.table()
        if table is None:
            return "无法评分：没有可用的评分指标体系（见“基本信息”）。"
        light = table.light
        head = f"自评预警：{light_markup(light.colour, light.label)}"
        if light.reason:
            head += f"（{escape(light.reason)}）"
        if table.total is not None:
            grade = f"  等级 {table.grade}" if table.grade else ""
            score = f"总分 {fmt_money(table.total)} / {points_text(table.total_points)}{grade}"
        elif table.empty:
            score = "未填写"
        else:
            score = f"评分未完成（满分 {points_text(table.total_points)}）"
        return f"{head}\n{score}"

    def _budget_line(self, report: Report) -> str:
        table = self.table()
        if table is None:
            return ""
        b = table.budget
        if b.rate is None:
            return f"执行率 未能计算；分值 {points_text(b.points)}，得分 —"
        rate = fmt_money(b.rate * 100)
        return f"执行率 {rate}%；分值 {points_text(b.points)}，得分 {_score(b.score)}"

    # ---- keeping up ------------------------------------------------------------------------

    @property
    def indicator_table(self) -> IndicatorTable:
        return self.query_one(IndicatorTable)

    def refresh_rows(self) -> None:
        # query, not query_one: a check may come between this editor's mount and its compose
        for table in self.query(IndicatorTable):
            table.refresh_rows()

    def show_findings(self, findings: list[Finding]) -> None:
        for table in self.query(IndicatorTable):
            table.show_findings(findings)

    async def edit_row(self, index: int | None, *, focus: str | None = "") -> None:
        """Show row ``index`` in the form (rebuilt) and focus it: its first input, or the
        input for the field path ``focus``; ``None``: leave the focus where it is."""
        self.current = index
        await self.query(RowForm).remove()
        form = RowForm(self, index)
        await self.query_one(IndicatorsPane).mount(form)
        self.indicator_table.refresh_rows()
        if index is not None:
            self.indicator_table.highlight_row(index)
        if focus is None:
            return
        if focus:
            try:
                widget = form.query_one("#" + paths.widget_id(focus))
            except Exception:
                widget = None
            if widget is not None and widget.focusable:
                widget.focus()
                widget.scroll_visible(animate=False)
                return
        from selfeval.tui.sections.base import focus_within

        focus_within(form)

    @on(Button.Pressed, ".list-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.indicator_table.action_add(at_end=True)  # as the button of every list: at the end

    @on(IndicatorTable.Chosen)
    async def _chosen(self, event: IndicatorTable.Chosen) -> None:
        event.stop()
        await self.edit_row(event.index, focus=f"{self.path}.indicators[{event.index}].name")

    @on(IndicatorTable.Reshaped)
    async def _reshaped(self, event: IndicatorTable.Reshaped) -> None:
        event.stop()
        try:
            self.indicator_table.rebuild(highlight=event.focus)
            if event.added and event.focus is not None:
                # a new row: its name is typed next
                await self.edit_row(event.focus, focus=f"{self.path}.indicators[{event.focus}].name")
            elif event.suffix and event.focus is not None:  # moved from the form: the same field
                await self.edit_row(event.focus, focus=f"{self.path}.indicators[{event.focus}]{event.suffix}")
            else:  # moved or deleted from the table: stay on it
                await self.edit_row(event.focus, focus=None)
                self.indicator_table.focus()
        finally:
            if getattr(self.app, "hold_keys", None) is not None:
                self.app.release_keys()

    def row_of(self, path: str) -> int | None:
        """The indicator row ``path`` lies in (``…indicators[2].actual`` → 2), if any."""
        prefix = f"{self.path}.indicators["
        if not path.startswith(prefix):
            return None
        try:
            index = int(path[len(prefix):].split("]", 1)[0])
        except ValueError:
            return None
        return index if index < len(self.evaluation.indicators) else None

    async def prepare_path(self, path: str) -> None:
        """Show the row ``path`` lies in in the form (before its input is focused)."""
        index = self.row_of(path)
        if index is not None and (index != self.current or not self.query(RowForm)):
            await self.edit_row(index, focus=None)

    def focus_path(self, path: str) -> bool:
        """Focus the input for ``path`` (its row already in the form: :meth:`prepare_path`),
        or the table for the indicators as a whole."""
        if path == f"{self.path}.indicators":
            self.indicator_table.focus()
            self.indicator_table.scroll_visible(animate=False)
            return True
        if self.row_of(path) is None:
            return False
        for candidate in paths.prefixes(path):
            for widget in self.query("#" + paths.widget_id(candidate)):
                if widget.focusable:
                    widget.focus()
                    widget.scroll_visible(animate=False)
                    return True
        return False
