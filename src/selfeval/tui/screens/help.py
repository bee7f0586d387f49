"""F1: the keys, and what the focused field is and where its figure comes from
(the text is built in :mod:`selfeval.tui.help_text`)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from selfeval.tui.help_text import STEP_LIST_TITLE, describe, legend_rows

__all__ = ["HelpScreen"]

class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: heavy $accent;
            background: $surface;
            padding: 0 1;
        }
        & .help-field { margin-bottom: 1; height: auto; }
        & .help-title { text-style: bold; }
    }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss", "关闭", id="help.close")]

    def __init__(self, title: str, text: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.field_title = title
        self.field_text = text
        self.keys = keys

    @classmethod
    def for_widget(cls, widget: Widget | None, keys: list[tuple[str, str]]) -> HelpScreen:
        """Help for the field ``widget`` edits (or the nearest field around it), and ``keys``."""
        return cls(*describe(widget), keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            if self.field_title:
                yield Static(Text(f"当前项：{self.field_title}", style="bold"), classes="help-title")
                yield Static(Text(self.field_text), classes="help-field")
            table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
            table.add_column(style="bold", no_wrap=True)
            table.add_column()
            for keys, what in self.keys:
                table.add_row(keys, what)
            yield Static(Text("按键", style="bold"))
            yield Static(table)
            if self.field_title != STEP_LIST_TITLE:  # there the field text is the legend
                legend = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
                legend.add_column(style="bold", no_wrap=True)
                legend.add_column()
                for mark, what in legend_rows():
                    legend.add_row(mark, what)
                yield Static(Text("标记和数字", style="bold"))
                yield Static(legend)
            yield Static(Text("Esc 或 F1 关闭", style="dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
