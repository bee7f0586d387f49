"""Confirmation dialogs: a yes/no question, and what to do with unsaved changes on quitting."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from selfeval.tui.screens.dialog import Dialog

__all__ = ["ConfirmScreen", "QuitScreen", "QuitChoice"]

class ConfirmScreen(Dialog[bool]):
    """``question`` with 是 (Y / Enter on it) and 否 (N / Esc); dismisses with the answer."""

    BINDINGS = [
        Binding("y", "answer(True)", "是", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "否", id="confirm.no"),
        Binding("left,right", "app.focus_next", show=False, id="confirm.other_button"),
    ]

    def __init__(self, question: str, *, yes: str = "是", no: str = "否", default_yes: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes_label} (Y)", id="yes", variant="warning", compact=True)
                yield Button(f"{self.no_label} (N)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default_yes else "#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


QuitChoice = Literal["save", "discard"] | None


class QuitScreen(Dialog[QuitChoice]):
    """Unsaved changes on quitting: save and quit, quit without saving, or go back."""

    BINDINGS = [
        Binding("s,y", "choose('save')", "保存并退出", id="quit.save"),
        Binding("d", "choose('discard')", "不保存", id="quit.discard"),
        Binding("escape,c", "choose(None)", "取消", id="quit.cancel"),
        Binding("left", "app.focus_previous", show=False, id="quit.previous_button"),
        Binding("right", "app.focus_next", show=False, id="quit.next_button"),
    ]

    def __init__(self, message: str, *, can_save: bool = True) -> None:
        super().__init__()
        self.message = message
        self.can_save = can_save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message, classes="question", markup=False)
            with Horizontal(classes="buttons"):
                if self.can_save:
                    yield Button("保存并退出 (S)", id="save", variant="primary", compact=True)
                yield Button("不保存退出 (D)", id="discard", variant="error", compact=True)
                yield Button("取消 (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save" if self.can_save else "#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        self.dismiss(None if choice == "cancel" else choice)  # type: ignore[arg-type]

    def action_choose(self, choice: QuitChoice) -> None:
        if choice == "save" and not self.can_save:
            return
        self.dismiss(choice)
