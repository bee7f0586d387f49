"""自评表: targets against actuals, for the department (部门整体支出绩效自评表)
and for each project (项目支出绩效自评表).

Only what the user types lives here. Budget figures that the draft already
holds (一般公共预算 budget and spending, each project's 决算数, other funds'
spending) are never typed again: the scoring module (``selfeval.evaluation``)
reads them from the report. Scores of quantitative rows follow from the rule
in the preset; a typed score on such a row is only compared with it.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from selfeval.model.base import Count, Line, Model, Money, Score, Text, choice

__all__ = [
    "NATURES",
    "QUALITATIVE_GRADES",
    "Goal",
    "EvalIndicator",
    "Evaluation",
    "DepartmentEvaluation",
    "ProjectEvaluation",
]

#: 指标性质: higher is better, lower is better, equal, qualitative.
NATURES = ("≥", "≤", "=", "定性")

#: The three grades of a qualitative (定性) indicator, best first. Their score
#: bands (share of the points) are preset data.
QUALITATIVE_GRADES = ("达成年度指标", "部分达成并具有一定效果", "未达成且效果较差")


class Goal(Model):
    """One 年度总体目标 as set at the start of the year, and how it was achieved."""

    expected: Text = Field(
        default="",
        title="预期目标",
        description="年初设定的年度总体目标（绩效目标表“年度总体目标”栏），照批复的原文填写。",
    )
    achieved: Text = Field(
        default="",
        title="实际完成情况",
        description="年底这项目标实际完成得怎样，写实际做了什么、达到什么程度。",
    )


class EvalIndicator(Model):
    """One row of a 自评表: 一级/二级/三级, target, actual, points and score."""

    level1: Line = Field(
        default="",
        title="一级指标",
        description="一级指标名称，与指标体系（预设）中自评表的一级指标一致，如“产出指标”“效益指标”“满意度指标”。",
    )
    level2: Line = Field(
        default="",
        title="二级指标",
        description="如“数量指标”“质量指标”“时效指标”“成本指标”“社会效益指标”“服务对象满意度指标”。",
    )
    name: Line = Field(
        default="",
        title="三级指标",
        description="指标名称，照批复的绩效目标表填写，如“组织科普活动场次”。",
    )
    nature: choice(*NATURES) = Field(  # type: ignore[valid-type]
        default="≥",
        title="指标性质",
        description=(
            "≥：越大越好（正向）；≤：越小越好（反向）；=：应等于目标值；"
            "定性：不能用数字衡量，按“达成/部分达成/未达成”三档评分。"
        ),
    )
    target: Line = Field(
        default="",
        title="年初指标值",
        description="年初批复的指标值。定量指标只填数字（如 30、90、100），单位填在“计量单位”；定性指标填文字。",
    )
    adjusted_target: Line = Field(
        default="",
        title="调整后指标值",
        description="可选。年中按程序调整过指标值时填写，评分按调整后的值；没有调整就留空。",
    )
    unit: Line = Field(
        default="",
        title="计量单位",
        description="如“场”“人次”“%”“万元”。定性指标不填。",
    )
    actual: Line = Field(
        default="",
        title="实际完成值",
        description="年底实际达到的值。定量指标只填数字；定性指标写完成情况。由程序计算的指标（见“计算依据”）不用填。",
    )
    figure: Line = Field(
        default="",
        title="计算依据",
        description=(
            "可选。由程序从草稿其他部分计算实际完成值的指标（如 ind.staff_control 在职人员控制率），"
            "填了就不用填“实际完成值”，填了也会与计算结果核对。"
        ),
    )
    grade: choice("", *QUALITATIVE_GRADES) = Field(  # type: ignore[valid-type]
        default="",
        title="完成等级",
        description="定性指标的完成等级：达成年度指标（得分值的80%～100%）、部分达成并具有一定效果（60%～80%）、未达成且效果较差（0～60%）。",
    )
    points: Score | None = Field(
        default=None,
        title="分值",
        description="这项指标的分值。同一一级指标下各项分值之和应等于该一级指标的分值。",
    )
    score: Score | None = Field(
        default=None,
        title="得分",
        description="定性指标填写得分（应在完成等级对应的分数段内）。定量指标的得分由程序按规则计算，不用填；填了会与计算结果核对。",
    )
    deviation: Text = Field(
        default="",
        title="偏差原因分析及改进措施",
        description="没有拿到满分、超额完成较多或执行率超过100%时必须填写：偏差的原因和下一步怎么改。",
    )
    evidence: Text = Field(
        default="",
        title="佐证资料",
        description="支撑实际完成值的材料，如“活动签到表、新闻报道”“满意度调查问卷汇总表”。",
    )
    survey_method: Line = Field(
        default="",
        title="调查方式",
        description="满意度指标填写：如“问卷调查（纸质）”“电话回访”。",
    )
    survey_sample: Count | None = Field(
        default=None,
        title="样本量",
        description="满意度指标填写：有效问卷或回访的份数。",
    )
    survey_date: Line = Field(
        default="",
        title="调查时间",
        description="满意度指标填写：如“2024年12月”。",
    )

    @field_validator("figure")
    @classmethod
    def _known_figure(cls, v: str) -> str:
        from selfeval.model.figures import INDICATORS

        if not v or v in INDICATORS:
            return v
        raise ValueError(f"没有名为“{v}”的计算指标")

    @property
    def is_qualitative(self) -> bool:
        return self.nature == "定性"

    @property
    def effective_target(self) -> str:
        """The target the row is scored against: 调整后指标值 when given."""
        return self.adjusted_target.strip() or self.target.strip()

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.target.strip() or self.actual.strip())


class Evaluation(Model):
    """What both 自评表s share: the year's goals and the indicator rows."""

    goals: list[Goal] = Field(
        default_factory=list,
        title="年度总体目标",
        description="年初设定的年度总体目标，每项一条，并写明实际完成情况。",
    )
    indicators: list[EvalIndicator] = Field(
        default_factory=list,
        title="绩效指标",
        description="年初批复的绩效指标，每项一行：指标值、实际完成值、分值；定量指标的得分由程序计算。",
    )

    budget_deviation: Text = Field(
        default="",
        title="预算执行偏差原因",
        description="预算执行率超过100%或明显偏低时填写：原因和改进措施。",
    )

    def is_empty(self) -> bool:
        return not self.goals and not self.indicators and not self.budget_deviation.strip()


