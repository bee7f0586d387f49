"""What a new draft starts with: every section present, the preset's indicators listed."""

from __future__ import annotations

from selfeval.framework import Preset
from selfeval.model import AnalysisEntry, IndicatorScore, Report

__all__ = ["prefill", "sync_with_preset"]


def sync_with_preset(report: Report, preset: Preset) -> None:
    """Add an analysis entry per 一级 indicator and a score entry per hand-scored (or
    unweighted) indicator that the draft does not have yet. Nothing is removed or changed.

    A draft scored by its own 一级 scores (``scoring.granularity = "level1"``) gets
    no score entry: no 三级 indicator it did not choose."""
    have = {a.level1 for a in report.performance.analysis}
    for name in preset.level1_names():
        if name not in have:
            report.performance.analysis.append(AnalysisEntry(level1=name))
    if report.scoring.granularity == "level1":
        return
    scored = {s.id for s in report.scoring.scores}
    for ind in preset.indicators:
        # hand-scored indicators need a score; unweighted ones need the user's 分值
        if (ind.figure is None or ind.points is None) and ind.id not in scored:
            report.scoring.scores.append(IndicatorScore(id=ind.id))


def prefill(report: Report, preset: Preset) -> Report:
    sync_with_preset(report, preset)
    return report
