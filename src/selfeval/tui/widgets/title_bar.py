"""The top line: which report, which file, and whether it is saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

__all__ = ["TitleBar"]


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        background: $primary;
        color: $text;
        & > #title { width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; text-style: bold; }
        & > #state { width: auto; padding: 0 1; }
        & > #state.-unsaved { background: $warning; color: $text; text-style: bold; }
        & > #state.-failed { background: $error; color: $text; text-style: bold; }
    }
    """

    def __init__(self, title: str, state: str = "") -> None:
        super().__init__()
        self._title = title
        self._state = state

    def compose(self) -> ComposeResult:
        yield Label(self._title, id="title", markup=False)
        yield Label(self._state, id="state", markup=False)

    def on_mount(self) -> None:
        # the app's save state (saved / unsaved / failed) drives the right-hand label
        self.watch(self.app, "save_state", self._show_state, init=False)

    def _show_state(self, state: tuple[str, str]) -> None:
        text, kind = state
        self.set_state(text, unsaved=kind == "unsaved", failed=kind == "failed")

    def set_title(self, title: str) -> None:
        self._title = title
        self.query_one("#title", Label).update(title)

    def set_state(self, state: str, *, unsaved: bool = False, failed: bool = False) -> None:
        self._state = state
        label = self.query_one("#state", Label)
        label.update(state)
        label.set_class(unsaved and not failed, "-unsaved")
        label.set_class(failed, "-failed")

    @property
    def state(self) -> str:
        return self._state
