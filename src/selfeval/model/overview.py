"""一、部门概况: basic information, duties, organisation, staffing, annual goals."""

from __future__ import annotations

from pydantic import Field

from selfeval.model.base import Count, Date, Line, Model, Text, TextItem, choice

__all__ = ["QUOTA_KINDS", "Organisation", "QuotaPart", "Leader", "StaffUnit", "Staffing", "Overview"]

#: 编制 kinds: (StaffUnit field, 中文名), in the statements' order.
QUOTA_KINDS: tuple[tuple[str, str], ...] = (
    ("quota_admin", "行政编制"),
    ("quota_cs_like", "参公事业编制"),
    ("quota_institution", "事业编制"),
    ("quota_worker", "工勤编制"),
)


def _isum(values) -> int | None:
    """Σ of whole numbers; ``None`` (未填) when any is not entered."""
    values = list(values)
    if any(v is None for v in values):
        return None
    return sum(values)


class Organisation(Model):
    summary: Line = Field(
        default="",
        title="内设机构概括",
        description="可选。内设机构的一句话概括，如“三部一室”，报告写作“内设机构为三部一室，分别为……”。",
    )
    internal_units: list[Line] = Field(
        default_factory=list,
        title="内设机构",
        description="本单位的内设科室、部室，每项一个名称，如“办公室”“学会学术部”。",
    )
    subordinate_units: list[Line] = Field(
        default_factory=list,
        title="下属单位",
        description="所属二级单位（如事业单位），每项一个名称，如“衡阳市科学技术馆”。没有则留空。",
    )
    note: Text = Field(
        default="",
        title="机构说明",
        description="对机构设置的补充说明，如单位性质、机构规格、当年变动情况及原因。",
    )


class QuotaPart(Model):
    """One part of a unit's 编制, as the text splits it (机关本部 / 机关后勤服务)."""

    part: Line = Field(
        default="",
        title="部分",
        description="可选。编制所属的部分，如“机关本部”“机关后勤服务”；整个单位只有一种编制时留空。",
    )
    kind: choice("行政编制", "参公事业编制", "事业编制", "工勤编制") = Field(  # type: ignore[valid-type]
        default="行政编制",
        title="编制类型",
        description="行政编制、参公事业编制、事业编制或工勤编制。",
    )
    funding: choice("", "全额拨款", "差额拨款", "自收自支") = Field(  # type: ignore[valid-type]
        default="",
        title="经费形式",
        description="可选。全额拨款、差额拨款或自收自支。",
    )
    count: Count | None = Field(default=None, title="编制数", description="这部分的编制（名）。")


class Leader(Model):
    """领导职数: one post and how many."""

    title: Line = Field(default="", title="职务", description="如“书记”“副主席”“正科级领导职数”。")
    count: Count | None = Field(default=None, title="职数", description="这个职务的职数（名）。")
    note: Line = Field(
        default="",
        title="说明",
        description="可选。如“含社会组织党委专职副书记1名”，报告中写在职数后的括号里。",
    )


