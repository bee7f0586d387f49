"""The Chinese message of a validation error, for every reader of the model.

A field's own validators (``model/base.py``) already raise Chinese text; for
the errors pydantic raises itself (a missing key, a wrong type) this module
gives the Chinese wording. The draft reader and the editor both show these.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

__all__ = ["message_of", "error_text"]

_PYDANTIC_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "程序不认识这一项（可能是拼写错误或多余的键）",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文本（用英文双引号括起来）",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "model_type": "应为一个表",
    "model_attributes_type": "应为一个表",
    "dict_type": "应为一个表",
    "date_type": "应为日期，如 2025-04-30",
    "date_parsing": "应为日期，如 2025-04-30",
    "date_from_datetime_inexact": "应为日期（不带时间），如 2025-04-30",
}


def message_of(error: dict[str, Any]) -> str:
    """The Chinese message of one entry of ``ValidationError.errors()``."""
    kind = error["type"]
    if kind == "value_error":
        msg = str(error.get("ctx", {}).get("error", error["msg"]))
        return msg.removeprefix("Value error, ")
    if kind in _PYDANTIC_MESSAGES:
        return _PYDANTIC_MESSAGES[kind]
    ctx = error.get("ctx", {})
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt')}"
    if kind == "literal_error":
        return f"只能是 {ctx.get('expected')}"
    return f"值无效（{error['msg']}）"


def error_text(exc: ValidationError) -> str:
    """The Chinese message of a validation error (its first problem)."""
    return message_of(exc.errors()[0])
