"""Money sections: the general public budget, other funds, base data.

Only figures a user copies from the 决算 statements are fields. Totals, 合计
rows, 调整后预算, 年末结转和结余 and the general-budget table are properties.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from pydantic import Field

from selfeval.amounts import ZERO, minus, total
from selfeval.model.base import MAX_COUNT, Flag, Line, Model, Money, Percent, Text, Whole, choice
from selfeval.model.evaluation import ProjectEvaluation

__all__ = [
    "INCOME_SOURCES",
    "OTHER_SOURCES",
    "ECONOMIC_CLASSES",
    "BudgetBuildUp",
    "Project",
    "FundItem",
    "EconomicBreakdown",
    "GeneralBudget",
    "OtherFund",
    "BalanceRow",
    "BalanceTable",
    "BaseRow",
    "ThreePublicCosts",
    "PublicFunds",
    "BaseData",
]

#: Income by source, in the order of the 决算 收入决算表 (domain.md §2).
INCOME_SOURCES: dict[str, str] = {
    "general_budget": "一般公共预算财政拨款收入",
    "gov_fund": "政府性基金预算财政拨款收入",
    "state_capital": "国有资本经营预算财政拨款收入",
    "superior_grant": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliate": "附属单位上缴收入",
    "other": "其他收入",
}
OTHER_SOURCES = tuple(k for k in INCOME_SOURCES if k != "general_budget")
OtherSource = choice(*OTHER_SOURCES)

#: 部门预算支出经济分类（类级）: (field, code, name).
ECONOMIC_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("wages", "301", "工资福利支出"),
    ("goods_services", "302", "商品和服务支出"),
    ("individual_family", "303", "对个人和家庭的补助"),
    ("debt_interest", "307", "债务利息及费用支出"),
    ("capital_infra", "309", "资本性支出（基本建设）"),
    ("capital", "310", "资本性支出"),
    ("enterprise_infra", "311", "对企业补助（基本建设）"),
    ("enterprise", "312", "对企业补助"),
    ("social_security", "313", "对社会保障基金补助"),
    ("other", "399", "其他支出"),
)


def _sum(values) -> Decimal | None:
    """Σ values; ``None`` (未填) when any value is not entered."""
    return total(*values)


_NOT_ENTERED = "不填（留空）表示未填，与 0 不同：未填的数不参与计算，由它得出的数也显示为未填。"


class BudgetBuildUp(Model):
    """年初预算 + 年中追加 − 年中追减 = 调整后预算, for 基本 or 项目."""

    initial: Money | None = Field(
        default=None,
        title="年初预算",
        description="人大批复的年初预算数，取自预算批复文件或决算表“年初预算数”栏。",
    )
    additions: Money | None = Field(
        default=None,
        title="年中追加",
        description="年度中追加的预算（正数），取自预算调整文件或指标文件。",
    )
    reductions: Money | None = Field(
        default=None,
        title="年中追减",
        description="年度中调减、收回的预算（填正数）。",
    )

    @property
    def adjusted(self) -> Decimal | None:
        """调整后（全年）预算; ``None`` while any part is 未填."""
        return minus(total(self.initial, self.additions), self.reductions)

    @property
    def net_adjustment(self) -> Decimal | None:
        return minus(self.additions, self.reductions)

    def is_empty(self) -> bool:
        return self.initial is None and self.additions is None and self.reductions is None


class Project(Model):
    name: Line = Field(
        default="",
        title="项目名称",
        description="与决算项目支出明细表中的项目名称一致。",
    )
    amount: Money | None = Field(
        default=None,
        title="年度决算数",
        description="该项目本年一般公共预算财政拨款支出（决算数）。项目支出合计由各项目相加得出。",
    )
    key: Flag = Field(
        default=False,
        title="重点项目",
        description="是否为重点项目（用于计算重点支出安排率）。",
    )
    note: Line = Field(default="", title="备注", description="可选。项目表“备注”栏的说明。")
    evaluation: ProjectEvaluation = Field(
        default_factory=ProjectEvaluation,
        title="项目支出绩效自评表",
        description="本项目的绩效自评：资金来源的预算和执行、年度目标、绩效指标的目标值和完成值。项目决算数取自上面的“年度决算数”，不用再填。",
    )


_ECON_DESC = (
    "按经济分类（类级）填写本科目金额，取自决算支出表的经济分类栏。只填报告列出的科目："
    "填了任一科目，未填的科目即表示没有这类支出；一个科目都不填表示未填经济分类，不作核对。"
)


class EconomicBreakdown(Model):
    """Spending by economic classification (类级), one scope.

    Counts as entered when at least one class is given; the classes not listed
    then mean "no spending in this class" (reports list only the classes used).
    With no class given the breakdown is not entered (``total`` is ``None``).
    """

    wages: Money | None = Field(default=None, title="301 工资福利支出", description=_ECON_DESC)
    goods_services: Money | None = Field(default=None, title="302 商品和服务支出", description=_ECON_DESC)
    individual_family: Money | None = Field(default=None, title="303 对个人和家庭的补助", description=_ECON_DESC)
    debt_interest: Money | None = Field(default=None, title="307 债务利息及费用支出", description=_ECON_DESC)
    capital_infra: Money | None = Field(default=None, title="309 资本性支出（基本建设）", description=_ECON_DESC)
    capital: Money | None = Field(default=None, title="310 资本性支出", description=_ECON_DESC)
    enterprise_infra: Money | None = Field(default=None, title="311 对企业补助（基本建设）", description=_ECON_DESC)
    enterprise: Money | None = Field(default=None, title="312 对企业补助", description=_ECON_DESC)
    social_security: Money | None = Field(default=None, title="313 对社会保障基金补助", description=_ECON_DESC)
    other: Money | None = Field(default=None, title="399 其他支出", description=_ECON_DESC)

    @property
    def entered(self) -> bool:
        return any(getattr(self, f) is not None for f, _, _ in ECONOMIC_CLASSES)

    def amount(self, field: str) -> Decimal | None:
        """One class's amount: 0 when the breakdown is entered but this class is not listed."""
        v = getattr(self, field)
        if v is None and self.entered:
            return ZERO
        return v

    @property
    def total(self) -> Decimal | None:
        if not self.entered:
            return None
        return sum((getattr(self, f) or ZERO for f, _, _ in ECONOMIC_CLASSES), ZERO)

    @property
    def given(self) -> int:
        """How many classes are given (the number of summands of :attr:`total`)."""
        return sum(1 for f, _, _ in ECONOMIC_CLASSES if getattr(self, f) is not None)

    def rows(self) -> list[tuple[str, str, Decimal | None]]:
        """(code, name, amount) for each class, in code order."""
        return [(code, name, getattr(self, f)) for f, code, name in ECONOMIC_CLASSES]

    def __add__(self, other: EconomicBreakdown) -> EconomicBreakdown:
        """Class by class; a class given on neither side stays not given."""

        def add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
            if a is None and b is None:
                return None
            return (a or ZERO) + (b or ZERO)

        return EconomicBreakdown.model_construct(
            **{f: add(getattr(self, f), getattr(other, f)) for f, _, _ in ECONOMIC_CLASSES}
        )


