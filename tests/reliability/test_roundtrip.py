"""Generated reports survive save and load exactly (hypothesis: 1,300 examples, of which
about nine in ten are valid and must round-trip; the rest carry a control character and
must be refused with a Chinese message)."""

from __future__ import annotations

import string
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st
from pydantic import ValidationError

from selfeval import draft
from selfeval.model import Report

# Characters that make TOML and Markdown writers stumble, and CJK.
TRICKY = ['"', "'", '"""', "'''", "\\", "\\n", "\n", "\t", "\r\n", "#", "[", "]", "{{", "}}", "{%", "|", "=", "😀", "❤️", "\u3000"]
alphabet = st.one_of(
    st.sampled_from(TRICKY),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),  # any printable, any script
    st.sampled_from([c for c in string.printable if c not in "\x0b\x0c"]),
)
# now and then a control character (BEL, ESC, NUL, DEL …), which must be refused, never stored
control = st.characters(categories=("Cc",)).filter(lambda c: c not in "\t\n\r")
text = st.lists(alphabet, max_size=12).map("".join)
line = text.map(lambda s: s.replace("\r", "").replace("\n", " "))

# amounts at the edges: zero, one cent, whole numbers written as integers, big values
amount = st.one_of(
    st.sampled_from(["0", "0.01", "0.10", "1", "99999999.99", "123456789012.34", "0.00"]),
    st.decimals(min_value=0, max_value=Decimal("1e9"), places=2, allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=0, max_value=10**12).map(str),
)


@st.composite
def reports(draw) -> dict:
    """Plain data for a report (validated by the model in the test); one in ten
    carries a control character somewhere, which the model must refuse."""
    data = {
        "meta": {"department": draw(line), "short_name": draw(line), "year": draw(st.integers(2000, 2100)), "preamble": draw(text)},
        "overview": {
            "basic_info": draw(text),
            "duties": draw(st.lists(line, max_size=3)),
            "goals": [{"title": draw(line), "text": draw(text)} for _ in range(draw(st.integers(0, 2)))],
            "staffing": {"units": [{"name": draw(line), "quota_admin": draw(st.integers(0, 500)), "on_payroll": draw(st.integers(0, 500))}]},
        },
        "general_budget": {
            "personnel": draw(amount),
            "public_expense": draw(amount),
            "basic": {"initial": draw(amount), "additions": draw(amount)},
            "projects": [{"name": draw(line), "amount": draw(amount), "key": draw(st.booleans()), "note": draw(line)} for _ in range(draw(st.integers(0, 3)))],
        },
        "other_funds": [{"source": "superior_grant", "name": draw(line), "income": draw(amount), "purpose": draw(text)}],
        "performance": {"duty": [{"title": draw(line), "items": [{"title": draw(line), "text": draw(text)}]}]},
        "problems": [{"title": draw(line), "text": draw(text)}],
        "measures": [{"title": draw(line), "text": draw(text), "answers": ["p1"]}],
        "base_data": {"satisfaction": draw(st.one_of(st.none(), amount)), "tasks_planned": draw(st.one_of(st.none(), st.integers(0, 10**6)))},
    }
    if draw(st.sampled_from(range(10))) == 9:
        where = draw(st.sampled_from(["department", "preamble"]))
        data["meta"][where] += draw(control)
    return data


_dir = Path(tempfile.mkdtemp(prefix="selfeval-rt-"))


@given(reports())  # examples: the Hypothesis profile (tests/conftest.py)
def test_generated_reports_round_trip_exactly(data: dict):
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        event("refused: " + str(exc.errors()[0]["msg"])[:30])
        # refused, never guessed: only control characters and impossible amounts are refused
        for err in exc.errors():
            assert err["type"] in ("value_error",), err
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err["msg"])), err  # a Chinese message
        return
    event("round-tripped")
    path = _dir / "d.toml"
    draft.save(report, path, backup=False)
    first = path.read_bytes()
    again = draft.load(path)
    assert again == report
    draft.save(again, path, backup=False)
    assert path.read_bytes() == first  # stable: a second save changes nothing
