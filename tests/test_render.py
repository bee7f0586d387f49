"""The Markdown report: complete outline, numbering, tables, units, literal user text."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval import render
from selfeval.model import IndicatorScore, Problem, Project, Report, TextItem, TextSection

from support import FULL_OUTLINE, OUTLINE


def headings(md: str, level: int) -> list[str]:
    prefix = "#" * level + " "
    return [line[len(prefix):] for line in md.splitlines() if line.startswith(prefix)]


def tables(md: str) -> list[list[list[str]]]:
    """Each pipe table as rows of cells (escaped pipes kept inside cells)."""
    out, current = [], []
    for line in md.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            current.append(cells)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def table_with(md: str, header: str) -> list[list[str]]:
    return next(t for t in tables(md) if header in t[0])


def test_example_has_every_section_in_order(example: Report):
    md = render.markdown(example)
    assert headings(md, 1) == ["衡阳市科学技术协会2024年度部门整体支出绩效自评报告"]
    top = [h for h in headings(md, 2) if not h.startswith("附件")]
    assert top == OUTLINE
    assert [h for h in headings(md, 2) if h.startswith("附件")] == [
        "附件1：衡阳市科学技术协会2024年度部门整体支出绩效评分明细表",
        "附件2：衡阳市科学技术协会2024年度部门整体支出绩效评价基础数据表",
    ]
    subs = headings(md, 3)
    assert subs[:5] == ["（一）基本情况", "（二）部门职能职责", "（三）机构设置", "（四）人员情况", "（五）年度工作目标及工作计划"]
    assert "（一）收入情况" in subs and "（三）结转结余情况" in subs


def test_general_budget_table_is_derived(example: Report):
    md = render.markdown(example)
    t = table_with(md, "年初结转和结余")
    assert t[0] == ["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]
    assert t[2] == ["基本支出", "0.00", "430.00", "426.46", "3.54"]
    assert t[3] == ["项目支出", "3.20", "118.00", "116.10", "5.10"]
    assert t[4] == ["合计", "3.20", "548.00", "542.56", "8.64"]
    # the unit is printed right above each money table
    assert "单位：万元\n\n| 项目 | 年初结转和结余" in md


def test_project_table_has_serial_numbers_and_total(example: Report):
    md = render.markdown(example)
    t = table_with(md, "项目名称")
    assert [row[0] for row in t[2:-1]] == [str(i) for i in range(1, 8)]
    assert t[2][1] == "科普阵地建设与运行经费（重点）"
    assert t[-1] == ["", "合计", "116.10", ""]


def test_score_table_and_grade(example: Report):
    md = render.markdown(example)
    assert "市科协2024年度部门整体支出绩效评价得分情况表\n\n| 评价内容 | 分值 | 评价得分 |" in md
    t = table_with(md, "评价内容")
    assert [r[0] for r in t[2:]] == ["投入", "过程", "产出", "效果", "合计", "综合绩效级别"]
    assert t[6][2] == "96.01"
    assert t[7][2] == "优"
    assert (
        "市科协2024年度部门整体支出绩效评价自评得分为96.01分。其中，投入9.30分，过程28.62分，"
        "产出29.59分，效果28.50分，综合绩效级别为“优”（绩效评分明细表详见附件1）。"
    ) in md
    detail = table_with(md, "评分依据")
    assert detail[0] == ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "评分依据"]
    assert len(detail) == 2 + 26 + 1
    assert detail[-1][5] == "96.01"


def test_outline_leaves_out_empty_optional_chapters_and_numbers_close_up(example: Report):
    md = render.markdown(example)
    assert "政府性基金" not in md and "国有资本经营" not in md
    assert "## 四、其他资金收支情况" in md
    example.other_funds = []
    top = [h for h in headings(render.markdown(example), 2) if not h.startswith("附件")]
    assert top == [h for h in OUTLINE if "其他资金" not in h][:3] + [
        "四、部门整体履职情况", "五、部门整体绩效评价情况分析", "六、综合评价结论",
        "七、存在的主要问题", "八、下一步改进措施",
    ]


def test_outline_that_requires_every_chapter_prints_wu(blank: Report):
    blank.meta.preset = "hunan-style"
    md = render.markdown(blank)
    assert [h for h in headings(md, 2) if not h.startswith("附件")] == FULL_OUTLINE
    for title in ("四、政府性基金预算收支情况", "五、国有资本经营预算收支情况", "六、其他资金收支情况", "十、存在的主要问题"):
        after = md.split(f"## {title}\n\n", 1)[1]
        assert after.startswith("无\n"), title


def test_empty_required_chapters_print_wu(blank: Report):
    md = render.markdown(blank)
    for title in ("存在的主要问题", "下一步改进措施"):
        after = re.split(rf"## [一二三四五六七八九十]+、{title}\n\n", md, maxsplit=1)[1]
        assert after.startswith("无\n"), title


def test_attachment_list_sits_before_the_signature(example: Report):
    md = render.markdown(example)
    note = (
        "附件：1.衡阳市科学技术协会2024年度部门整体支出绩效评分明细表\n\n"
        "　　　2.衡阳市科学技术协会2024年度部门整体支出绩效评价基础数据表\n"
    )
    assert note in md
    assert md.index(note) > md.index("下一步改进措施")
    assert md.index(note) < md.index("<!-- selfeval:align-right -->") < md.index("## 附件1：")


def test_signature_has_department_and_date_or_no_date_line(example: Report):
    import datetime as dt

    example.meta.prepared_on = dt.date(2025, 4, 28)
    md = render.markdown(example)
    sig = md.split("<!-- selfeval:align-right -->", 1)[1].split("<!-- selfeval:align-end -->", 1)[0]
    assert sig.split() == ["衡阳市科学技术协会", "2025年4月28日"]
    example.meta.prepared_on = None
    md = render.markdown(example)
    sig = md.split("<!-- selfeval:align-right -->", 1)[1].split("<!-- selfeval:align-end -->", 1)[0]
    assert sig.split() == ["衡阳市科学技术协会"]


def test_unfinished_scoring_is_never_printed_as_final(example: Report):
    example.scoring.scores = [s for s in example.scoring.scores if s.id != "input.goal.reasonable"]
    md = render.markdown(example)
    assert "自评得分为" not in md and "综合绩效级别为" not in md and "优" not in md.split("## 附件2")[0].split("七、综合评价结论")[1]
    assert "评价评分未完成（1 项未评分：绩效目标合理性），暂不计算总分和综合绩效级别（绩效评分明细表详见附件1）。" in md
    t = table_with(md, "评价内容")
    assert t[2] == ["投入", "10", "未完成"]
    assert t[3][2] == "28.62"
    assert t[6] == ["合计", "100", "评分未完成"]
    assert t[7] == ["综合绩效级别", "", "评分未完成"]
    detail = table_with(md, "评分依据")
    assert detail[2][5] == "未评分"
    assert detail[-1][5] == "评分未完成"
    assert detail[-1][6] == "评分未完成（1 项未评分：绩效目标合理性）"


def test_new_draft_prints_scoring_unfinished(blank: Report):
    md = render.markdown(blank)
    m = re.search(r"评分未完成（(\d+) 项未评分：绩效目标合理性、", md)
    assert m and int(m.group(1)) >= 5
    assert "等）" in m.string[m.end():m.end() + 80]
    assert "综合绩效级别为" not in md


def test_not_entered_prints_a_dash_never_zero():
    assert render.money(None) == "—" and render.count(None) == "—"
    assert render.share(None, Decimal(10)) == "—" and render.share(Decimal(1), None) == "—"
    env = render.environment()
    tpl = env.from_string("{{ a | amount }}/{{ b | amount }}")
    assert tpl.render(a=None, b=Decimal("14.4"), unit="万元") == "未填/14.40万元"


HOSTILE = "{{ 1+1 }} {% if x %}y{% endif %} a|b *粗* _斜_ <b>x</b> [链接](http://x) `代码` \\反斜杠 &amp;"


def test_user_text_is_data_not_template_and_tables_stay_intact(blank: Report):
    blank.overview.basic_info = HOSTILE + "\n# 不是标题\n1. 不是列表"
    blank.general_budget.projects = [Project(name="甲|乙", amount="1.00", note="{{ '拼' + '接' }}|x")]
    blank.scoring.scores = [IndicatorScore(id="input.goal.reasonable", score="2", basis="第一行|竖线\n第二行")]
    blank.problems = [Problem(title="{% raw %}问题", text="第一行\n第二行 | 竖线")]
    blank.performance.duty = [TextSection(title="{{ title }}", items=[TextItem(text="{#注释#} 内容")])]
    md = render.markdown(blank)
    assert "2" not in md.split("### （一）基本情况", 1)[1].split("###", 1)[0].replace("2025", "").replace("（二）", "")
    assert r"\{\{ 1+1 \}\}" not in md  # braces are not Markdown specials, so not escaped…
    assert "{{ 1+1 }}" in md and "{% if x %}" in md and "{{ '拼' + '接' }}" in md and "{#注释#}" in md  # …and never evaluated
    assert "拼接" not in md
    assert r"a\|b" in md and r"\*粗\*" in md and r"\<b\>" in md
    assert "\n\\# 不是标题" in md and "\n1\\. 不是列表" in md
    t = table_with(md, "项目名称")
    assert all(len(row) == 4 for row in t)
    assert t[2][1] == r"甲\|乙"
    assert t[2][3] == r"{{ '拼' + '接' }}\|x"
    detail = table_with(md, "评分依据")
    assert all(len(row) == 7 for row in detail)
    assert detail[2][6] == r"第一行\|竖线 第二行"
    assert "### （一）{% raw %}问题" in md
    assert "### （一）{{ title }}" in md


def test_hostile_user_template_is_refused(tmp_path: Path, blank: Report):
    (tmp_path / "_signature.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises(render.RenderError, match="不安全"):
        render.markdown(blank, templates=tmp_path)


def test_user_template_overrides_a_partial(tmp_path: Path, example: Report):
    (tmp_path / "_signature.md.j2").write_text("（盖章）{{ meta.department }}\n", encoding="utf-8")
    md = render.markdown(example, templates=tmp_path)
    assert "（盖章）衡阳市科学技术协会" in md
    assert "## 一、部门概况" in md


def test_broken_user_template_gives_chinese_message(tmp_path: Path, blank: Report):
    (tmp_path / "_signature.md.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(render.RenderError, match="语法错误"):
        render.markdown(blank, templates=tmp_path)
    (tmp_path / "_signature.md.j2").write_text("{{ no_such_thing }}", encoding="utf-8")
    with pytest.raises(render.RenderError, match="不存在"):
        render.markdown(blank, templates=tmp_path)


def test_numbering_helpers():
    assert [render.cn_number(n) for n in (1, 9, 10, 11, 19, 20, 21, 99)] == [
        "一", "九", "十", "十一", "十九", "二十", "二十一", "九十九"
    ]
    n = render.Numbering()
    assert n.h1("甲") == "一、甲" and n.h2("乙") == "（一）乙" and n.h3("丙") == "1. 丙"
    assert n.h2("丁") == "（二）丁" and n.h3("戊") == "1. 戊"
    assert n.h1("己") == "二、己" and n.h2("庚") == "（一）庚"