@dataclass(frozen=True)
class BalanceRow:
    """One column of the 结转结余表 (基本支出, 项目支出 or 合计)."""

    label: str
    start: Decimal | None  # 年初结转和结余
    income: Decimal | None  # 本年收入
    spending: Decimal | None  # 本年支出

    @property
    def end(self) -> Decimal | None:
        """年末结转和结余 = 年初 + 收入 − 支出 (``None`` while any is 未填)."""
        return minus(total(self.start, self.income), self.spending)

    def __add__(self, other: BalanceRow) -> BalanceRow:
        return BalanceRow(
            "合计",
            total(self.start, other.start),
            total(self.income, other.income),
            total(self.spending, other.spending),
        )


@dataclass(frozen=True)
class BalanceTable:
    basic: BalanceRow
    project: BalanceRow

    @property
    def total(self) -> BalanceRow:
        return self.basic + self.project

    @property
    def rows(self) -> tuple[BalanceRow, BalanceRow, BalanceRow]:
        return (self.basic, self.project, self.total)


class GeneralBudget(Model):
    """三、一般公共预算收支情况."""

    carryover_start_basic: Money | None = Field(
        default=None,
        title="年初结转和结余（基本支出）",
        description="上年末一般公共预算财政拨款结转和结余中属于基本支出的部分，取自决算表“年初结转和结余”栏。",
    )
    carryover_start_project: Money | None = Field(
        default=None,
        title="年初结转和结余（项目支出）",
        description="上年末一般公共预算财政拨款结转和结余中属于项目支出的部分。",
    )
    personnel: Money | None = Field(
        default=None,
        title="人员经费",
        description="基本支出中的人员经费（工资福利支出、对个人和家庭的补助等），取自一般公共预算财政拨款基本支出决算明细表。",
    )
    public_expense: Money | None = Field(
        default=None,
        title="日常公用经费",
        description="基本支出中的日常公用经费（商品和服务支出、资本性支出等），取自同一张表。基本支出 = 人员经费 + 日常公用经费。",
    )
    basic: BudgetBuildUp = Field(
        default_factory=BudgetBuildUp,
        title="基本支出预算",
        description="基本支出的年初预算和年中调整。本年收入（基本支出）= 调整后预算。",
    )
    project: BudgetBuildUp = Field(
        default_factory=BudgetBuildUp,
        title="项目支出预算",
        description="项目支出的年初预算和年中调整。本年收入（项目支出）= 调整后预算。",
    )
    projects: list[Project] = Field(
        default_factory=list,
        title="项目明细",
        description="每个项目一行，取自项目支出决算明细表。报告中的序号和合计由程序生成。",
    )
    economic: EconomicBreakdown = Field(
        default_factory=EconomicBreakdown,
        title="支出经济分类",
        description=(
            "一般公共预算支出（基本支出和项目支出合计）按部门预算支出经济分类（类级）分列，"
            "取自一般公共预算财政拨款支出决算表；报告第三部分按此列出。各科目之和应等于本年支出。"
        ),
    )
    economic_basic: EconomicBreakdown = Field(
        default_factory=EconomicBreakdown,
        title="其中：基本支出经济分类（可选）",
        description=(
            "可选。基本支出按经济分类分列，取自一般公共预算财政拨款基本支出决算明细表。"
            "填了就与基本支出、人员经费核对，并与项目支出经济分类相加后逐科目与上面的经济分类核对；不填不作核对。"
        ),
    )
    economic_project: EconomicBreakdown = Field(
        default_factory=EconomicBreakdown,
        title="其中：项目支出经济分类（可选）",
        description="可选。项目支出按经济分类分列。填了就与项目支出核对，不填不作核对。",
    )
    spending_note: Text = Field(
        default="",
        title="支出情况说明",
        description="可选。对一般公共预算支出的补充说明（如主要用途、与上年相比增减原因）。",
    )

    # ---- derived ---------------------------------------------------------

    @property
    def basic_spending(self) -> Decimal | None:
        """基本支出 = 人员经费 + 日常公用经费."""
        return total(self.personnel, self.public_expense)

    @property
    def project_spending(self) -> Decimal | None:
        """项目支出 = Σ 项目明细; 未填 while a project's amount is, or while there is no
        project and nothing about project spending is entered (no project budget either)."""
        if not self.projects and self.project.is_empty() and self.carryover_start_project is None:
            return None
        return _sum(p.amount for p in self.projects)

    @property
    def key_project_spending(self) -> Decimal | None:
        return _sum(p.amount for p in self.projects if p.key)

    @property
    def has_key_project(self) -> bool:
        return any(p.key for p in self.projects)

    @property
    def spending(self) -> Decimal | None:
        return total(self.basic_spending, self.project_spending)

    @property
    def initial_total(self) -> Decimal | None:
        return total(self.basic.initial, self.project.initial)

    @property
    def additions_total(self) -> Decimal | None:
        return total(self.basic.additions, self.project.additions)

    @property
    def reductions_total(self) -> Decimal | None:
        return total(self.basic.reductions, self.project.reductions)

    @property
    def adjusted_total(self) -> Decimal | None:
        return total(self.basic.adjusted, self.project.adjusted)

    @property
    def income(self) -> Decimal | None:
        """本年收入（一般公共预算财政拨款）= 调整后预算."""
        return self.adjusted_total

    @property
    def carryover_start(self) -> Decimal | None:
        return total(self.carryover_start_basic, self.carryover_start_project)

    @property
    def table(self) -> BalanceTable:
        """The general-budget 结转结余表."""
        return BalanceTable(
            BalanceRow("基本支出", self.carryover_start_basic, self.basic.adjusted, self.basic_spending),
            BalanceRow(
                "项目支出", self.carryover_start_project, self.project.adjusted, self.project_spending
            ),
        )

    @property
    def carryover_end(self) -> Decimal | None:
        return self.table.total.end

    @property
    def economic_split(self) -> EconomicBreakdown | None:
        """基本 + 项目 class by class, when the optional split is given."""
        if not (self.economic_basic.entered or self.economic_project.entered):
            return None
        return self.economic_basic + self.economic_project

    def is_empty(self) -> bool:
        return (
            not self.spending
            and not self.income
            and not self.carryover_start
            and not self.economic.entered
        )


