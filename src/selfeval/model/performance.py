"""七、部门整体履职情况 and 八、绩效评价情况分析."""

from __future__ import annotations

from pydantic import Field

from selfeval.model.base import Line, Model, Text, TextSection

__all__ = ["AnalysisEntry", "Performance"]


class AnalysisEntry(Model):
    level1: Line = Field(
        default="",
        title="一级指标",
        description="被分析的一级指标名称，与评分指标体系一致，如“投入”“过程”“产出”“效果”。",
    )
    text: Text = Field(
        default="",
        title="分析",
        description="该项指标的完成情况、得分和扣分原因。每行一段。",
    )


class Performance(Model):
    analysis_intro: Text = Field(
        default="",
        title="评价方法概述",
        description="可选。绩效评价情况分析开头的总体说明：采用什么指标、从哪些维度、用什么方法评价。每行一段。",
    )
    duty: list[TextSection] = Field(
        default_factory=list,
        title="部门整体履职情况",
        description="年度履职的产出和成效，分小节叙述；每个小节下列出若干条。此节不能为空。",
    )
    analysis: list[AnalysisEntry] = Field(
        default_factory=list,
        title="绩效评价情况分析",
        description="逐项分析各一级指标（投入、过程、产出、效果）的情况，说明扣分原因。",
    )

    def analysis_for(self, level1: str) -> AnalysisEntry | None:
        for entry in self.analysis:
            if entry.level1 == level1:
                return entry
        return None
