"""Dialogs that keep work safe: a draft held by someone else, unsaved work found at
start, and saving elsewhere when the draft cannot be written."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from selfeval.tui.screens.dialog import Dialog

__all__ = ["LockedScreen", "StaleLockScreen", "RecoveryScreen", "DiffScreen", "SaveAsScreen", "OutsideChangeScreen"]

class _Choice(Dialog[Optional[str]]):
    """A message and a row of buttons; each button's id is what the screen returns."""

    DEFAULT_CLASSES = "-wide"

    CHOICES: tuple[tuple[str, str, str], ...] = ()  # (id, label, variant)

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message, classes="message", markup=False)
            with Horizontal(classes="buttons"):
                for choice, label, variant in self.CHOICES:
                    yield Button(label, id=choice, variant=variant, compact=True)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


LockChoice = Literal["read_only", "quit"]


class LockedScreen(_Choice):
    """Someone else has the draft open: open it read-only, or quit."""

    CHOICES = (("read_only", "只读打开 (R)", "primary"), ("quit", "退出 (Q)", "default"))
    BINDINGS = [
        Binding("r", "choose('read_only')", "只读打开", id="locked.read_only"),
        Binding("q,escape", "choose('quit')", "退出", id="locked.quit"),
        Binding("left", "app.focus_previous", show=False, id="locked.previous_button"),
        Binding("right", "app.focus_next", show=False, id="locked.next_button"),
    ]


class StaleLockScreen(_Choice):
    """Another user's editor left the draft locked and is gone: take it over, open it
    read-only, or quit. (One's own stale lock is taken over without asking.)"""

    CHOICES = (
        ("take_over", "接管并编辑 (T)", "primary"),
        ("read_only", "只读打开 (R)", "default"),
        ("quit", "退出 (Q)", "default"),
    )
    BINDINGS = [
        Binding("t", "choose('take_over')", "接管", id="stale_lock.take_over"),
        Binding("r", "choose('read_only')", "只读打开", id="stale_lock.read_only"),
        Binding("q,escape", "choose('quit')", "退出", id="stale_lock.quit"),
        Binding("left", "app.focus_previous", show=False, id="stale_lock.previous_button"),
        Binding("right", "app.focus_next", show=False, id="stale_lock.next_button"),
    ]


class RecoveryScreen(_Choice):
    """Unsaved work from last time (``FILE.recover``): take it, look at it, or set it aside."""

    CHOICES = (
        ("take", "采用恢复的内容 (T)", "primary"),
        ("diff", "查看差异 (V)", "default"),
        ("discard", "不采用 (D)", "error"),
    )
    BINDINGS = [
        Binding("t", "choose('take')", "采用", id="recovery.take"),
        Binding("v", "choose('diff')", "查看差异", id="recovery.diff"),
        Binding("d", "choose('discard')", "不采用", id="recovery.discard"),
        Binding("left", "app.focus_previous", show=False, id="recovery.previous_button"),
        Binding("right", "app.focus_next", show=False, id="recovery.next_button"),
    ]


class OutsideChangeScreen(_Choice):
    """The draft changed on disk since it was loaded or saved: reload it (own
    changes kept in a recovery file), keep mine (theirs kept as ``FILE.theirs``),
    or save as another file."""

    CHOICES = (
        ("reload", "重新载入 (L)", "default"),
        ("keep_mine", "保留我的 (K)", "primary"),
        ("save_as", "另存为 (A)", "default"),
    )
    BINDINGS = [
        Binding("l", "choose('reload')", "重新载入", id="outside.reload"),
        Binding("k", "choose('keep_mine')", "保留我的", id="outside.keep_mine"),
        Binding("a", "choose('save_as')", "另存为", id="outside.save_as"),
        Binding("escape", "choose(None)", "以后再说", id="outside.later"),
        Binding("left", "app.focus_previous", show=False, id="outside.previous_button"),
        Binding("right", "app.focus_next", show=False, id="outside.next_button"),
    ]

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


class DiffScreen(ModalScreen[None]):
    """What taking the recovered work would change, as a unified diff; Esc goes back."""

    DEFAULT_CSS = """
    DiffScreen {
        align: center middle;
        & > VerticalScroll {
            width: 100%;
            height: 100%;
            border: heavy $accent;
            background: $surface;
        }
    }
    """
    BINDINGS = [Binding("escape,q,enter", "dismiss", "返回", id="diff.close")]

    def __init__(self, diff: str) -> None:
        super().__init__()
        self.diff = diff

    def compose(self) -> ComposeResult:
        from rich.syntax import Syntax

        with VerticalScroll() as scroll:
            scroll.border_title = "恢复的内容与草稿的差异（Esc 返回）"
            yield Static(Syntax(self.diff or "（没有差异）", "diff", word_wrap=True, theme="ansi_dark"))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


class SaveAsScreen(Dialog[Optional[Path]]):
    """The draft cannot be written: save the work to another file."""

    DEFAULT_CLASSES = "-wide"
    BINDINGS = [Binding("escape", "cancel", "取消", id="save_as.cancel")]

    def __init__(self, reason: str, suggestion: Path) -> None:
        super().__init__()
        self.reason = reason
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"{self.reason}\n\n修改都还在程序中。可以另存到别的文件（回车确认，Esc 取消）：",
                classes="message",
                markup=False,
            )
            yield Input(str(self.suggestion), id="save-as-path")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