class FundItem(Model):
    """A sub-amount of another fund named in the text (“主要为……14.4万元”)."""

    name: Line = Field(
        default="",
        title="名称",
        description="这笔钱的来源或名称，如“衡阳市委人才办拨付人才支持经费”。",
    )
    amount: Money | None = Field(
        default=None,
        title="金额",
        description="这笔钱的金额。各项之和不应超过这项资金的本年收入。" + _NOT_ENTERED,
    )


class OtherFund(Model):
    """A source of money other than the general public budget (四、五、六)."""

    source: OtherSource = Field(
        default="other",
        title="资金来源",
        description=(
            "收入来源分类：gov_fund 政府性基金预算财政拨款、state_capital 国有资本经营预算财政拨款、"
            "superior_grant 上级补助收入、business 事业收入、operating 经营收入、"
            "affiliate 附属单位上缴收入、other 其他收入。"
        ),
    )
    name: Line = Field(
        default="",
        title="资金名称",
        description="这笔资金的名称，如“中国科协基层科普行动计划补助”。",
    )
    carryover_start: Money | None = Field(
        default=None, title="年初结转和结余", description="该资金上年末结转结余。"
    )
    income: Money | None = Field(default=None, title="本年收入", description="该资金本年收到的金额。")
    spending_basic: Money | None = Field(
        default=None, title="本年支出（基本支出）", description="该资金用于基本支出的金额。"
    )
    spending_project: Money | None = Field(
        default=None, title="本年支出（项目支出）", description="该资金用于项目支出的金额。"
    )
    personnel: Money | None = Field(
        default=None,
        title="其中：人员经费",
        description="可选。这项资金基本支出中的人员经费。与日常公用经费一起填时，两者之和应等于基本支出；部门整体人员经费由一般公共预算和各项资金相加得出。",
    )
    public_expense: Money | None = Field(
        default=None,
        title="其中：日常公用经费",
        description="可选。这项资金基本支出中的日常公用经费。",
    )
    purpose: Text = Field(
        default="",
        title="资金用途",
        description="这笔资金用在哪里、办成了什么事。",
    )
    items: list[FundItem] = Field(
        default_factory=list,
        title="其中各项",
        description="可选。报告中点名的收入明细，如“主要为收到衡阳市委人才办拨付人才支持经费14.4万元”，每项一行。",
    )
    economic: EconomicBreakdown = Field(
        default_factory=EconomicBreakdown,
        title="经济分类",
        description="可选。该资金的支出按经济分类分列；填了才参与核对，不填不作核对，也不算错。",
    )

    @property
    def label(self) -> str:
        return self.name or INCOME_SOURCES[self.source]

    @property
    def source_label(self) -> str:
        return INCOME_SOURCES[self.source]

    @property
    def spending(self) -> Decimal | None:
        return total(self.spending_basic, self.spending_project)

    @property
    def carryover_end(self) -> Decimal | None:
        return minus(total(self.carryover_start, self.income), self.spending)

    @property
    def split_given(self) -> bool:
        return self.personnel is not None or self.public_expense is not None

    @property
    def items_total(self) -> Decimal | None:
        return _sum(i.amount for i in self.items) if self.items else None


