"""检查与导出: every finding grouped by step (Enter jumps to the field), export, and the
reconciliation figures (a figure stated elsewhere, compared with ours)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from selfeval.amounts import HUNDRED, fmt_money
from selfeval.checks import SEVERITY_LABELS, SEVERITY_MARKS, Finding, summary
from selfeval.model import FIGURES, Report, StatedFigure
from selfeval.model import paths
from selfeval.steps import STEP_LABELS
from selfeval.tui.messages import Jump
from selfeval.tui.sections.base import Section
from selfeval.tui.text import tighten
from selfeval.tui.widgets.choice import ChoiceField
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.forms import field_row, heading, note
from selfeval.tui.widgets.list_editor import ListEditor

if TYPE_CHECKING:
    from selfeval.session import EditSession

__all__ = ["ReviewSection", "FindingsList"]


class FindingsList(OptionList):
    """All findings under a heading per step; Enter on one asks the editor to jump there."""

    DEFAULT_CSS = """
    FindingsList {
        height: auto;
        max-height: 50vh;
        min-height: 3;
        border: none;
        padding: 0;
        & > .option-list--option-disabled { text-style: bold; color: $text; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: list[Finding] = []

    def show(self, findings: list[Finding]) -> None:
        if findings == self.findings and self.option_count:
            return
        kept = self.highlighted
        self.findings = list(findings)
        options: list[Option] = []
        current = None
        for i, f in enumerate(findings):
            if f.section != current:
                current = f.section
                options.append(Option(f"【{STEP_LABELS.get(f.section, f.section)}】", disabled=True))
            mark = SEVERITY_MARKS[f.severity]
            text = f"{mark} {SEVERITY_LABELS[f.severity]}：{tighten(f.message)}"
            options.append(Option(text, id=f"finding-{i}"))
        if not options:
            options.append(Option("✓ 没有发现问题", disabled=True))
        self.set_options(options)
        if kept is not None and self.option_count:
            self.highlighted = min(kept, self.option_count - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("finding-"):
            finding = self.findings[int(event.option.id.removeprefix("finding-"))]
            self.post_message(Jump(finding.path, finding.section))


def _figure_options(session: EditSession) -> list[tuple[str, str]]:
    options = [(f"{f.label}", key) for key, f in FIGURES.items()]
    if session.preset is not None:
        options.append(("总分", "score.total"))
        options += [(f"{name}得分", f"score.{name}") for name in session.preset.level1_names()]
    return options


def _computed(session: EditSession, i: int):
    def get(report: Report) -> str:
        if i >= len(report.reconciliation):
            return ""
        key = report.reconciliation[i].figure
        if key.startswith("score."):
            card = session.scorecard()
            if card is None:
                return "程序计算 —"
            name = key.removeprefix("score.")
            if name == "total":
                return f"程序计算 {fmt_money(card.total)}"
            value = next((s.score for s in card.level1 if s.name == name), None)
            return f"程序计算 {fmt_money(value) or '—'}"
        fig = FIGURES[key]
        value = fig.get(report)
        if value is None:
            return "程序计算 —（无法计算）"
        if fig.kind == "percent":
            # a stated percentage is typed in points (99.17), so ours is shown the same way
            return f"程序计算 {fmt_money(value * HUNDRED)}"
        return f"程序计算 {fig.format(value)}"

    return get


class ReviewSection(Section):

    progressive = False  # its summary and findings list are filled as it mounts
    step = "review"

    DEFAULT_CSS = """
    ReviewSection {
        & #review-summary { height: auto; text-style: bold; }
        & #export { width: auto; min-width: 0; height: 1; }
        & #export-note { color: $text-muted; height: auto; }
    }
    """

    def _recon_row(self, i: int) -> list[Widget]:
        r = self.report
        base = f"reconciliation[{i}]"
        return [
            FieldRow(ChoiceField(r, f"{base}.figure", _figure_options(self.session), figures=True)),
            field_row(r, f"{base}.value", Derived(r, _computed(self.session, i))),
            field_row(r, f"{base}.where"),
        ]

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        yield Static("", id="review-summary", markup=False)
        yield note("↑↓ 选择，回车跳到该项；Esc 回到左侧目录。")
        yield FindingsList(id="findings")
        yield heading("导出")
        yield Button("导出报告（F9）", id="export", compact=True, variant="primary")
        from selfeval.export import default_output

        md = self.app.export_path
        yield Static(
            f"Markdown 或 Word，写到草稿所在的文件夹：\n{md.name}、{default_output(self.app.path, 'docx').name}",
            id="export-note",
            markup=False,
        )
        yield heading(paths.title_of("reconciliation"))
        yield note(paths.help_of("reconciliation"))
        yield ListEditor(
            r,
            "reconciliation",
            row=self._recon_row,
            new_item=lambda r: StatedFigure(figure="gb.spending.total", value=0),
            noun="核对数",
            spaced=True,
            figures=True,
        )

    def on_mount(self) -> None:
        self.show_findings(self.session.findings)

    def show_findings(self, findings: list[Finding]) -> None:
        self.query_one("#review-summary", Static).update(summary(findings))
        self.query_one(FindingsList).show(findings)

    def focus_first(self, *, now: bool = False, scroll_visible: bool = True) -> bool:
        findings = self.query_one(FindingsList)
        if now:
            self.screen.set_focus(findings, scroll_visible=False)
        else:
            findings.focus(scroll_visible=False)
        self.scroll_home(animate=False)  # the summary above the list stays in view
        return True

    @on(Button.Pressed, "#export")
    def _export(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.action_export()
