"""报告信息: who reports, for which year, in which unit, scored with which preset."""

from __future__ import annotations

from pydantic import Field

from selfeval.model.base import Date, Line, Model, Text, Whole, choice

__all__ = ["Meta", "DEFAULT_PRESET"]

DEFAULT_PRESET = "hengyang-2024"

#: the unit every amount of the report is in
Unit = choice("万元", "元")


class Meta(Model):
    department: Line = Field(
        title="单位全称",
        description="预算单位的全称，与部门决算封面一致，如“衡阳市科学技术协会”。报告标题由它和年度生成。",
    )
    short_name: Line = Field(
        default="",
        title="单位简称",
        description="正文中指代本单位的简称，如“市科协”。留空则正文使用“我单位”。",
    )
    year: Whole = Field(
        title="评价年度",
        ge=2000,
        le=2100,
        description="被评价的预算年度（四位数字），如 2024。",
    )
    unit: Unit = Field(
        default="万元",
        title="金额单位",
        description="报告中所有金额的单位。按决算报表的单位填写，通常为“万元”。",
    )
    preset: Line = Field(
        default=DEFAULT_PRESET,
        title="评分指标体系",
        description=(
            "用哪套指标体系评分：hengyang-2024（衡阳市 2024 年格式，投入10/过程30/产出30/效果30）、"
            "hunan-style（湖南省常见评分规则）、national-2013（财预〔2013〕53号共性指标，权重自定），"
            "或自定义指标文件的路径（相对于草稿所在文件夹）。"
        ),
    )
    preparer: Line = Field(
        default="",
        title="填报人",
        description="负责填报本报告的人员姓名或科室。",
    )
    prepared_on: Date | None = Field(
        default=None,
        title="填报日期",
        description="报告落款日期，格式 2025-04-30。",
    )
    preamble: Text = Field(
        default="",
        title="前言",
        description=(
            "报告开头的评价目的和依据。留空则自动生成标准前言"
            "（依据中发〔2018〕34号等文件对本年度部门整体支出开展自评）。"
        ),
    )
