"""Read-only figures for the sections: short labels from the registry, money and percentages.

Shared by the step modules (which do not import each other)."""

from __future__ import annotations

import re
from collections.abc import Callable

from selfeval.model import FIGURES, Report
from selfeval.tui.widgets.derived import Derived

__all__ = ["COLUMNS", "short", "fig", "money_line", "indicator", "figure_text", "money_or_unfilled"]

#: the columns of the general budget's tables (收入, 支出, 结转结余)
COLUMNS = ("基本支出", "项目支出", "合计")

_SCOPE = re.compile(r"（(基本支出|项目支出|合计)）$")


def short(key: str) -> str:
    """The registry's label without the scope: ``一般公共预算调整后预算（基本支出）`` → ``调整后预算``."""
    label = FIGURES[key].label
    return _SCOPE.sub("", label.removeprefix("一般公共预算"))


def money_or_unfilled(value) -> str:
    """A derived amount as the editor shows it: 未填 while an input it needs is not entered."""
    from selfeval.amounts import fmt_money

    return "未填" if value is None else fmt_money(value)


def fig(key: str) -> Callable[[Report], object]:
    return FIGURES[key].get


def figure_text(report: Report, key: str) -> str:
    """The figure's value written by the registry's formatter for its kind (``—`` if none)."""
    return FIGURES[key].text(report)


def money_line(report: Report, key: str, label: str | None = None) -> Derived:
    """``label  value`` for one money figure of ``report``."""
    text = label or FIGURES[key].label
    # 未填: a figure derived from an input not entered is not known either
    return Derived(report, lambda r: f"{text} {FIGURES[key].text(r, '未填')}", classes="figure-line")


def indicator(report: Report, key: str) -> Derived:
    """``→ 政府采购执行率 98.00%（实际政府采购金额 ÷ 政府采购预算）``."""
    f = FIGURES[key]
    return Derived(report, lambda r: f"→ {f.label} {figure_text(r, key)}（{f.formula}）", classes="figure-line")
