"""The Markdown report: complete outline, numbering, tables, units, literal user text."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval import render
from selfeval.model import IndicatorScore, Problem, Project, Report, TextItem, TextSection

from support import FULL_OUTLINE, LEVEL3_EXAMPLE as LEVEL3, OUTLINE

from selfeval import draft


@pytest.fixture
def level3() -> Report:
    return draft.load(LEVEL3)


def headings(md: str, level: int) -> list[str]:
    """Headings of ``level`` as one line of text (a long title is broken with a hard break)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(md)
    return [
        tokens[i + 1].content.replace("\\\n", "")
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == f"h{level}"
    ]


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
    # level1 scoring: the scoring table (no base-data appendix the seed does not have), then the 自评表s
    assert [h for h in headings(md, 2) if h.startswith("附件")] == [
        "附件1：衡阳市科学技术协会2024年度部门整体支出绩效评分明细表",
        "附件2：衡阳市科学技术协会2024年度部门整体支出绩效自评表",
        "附件3：2024年度科普经费项目支出绩效自评表",
        "附件4：2024年度老年科协经费项目支出绩效自评表",
        "附件5：2024年度青少年科技活动项目支出绩效自评表",
    ]
    subs = headings(md, 3)
    assert subs[:5] == ["（一）基本情况", "（二）部门职能职责", "（三）机构设置", "（四）人员情况", "（五）年度工作目标及工作计划"]
    assert "（一）收入情况" in subs and "（三）结转结余情况" in subs


def test_general_budget_table_is_derived(example: Report):
    md = render.markdown(example)
    t = table_with(md, "年初结转和结余")
    assert t[0] == ["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]
    assert t[2] == ["基本支出", "0.00", "577.40", "512.00", "65.40"]
    assert t[3] == ["项目支出", "0.00", "185.45", "185.45", "0.00"]
    assert t[4] == ["合计", "0.00", "762.85", "697.45", "65.40"]
    # the unit is printed right above each money table
    assert "单位：万元\n\n| 项目 | 年初结转和结余" in md


def test_project_table_has_serial_numbers_and_total(example: Report):
    md = render.markdown(example)
    t = table_with(md, "项目名称")
    assert [row[0] for row in t[2:-1]] == ["1", "2", "3"]
    assert t[2][1:3] == ["科普经费", "154.40"]
    assert t[-1] == ["", "合计", "185.45", ""]


def test_score_table_and_grade(example: Report):
    md = render.markdown(example)
    assert "市科协2024年度部门整体支出绩效评价得分情况表\n\n| 评价内容 | 分值 | 评价得分 |" in md
    t = table_with(md, "评价内容")
    assert [r[0] for r in t[2:]] == ["投入", "过程", "产出", "效果", "合计", "综合绩效级别"]
    assert [r[2] for r in t[2:]] == ["9.00", "30.00", "29.00", "29.00", "97.00", "优"]
    assert (
        "市科协2024年度部门整体支出绩效评价自评得分为97.00分。其中，投入9.00分，过程30.00分，"
        "产出29.00分，效果29.00分，综合绩效级别为“优”（绩效评分明细表详见附件1）。"
    ) in md


def test_level1_appendix_lists_the_units_own_scores_only(example: Report):
    md = render.markdown(example)
    appendix = md.split("评分明细表\n---\n", 1)[1]
    t = tables(appendix)[0]
    assert t[0] == ["评价内容", "分值", "评价得分", "评分依据"]
    assert [r[:3] for r in t[2:]] == [
        ["投入", "10.00", "9.00"], ["过程", "30.00", "30.00"], ["产出", "30.00", "29.00"], ["效果", "30.00", "29.00"],
        ["合计", "100.00", "97.00"],
    ]
    assert t[-1][3] == "综合绩效级别：优"
    # never the preset's 三级 indicators the unit did not score (the 自评表s, the unit's own
    # indicators, are left out here: their 二级 “社会效益指标” contains the preset's “社会效益”)
    preset = render.preset_for(example)
    bare = example.model_copy(deep=True)
    bare.evaluation = {}
    for p in bare.general_budget.projects:
        p.evaluation = {}
    assert not any(ind.level3 in render.markdown(bare) for ind in preset.indicators)
    example.scoring.level1[1].basis = "内控制度健全|执行到位"
    t = tables(render.markdown(example).split("评分明细表\n---\n", 1)[1])[0]
    assert t[3][3] == r"内控制度健全\|执行到位"


def test_level3_appendix_has_every_indicator_and_the_base_data(level3: Report):
    md = render.markdown(level3, base_dir=LEVEL3.parent)
    detail = table_with(md, "评分依据")
    assert detail[0] == ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "评分依据"]
    assert len(detail) == 2 + 26 + 1
    assert detail[-1][5] == "96.01" and detail[-1][6] == "评价等级：优"
    assert "\n附件1：" in md and "部门整体支出绩效评分明细表\n---\n" in md
    assert "\n附件2：" in md and "部门整体支出绩效评价基础数据表\n---\n" in md
    note = (
        "附件：1. 衡阳市科学技术协会2024年度部门整体支出绩效评分明细表\n"
        "2. 衡阳市科学技术协会2024年度部门整体支出绩效评价基础数据表\n"
    )
    assert note in md


