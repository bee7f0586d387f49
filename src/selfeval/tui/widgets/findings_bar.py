"""One line above the keys: how many problems, and the first one on this step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from selfeval.checks import Finding

__all__ = ["FindingsBar"]

_STYLE = {"error": "bold red", "warning": "yellow", "notice": "dim"}


class FindingsBar(Widget):
    """A fixed one-line bar: repainting it never re-lays out the screen."""

    DEFAULT_CSS = """
    FindingsBar {
        height: 1;
        width: 1fr;
        background: $panel;
        padding: 0 1;
        /* one line, cut at the edge: a long Chinese message has no space to wrap
           at, and wrapping would push all of it off the bar */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line = Text()

    @property
    def summary(self) -> str:
        return self._line.plain

    def show(self, findings: list[Finding], step: str | None) -> None:
        """Counts, then the first problem of ``step`` (of the whole report when ``None``)."""
        from selfeval.checks import SEVERITY_MARKS

        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "notice")}
        line = Text(no_wrap=True, overflow="ellipsis")
        if not any(counts.values()):
            line.append("✓ 没有发现问题", style="green")
        else:
            line.append(f"✗{counts['error']} ", style=_STYLE["error"] if counts["error"] else "dim")
            line.append(f"!{counts['warning']} ", style=_STYLE["warning"] if counts["warning"] else "dim")
            line.append(f"·{counts['notice']}", style="dim")
            here = [f for f in findings if (step is None or f.section == step) and f.severity != "notice"]
            if here:
                first = here[0]
                line.append(" │ ", style="dim")
                line.append(f"{SEVERITY_MARKS[first.severity]} {first.message}", style=_STYLE[first.severity])
                if len(here) > 1:
                    where = "本节" if step is not None else "报告中"
                    line.append(f"（{where}另有 {len(here) - 1} 处，F3 逐个查看）", style="dim")
            else:
                line.append(" │ 本节没有问题", style="dim")
        if line.plain != self._line.plain or line.spans != self._line.spans:
            self._line = line
            self.refresh()

    def render(self) -> Text:
        return self._line
