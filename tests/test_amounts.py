from decimal import Decimal

import pytest

from selfeval.amounts import AmountError, fmt_money, fmt_pct, parse_amount, quantize, to_decimal


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1234.5", "1234.5"),
        ("1,234.50", "1234.50"),
        ("1,234,567.89", "1234567.89"),
        ("１２３４．５６", "1234.56"),
        ("１，２３４．５", "1234.5"),
        ("  42 ", "42"),
        ("0", "0"),
        ("-0", "0"),
        ("0.01", "0.01"),
    ],
)
def test_parse_accepts(text, expected):
    assert parse_amount(text) == Decimal(expected)
    assert str(parse_amount(text)) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "请输入金额"),
        ("12,3a", "不是有效金额"),
        ("1e5", "科学计数法"),
        ("1E+5", "科学计数法"),
        ("NaN", "不是数字"),
        ("Infinity", "不是数字"),
        ("inf", "不是数字"),
        ("1.234", "小数位过多"),
        ("12,34", "千位分隔符"),
        ("1,2345.6", "千位分隔符"),
        ("-5", "不能为负数"),
        ("1.2.3", "不是有效金额"),
        ("¥12", "不要输入货币符号"),
    ],
)
def test_parse_refuses_with_chinese_message(text, fragment):
    with pytest.raises(AmountError) as err:
        parse_amount(text)
    assert fragment in str(err.value)


def test_negative_allowed_only_when_asked():
    assert parse_amount("-12.30", allow_negative=True) == Decimal("-12.30")


def test_to_decimal_refuses_float_and_non_finite():
    with pytest.raises(AmountError, match="二进制浮点数"):
        to_decimal(0.1)
    with pytest.raises(AmountError):
        to_decimal(Decimal("NaN"))
    with pytest.raises(AmountError):
        to_decimal(Decimal("Infinity"))
    with pytest.raises(AmountError, match="科学计数法"):
        to_decimal(Decimal("1E+5"))
    with pytest.raises(AmountError):
        to_decimal(True)
    assert to_decimal(12) == Decimal(12)
    assert to_decimal(Decimal("3.10")) == Decimal("3.10")


def test_formatting_is_half_up_to_two_decimals():
    assert fmt_money(Decimal("2.345")) == "2.35"
    assert fmt_money(Decimal("2.335")) == "2.34"  # half-up, not banker's rounding
    assert fmt_money(Decimal("-0.001")) == "0.00"
    assert fmt_money(Decimal("1234.5"), grouping=True) == "1,234.50"
    assert fmt_money(None) == ""
    assert fmt_pct(Decimal("0.95104")) == "95.10%"
    assert fmt_pct(None) == "—"
    assert quantize(Decimal("0.125")) == Decimal("0.13")


# ---- what clerks type (issue 14) --------------------------------------------------

@pytest.mark.parametrize(
    ("typed", "value"),
    [("123。45", "123.45"), ("12.3万", "12.3"), ("12.3万元", "12.3"), ("１２３。４", "123.4"), ("1,234。5", "1234.5")],
)
def test_chinese_decimal_point_and_wan_suffix_are_read_where_the_unit_is_wan(typed, value):
    assert parse_amount(typed, unit="万元") == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1234元", "1234元＝0.1234万元（保留两位小数为0.12万元）"),
        ("120000元", "120000元＝12万元，请输入万元数"),
        ("¥12", "不要输入货币符号"),
        ("￥12", "不要输入货币符号"),
        ("1e5", "科学计数法"),
        ("1.234", "最多 2 位小数"),
        ("0.005", "最多 2 位小数"),
        ("123。4。5", "不是有效金额"),
    ],
)
def test_what_is_refused_says_why(typed, message):
    with pytest.raises(AmountError) as err:
        parse_amount(typed, unit="万元")
    assert message in str(err.value)


def test_a_unit_suffix_is_refused_where_the_field_has_no_unit():
    with pytest.raises(AmountError, match="不带单位"):
        parse_amount("12万")