class BaseRow(Model):
    """上年决算 / 本年预算 / 本年决算 of one base-data item."""

    prev_actual: Money | None = Field(default=None, title="上年决算数", description="上一年度的决算数。")
    budget: Money | None = Field(default=None, title="本年预算数", description="本年度的预算数（调整后）。")
    actual: Money | None = Field(default=None, title="本年决算数", description="本年度的决算数（实际支出）。")

    def __add__(self, other: BaseRow) -> BaseRow:
        return BaseRow.model_construct(
            prev_actual=total(self.prev_actual, other.prev_actual),
            budget=total(self.budget, other.budget),
            actual=total(self.actual, other.actual),
        )


class ThreePublicCosts(Model):
    """"三公"经费, from 财政拨款 (财政拨款“三公”经费支出决算表)."""

    overseas: BaseRow = Field(
        default_factory=BaseRow, title="因公出国（境）费", description="因公出国（境）费的上年决算、本年预算和本年决算，取自财政拨款“三公”经费支出决算表。"
    )
    vehicle_purchase: BaseRow = Field(
        default_factory=BaseRow, title="公务用车购置费", description="公务用车购置费的上年决算、本年预算和本年决算，取自财政拨款“三公”经费支出决算表。"
    )
    vehicle_operation: BaseRow = Field(
        default_factory=BaseRow, title="公务用车运行维护费", description="公务用车运行维护费的上年决算、本年预算和本年决算，取自财政拨款“三公”经费支出决算表。"
    )
    reception: BaseRow = Field(
        default_factory=BaseRow, title="公务接待费", description="公务接待费的上年决算、本年预算和本年决算，取自财政拨款“三公”经费支出决算表。"
    )

    ROWS: ClassVar[tuple[str, ...]] = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")

    def rows(self) -> list[tuple[str, BaseRow]]:
        """(中文名, row) in the statements' order."""
        return [(type(self).model_fields[r].title or r, getattr(self, r)) for r in self.ROWS]

    @property
    def total(self) -> BaseRow:
        rows = [getattr(self, r) for r in self.ROWS]
        out = rows[0]
        for r in rows[1:]:
            out = out + r
        return out