class StaffUnit(Model):
    """One unit's staffing, as the 决算 人员情况表 gives it."""

    name: Line = Field(
        default="",
        title="单位名称",
        description="如“市科协机关”“市科技馆”。只有一个单位时可写本单位简称。",
    )
    quota_admin: Count | None = Field(
        default=None, title="行政编制数", description="机构编制部门核定的行政编制（名）。"
    )
    quota_cs_like: Count | None = Field(
        default=None,
        title="参公事业编制数",
        description="参照公务员法管理的事业编制（名）。",
    )
    quota_institution: Count | None = Field(
        default=None, title="事业编制数", description="其他事业编制（名）。"
    )
    quota_worker: Count | None = Field(
        default=None, title="工勤编制数", description="机关工勤人员编制（名）。"
    )
    on_payroll: Count | None = Field(
        default=None,
        title="实有在职在编人数",
        description="年末实有在职在编人员（人），取自决算人员情况表。用于计算在职人员控制率。",
    )
    retired: Count | None = Field(
default=None, title="退休人员", description="年末退休人员（人）。")
    contract: Count | None = Field(
        default=None,
        title="编外/劳务派遣人员",
        description="编外聘用和劳务派遣人员（人）。",
    )

    quota_parts: list[QuotaPart] = Field(
        default_factory=list,
        title="编制构成",
        description=(
            "可选。单位内部按部分、类型分列的编制，如“机关本部全额拨款参公事业编制18名、机关后勤服务全额拨款事业编制1名”。"
            "上面某类编制数不填时由这里同类之和得出；两处都填时相互核对。"
        ),
    )
    leaders: list[Leader] = Field(
        default_factory=list,
        title="领导职数",
        description="可选。如书记1名、副主席2名、正科级领导职数5名，每个职务一行。",
    )

    def quota_from_parts(self, field: str) -> int | None:
        """Σ quota_parts of one kind (``None`` when no part is of that kind)."""
        label = dict(QUOTA_KINDS)[field]
        counts = [p.count for p in self.quota_parts if p.kind == label]
        if not counts:
            return None
        return _isum(counts)

    def quota(self, field: str) -> int | None:
        """One kind of 编制: as typed, else from :attr:`quota_parts`."""
        typed = getattr(self, field)
        return typed if typed is not None else self.quota_from_parts(field)

    @property
    def quota_total(self) -> int | None:
        """编制数合计 (``None`` when no kind of 编制 is known, or a part's count is 未填)."""
        values = [self.quota(f) for f, _ in QUOTA_KINDS]
        if all(v is None for v in values):
            return None
        if any(p.count is None for p in self.quota_parts):
            return None
        return sum(v or 0 for v in values)


class Staffing(Model):
    as_of: Date | None = Field(
        default=None,
        title="截至日期",
        description="人数的截至日期，如 2024-12-31，报告写作“截至2024年12月31日，实有在职在编人员……”。",
    )
    units: list[StaffUnit] = Field(
        default_factory=list,
        title="各单位人员",
        description="每个单位一行（如机关和下属事业单位分列）。合计由程序计算。",
    )
    note: Text = Field(
        default="",
        title="人员说明",
        description="对人员情况的补充说明，如当年人员变动情况及原因。",
    )

    def _sum(self, attr: str) -> int | None:
        """Σ over the units; ``None`` when no unit has it, or a unit that counts has it 未填."""
        if not self.units:
            return None
        return _isum(getattr(u, attr) for u in self.units)

    @property
    def quota_total(self) -> int | None:
        return self._sum("quota_total")

    @property
    def on_payroll_total(self) -> int | None:
        return self._sum("on_payroll")

    @property
    def retired_total(self) -> int | None:
        """Σ 退休人员 of the units that state it (a unit without retirees leaves it out)."""
        given = [u.retired for u in self.units if u.retired is not None]
        return sum(given) if given else None

    @property
    def contract_total(self) -> int | None:
        given = [u.contract for u in self.units if u.contract is not None]
        return sum(given) if given else None

    def quota_by_kind(self) -> list[tuple[str, int]]:
        """(kind, total) for each kind of 编制 that is used, in the statements' order."""
        out = []
        for attr, label in QUOTA_KINDS:
            n = sum(u.quota(attr) or 0 for u in self.units)
            if n:
                out.append((label, n))
        return out


class Overview(Model):
    basic_info: Text = Field(
        default="",
        title="基本情况",
        description="单位的基本情况：性质、历史沿革、主管部门、主要工作领域等。每行一段。",
    )
    duties: list[Line] = Field(
        default_factory=list,
        title="职能职责",
        description="按“三定”方案列出的主要职责，每项一条，不写序号。",
    )
    organisation: Organisation = Field(
        default_factory=Organisation,
        title="机构设置",
        description="内设机构、下属单位和说明，取自“三定”方案和决算单位构成。",
    )
    staffing: Staffing = Field(
        default_factory=Staffing,
        title="人员情况",
        description="各单位编制数、实有在职在编、退休和编外人员，取自决算人员情况表。合计由程序计算。",
    )
    goals: list[TextItem] = Field(
        default_factory=list,
        title="年度工作目标及工作计划",
        description="年初确定的年度整体绩效目标和工作计划，每个目标一条。此节不能为空。",
    )