class DepartmentEvaluation(Evaluation):
    """部门整体支出绩效自评表. 财政拨款 figures come from 一般公共预算; 其他资金的
    全年执行数 is the sum of the other funds' spending. Only the other funds'
    budget, which the draft holds nowhere else, is typed here."""

    other_initial: Money | None = Field(
        default=None,
        title="其他资金年初预算数",
        description="一般公共预算以外各项资金的年初预算合计。没有其他资金就留空。",
    )
    other_adjusted: Money | None = Field(
        default=None,
        title="其他资金全年预算数",
        description="一般公共预算以外各项资金调整后的全年预算合计。执行数由“其他资金”各项支出汇总，不用再填。",
    )


class ProjectEvaluation(Evaluation):
    """项目支出绩效自评表 of one project. The project's 决算数 (its 财政拨款 spending,
    including spending of carried-over funds) is the project's own amount."""

    appropriation_initial: Money | None = Field(
        default=None,
        title="当年财政拨款年初预算数",
        description="本项目年初批复的当年财政拨款。",
    )
    appropriation_adjusted: Money | None = Field(
        default=None,
        title="当年财政拨款全年预算数",
        description="本项目调整后的当年财政拨款全年预算。",
    )
    carryover_initial: Money | None = Field(
        default=None,
        title="上年结转年初预算数",
        description="本项目上年结转到本年的资金（年初数）。没有就留空。",
    )
    carryover_adjusted: Money | None = Field(
        default=None,
        title="上年结转全年预算数",
        description="本项目上年结转资金调整后的全年数。没有就留空。",
    )
    carryover_spent: Money | None = Field(
        default=None,
        title="上年结转执行数",
        description="本年用上年结转资金支出的部分。当年财政拨款执行数 = 项目决算数 − 本数，由程序计算。",
    )
    other_initial: Money | None = Field(
        default=None,
        title="其他资金年初预算数",
        description="本项目财政拨款以外资金的年初预算。没有就留空。",
    )
    other_adjusted: Money | None = Field(
        default=None,
        title="其他资金全年预算数",
        description="本项目财政拨款以外资金的全年预算。没有就留空。",
    )
    other_spent: Money | None = Field(
        default=None,
        title="其他资金执行数",
        description="本项目财政拨款以外资金的全年支出。没有就留空。",
    )
