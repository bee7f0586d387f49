"""十、存在的主要问题 and 十一、下一步改进措施 (each measure answers problems)."""

from __future__ import annotations

from pydantic import Field

from selfeval.model.base import Line, Model, Text

__all__ = ["Problem", "Measure"]


class Problem(Model):
    id: Line = Field(
        default="",
        title="问题编号",
        description="程序自动分配的内部编号（如 p1），用于把改进措施对应到问题。手工编辑草稿时不要改动。",
    )
    title: Line = Field(
        default="",
        title="问题概括",
        description="一句话概括问题，如“预算编制精准度有待提高”。",
    )
    text: Text = Field(default="", title="具体表现", description="问题的具体表现和原因。")


class Measure(Model):
    title: Line = Field(
        default="",
        title="措施概括",
        description="一句话概括改进措施，如“提高预算编制质量”。",
    )
    text: Text = Field(default="", title="具体措施", description="具体怎么做、何时完成。")
    items: list[Text] = Field(
        default_factory=list,
        title="措施条目",
        description="可选。分条写的具体措施，报告中编号为 1. 2. 3. …，不要自己写序号。",
    )
    answers: list[Line] = Field(
        default_factory=list,
        title="对应问题",
        description="这条措施解决哪些问题（问题编号）。每个问题至少要有一条措施。",
    )
