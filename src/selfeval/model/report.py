"""The whole report: the one source of truth every other part reads."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from selfeval.amounts import ZERO, minus, total
from selfeval.model.base import Line, Model, SignedMoney, Text, Whole
from selfeval.model.carry import Carried, Rectification
from selfeval.model.evaluation import DepartmentEvaluation
from selfeval.model.finance import (
    INCOME_SOURCES,
    BaseData,
    EconomicBreakdown,
    GeneralBudget,
    OtherFund,
)
from selfeval.model.meta import Meta
from selfeval.model.overview import Overview
from selfeval.model.performance import Performance
from selfeval.model.problems import Measure, Problem
from selfeval.model.scoring import Scoring

__all__ = ["SCHEMA_VERSION", "OverallNotes", "StatedFigure", "Report", "next_problem_id"]

#: Version of the draft format this program writes. Older drafts migrate on load.
SCHEMA_VERSION = 3


class OverallNotes(Model):
    """Narrative for 二、部门整体收支情况 (the figures themselves are derived)."""

    income: Text = Field(
        default="",
        title="收入情况说明",
        description="可选。收入的增减变化及原因。收入数字由程序从各项资金汇总，不用在这里写。",
    )
    spending: Text = Field(
        default="",
        title="支出情况说明",
        description="可选。支出的增减变化及原因。",
    )
    carryover: Text = Field(
        default="",
        title="结转结余情况说明",
        description="可选。年末结转结余的构成和原因。",
    )


class StatedFigure(Model):
    """A figure as stated somewhere (statements, an earlier draft), to compare with ours.

    The checks compare ``value`` with the figure selfeval computes for ``figure``
    and show the arithmetic when they differ. Nothing here changes the report.
    """

    figure: Line = Field(
        title="核对项目",
        description="要核对的数字，如 gb.spending.basic（一般公共预算基本支出）。可选项目见核对数列表。",
    )
    value: SignedMoney = Field(
        title="所列数",
        description="决算报表或其他材料上写的数（百分比填百分数，如 99.17）。",
    )
    where: Line = Field(
        default="",
        title="出处",
        description="这个数写在哪里，如“决算收入支出总表”或“报告第二部分”。",
    )

    @field_validator("figure")
    @classmethod
    def _known_figure(cls, v: str) -> str:
        from selfeval.model.figures import FIGURES

        if v in FIGURES or v.startswith("score."):
            return v
        raise ValueError(f"没有名为“{v}”的核对项目")


def next_problem_id(problems: list[Problem]) -> str:
    """The next free ``pN`` id; ids are never reused so links stay stable."""
    used = {p.id for p in problems}
    n = len(problems) + 1
    while f"p{n}" in used:
        n += 1
    return f"p{n}"


class Report(Model):
    schema_version: Whole = Field(
        default=SCHEMA_VERSION,
        title="草稿格式版本",
        description="草稿文件格式的版本号，由程序维护，请勿修改。",
    )
    meta: Meta = Field(title="基本信息", description="单位名称、评价年度、金额单位、评分指标体系、填报人和日期。")
    overview: Overview = Field(
        default_factory=Overview,
        title="部门概况",
        description="报告第一部分：基本情况、职能职责、机构设置、人员情况、年度工作目标。",
    )
    overall: OverallNotes = Field(
        default_factory=OverallNotes,
        title="部门整体收支情况",
        description="报告第二部分的说明文字；其中的数字由一般公共预算和其他资金汇总得出。",
    )
    general_budget: GeneralBudget = Field(
        default_factory=GeneralBudget,
        title="一般公共预算收支情况",
        description="报告第三部分：年初结转、预算批复和调整、人员经费、日常公用经费、项目明细、经济分类。",
    )
    other_funds: list[OtherFund] = Field(
        default_factory=list,
        title="其他资金",
        description="一般公共预算以外的各项资金（政府性基金、上级补助、事业收入等），每项一行。",
    )
    base_data: BaseData = Field(
        default_factory=BaseData,
        title="基础数据",
        description="计算评价指标所需、报告其他部分没有的数字：“三公”经费、公用经费预算、政府采购、固定资产、工作任务数、满意度。",
    )
    performance: Performance = Field(
        default_factory=Performance,
        title="履职情况",
        description="报告第七部分（履职情况）和第八部分（绩效评价情况分析）的文字。",
    )
    scoring: Scoring = Field(
        default_factory=Scoring,
        title="绩效评分",
        description="人工评分指标的得分和评分依据；按公式计算的指标由程序计分。",
    )
    evaluation: DepartmentEvaluation = Field(
        default_factory=DepartmentEvaluation,
        title="部门整体支出绩效自评表",
        description="年初批复的部门整体绩效目标和指标，年底逐项填写实际完成值；预算执行数取自草稿其他部分，不用再填。",
    )
    rectifications: list[Rectification] = Field(
        default_factory=list,
        title="上年问题整改情况",
        description="上年自评报告提出的问题今年的整改情况，每个问题一条；由上年草稿滚动生成时带入（selfeval new --from）。",
    )
    problems: list[Problem] = Field(
        default_factory=list,
        title="存在的主要问题",
        description="评价中发现的主要问题，每个问题一条。",
    )
    measures: list[Measure] = Field(
        default_factory=list,
        title="下一步改进措施",
        description="针对问题的改进措施，每条措施注明对应的问题。",
    )
    reconciliation: list[StatedFigure] = Field(
        default_factory=list,
        title="核对数",
        description="决算报表等材料上已经写出、程序也能算出的数字。填了就会与计算结果核对。",
    )
    carried: Carried = Field(
        default_factory=Carried,
        title="沿用上年内容",
        description="由上年草稿滚动生成时记下的来源和沿用的文字（待确认标记）。由程序维护。",
    )

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, v: int) -> int:
        if v > SCHEMA_VERSION:
            raise ValueError(
                f"草稿格式版本 {v} 比本程序支持的版本 {SCHEMA_VERSION} 新，请升级 selfeval"
            )
        if v < 1:
            raise ValueError("草稿格式版本无效")
        return v

    @model_validator(mode="after")
    def _problem_ids(self) -> Report:
        seen: set[str] = set()
        for p in self.problems:
            if p.id and p.id in seen:
                raise ValueError(f"问题编号 {p.id} 重复")
            seen.add(p.id)
        for p in self.problems:
            if not p.id:
                # object.__setattr__: no re-validation loop for a generated id
                object.__setattr__(p, "id", next_problem_id(self.problems))
        return self

    # ---- department totals (二、部门整体收支情况) -------------------------

    def funds(self, *sources: str) -> list[OtherFund]:
        return [f for f in self.other_funds if not sources or f.source in sources]

    def _by_source(self, attr: str, gb_value: Decimal | None) -> list[tuple[str, str, Decimal | None]]:
        out = []
        for key, label in INCOME_SOURCES.items():
            if key == "general_budget":
                amount = gb_value
            else:
                funds = self.funds(key)
                amount = total(*(getattr(f, attr) for f in funds)) if funds else ZERO
            out.append((key, label, amount))
        return out

    def income_by_source(self) -> list[tuple[str, str, Decimal | None]]:
        """(source, 中文名, amount) for every source, general budget first (0 for a source
        with no fund; ``None`` while a fund's figure is 未填)."""
        return self._by_source("income", self.general_budget.income)

    def spending_by_source(self) -> list[tuple[str, str, Decimal | None]]:
        """(source, 中文名, 本年支出) for every source, general budget first."""
        return self._by_source("spending", self.general_budget.spending)

    def income_of(self, source: str) -> Decimal | None:
        return next(a for k, _, a in self.income_by_source() if k == source)

    def spending_of(self, source: str) -> Decimal | None:
        return next(a for k, _, a in self.spending_by_source() if k == source)

    @property
    def income_total(self) -> Decimal | None:
        return total(self.general_budget.income, *(f.income for f in self.other_funds))

    @property
    def spending_basic(self) -> Decimal | None:
        return total(self.general_budget.basic_spending, *(f.spending_basic for f in self.other_funds))

    @property
    def spending_project(self) -> Decimal | None:
        return total(self.general_budget.project_spending, *(f.spending_project for f in self.other_funds))

    @property
    def spending_total(self) -> Decimal | None:
        return total(self.spending_basic, self.spending_project)

    @property
    def carryover_start(self) -> Decimal | None:
        return total(self.general_budget.carryover_start, *(f.carryover_start for f in self.other_funds))

    @property
    def carryover_end(self) -> Decimal | None:
        return minus(total(self.carryover_start, self.income_total), self.spending_total)

    def _fund_split(self, attr: str) -> Decimal | None:
        """Σ of one part of the basic spending (人员经费 or 日常公用经费) over the general
        budget and every fund; ``None`` when a fund with basic spending has no split."""
        parts: list[Decimal | None] = [getattr(self.general_budget, attr)]
        for f in self.other_funds:
            if f.split_given:
                parts.append(getattr(f, attr) or ZERO)
            elif f.spending_basic:
                return None
        return total(*parts)

    @property
    def personnel(self) -> Decimal | None:
        """部门人员经费 = 一般公共预算人员经费 + 各项其他资金的人员经费."""
        return self._fund_split("personnel")

    @property
    def public_expense(self) -> Decimal | None:
        """部门日常公用经费 = 一般公共预算日常公用经费 + 各项其他资金的日常公用经费."""
        return self._fund_split("public_expense")

    @property
    def economic(self) -> EconomicBreakdown:
        """部门整体经济分类 = 一般公共预算 + 各项资金 (class by class). Not entered (no class
        given) when the general budget's is not entered, or a fund that spent has none."""
        out = self.general_budget.economic
        if not out.entered:
            return EconomicBreakdown()
        for f in self.other_funds:
            if f.economic.entered:
                out = out + f.economic
            elif f.spending:
                return EconomicBreakdown()
        return out

    def problem(self, problem_id: str) -> Problem | None:
        for p in self.problems:
            if p.id == problem_id:
                return p
        return None

    def measures_for(self, problem_id: str) -> list[Measure]:
        return [m for m in self.measures if problem_id in m.answers]

    @property
    def measure_problem_numbers(self) -> list[list[int]]:
        """Per measure, the numbers (1, 2, …) of the problems it answers, in order.
        Measure n answering problem n alone is numbered to match it; any other
        answer the report states in words (``measure_references``)."""
        numbers = {p.id: n for n, p in enumerate(self.problems, 1)}
        return [sorted({numbers[pid] for pid in m.answers if pid in numbers}) for m in self.measures]

    @property
    def measure_references(self) -> list[list[int]]:
        """Per measure, the problems the report names under it: none when measure n
        answers problem n alone (its number says so), else every problem it answers."""
        return [
            [] if answered == [n] else answered
            for n, answered in enumerate(self.measure_problem_numbers, 1)
        ]

    @property
    def display_name(self) -> str:
        """How the narrative refers to the department."""
        return self.meta.short_name or "我单位"
