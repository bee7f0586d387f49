"""九、综合评价结论 and 附件1: the scores a user gives, per indicator of the preset.

Indicator names, 分值 and rules live in the preset (``selfeval.framework``);
here is only what the user types: a manual score with its 评分依据, or an
override of a rule-computed score with its reason.
"""

from __future__ import annotations

from pydantic import Field

from selfeval.model.base import Line, Model, Score, Text

__all__ = ["IndicatorScore", "Scoring"]


class IndicatorScore(Model):
    id: Line = Field(
        title="指标编号",
        description="指标体系中的三级指标编号，如 input.goal.reasonable。",
    )
    score: Score | None = Field(
        default=None,
        title="得分",
        description="人工评分的指标填写得分（不超过分值）。按公式计算的指标不用填，得分由程序计算。",
    )
    basis: Text = Field(
        default="",
        title="评分依据",
        description="为什么给这个分：依据的材料、完成情况、扣分原因。",
    )
    points: Score | None = Field(
        default=None,
        title="分值",
        description="只在指标体系没有规定分值时填写（如 national-2013），各指标分值之和应为 100。",
    )
    override: Score | None = Field(
        default=None,
        title="调整后得分",
        description="按公式计算的指标，如确需调整得分，在此填写，并必须说明理由。",
    )
    override_reason: Text = Field(
        default="",
        title="调整理由",
        description="调整公式得分的理由，会保留并显示在评分明细中。",
    )


class Scoring(Model):
    scores: list[IndicatorScore] = Field(
        default_factory=list,
        title="各指标评分",
        description="每个三级指标一项，以指标编号对应指标体系。",
    )
    stated_grade: Line | None = Field(
        default=None,
        title="所写等级（核对用）",
        description="可选。其他材料上写的评价等级，填了会与程序计算的等级核对。",
    )
    conclusion: Text = Field(
        default="",
        title="综合评价结论补充",
        description="可选。写在得分和等级之后的总体评价文字。得分和等级由程序汇总，不用自己写。",
    )

    def get(self, indicator_id: str) -> IndicatorScore | None:
        for s in self.scores:
            if s.id == indicator_id:
                return s
        return None
