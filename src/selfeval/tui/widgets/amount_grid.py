"""A table of amounts: typed cells are inputs, computed cells are read-only and live.

Each cell is a field path (an input) or a function of the report (a derived
figure, shown with two decimals), or ``None`` (blank). Row labels default to
the model's titles of the row's fields.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Optional, Union

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Label, Static

from selfeval.amounts import fmt_money
from selfeval.model import Report
from selfeval.model import paths
from selfeval.tui.messages import Validated
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.field_row import show_message
from selfeval.tui.widgets.forms import editor

__all__ = ["AmountGrid", "Cell", "row_label"]

Cell = Union[str, Callable[[Report], Optional[Decimal]], None]


def row_label(cells: Sequence[Cell]) -> str:
    """The common part of the titles of a row's fields: ``年初结转和结余（基本支出）`` and
    ``年初结转和结余（项目支出）`` → ``年初结转和结余``."""
    titles = [paths.title_of(c) for c in cells if isinstance(c, str)]
    if not titles:
        return ""
    common = os.path.commonprefix(titles)
    if len(titles) == 1 or not common:
        return titles[0]
    return common.rstrip("（(")


def _money(get: Callable[[Report], Decimal | None]) -> Callable[[Report], str]:
    # 未填: a figure derived from an input not entered is not known either
    return lambda r: "未填" if (value := get(r)) is None else fmt_money(value)


class AmountGrid(Vertical):
    DEFAULT_CSS = """
    AmountGrid {
        height: auto;
        margin-bottom: 1;
        & > Grid {
            height: auto;
            grid-rows: 1;
            grid-gutter: 0 1;
        }
        /* an input keeps its last cell for the cursor; heads and computed figures
           keep it too, so every figure of a column ends in the same column */
        & .grid-head { color: $text-muted; text-style: bold; width: 1fr; text-align: right; padding-right: 1; }
        & .grid-label { color: $text-muted; width: 1fr; height: 1; text-overflow: ellipsis; text-wrap: nowrap; }
        & .grid-label.-total { color: $text; text-style: bold; }
        & Derived { width: 1fr; text-align: right; padding: 0 1 0 0; }
        & ValueInput { width: 1fr; }
    }
    """

    def __init__(
        self,
        report: Report,
        columns: Sequence[str],
        rows: Sequence[tuple[str | None, Sequence[Cell]]],
        *,
        label_width: int = 16,
        cell_width: int = 13,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.report = report
        self.columns = list(columns)
        self.rows = list(rows)
        self.label_width = label_width
        self.cell_width = cell_width
        self._errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        n = len(self.columns)
        grid = Grid()
        grid.styles.grid_size_columns = n + 1
        grid.styles.grid_columns = f"{self.label_width} " + " ".join([str(self.cell_width)] * n)
        with grid:
            yield Static("")
            for title in self.columns:
                yield Label(title, classes="grid-head")
            for label, cells in self.rows:
                text = label if label is not None else row_label(cells)
                computed = all(not isinstance(c, str) for c in cells)
                yield Label(text, classes="grid-label" + (" -total" if computed else ""))
                for cell in cells:
                    if cell is None:
                        yield Static("")
                    elif isinstance(cell, str):
                        yield editor(self.report, cell)
                    else:
                        yield Derived(self.report, _money(cell))

    def on_validated(self, message: Validated) -> None:
        message.stop()
        if message.error is None:
            self._errors.pop(message.path, None)
        else:
            self._errors[message.path] = message.error
        text = None
        if message.error is not None:  # the cell just typed in, by name
            text = f"{paths.title_of(message.path)}：{message.error}"
        elif self._errors:
            path, error = next(iter(self._errors.items()))
            text = f"{paths.title_of(path)}：{error}"
        show_message(self, text)
