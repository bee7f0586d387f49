"""Field paths: parsing, reading, validated writing, titles and widget ids (no Textual)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from selfeval.model import Meta, Project, Report
from selfeval.model import errors, paths


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
    assert r.general_budget.personnel == 0


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
