"""A list of the report edited by key: add, delete, move up/down.

The rows are built from the list's field path (``general_budget.projects``)
by a function the section gives. After a change of shape only the rows whose
index changed are built again (from the added or deleted row to the end; the
two rows of a move), so every input's id still matches its field path
(``…projects[2].amount``) and a finding can find it, and a long list does not
rebuild every row for one added row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from selfeval.model import Report
from selfeval.model import paths
from selfeval.tui.messages import Edited, Validated
from selfeval.tui.widgets.field_row import show_message

__all__ = ["ListEditor", "ListRow", "MoreRows", "PAGE"]


def _is_empty(item: Any) -> bool:
    if isinstance(item, str):
        return not item.strip()
    if hasattr(item, "is_empty"):
        return item.is_empty()
    data = item.model_dump() if hasattr(item, "model_dump") else item
    return all(v in ("", 0, None, False, [], {}) for v in data.values()) if isinstance(data, dict) else not data


def _describe(item: Any, limit: int = 40) -> str:
    """The item's own text, shortened: a string itself, else its first non-empty text fields."""
    if isinstance(item, str):
        text = item.strip()
    else:
        data = item.model_dump() if hasattr(item, "model_dump") else {}
        parts = [str(v).strip() for v in data.values() if isinstance(v, str) and v.strip() and not str(v).isascii()]
        parts = parts or [str(v) for v in data.values() if v not in ("", None, [], {})]
        text = " ".join(parts)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_MOVE = Binding.Group("移动", compact=True)


class ListRow(Horizontal):
    """One item: its number, then the item's fields."""

    DEFAULT_CSS = """
    ListRow {
        height: auto;
        & > .row-number { width: 4; color: $text-muted; }
        &:focus-within > .row-number { color: $text; text-style: bold reverse; }
        & > .row-body { height: auto; width: 1fr; }
    }
    """

    def __init__(
        self, list_path: str, index: int, body: Iterable[Widget], number: str | None = None, number_width: int = 4
    ) -> None:
        super().__init__(id=paths.widget_id(f"{list_path}[{index}]", prefix="r"))
        self.list_path = list_path
        self.index = index
        self.body = list(body)
        self.number = number if number is not None else f"{index + 1}."
        self.number_width = number_width

    def compose(self) -> ComposeResult:
        label = Label(self.number, classes="row-number")
        label.styles.width = self.number_width
        yield label
        if len(self.body) == 1:
            # one field: no box around it (a message then appears beside it)
            yield self.body[0]
            return
        with Vertical(classes="row-body"):
            yield from self.body

    def on_validated(self, message: Validated) -> None:
        # inputs laid out in the row itself (not in a FieldRow) report here
        message.stop()
        error = message.error
        body = self.query_children(".row-body")
        show_message(body.first() if body else self, f"{paths.title_of(message.path)}：{error}" if error else None)


#: a list builds this many rows at first (enough to fill the first screen; a
#: step's first paint waits for them); more as the 'more' line comes into view
FIRST = 3
#: rows built each time the 'more' line is painted, focused or jumped past
PAGE = 10


class MoreRows(Static, can_focus=True):
    """The rows of a long list not built yet: built when this line is painted (it
    scrolled into view), is focused (Tab) or Enter is pressed on it."""

    DEFAULT_CSS = """
    MoreRows { height: 1; width: 1fr; padding-left: 4; color: $text-muted; }
    MoreRows:focus { text-style: reverse; }
    """

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self._asked = False

    def set_count(self, count: int) -> None:
        self.count = count
        self._asked = False
        self.refresh()

    def render(self) -> str:
        if not self._asked and self.parent is not None:
            self._asked = True
            self.call_later(self._more)
        return f"……还有 {self.count} 项，正在显示……"

    def on_focus(self) -> None:
        self.call_later(self._more)

    async def _more(self) -> None:
        editor = self.parent
        if isinstance(editor, ListEditor):
            before = len(editor._rows())
            await editor._show_more_rows()
            if self.has_focus or not self.is_attached and editor.screen.focused is None:
                editor.focus_item(before)  # Tab reached the line: on to the first row it built


