"""The preview mode: the finished report as it will be exported, rendered from memory."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, Static
from textual.worker import Worker, WorkerState

from selfeval.tui.linebreak import for_terminal
from selfeval.tui.widgets.findings_bar import FindingsBar
from selfeval.tui.widgets.key_bar import KeyBar
from selfeval.tui.widgets.title_bar import TitleBar

__all__ = ["PreviewScreen", "for_terminal"]


class PreviewScreen(Screen[None]):
    DEFAULT_CSS = """
    PreviewScreen {
        & > VerticalScroll { height: 1fr; padding: 0 1; }
        & #preview-note { height: 1; background: $panel; padding: 0 1; }
        & Markdown { margin: 0; padding: 0; }
    }
    """
    BINDINGS = [
        Binding("escape", "app.toggle_preview", "返回编辑", id="preview.back"),
        Binding("home", "scroll_home", "开头", show=False, id="preview.home"),
        Binding("end", "scroll_end", "结尾", show=False, id="preview.end"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rendered_generation = -1

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title_text, self.app.state_text)
        with VerticalScroll(id="preview-scroll"):
            yield Markdown("正在生成预览…", id="preview")
        yield Static("预览（只读）· ↑↓ PgUp PgDn 滚动 · F5 或 Esc 返回编辑", id="preview-note")
        yield FindingsBar()
        yield KeyBar()

    def on_screen_resume(self) -> None:
        self.query_one("#preview-scroll").focus()
        self.query_one(FindingsBar).show(self.app.session.run_checks(), None)
        if self._rendered_generation != self.app.session.generation:
            self.refresh_preview()

    def refresh_preview(self) -> None:
        """Render the report as it is in memory now (in a thread), then show it."""
        session = self.app.session
        snapshot = session.report.model_copy(deep=True)
        preset = session.preset
        base_dir = session.path.parent

        def work() -> str:
            from selfeval import render
            from selfeval.framework import PresetError, evaluate

            try:
                card = evaluate(snapshot, preset) if preset is not None else None
                return render.markdown(snapshot, base_dir=base_dir, card=card)
            except (render.RenderError, PresetError) as exc:
                return f"# 无法生成预览\n\n{exc}"

        self.run_worker(work, name=str(session.generation), thread=True, group="preview", exclusive=True)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "preview" and event.state == WorkerState.SUCCESS:
            await self.query_one("#preview", Markdown).update(for_terminal(event.worker.result))
            self._rendered_generation = int(event.worker.name)

    def action_scroll_home(self) -> None:
        self.query_one("#preview-scroll").scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.query_one("#preview-scroll").scroll_end(animate=False)
