"""A draft rolled forward from last year's (``selfeval new --from``): which texts
were carried over and still wait for the user's word (待确认), and the follow-up
of last year's problems (上年问题整改情况).

A carried text is remembered by the field it went to and a digest of the text
as carried. It is 待确认 while it is unconfirmed and a text field of the draft
still holds exactly that text: editing the text ends it (the digest no longer
matches), and so does confirming it (``confirmed = true``). Matching by digest
keeps the marks right when list items are moved or deleted, and the marks are
plain TOML values, so saving, reloading and the comment-keeping writer keep
them as they are.
"""

from __future__ import annotations

import hashlib

from pydantic import Field

from selfeval.model.base import Flag, Line, Model, Text, Whole, choice

__all__ = ["RECTIFY_STATUSES", "CarriedText", "Carried", "Rectification", "text_digest"]

#: 整改情况 of one of last year's problems.
RECTIFY_STATUSES = ("已整改", "整改中", "未整改")


def text_digest(text: str) -> str:
    """The digest a carried text is remembered by (16 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class CarriedText(Model):
    """One text carried over from last year's draft."""

    path: Line = Field(
        title="字段",
        description="沿用的文字所在的字段，如 overview.duties[2]。由程序维护，请勿修改。",
    )
    digest: Line = Field(
        title="原文摘要",
        description="沿用时文字的摘要：文字被修改后即不再算沿用。由程序维护，请勿修改。",
    )
    confirmed: Flag = Field(
        default=False,
        title="已确认",
        description="已确认这段沿用的文字今年仍然适用（编辑界面中在该字段上按 Enter）。",
    )


class Carried(Model):
    """Where a rolled-forward draft came from, and its carried texts."""

    from_year: Whole | None = Field(
        default=None,
        ge=2000,
        le=2100,
        title="上年草稿年度",
        description="本草稿由哪一年度的草稿滚动生成（selfeval new --from）。",
    )
    from_file: Line = Field(
        default="",
        title="上年草稿文件",
        description="生成本草稿时所用的上年草稿文件名。",
    )
    texts: list[CarriedText] = Field(
        default_factory=list,
        title="沿用的文字",
        description="从上年草稿沿用的文字，未修改也未确认的为“待确认”。",
    )

    def is_empty(self) -> bool:
        return self.from_year is None and not self.from_file and not self.texts


class Rectification(Model):
    """One of last year's problems and what was done about it this year."""

    problem: Line = Field(
        default="",
        title="上年问题",
        description="上年自评报告提出的问题（由上年草稿带入）。",
    )
    detail: Text = Field(
        default="",
        title="上年问题表现",
        description="上年报告中对这个问题的具体描述（由上年草稿带入，供对照）。",
    )
    planned: Text = Field(
        default="",
        title="上年提出的改进措施",
        description="上年报告针对这个问题提出的改进措施（由上年草稿带入，供对照）。",
    )
    status: choice("", *RECTIFY_STATUSES) = Field(  # type: ignore[valid-type]
        default="",
        title="整改状态",
        description="已整改、整改中或未整改。",
    )
    action: Text = Field(
        default="",
        title="整改情况",
        description="今年针对这个问题做了什么、效果如何；整改中或未整改的写明原因和计划完成时间。每行一段。",
    )

    def is_empty(self) -> bool:
        return not (self.problem.strip() or self.detail.strip() or self.status or self.action.strip())
