"""The steps of the report on the left, each with a mark that reads without colour."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from selfeval.steps import STEPS
from selfeval.tui.lights import light_markup
from selfeval.tui.status import MARKS, StepStatus

__all__ = ["StepList"]

_MARK_STYLE = {"✓": "$text-success", "✗": "$text-error", "!": "$text-warning", "…": "$text-accent", "○": "$text-muted"}


class StepList(OptionList):
    DEFAULT_CSS = """
    StepList {
        width: 18;
        height: 1fr;
        border: none;
        border-right: vkey $foreground 20%;
        padding: 0;
        background: $background;
        &:focus { border-right: vkey $accent; background-tint: $foreground 5%; }
        & > .option-list--option { padding: 0 0 0 1; }
    }
    """

    @dataclass
    class Chosen(Message):
        """The user moved to step ``key``; ``enter`` when they pressed Enter on it."""

        key: str
        enter: bool

    def __init__(self, *, id: str | None = None, disabled: bool = False) -> None:
        self._statuses: dict[str, StepStatus] = {}
        #: a second line under a step: the 自评表 steps' light (colour, label)
        self._lights: dict[str, tuple[str, str]] = {}
        self._current = STEPS[0].key
        self._pending = 0
        super().__init__(*[Option(self._prompt(s.key, s.label), id=s.key) for s in STEPS], id=id, disabled=disabled)

    def _prompt(self, key: str, label: str) -> str:
        status = self._statuses.get(key)
        mark = status.mark if status else MARKS["empty"]
        count = ""
        if status and (status.errors or status.warnings):
            count = f" {status.errors + status.warnings}"
        color = _MARK_STYLE.get(mark, "")
        if key == self._current:  # shown without colour too: reversed
            label = f"[reverse]{label}[/]"
        line = f"[{color}]{mark}[/] {label}[dim]{count}[/]" if color else f"{mark} {label}{count}"
        light = self._lights.get(key)
        if light is not None:  # the label reads without colour
            line += f"\n  预警 {light_markup(*light)}"
        return line

    def update_lights(self, lights: dict[str, tuple[str, str]]) -> None:
        """The 自评预警 light under the 自评表 steps."""
        if lights == self._lights:
            return
        changed = set(lights) | set(self._lights)
        self._lights = dict(lights)
        for i, step in enumerate(STEPS):
            if step.key in changed:
                self.replace_option_prompt_at_index(i, self._prompt(step.key, step.label))

    def light_of(self, key: str) -> tuple[str, str] | None:
        return self._lights.get(key)

    def update_statuses(self, statuses: dict[str, StepStatus]) -> None:
        if statuses == self._statuses:
            return
        self._statuses = statuses
        for i, step in enumerate(STEPS):
            self.replace_option_prompt_at_index(i, self._prompt(step.key, step.label))

    def update_pending(self, count: int) -> None:
        """Show how many texts carried over from last year's draft are still 待确认
        (a line below the steps, which the cursor skips; none when there are none)."""
        if count == self._pending:
            return
        prompt = f"[dim]沿用待确认 {count}[/]"
        if self._pending == 0:
            self.add_option(Option(prompt, id="carried-pending", disabled=True))
        elif count == 0:
            self.remove_option("carried-pending")
        else:
            self.replace_option_prompt("carried-pending", prompt)
        self._pending = count

    def status_of(self, key: str) -> StepStatus | None:
        return self._statuses.get(key)

    def select_step(self, key: str) -> None:
        """Show ``key`` as the current step (without announcing it)."""
        index = next(i for i, s in enumerate(STEPS) if s.key == key)
        if key != self._current:
            old, self._current = self._current, key
            for step_key in (old, key):
                i = next(i for i, s in enumerate(STEPS) if s.key == step_key)
                self.replace_option_prompt_at_index(i, self._prompt(step_key, STEPS[i].label))
        if self.highlighted != index:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id, enter=False))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id, enter=True))
