"""选择导出格式: Markdown, Word, both, PDF, or the Excel workbook of the tables, chosen with one key."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from selfeval.tui.screens.dialog import Dialog

__all__ = ["ExportScreen", "CHOICES"]

#: button id → the formats it exports (suffixes of :data:`selfeval.export.FORMATS`)
CHOICES: dict[str, tuple[str, ...]] = {
    "md": ("md",),
    "docx": ("docx",),
    "both": ("md", "docx"),
    "pdf": ("pdf",),
    "xlsx": ("xlsx",),
}


class ExportScreen(Dialog[Optional[tuple[str, ...]]]):
    """Which files to write; dismisses with the formats, or ``None`` (Esc)."""

    # -wide: the buttons fit two lines at 80 columns
    DEFAULT_CLASSES = "-primary -wide"
    BINDINGS = [
        Binding("m,1", "choose('md')", "Markdown", id="export.md"),
        Binding("w,2", "choose('docx')", "Word", id="export.docx"),
        Binding("b,3", "choose('both')", "两者", id="export.both"),
        Binding("p,4", "choose('pdf')", "PDF", id="export.pdf"),
        Binding("x,5", "choose('xlsx')", "Excel", id="export.xlsx"),
        Binding("escape,c", "choose(None)", "取消", id="export.cancel"),
        Binding("left", "app.focus_previous", show=False, id="export.previous_button"),
        Binding("right", "app.focus_next", show=False, id="export.next_button"),
    ]

    def __init__(self, draft_path: Path) -> None:
        super().__init__()
        self.draft_path = Path(draft_path)

    def compose(self) -> ComposeResult:
        from selfeval.export import default_output

        md, docx, pdf, xlsx = (default_output(self.draft_path, fmt).name for fmt in ("md", "docx", "pdf", "xlsx"))
        question = (
            f"选择导出格式（写到草稿所在的文件夹）：\nMarkdown：{md}\nWord：{docx}\n"
            f"PDF：{pdf}（需要 LibreOffice）\nExcel：{xlsx}（各自评表、基础数据表、评分明细表）"
        )
        with Vertical():
            yield Static(question, classes="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Markdown (M)", id="md", variant="primary", compact=True)
                yield Button("Word (W)", id="docx", compact=True)
                yield Button("两者 (B)", id="both", compact=True)
                yield Button("PDF (P)", id="pdf", compact=True)
            # the report's formats on the first line, the tables' workbook and 取消 on the second
            with Horizontal(classes="buttons"):
                yield Button("Excel 表格 (X)", id="xlsx", compact=True)
                yield Button("取消 (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#md", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(None if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(None if choice is None else CHOICES[choice])