def test_outline_leaves_out_empty_optional_chapters_and_numbers_close_up(example: Report):
    md = render.markdown(example)
    assert "政府性基金" not in md and "国有资本经营" not in md
    assert "## 四、其他资金收支情况" in md
    example.other_funds = []
    top = [h for h in headings(render.markdown(example), 2) if not h.startswith("附件")]
    assert top == OUTLINE[:3] + [
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
    for title in ("存在的主要问题", "下一步改进措施", "部门整体绩效评价情况分析"):
        after = re.split(rf"## [一二三四五六七八九十]+、{title}\n\n", md, maxsplit=1)[1]
        assert after.startswith("无\n") or title == "部门整体绩效评价情况分析", title


def test_attachment_list_sits_before_the_signature(example: Report):
    md = render.markdown(example)
    note = "附件：1. 衡阳市科学技术协会2024年度部门整体支出绩效评分明细表\n"
    assert note in md
    assert md.index(note) > md.index("下一步改进措施")
    assert md.index(note) < md.index("<!-- selfeval:align-right -->") < md.index("附件1：")


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


def _conclusion(md: str) -> str:
    return md.split("综合评价结论", 1)[1].split("\n## ", 1)[0]


def test_unfinished_level3_scoring_is_never_printed_as_final(level3: Report):
    level3.scoring.scores = [s for s in level3.scoring.scores if s.id != "input.goal.reasonable"]
    md = render.markdown(level3, base_dir=LEVEL3.parent)
    conclusion = _conclusion(md)
    assert "自评得分为" not in conclusion and "优" not in conclusion
    assert "评价评分未完成（1 项未评分：绩效目标合理性），暂不计算总分和综合绩效级别（绩效评分明细表详见附件1）。" in md
    t = table_with(md, "评价内容")
    assert t[2] == ["投入", "10.00", "未完成"]
    assert t[3][2] == "28.62"
    assert t[6] == ["合计", "100.00", "评分未完成"]
    assert t[7] == ["综合绩效级别", "", "评分未完成"]
    detail = table_with(md, "评分依据")
    assert detail[2][5] == "未评分"
    assert detail[-1][5] == "评分未完成"
    assert detail[-1][6] == "评分未完成（1 项未评分：绩效目标合理性）"


def test_unfinished_level1_scoring_is_never_printed_as_final(example: Report):
    example.scoring.level1[0].score = None
    md = render.markdown(example)
    conclusion = _conclusion(md)
    assert "自评得分为" not in conclusion and "“优”" not in conclusion
    assert "评分未完成（1 项未评分：投入（一级指标））" in conclusion
    t = table_with(md, "分值 | 评价得分 |" if False else "评价内容")
    assert t[2] == ["投入", "10.00", "未完成"] and t[3][2] == "30.00"
    appendix = tables(md.split("评分明细表\n---\n", 1)[1])[0]
    assert appendix[2][:3] == ["投入", "10.00", "未完成"]
    assert appendix[-1][2:] == ["评分未完成", "评分未完成（1 项未评分：投入（一级指标））"]


def test_new_draft_prints_scoring_unfinished(blank: Report):
    md = render.markdown(blank)
    m = re.search(r"评分未完成（(\d+) 项未评分：绩效目标合理性、", md)
    assert m and int(m.group(1)) == 26
    assert "等）" in m.string[m.end():m.end() + 80]
    assert "综合绩效级别为" not in md and "自评得分为" not in md


def test_not_entered_prints_a_dash_never_zero(example: Report):
    assert render.money(None) == "—" and render.count(None) == "—"
    assert render.share(None, Decimal(10)) == "—" and render.share(Decimal(1), None) == "—"
    fund = example.other_funds[0]
    fund.carryover_start = None
    example.overview.staffing.units[0].retired = None
    md = render.markdown(example)
    assert "其他资金年初结转和结余未填，本年收入14.46万元" in md
    # a sum with a figure not entered is not entered either
    assert "年末结转和结余未填" in md
    staff = table_with(md, "实有在职在编")
    assert staff[2] == ["衡阳市科学技术协会", "19", "21", "—", "—"]
    assert "0.00" not in " ".join(" ".join(r) for r in staff)
    # the sentence leaves out the count it cannot state
    assert "截至2024年12月31日，实有在职在编人员21人。" in md


def test_blank_draft_has_no_zero_for_figures_never_entered(blank: Report):
    md = render.markdown(blank)
    assert "本年收入合计未填" in md
    assert "年初结转和结余未填，本年收入未填，本年支出未填，年末结转和结余未填。" in md
    t = table_with(md, "年初结转和结余")
    assert t[2] == ["基本支出", "—", "—", "—", "—"]


def test_organisation_and_staffing_read_like_the_seed(example: Report):
    md = render.markdown(example)
    assert (
        "市科协内设机构为三部一室，分别为学会部、普及部、信息技术部和办公室。下设两个二级机构，"
        "即衡阳市科技馆（加挂衡阳市科技咨询中心牌子）、衡阳市青少年科技活动中心，其中衡阳市青少年科技活动中心"
        "的财政预算、财务决算和日常工作均统一并入市科协，未予单独核算。"
    ) in md
    assert (
        "衡阳市科学技术协会现有编制19名，其中机关本部全额拨款参公事业编制18名、机关后勤服务全额拨款事业编制1名。"
        "衡阳市科学技术协会设书记1名、副主席2名、正科级领导职数5名（含社会组织党委专职副书记1名）、副科级领导职数5名。"
        "截至2024年12月31日，实有在职在编人员21人、退休人员19人。"
    ) in md
    assert "衡阳市青少年科技活动中心全额拨款事业编制4名。截至2024年12月31日，实有在职在编人员3人、编外及劳务派遣人员1人。" in md
    example.overview.staffing.as_of = None
    assert "年末，实有在职在编人员21人" in render.markdown(example)


def test_department_spending_by_source_and_basic_split(example: Report):
    md = render.markdown(example)
    assert (
        "2024年度市科协本年支出合计711.91万元，其中：一般公共预算财政拨款支出697.45万元、其他支出14.46万元。"
        "按支出性质分：基本支出526.46万元，占73.95%；项目支出185.45万元，占26.05%。"
        "基本支出中人员经费434.93万元、日常公用经费91.53万元。"
    ) in md
    example.other_funds[0].personnel = None
    example.other_funds[0].public_expense = None
    # the department's split is unknown while a fund that spent has none: the sentence is left out
    spending = render.markdown(example).split("（二）支出情况", 1)[1].split("###", 1)[0]
    assert "按支出性质分" in spending and "人员经费" not in spending


def test_general_budget_economic_classification_as_a_whole(example: Report):
    md = render.markdown(example)
    gb = md.split("一般公共预算收支情况", 1)[1].split("\n## ", 1)[0]
    assert (
        "按支出经济分类为：工资福利支出350.78万元、商品和服务支出237.07万元、对个人和家庭的补助84.15万元、"
        "资本性支出1.45万元、对企业补助24.00万元。"
    ) in gb
    t = table_with(gb, "经济分类")
    assert t[0] == ["经济分类", "金额", "占比"]
    assert t[-1][:2] == ["合计", "697.45"]
    assert "基本支出512.00万元，其中：人员经费434.93万元，占84.95%；日常公用经费77.07万元，占15.05%。" in gb


def test_other_fund_balance_and_items(example: Report):
    md = render.markdown(example)
    assert (
        "市科协2024年度其他资金年初结转和结余0.00万元，本年收入14.46万元，本年支出14.46万元"
        "（基本支出14.46万元，项目支出0.00万元），年末结转和结余0.00万元。"
        "本年收入14.46万元，主要为衡阳市委人才办拨付人才支持经费14.40万元。"
    ) in md


def test_analysis_intro_and_measure_items(example: Report):
    md = render.markdown(example)
    analysis = md.split("部门整体绩效评价情况分析\n\n", 1)[1].split("\n## ", 1)[0]
    assert analysis.startswith("本次评价采用三级细化指标评分，")
    # level1 scoring without analyses of its own: the intro, then the 自评表's results only
    assert [ln for ln in analysis.splitlines() if ln.startswith("###")] == ["### （一）部门整体支出绩效自评情况"]
    assert "\n1\\.提高思想认识，树立绩效管理理念" in md
    assert "\n4\\.加强监督管理，" in md



def test_measures_numbered_to_match_their_problems(example: Report):
    """Measure n answering problem n says nothing more; any other link is one plain sentence."""
    section = lambda md: md.split("下一步改进措施\n", 1)[1]  # noqa: E731
    md = render.markdown(example)
    assert [m.answers for m in example.measures] == [["p1"], ["p2"]]
    assert "针对" not in section(md) and "（（" not in md
    example.measures.reverse()  # measure (一) now answers problem (二)
    measures = section(render.markdown(example))
    first, second = measures.split("### （二）", 1)
    assert "\n本条措施针对问题（二）。\n" in first and "\n本条措施针对问题（一）。\n" in second
    example.measures.reverse()
    example.measures[1].answers = ["p1", "p2"]
    measures = section(render.markdown(example))
    assert measures.count("本条措施") == 1 and "本条措施针对问题（一）和问题（二）。" in measures


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