class ListEditor(Vertical):
    """Rows for each item of the list at ``path`` of ``report``, and a button to add one.

    ``row(index)`` gives the widgets of one row, ``new_item(report)`` a new item.
    ``on_remove(report, item)`` runs after an item is deleted (e.g. to unlink it).
    """

    DEFAULT_CSS = """
    ListEditor {
        height: auto;
        & > .list-header { height: auto; padding-left: 4; color: $text-muted; }
        & > .list-add { margin-left: 4; min-width: 0; width: auto; height: 1; }
        & > ListRow { margin-bottom: 0; }
        &.-spaced > ListRow { margin-bottom: 1; }
    }
    """

    BINDINGS = [
        Binding("ctrl+n", "add", "新增", id="list.add"),
        Binding("ctrl+r", "remove", "删除", id="list.remove"),
        Binding("ctrl+up", "move(-1)", "上移", id="list.up", group=_MOVE),
        Binding("ctrl+down", "move(1)", "下移", id="list.down", group=_MOVE),
    ]

    def __init__(
        self,
        report: Report,
        path: str,
        *,
        row: Callable[[int], Iterable[Widget]],
        new_item: Callable[[Report], Any],
        noun: str = "",
        header: Callable[[], Iterable[Widget]] | None = None,
        figures: bool = False,
        on_remove: Callable[[Report, Any], None] | None = None,
        spaced: bool = False,
        number: Callable[[int], str] | None = None,
        number_width: int = 4,
    ) -> None:
        super().__init__(id=paths.widget_id(path), classes="-spaced" if spaced else "")
        self.report = report
        self.path = path
        self.row = row
        self.new_item = new_item
        self.noun = noun
        self.header = header
        self.figures = figures
        self.on_remove = on_remove
        self.number = number
        self.number_width = number_width

    @property
    def items(self) -> list[Any]:
        return paths.get(self.report, self.path)

    def compose(self) -> ComposeResult:
        items = self.items
        if self.header is not None and items:
            with Horizontal(classes="list-header"):
                yield from self.header()
        shown = min(len(items), FIRST)
        for i in range(shown):
            yield self._make_row(i)
        if shown < len(items):
            yield MoreRows(len(items) - shown)
        yield Button(f"＋ 新增{self.noun}", classes="list-add", compact=True, id=paths.widget_id(self.path, "add"))

    def _make_row(self, i: int) -> ListRow:
        return ListRow(self.path, i, self.row(i), self.number(i) if self.number else None, self.number_width)

    # ---- a long list: the rows after the first PAGE are built when reached --------

    def _rows(self) -> list[ListRow]:
        return [row for row in self.children if isinstance(row, ListRow)]

    async def _show_more_rows(self, upto: int | None = None) -> None:
        """Build the next PAGE rows (or up to row ``upto``), before the 'more' line."""
        built = len(self._rows())
        count = len(self.items)
        end = min(count, max(built + PAGE, (upto or 0) + 1))
        if end <= built:
            return
        more = self.query_children(MoreRows).first()
        await self.mount_all([self._make_row(i) for i in range(built, end)], before=more)
        await self._update_more(end, count)

    async def _update_more(self, built: int, count: int) -> None:
        more = self.query_children(MoreRows)
        if built >= count:
            if more:
                await more.remove()
        elif more:
            more.first().set_count(count - built)
        else:
            await self.mount(MoreRows(count - built), before=self.query_one(".list-add", Button))

    async def ensure_built(self, index: int) -> None:
        """Build the rows up to ``index`` (to focus a field in it)."""
        if index >= len(self._rows()):
            await self._show_more_rows(index)

    # ---- which row has the focus -------------------------------------------

    def current_index(self) -> int | None:
        node = self.screen.focused
        while node is not None and node is not self:
            if isinstance(node, ListRow) and node.parent is self:
                return node.index
            node = node.parent
        return None

    def _focused_suffix(self, index: int) -> str:
        """The focused field's path relative to its row (``.amount``), to refocus it after a move."""
        focused = self.screen.focused
        path = getattr(focused, "path", "")
        prefix = f"{self.path}[{index}]"
        return path[len(prefix):] if path.startswith(prefix) else ""

    # ---- actions -------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("list-add"):
            event.stop()
            self.action_add()

    def action_add(self) -> None:
        index = self.current_index()
        items = list(self.items)
        at = len(items) if index is None else index + 1
        items.insert(at, self.new_item(self.report))
        self._store(items, focus=at, rows=(at, len(items) - 1), grow=1)

    def action_remove(self) -> None:
        index = self.current_index()
        if index is None:
            return
        item = self.items[index]
        from selfeval.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(index)

        # always asked, empty or not: a delete is never one stray key away
        what = "（空白）" if _is_empty(item) else f"：\n「{_describe(item)}」"
        self.app.push_screen(ConfirmScreen(f"删除第 {index + 1} 项{self.noun}{what}？\n删除后不能撤销。"), answered)

    def _remove(self, index: int) -> None:
        items = list(self.items)
        item = items.pop(index)
        self._store(items, focus=min(index, len(items) - 1) if items else None, rows=(index, len(items) + 1), grow=-1)
        if self.on_remove is not None:
            self.on_remove(self.report, item)

    def action_move(self, step: int) -> None:
        index = self.current_index()
        if index is None:
            return
        target = index + step
        items = list(self.items)
        if not 0 <= target < len(items):
            return
        suffix = self._focused_suffix(index)
        items[index], items[target] = items[target], items[index]
        low = min(index, target)
        self._store(items, focus=target, suffix=suffix, rows=(low, low + 2))

    def _store(
        self, items: list[Any], *, focus: int | None, rows: tuple[int, int], grow: int = 0, suffix: str = ""
    ) -> None:
        """Store ``items`` (``grow`` more than before); the rows from ``rows[0]`` (inclusive) to
        ``rows[1]`` (exclusive, counted in the old list) are built again, the others kept."""
        paths.assign(self.report, self.path, items)
        self.post_message(Edited(self.path, figures=self.figures))
        hold = getattr(self.app, "hold_keys", None)
        if hold is not None:
            hold()  # keys typed meanwhile wait for the new row's focus
        self.call_next(self._rebuild, focus, suffix, rows, grow, hold is not None)

    async def _rebuild(
        self, focus: int | None, suffix: str, rows: tuple[int, int], grow: int, held: bool = False
    ) -> None:
        try:
            await self._replace_rows(*rows, grow, focus)
            self.focus_item(focus, suffix)
        finally:
            if held:
                self.app.release_keys()

    async def _replace_rows(self, start: int, stop: int, grow: int, focus: int | None) -> None:
        """Rows ``start``…``stop - 1`` of the old list give way to the rows now at those
        places (``grow`` more or fewer); the rows before them, and any after, stay.
        Rows not built yet (a long list) stay unbuilt, but the row to focus is built."""
        old = self._rows()
        count = len(self.items)
        if not old or not count:
            await self.recompose()  # the header comes or goes with the first/last item
            return
        built = len(old)
        kept_after = built - min(stop, built)  # built rows after the range keep their index
        new_built = built + grow if start < built else built
        if not kept_after:
            # rows below the change are dropped rather than rebuilt (built again when reached,
            # after the frame that shows the change)
            new_built = min(new_built, start + FIRST)
        new_built = min(max(new_built, (focus if focus is not None else -1) + 1), count)
        gone = old[start:min(stop, built)]
        more = self.query_children(MoreRows)
        following = old[stop] if stop < built else (more.first() if more else None)
        after = following or self.query_one(".list-add", Button)
        fresh = [self._make_row(i) for i in range(start, new_built - kept_after)]
        with self.app.batch_update():
            if gone:
                await self.remove_children(gone)
            if fresh:
                await self.mount_all(fresh, before=after)
            await self._update_more(len(self._rows()), count)

    def focus_item(self, index: int | None, suffix: str = "") -> None:
        if index is None:
            self.query_one(".list-add", Button).focus()
            return
        if suffix:
            try:
                self.query_one("#" + paths.widget_id(f"{self.path}[{index}]{suffix}")).focus()
                return
            except Exception:
                pass
        row = self.query_one("#" + paths.widget_id(f"{self.path}[{index}]", prefix="r"), ListRow)
        for widget in row.query("*"):
            if widget.focusable:
                widget.focus()
                return
