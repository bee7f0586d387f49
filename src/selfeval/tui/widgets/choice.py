"""Choices bound to a field: a drop-down for a fixed set of values, a check box for yes/no."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from textual.widgets import Checkbox, Select

from selfeval.model import errors, paths
from selfeval.tui.messages import Edited, Validated

if TYPE_CHECKING:
    from selfeval.model import Report

__all__ = ["ChoiceField", "CheckField"]


class ChoiceField(Select[Any]):
    DEFAULT_CSS = """
    ChoiceField {
        width: 1fr;
        & SelectCurrent Static#label { text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    def __init__(
        self,
        report: Report,
        path: str,
        options: Iterable[tuple[str, Any]],
        *,
        figures: bool = False,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        self.report = report
        self.path = path
        self.figures = figures
        value = paths.get(report, path)
        options = list(options)
        if value not in [v for _, v in options]:
            options.append((str(value), value))
        super().__init__(
            options,
            value=value,
            allow_blank=False,
            compact=True,
            id=id or paths.widget_id(path),
            classes=classes,
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL or event.value == paths.get(self.report, self.path):
            return
        try:
            paths.assign(self.report, self.path, event.value)
        except ValidationError as exc:
            self.post_message(Validated(self, self.path, errors.error_text(exc)))
            return
        self.post_message(Validated(self, self.path, None))
        self.post_message(Edited(self.path, figures=self.figures))


class CheckField(Checkbox):
    """A check box that reads without colour: ``[X]`` on, ``[ ]`` off."""

    DEFAULT_CSS = """
    CheckField { width: auto; }
    """
    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "

    def __init__(
        self,
        report: Report,
        path: str,
        label: str | None = None,
        *,
        figures: bool = True,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        self.report = report
        self.path = path
        self.figures = figures
        value = bool(paths.get(report, path))
        super().__init__(
            label if label is not None else paths.title_of(path),
            value,
            compact=True,
            id=id or paths.widget_id(path),
            classes=classes,
        )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value == paths.get(self.report, self.path):
            return
        paths.assign(self.report, self.path, event.value)
        self.post_message(Edited(self.path, figures=self.figures))
