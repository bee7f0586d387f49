"""Placeholder TUI until the guided editor lands: shows the draft's title and quits on q."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from selfeval import draft


class SelfEvalApp(App[None]):
    TITLE = "selfeval"
    BINDINGS = [("q", "quit", "退出")]

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        super().__init__()
        self.path = path
        self.read_only = read_only
        self.report = draft.load(path)

    def compose(self) -> ComposeResult:
        yield Header()
        meta = self.report.meta
        yield Static(
            f"{meta.department}{meta.year}年度部门整体支出绩效自评报告\n\n"
            "编辑界面尚在建设中。现在可以直接编辑 TOML 草稿，"
            "并用 selfeval check / selfeval render 检查和生成报告。"
        )
        yield Footer()
