"""Enter on a text carried over from last year's draft (待确认) confirms it."""

from __future__ import annotations

from textual.widget import Widget

from selfeval.tui.messages import Edited

__all__ = ["confirm_carried"]


def confirm_carried(field: Widget) -> bool:
    """Confirm the carried text in ``field`` (a widget with ``report`` and ``path``)
    if it is still 待确认; ``True`` when it was (the Enter is then used up)."""
    report = getattr(field, "report", None)
    path = getattr(field, "path", "")
    if report is None or not report.carried.texts or getattr(field.app, "read_only", False):
        return False
    from selfeval import rollover

    if not rollover.confirm(report, path):
        return False
    field.post_message(Edited(path))
    field.app.notify("已确认这段沿用上年的文字今年仍然适用", title="待确认", timeout=3)
    return True
