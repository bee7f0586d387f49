"""The bottom line: the keys that work here, as one line of text.

Textual's ``Footer`` rebuilds a widget per key on every focus change, and each
rebuild re-lays out the whole screen; with a long form on screen that made a
Tab cost tens of milliseconds. This bar renders the same bindings as text and
repaints only itself.
"""

from __future__ import annotations

from itertools import groupby

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["KeyBar"]


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            text = self.keys_text()
            if text.plain != self._text.plain:
                self._text = text
                self.refresh()

    def keys_text(self) -> Text:
        """``F1 帮助  ^S 保存  F7F8 换节 …`` for the bindings active now."""
        seen: set[str] = set()
        shown = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append(binding)
        # the focused widget's keys first, then the app's in the app's own order
        # (a widget that also binds F7 must not pull it away from F8)
        order = {b.id: i for i, b in enumerate(self.app.BINDINGS) if isinstance(b, Binding) and b.id}
        shown.sort(key=lambda b: order.get(b.id, -1) if b.id else -1)
        text = Text(no_wrap=True, overflow="ellipsis")

        def add(keys: str, label: str) -> None:
            text.append(f" {keys}", style="bold reverse")
            text.append(f" {label} ")

        for group, run in groupby(shown, key=lambda b: b.group):
            members = list(run)
            if group is not None and len(members) > 1:
                add("".join(self.app.get_key_display(b) for b in members), group.description)
            else:
                for b in members:
                    add(self.app.get_key_display(b), b.description)
        return text

    @property
    def plain(self) -> str:
        return self._text.plain

    def render(self) -> Text:
        if not self._text.plain and self.is_attached:
            self._text = self.keys_text()
        return self._text
