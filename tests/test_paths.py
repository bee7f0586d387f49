"""Field paths: parsing, reading, validated writing, titles and widget ids (no Textual)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from selfeval.model import Meta, Project, Report
from selfeval.model import base, errors, paths


def _report() -> Report:
    r = Report(meta=Meta(department="测试单位", year=2025))
    r.general_budget.projects = [Project(name="甲", amount=Decimal("1.5")), Project(name="乙")]
    r.overview.duties = ["一", "二"]
    return r


def test_parse_and_join_round_trip():
    path = "general_budget.projects[1].amount"
    assert paths.parse(path) == ["general_budget", "projects", 1, "amount"]
    assert paths.join(paths.parse(path)) == path


def test_get_and_assign_validate():
    r = _report()
    assert paths.get(r, "general_budget.projects[0].amount") == Decimal("1.5")
    paths.assign(r, "general_budget.projects[1].amount", Decimal("2"))
    assert r.general_budget.project_spending == Decimal("3.5")
    with pytest.raises(ValidationError) as exc:
        paths.assign(r, "general_budget.personnel", "12,3a")
    assert "不是有效金额" in errors.error_text(exc.value) or "千位" in errors.error_text(exc.value)
    assert r.general_budget.personnel is None  # still 未填: a bad value is never stored


def test_assign_list_item_is_validated():
    r = _report()
    paths.assign(r, "overview.duties[1]", "新职责")
    assert r.overview.duties == ["一", "新职责"]
    with pytest.raises(ValidationError):
        paths.assign(r, "overview.duties[0]", "两\n行")
    assert r.overview.duties[0] == "一"


def test_titles_come_from_the_model():
    assert paths.title_of("general_budget.personnel") == Report.model_fields["general_budget"].annotation.model_fields["personnel"].title
    assert paths.title_of("general_budget.projects[3].amount") == "年度决算数"
    assert "决算" in paths.help_of("general_budget.projects[0].amount")
    assert paths.field_info("no.such.field") is None


def test_widget_ids_are_unique_and_valid():
    ids = {paths.widget_id(p) for p in ("a.b[1].c", "a.b[1]", "a.b", "a.b1")}
    assert len(ids) == 4
    assert paths.widget_id("general_budget.projects[2].amount") == "f-general_budget-projects-2-amount"


def test_prefixes_longest_first():
    assert list(paths.prefixes("a.b[2].c")) == ["a.b[2].c", "a.b[2]", "a.b", "a"]


def test_exists_and_nearest():
    r = _report()
    assert paths.exists(r, "general_budget.projects[1].amount")
    assert not paths.exists(r, "general_budget.projects[2].amount")
    assert not paths.exists(r, "general_budget.no_such")
    assert paths.nearest(r, "general_budget.projects[2].amount") == "general_budget.projects"
    assert paths.nearest(r, "overview.duties[1]") == "overview.duties[1]"
    assert paths.nearest(r, "overview.staffing.units[0].on_payroll") == "overview.staffing.units"


def test_title_path_from_a_path_or_a_pydantic_loc():
    assert paths.title_path("general_budget.basic.initial") == "一般公共预算收支情况 › 基本支出预算 › 年初预算"
    assert paths.title_path(("general_budget", "projects", 1, "amount")) == "一般公共预算收支情况 › 项目明细 › 第 2 项 › 年度决算数"
    assert paths.title_path("general_budget.no_such") == "一般公共预算收支情况"


def test_chinese_messages_for_pydantic_errors():
    with pytest.raises(ValidationError) as exc:
        Report.model_validate({"meta": {"department": "x", "year": "二〇二五"}})
    assert errors.error_text(exc.value) == "应为整数"
    with pytest.raises(ValidationError) as exc:
        Report.model_validate({"meta": {"department": "x", "year": 2025, "unit": "千元"}})
    assert errors.error_text(exc.value).startswith("只能是 ") and "万元" in errors.error_text(exc.value)
    assert errors.message_of({"type": "missing", "msg": "Field required"}) == "缺少必填项"
    assert errors.message_of({"type": "value_error", "msg": "Value error, 坏", "ctx": {"error": ValueError("坏值")}}) == "坏值"
    assert errors.message_of({"type": "greater_than_equal", "msg": "", "ctx": {"ge": 0}}) == "不能小于 0"
    assert errors.message_of({"type": "weird", "msg": "odd"}) == "值无效（odd）"


def _leaves(model, prefix=""):
    from typing import get_origin

    from selfeval.model.base import inner_model

    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        inner = inner_model(info.annotation)
        if get_origin(info.annotation) is list:
            yield from (_leaves(inner, path + "[0]") if inner is not None else [path + "[0]"])
        elif inner is not None:
            yield from _leaves(inner, path)
        else:
            yield path


def test_every_field_carries_its_kind():
    kinds = {p: paths.kind_of(p) for p in _leaves(Report)}
    assert len(kinds) > 100
    assert [p for p, k in kinds.items() if k is None] == []
    assert kinds["general_budget.personnel"].name == "money"
    assert kinds["reconciliation[0].value"] == base.FieldKind("money", negative=True)
    assert kinds["scoring.scores[0].score"].name == "score"
    assert kinds["base_data.satisfaction"].name == "percent"
    assert kinds["overview.staffing.units[0].on_payroll"].name == "count"
    assert kinds["meta.year"].name == "integer"
    assert kinds["meta.prepared_on"].name == "date"
    assert kinds["overview.duties[0]"].name == "line"
    assert kinds["overview.basic_info"].name == "text"
    assert kinds["general_budget.projects[0].key"].name == "check"
    assert kinds["meta.unit"] == base.FieldKind("choice", choices=("万元", "元"))
    assert kinds["other_funds[0].source"].choices[0] == "gov_fund"
    # sections and lists of tables have no kind; an optional field says so
    assert paths.kind_of("general_budget") is None and paths.kind_of("general_budget.projects") is None
    assert paths.optional("base_data.tasks_planned") and not paths.optional("meta.year")
    assert not paths.optional("overview.duties[0]")


def test_markers_do_not_change_validation():
    # the marker is metadata only: a typed amount is still checked and refused in Chinese
    with pytest.raises(ValidationError) as exc:
        Report.model_validate({"meta": {"department": "x", "year": 2025}, "general_budget": {"personnel": -1}})
    assert "负" in errors.error_text(exc.value) or "不能" in errors.error_text(exc.value)
    assert Report.model_validate({"meta": {"department": "x", "year": 2025}, "other_funds": [{"source": "business"}]})
