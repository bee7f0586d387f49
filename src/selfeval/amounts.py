"""Exact money: every amount is a ``Decimal``; no binary float ever touches one.

Parsing is strict on purpose: a value is either read exactly as typed or refused
with a Chinese message. Nothing is guessed (``1e5`` is refused, not read as
100000; ``1.234`` is refused where two decimals are allowed, not rounded).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "AmountError",
    "DECIMALS",
    "parse_amount",
    "to_decimal",
    "fmt_money",
    "fmt_pct",
    "fmt_count",
    "quantize",
    "ZERO",
    "HUNDRED",
    "total",
    "minus",
]

ZERO = Decimal("0")
HUNDRED = Decimal("100")
#: decimals allowed in a typed amount (万元 with 2 decimals, as the 决算 statements print them)
DECIMALS = 2

_CENT = Decimal("0.01")

# Full-width digits and punctuation a Chinese input method produces.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９，．－＋　",
    "0123456789,.-+ ",
)
# Characters that are never part of an amount but are commonly pasted with one.
_SPACES = re.compile(r"[\s\u00a0\u3000]")
# 1234 / 1234.5 / 1,234.50 / -12.3 — groups of three after the first comma only.
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class AmountError(ValueError):
    """A value that is not an exact amount; ``str(err)`` is a Chinese message."""


def _check_decimals(value: Decimal, decimals: int, shown: str) -> None:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        raise AmountError(f"「{shown}」小数位过多：最多 {decimals} 位小数")


def parse_amount(
    text: str,
    *,
    decimals: int = DECIMALS,
    allow_negative: bool = False,
) -> Decimal:
    """Parse what a user typed into an exact ``Decimal``.

    Accepts ``1234.5``, ``1,234.50``, full-width digits and surrounding spaces.
    Refuses empty text, letters, exponents (``1e5``), ``NaN``/``Infinity``,
    misplaced thousands separators, too many decimals and (unless allowed)
    negative amounts.
    """
    if not isinstance(text, str):
        raise TypeError("parse_amount expects str")
    shown = text.strip()
    cleaned = _SPACES.sub("", text.translate(_FULLWIDTH))
    if not cleaned:
        raise AmountError("请输入金额")
    lowered = cleaned.lower()
    if "e" in lowered and any(c.isdigit() for c in lowered):
        raise AmountError(f"「{shown}」不能使用科学计数法，请写出完整数字")
    if "nan" in lowered or "inf" in lowered:
        raise AmountError(f"「{shown}」不是数字")
    if re.search(r"[^0-9,.+-]", cleaned):
        raise AmountError(f"「{shown}」不是有效金额，只能包含数字、小数点、逗号和负号")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        raise AmountError(f"「{shown}」千位分隔符位置不对（应每三位一个逗号，如 1,234.50）")
    if not _PLAIN.match(cleaned):
        raise AmountError(f"「{shown}」不是有效金额，只能包含数字、小数点、逗号和负号")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regexes exclude this
        raise AmountError(f"「{shown}」不是有效金额") from exc
    _check_decimals(value, decimals, shown)
    if value < 0 and not allow_negative:
        raise AmountError(f"「{shown}」不能为负数")
    if value == 0:
        value = abs(value)  # no "-0" in a draft
    return value


def to_decimal(
    value: object,
    *,
    decimals: int = DECIMALS,
    allow_negative: bool = False,
) -> Decimal:
    """Coerce a value from a draft or from Python code into an exact amount.

    ``Decimal`` and ``int`` are taken as they are (checked), ``str`` is parsed
    with :func:`parse_amount`; ``float`` is refused, because it is not exact.
    """
    if isinstance(value, bool):
        raise AmountError("金额不能是真/假值")
    if isinstance(value, float):
        raise AmountError(f"金额不能是二进制浮点数（{value!r}），请用 Decimal 或文本")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        return parse_amount(value, decimals=decimals, allow_negative=allow_negative)
    if not isinstance(value, Decimal):
        raise AmountError(f"「{value}」不是金额")
    if not value.is_finite():
        raise AmountError(f"「{value}」不是有限的数字")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        # Only exponent notation (1E+5) produces a positive exponent.
        raise AmountError(f"「{value}」不能使用科学计数法，请写出完整数字")
    _check_decimals(value, decimals, str(value))
    if value < 0 and not allow_negative:
        raise AmountError(f"「{value}」不能为负数")
    if value == 0:
        value = abs(value)
    return value


def quantize(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (the way a 决算 statement rounds)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt_money(value: Decimal | None, places: int = 2, *, grouping: bool = False) -> str:
    """``Decimal('526.4')`` → ``'526.40'``; half-up; ``None`` → ``''``."""
    if value is None:
        return ""
    q = quantize(value, places)
    if q == 0:
        q = abs(q)
    return f"{q:,.{places}f}" if grouping else f"{q:.{places}f}"


def fmt_pct(ratio: Decimal | None, places: int = 2) -> str:
    """A ratio (0.9510) shown as a percentage (``'95.10%'``); ``None`` → ``'—'``."""
    if ratio is None:
        return "—"
    return f"{fmt_money(ratio * HUNDRED, places)}%"


def fmt_count(value: Decimal | int | None) -> str:
    """A head count or number of tasks: ``Decimal('27')`` → ``'27'``; a stated value
    with decimals keeps them (``'27.5'``); ``None`` → ``''``."""
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value)


def total(*values: Decimal | None) -> Decimal | None:
    """The sum of ``values``, or ``None`` (未填) when any of them is ``None``.

    A figure derived from one that was not entered is itself not known: it is
    never computed as if the missing value were 0.
    """
    out = ZERO
    for v in values:
        if v is None:
            return None
        out += v
    return out


def minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """``a - b``, or ``None`` when either is not entered."""
    if a is None or b is None:
        return None
    return a - b
