"""F1: the keys, and what the focused field is and where its figure comes from."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from selfeval.model import paths

__all__ = ["HelpScreen", "key_rows", "describe"]

_MORE_KEYS = [
    ("Tab / Shift+Tab", "下一项 / 上一项"),
    ("↑↓ / 回车", "在左侧目录中选节 / 进入该节"),
    ("空格 / 回车", "勾选、展开、按按钮"),
    ("Ctrl+Z / Ctrl+Y", "文字框中撤销 / 重做"),
]


def key_rows(app) -> list[tuple[str, str]]:
    """(keys, what they do) for the app's, the editor's and the lists' bindings."""
    from selfeval.tui.screens.editor import EditorScreen
    from selfeval.tui.widgets.list_editor import ListEditor

    rows: list[tuple[str, str]] = []
    for source in (app.BINDINGS, EditorScreen.BINDINGS, ListEditor.BINDINGS):
        for b in source:
            if not isinstance(b, Binding) or not b.description:
                continue
            keys = " / ".join(app.get_key_display(Binding(k.strip(), b.action)) for k in b.key.split(","))
            rows.append((keys, b.description if b.id != "editor.external_editor" else "在外部编辑器（$EDITOR）中编辑当前文字框"))
    return rows + _MORE_KEYS


def describe(widget: Widget | None) -> tuple[str, str]:
    """(title, help text) of the field ``widget`` edits, from the model's metadata;
    for an indicator of the preset, its 评分标准."""
    node = widget
    while node is not None:
        indicator = getattr(node, "indicator", None)
        if indicator is not None:
            return (
                f"{indicator.level1} › {indicator.level2} › {indicator.level3}（分值 {indicator.points}）",
                indicator.standard or "（指标体系未写评分标准）",
            )
        path = getattr(node, "path", None)
        if isinstance(path, str) and paths.field_info(path) is not None:
            extra = ""
            extra_node = node.parent
            while extra_node is not None and getattr(extra_node, "indicator", None) is None:
                extra_node = extra_node.parent
            if extra_node is not None:
                ind = extra_node.indicator  # type: ignore[attr-defined]
                extra = f"\n\n评分标准（{ind.level3}）：{ind.standard}"
            return paths.title_of(path), (paths.help_of(path) or "（没有说明）") + extra
        node = node.parent
    return "", ""


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

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.field_title = title
        self.field_text = text

    @classmethod
    def for_widget(cls, widget: Widget | None) -> HelpScreen:
        """Help for the field ``widget`` edits (or the nearest field around it)."""
        return cls(*describe(widget))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            if self.field_title:
                yield Static(Text(f"当前项：{self.field_title}", style="bold"), classes="help-title")
                yield Static(Text(self.field_text), classes="help-field")
            table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
            table.add_column(style="bold", no_wrap=True)
            table.add_column()
            for keys, what in key_rows(self.app):
                table.add_row(keys, what)
            yield Static(Text("按键", style="bold"))
            yield Static(table)
            yield Static(Text("Esc 或 F1 关闭", style="dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