class PublicFunds(Model):
    """公用经费 for the 公用经费控制率; the actual total is 日常公用经费 itself."""

    prev_actual: Money | None = Field(
        default=None,
        title="上年公用经费决算数",
        description="上年度日常公用经费决算数。",
    )
    budget: Money | None = Field(
        default=None,
        title="本年公用经费预算数",
        description="本年度日常公用经费预算数（调整后）。本年决算数即“日常公用经费”，不再重复填写。",
    )
    office: Money | None = Field(default=None, title="其中：办公经费", description="本年决算数。")
    utilities_travel: Money | None = Field(
        default=None, title="其中：水费、电费、差旅费", description="本年决算数。"
    )
    meetings_training: Money | None = Field(
        default=None, title="其中：会议费、培训费", description="本年决算数。"
    )


class BaseData(Model):
    """基础数据表: figures the computed indicators read and nothing else supplies."""

    three_public: ThreePublicCosts = Field(
        default_factory=ThreePublicCosts,
        title="“三公”经费",
        description="取自财政拨款“三公”经费支出决算表（上年决算、本年预算、本年决算）。",
    )
    public_funds: PublicFunds = Field(
        default_factory=PublicFunds,
        title="公用经费",
        description="公用经费的上年决算和本年预算（本年决算即日常公用经费），以及其中几项的决算数。",
    )
    procurement_budget: Money | None = Field(
        default=None,
        title="政府采购预算",
        description="本年政府采购预算金额，取自政府采购预算（计划）。",
    )
    procurement_actual: Money | None = Field(
        default=None,
        title="政府采购实际金额",
        description="本年实际政府采购金额，取自决算政府采购支出信息。",
    )
    fixed_assets_total: Money | None = Field(
        default=None,
        title="固定资产总额",
        description="年末全部固定资产原值，取自资产负债表或资产报表。",
    )
    fixed_assets_in_use: Money | None = Field(
        default=None,
        title="在用固定资产",
        description="年末在用固定资产原值。",
    )
    tasks_planned: Whole | None = Field(
        default=None,
        ge=0,
        lt=MAX_COUNT,
        title="计划工作任务数",
        description="年度工作计划中的任务数（项），用于实际完成率。不用可留空。",
    )
    tasks_completed: Whole | None = Field(
        default=None, ge=0, lt=MAX_COUNT, title="实际完成任务数", description="年末实际完成的任务数（项）。"
    )
    tasks_on_time: Whole | None = Field(
        default=None, ge=0, lt=MAX_COUNT, title="按时完成任务数", description="在计划时限内完成的任务数（项）。"
    )
    tasks_up_to_standard: Whole | None = Field(
        default=None, ge=0, lt=MAX_COUNT, title="质量达标任务数", description="质量达到标准的任务数（项）。"
    )
    key_tasks_planned: Whole | None = Field(
        default=None, ge=0, lt=MAX_COUNT, title="重点工作任务数", description="年度重点工作任务数（项）。"
    )
    key_tasks_done: Whole | None = Field(
        default=None, ge=0, lt=MAX_COUNT, title="重点工作办结数", description="已办结的重点工作数（项）。"
    )
    satisfaction: Percent | None = Field(
        default=None,
        title="服务对象满意度（%）",
        description="满意度调查得出的百分比，如 96.5 表示 96.5%。没有调查可留空。",
    )
