"""The 自评预警 light as the editor writes it: its label (红灯/黄灯/绿灯/未完成) in its colour.

The label carries the meaning; the colour is a theme variable, so NO_COLOR
(and a monochrome terminal) still reads it. No model import: the step list
uses it before the draft is loaded.
"""

from __future__ import annotations

__all__ = ["LIGHT_STYLE", "light_markup"]

LIGHT_STYLE = {"red": "bold $text-error", "yellow": "bold $text-warning", "green": "bold $text-success", "unknown": "$text-muted"}


def light_markup(colour: str, label: str) -> str:
    """``[bold $text-error]红灯[/]``: the light's label in its colour."""
    style = LIGHT_STYLE.get(colour)
    return f"[{style}]{label}[/]" if style else label
