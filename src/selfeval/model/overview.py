"""一、部门概况: basic information, duties, organisation, staffing, annual goals."""

from __future__ import annotations

from pydantic import Field

from selfeval.model.base import Count, Line, Model, Text, TextItem

__all__ = ["Organisation", "StaffUnit", "Staffing", "Overview"]


class Organisation(Model):
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


class StaffUnit(Model):
    """One unit's staffing, as the 决算 人员情况表 gives it."""

    name: Line = Field(
        default="",
        title="单位名称",
        description="如“市科协机关”“市科技馆”。只有一个单位时可写本单位简称。",
    )
    quota_admin: Count = Field(
        default=0, title="行政编制数", description="机构编制部门核定的行政编制（名）。"
    )
    quota_cs_like: Count = Field(
        default=0,
        title="参公事业编制数",
        description="参照公务员法管理的事业编制（名）。",
    )
    quota_institution: Count = Field(
        default=0, title="事业编制数", description="其他事业编制（名）。"
    )
    quota_worker: Count = Field(
        default=0, title="工勤编制数", description="机关工勤人员编制（名）。"
    )
    on_payroll: Count = Field(
        default=0,
        title="实有在职在编人数",
        description="年末实有在职在编人员（人），取自决算人员情况表。用于计算在职人员控制率。",
    )
    retired: Count = Field(default=0, title="退休人员", description="年末退休人员（人）。")
    contract: Count = Field(
        default=0,
        title="编外/劳务派遣人员",
        description="编外聘用和劳务派遣人员（人）。",
    )

    @property
    def quota_total(self) -> int:
        """编制数合计."""
        return self.quota_admin + self.quota_cs_like + self.quota_institution + self.quota_worker


class Staffing(Model):
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

    @property
    def quota_total(self) -> int:
        return sum(u.quota_total for u in self.units)

    @property
    def on_payroll_total(self) -> int:
        return sum(u.on_payroll for u in self.units)

    @property
    def retired_total(self) -> int:
        return sum(u.retired for u in self.units)

    @property
    def contract_total(self) -> int:
        return sum(u.contract for u in self.units)

    def quota_by_kind(self) -> list[tuple[str, int]]:
        """(kind, total) for each kind of 编制 that is used, in the statements' order."""
        kinds = [
            ("行政编制", "quota_admin"),
            ("参公事业编制", "quota_cs_like"),
            ("事业编制", "quota_institution"),
            ("工勤编制", "quota_worker"),
        ]
        out = []
        for label, attr in kinds:
            total = sum(getattr(u, attr) for u in self.units)
            if total:
                out.append((label, total))
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
