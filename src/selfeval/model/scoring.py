"""九、综合评价结论 and 附件1: the scores a user gives, per indicator of the preset.

Indicator names, 分值 and rules live in the preset (``selfeval.framework``);
here is only what the user types: a manual score with its 评分依据, or an
override of a rule-computed score with its reason.
"""

from __future__ import annotations

from pydantic import Field

from selfeval.model.base import Flag, Line, Model, Score, Text, choice

__all__ = ["IndicatorScore", "Level1Score", "Scoring"]


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
    not_applicable: Flag = Field(
        default=False,
        title="不适用",
        description="本单位确实没有这项内容（如没有“三公”经费预算）时勾选，并必须写明理由。数字未填不等于不适用：未填的指标不计分，直到填上数字或勾选不适用。",
    )
    not_applicable_reason: Text = Field(
        default="",
        title="不适用理由",
        description="为什么这项指标不适用，附件1 中显示为“不适用（理由）”。",
    )


class Level1Score(Model):
    """The unit's own score for one 一级指标 (when it has no 三级 scoring table)."""

    name: Line = Field(
        default="",
        title="一级指标",
        description="指标体系中的一级指标名称，如“投入”“过程”“产出”“效果”。分值取自指标体系。",
    )
    score: Score | None = Field(
        default=None,
        title="评价得分",
        description="本单位对这项一级指标的自评得分（不超过分值）。",
    )
    basis: Text = Field(default="", title="评分依据", description="可选。得分和扣分的依据。")


class Scoring(Model):
    granularity: choice("level3", "level1") = Field(  # type: ignore[valid-type]
        default="level3",
        title="评分方式",
        description=(
            "level3：按指标体系的三级指标逐项评分（默认）；level1：只有本单位自评的一级指标得分"
            "（投入、过程、产出、效果），附件1 只列一级指标，不列本单位没有评的三级指标。"
        ),
    )
    level1: list[Level1Score] = Field(
        default_factory=list,
        title="一级指标得分",
        description="评分方式为“只有本单位自评的一级指标得分”时填写：每个一级指标一行，分值取自指标体系，总分和等级由程序汇总。",
    )
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

    def level1_score(self, name: str) -> Level1Score | None:
        for s in self.level1:
            if s.name == name:
                return s
        return None

    def get(self, indicator_id: str) -> IndicatorScore | None:
        for s in self.scores:
            if s.id == indicator_id:
                return s
        return None
