"""Column widths of Word tables: pure arithmetic over cell text (no python-docx needed)."""

from __future__ import annotations

import pytest

from selfeval.docx import Cell, Span, Table, column_widths, text_width
from selfeval.docx.layout import MM_PER_PT, TYPE_WIDTH_MM
from selfeval.docx.widths import cell_width, is_wide

EM_12 = 12 * MM_PER_PT  # one 小四 character, in mm


def cell(text: str, align: str = "left") -> Cell:
    return Cell([Span(text)], align)


def test_text_width_counts_chinese_as_one_em_and_latin_as_half():
    assert text_width("预算") == 2.0
    assert text_width("ab12") == 2.0
    assert text_width("预算ab") == 3.0
    assert text_width("") == 0.0
    assert text_width("１２") == 2.0  # full-width digits are wide


def test_cell_width_leaves_room_for_wider_latin_in_a_stand_in_font():
    assert cell_width("中") == 1.0
    assert cell_width("a") == pytest.approx(0.6)
    assert cell_width("%") == pytest.approx(0.9)
    assert cell_width("98.43%") == pytest.approx(5 * 0.6 + 0.9)
    assert is_wide("中") and is_wide("，") and not is_wide("a")


def test_table_columns_is_the_widest_row():
    table = Table([[cell("a"), cell("b")]], [[cell("1")], [cell("1"), cell("2"), cell("3")]])
    assert table.columns == 3
    assert Table([], []).columns == 0
    assert Cell([Span("甲"), Span("乙", bold=True)], "left").text == "甲乙"


def test_when_every_column_fits_the_spare_room_is_shared_in_proportion():
    table = Table([[cell("项目"), cell("金额")]], [[cell("基本支出"), cell("1.00", "right")]])
    widths = column_widths(table, 156, 12, 3.8)
    assert sum(widths) == pytest.approx(156)
    wish = [(4 + 0.5) * EM_12 + 3.8, (cell_width("1.00") + 0.5) * EM_12 + 3.8]
    assert widths[0] / widths[1] == pytest.approx(wish[0] / wish[1])


def test_when_even_the_minimums_do_not_fit_they_are_scaled_down_together():
    numbers = [cell("12,345,678.90", "right") for _ in range(8)]
    table = Table([[cell("数") for _ in range(8)]], [numbers])
    widths = column_widths(table, 60, 12, 3.8)
    assert sum(widths) == pytest.approx(60)
    assert max(widths) == pytest.approx(min(widths))


def test_two_equally_long_columns_are_balanced_within_a_character():
    long = "根据年度工作计划完成情况逐项核对并说明理由" * 6
    table = Table([[cell("指标"), cell("评分标准"), cell("评分依据")]], [[cell("预算执行率"), cell(long), cell(long)]])
    widths = column_widths(table, TYPE_WIDTH_MM, 12, 3.8)
    assert sum(widths) == pytest.approx(TYPE_WIDTH_MM)
    # the room goes a character at a time, so one may be a character wider
    assert abs(widths[1] - widths[2]) <= EM_12 + 1e-6
    assert widths[0] >= 5.5 * EM_12 + 3.8  # 预算执行率 on one line


def test_column_widths_fill_the_type_area_and_keep_numbers_whole():
    from selfeval.docx import Cell, Span, Table, column_widths

    def cell(text, align="left"):
        return Cell([Span(text)], align)

    header = [[cell("项目"), cell("评分标准"), cell("年末结转和结余")]]
    body = [[cell("基本支出"), cell("很长的文字" * 30), cell("12,345,678.90", "right")]]
    widths = column_widths(Table(header, body), 156, 12, 3.8)
    assert sum(widths) == pytest.approx(156)
    em = 12 * 25.4 / 72
    assert widths[2] >= len("12,345,678.90") * 0.5 * em + 3.8
    assert widths[1] == max(widths)




def test_column_widths_keep_short_labels_on_one_line():
    from selfeval.docx import Cell, Span, Table, column_widths

    def cell(text, align="left"):
        return Cell([Span(text)], align)

    header = [[cell("指标"), cell("计算方法"), cell("数值")]]
    body = [
        [cell(label), cell("（年初结转＋年初预算＋年中追加－年中追减－年末结转和结余）÷（年初结转＋调整后预算）" * 2), cell("98.43%", "right")]
        for label in ("在职人员控制率", "预算完成率", "固定资产利用率", "重点工作办结率")
    ]
    widths = column_widths(Table(header, body), 156, 12, 3.8)
    em = 12 * 25.4 / 72
    assert widths[0] >= 7.5 * em + 3.8  # 在职人员控制率 on one line
    assert sum(widths) == pytest.approx(156)
