"""The sentences the report writes itself, collected in a golden file to read by eye.

tests/golden/sentences.txt holds every paragraph and 评分依据 cell of the
rendered report that is not text a user typed, for three drafts: the example,
the seed report as written (tests/fixtures), a new draft with nothing
entered (the 未填 branches) and the format-1 stand-in (scored by 三级
indicator). A change to the templates or the scoring prose
shows up as a diff of that file; ``SELFEVAL_UPDATE_GOLDEN=1 pytest
tests/test_golden_sentences.py`` rewrites it after you have read the diff.

Each sentence must read as a clerk would write it: no label repeated after its
colon (``在职人员控制率：在职人员控制率…``), no space between Chinese text and
a number, no amount without its unit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from selfeval import draft, render
from selfeval.docx.parse import inline_text
from selfeval.model import Report

from support import LEVEL3_EXAMPLE, AS_WRITTEN, EXAMPLE

GOLDEN = Path(__file__).parent / "golden" / "sentences.txt"

SOURCES = {
    "example-2024": lambda: draft.load(EXAMPLE),
    "seed-as-written": lambda: draft.load(AS_WRITTEN),
    "new-draft": lambda: Report(meta={"department": "测试单位", "year": 2025}),
    # scored by 三级 indicator: the analysis' scoring sentences and 附件1's 评分依据
    "format-1-level3": lambda: draft.load(LEVEL3_EXAMPLE),
}


def _user_texts(value, out: set[str]) -> set[str]:
    """Every string a user typed into the draft, and each of its lines."""
    if isinstance(value, str):
        for line in value.splitlines():
            if line.strip():
                out.add(" ".join(line.split()))
    elif isinstance(value, dict):
        for v in value.values():
            _user_texts(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _user_texts(v, out)
    return out


def generated_sentences(report: Report, base_dir: Path) -> list[str]:
    md = render.markdown(report, base_dir=base_dir)
    typed = _user_texts(report.model_dump(mode="json"), set())
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    out: list[str] = []
    header: list[str] = []
    column = 0
    for i, t in enumerate(tokens):
        if t.type == "tr_open":
            column = 0
        elif t.type in ("th_open", "td_open"):
            text = " ".join(inline_text(tokens[i + 1]).split())
            if t.type == "th_open":
                header = header if column else []
                header.append(text)
            elif column < len(header) and header[column] == "评分依据" and text and text not in typed:
                out.append(text)
            column += 1
        elif t.type == "paragraph_open" and tokens[i - 1].type not in ("th_open", "td_open"):
            text = " ".join(inline_text(tokens[i + 1]).split())
            # the template numbers a user's list items: “1. ” before typed text is not a sentence of its own
            bare = re.sub(r"^(?:\d+\.|（\d+）)\s*", "", text)
            if text and bare not in typed and not re.fullmatch(r"单位：\S+", text):
                out.append(text)
    return out


def collect() -> str:
    parts = []
    for name, load in SOURCES.items():
        parts.append(f"## {name}")
        parts += generated_sentences(load(), EXAMPLE.parent)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def test_golden_file_is_current():
    text = collect()
    if os.environ.get("SELFEVAL_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == text, (
        "the generated sentences changed: read the diff, then SELFEVAL_UPDATE_GOLDEN=1 to accept it"
    )


CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
#: a label repeated right after its colon: “在职人员控制率：在职人员控制率 92.86%”
REPEATED_LABEL = re.compile(r"([^\s：。；，（）]{2,16})：\1")
#: a space between Chinese text and a number
SPACE_BEFORE_DIGIT = re.compile(CJK + r" +[-+]?\d")
#: an amount (two decimals) not followed by its unit
BARE_AMOUNT = re.compile(r"(?<![\d.])-?\d+\.\d{2}(?![\d%％]|万元|元|分|个百分点)")


def _findings(sentences: list[str]) -> list[str]:
    bad = []
    for s in sentences:
        for name, rx in (("repeated label", REPEATED_LABEL), ("space before digit", SPACE_BEFORE_DIGIT),
                         ("amount without unit", BARE_AMOUNT)):
            m = rx.search(s)
            if m:
                bad.append(f"{name}: …{s[max(m.start() - 12, 0):m.end() + 12]}…")
    return bad


def test_the_checks_catch_what_the_issue_quotes():
    quoted = "在职人员控制率：在职人员控制率 92.86%（实有在职在编人数 26；编制数 28），“三公”经费本年决算 5.08。"
    found = _findings([quoted])
    assert any(f.startswith("repeated label") for f in found)
    assert any(f.startswith("space before digit") for f in found)
    assert any(f.startswith("amount without unit") for f in found)
    assert _findings(["在职人员控制率92.86%（实有在职在编26人，编制28名），“三公”经费本年决算5.08万元。"]) == []


@pytest.mark.parametrize("name", list(SOURCES))
def test_generated_sentences_read_as_a_clerk_writes(name):
    sentences = generated_sentences(SOURCES[name](), EXAMPLE.parent)
    assert sentences
    assert _findings(sentences) == []


def _nested_brackets(sentence: str) -> bool:
    depth = 0
    for ch in sentence:
        if ch == "（":
            depth += 1
            if depth > 1:
                return True
        elif ch == "）":
            depth = max(depth - 1, 0)
    return False


def test_three_level_scoring_prose_reads_as_a_clerk_writes():
    """The format-1 stand-in is scored by 三级 indicator: each computed indicator gets a
    sentence in the analysis and a 评分依据 in 附件1, both from the framework's detail."""
    sentences = generated_sentences(draft.load(LEVEL3_EXAMPLE), EXAMPLE.parent)
    scoring = [s for s in sentences if "分值" in s and "%" in s]
    assert len(scoring) >= 15  # one per computed indicator of the preset
    assert _findings(sentences) == []
    assert [s for s in scoring if _nested_brackets(s)] == []
    assert "在职人员控制率为92.86%（实有在职在编人数26人，编制数28名），得2.00分（分值2.00分）。" in sentences
    # the 三级 name is written once, as the preset writes it
    assert any(s.startswith("“三公经费”变动率为-8.47%（“三公”经费本年决算5.08万元，") for s in sentences)
    assert "社会公众或服务对象满意度为96.80%，得10.00分（分值10.00分）。" in sentences
