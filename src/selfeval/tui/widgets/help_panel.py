"""At 120 columns and more: what the focused field is and where its figure comes from, always in view."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

__all__ = ["HelpPanel", "WIDE"]

#: terminal width from which the panel is shown (below it, F1 shows the same text)
WIDE = 120


class HelpPanel(Widget):
    DEFAULT_CSS = """
    HelpPanel {
        width: 34;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $foreground 20%;
        color: $text-muted;
        display: none;
        &.-shown { display: block; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text("")
        self._for: object = None

    def show_for(self, widget: Widget | None) -> None:
        if widget is self._for:
            return
        self._for = widget
        from selfeval.tui.help_text import describe

        title, text = describe(widget)
        out = Text()
        if title:
            out.append(title + "\n", style="bold")
            out.append(text)
        else:
            out.append("把光标移到一个填写项上，这里显示它的说明。")
        out.append("\n\nF1 查看全部按键", style="dim")
        self._text = out
        self.refresh()

    def render(self) -> Text:
        return self._text
