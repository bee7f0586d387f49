"""Title lines (GB/T 9704 7.3.1): break after the department's name, words whole, balanced."""

from __future__ import annotations

import pytest

from selfeval.titles import (
    TITLE_CHARS_LANDSCAPE,
    TITLE_CHARS_PORTRAIT,
    break_title,
    name_boundaries,
    text_width,
)

KINDS = ("部门整体支出绩效自评报告", "部门整体支出绩效评分明细表", "部门整体支出绩效评价基础数据表")

#: Real-looking department names, 2 to 27 characters.
DEPARTMENTS = [
    "妇联",
    "财政局",
    "衡阳市统计局",
    "衡阳市科学技术协会",
    "衡阳市市场监督管理局",
    "衡阳市人民政府办公室",
    "衡阳市退役军人事务局",
    "湖南省衡阳市南岳区财政局",
    "衡阳市城市管理和综合执法局",
    "衡阳市人力资源和社会保障局",
    "中国共产主义青年团衡阳市委员会",
    "衡阳市自然资源和规划局南岳分局",
    "中共衡阳市委机构编制委员会办公室",
    "湖南省衡阳市珠晖区住房和城乡建设局",
    "衡阳市蒸湘区人民政府联合街道办事处",
    "湖南省衡阳市石鼓区人民政府潭下街道办事处",
    "衡阳市自然资源和规划局南岳分局南岳镇自然资源所",
    "湖南省衡阳市衡南县人力资源和社会保障局劳动保障监察大队",
]

#: Where the long names may break: after a whole word.
WORDS = {
    "衡阳市自然资源和规划局南岳分局南岳镇自然资源所": ["衡阳市自然资源和规划局", "南岳分局南岳镇自然资源所"],
    "湖南省衡阳市衡南县人力资源和社会保障局劳动保障监察大队": [
        "湖南省衡阳市衡南县",
        "人力资源和社会保障局劳动保障监察大队",
    ],
}


def test_the_list_covers_short_and_long_names():
    lengths = sorted(len(d) for d in DEPARTMENTS)
    assert lengths[0] == 2 and lengths[-1] > 20 and len(DEPARTMENTS) >= 10


@pytest.mark.parametrize("department", DEPARTMENTS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("width", [TITLE_CHARS_PORTRAIT, TITLE_CHARS_LANDSCAPE])
def test_title_lines(department, kind, width):
    title = f"{department}2024年度{kind}"
    lines = break_title(title, department, width)
    assert "".join(lines) == title  # nothing lost, nothing added
    assert all(text_width(line) <= width for line in lines)
    if text_width(title) <= width:
        assert lines == [title]
        return
    assert len(lines) >= 2
    # never the report's kind cut off on a line of its own
    assert not any(line in ("绩效自评报告", "绩效评分明细表", "绩效评价基础数据表") for line in lines)
    if text_width(department) <= width:
        # the break follows the department's name; the rest is one line
        assert lines[0] == department
        assert lines[1:] == [title[len(department) :]]
    else:
        assert lines[: len(WORDS[department])] == WORDS[department]
    widths = [text_width(line) for line in lines]
    if len(lines) >= 3:  # 梯形 or 菱形, not an hourglass
        assert min(widths[1:-1]) >= min(widths[0], widths[-1]) - 1


def test_seed_title_breaks_after_the_department():
    assert break_title("衡阳市科学技术协会2024年度部门整体支出绩效自评报告", "衡阳市科学技术协会") == [
        "衡阳市科学技术协会",
        "2024年度部门整体支出绩效自评报告",
    ]


def test_word_boundaries_inside_names():
    assert name_boundaries("衡阳市城市管理和综合执法局") == [3]  # not after 城市
    assert name_boundaries("衡阳市市场监督管理局") == [3]  # not before 市场
    assert 9 in name_boundaries("湖南省衡阳市衡南县人力资源和社会保障局")
    assert 6 not in name_boundaries("人力资源和社会保障局")  # 社会 is one word


def test_without_the_department_the_title_still_breaks_at_a_word():
    lines = break_title("测试单位甲乙丙丁戊己庚辛壬癸2024年度部门整体支出绩效自评报告")
    assert all(text_width(line) <= TITLE_CHARS_PORTRAIT for line in lines)
    assert lines[-1] in ("2024年度部门整体支出绩效自评报告", "部门整体支出绩效自评报告")
