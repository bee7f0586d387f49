"""The Word writer makes runs, paragraph properties and keepNext as lxml elements
itself (for speed): they must be exactly what python-docx's own setters make."""

from __future__ import annotations

import pytest

docx = pytest.importorskip("docx")

from lxml import etree  # noqa: E402

from selfeval.docx.widths import Span  # noqa: E402
from selfeval.docx.writer import _keep_with_next, _p_pr, add_runs  # noqa: E402

TEXTS = [
    "普通文字",
    "  前导空格",
    "尾随空格 ",
    "全角空格　",
    "a\tb\t",
    "\t开头是制表符",
    "回车\r换行",
    "两行\n文字",
    "",
    "<&>\"'",
    " ",
]


def _xml(el) -> bytes:
    return etree.tostring(el)


def _reference(spans: list[Span]):
    """The same spans through python-docx's public API, as the writer once did."""
    p = docx.Document().add_paragraph()
    for span in spans:
        for i, part in enumerate(span.text.split("\n")):
            if i:
                p.add_run().add_break()
            if part:
                run = p.add_run(part)
                if span.bold:
                    run.bold = True
                if span.italic:
                    run.italic = True
    return p


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("bold,italic", [(False, False), (True, False), (False, True), (True, True)])
def test_runs_are_python_docx_runs(text, bold, italic):
    spans = [Span(text, bold=bold, italic=italic), Span("后", bold=not bold)]
    ours = docx.Document().add_paragraph()
    add_runs(ours, spans)
    assert _xml(ours._p) == _xml(_reference(spans)._p)
    assert ours.text == _reference(spans).text


@pytest.mark.parametrize("style", ["Normal", "TableText", None])
@pytest.mark.parametrize("flags", [(), ("keepNext",), ("pageBreakBefore",), ("keepNext", "pageBreakBefore")])
def test_paragraph_properties_and_keep_next_are_python_docx_ones(style, flags):
    ours = docx.Document().add_paragraph()
    if style is not None:
        _p_pr(ours._p, style, *flags)
    ref = docx.Document().add_paragraph()
    if style is not None:
        ref._p.style = None if style == "Normal" else style
        if "keepNext" in flags:
            ref.paragraph_format.keep_with_next = True
        if "pageBreakBefore" in flags:
            ref.paragraph_format.page_break_before = True
    assert _xml(ours._p) == _xml(ref._p)
    # keepNext added afterwards lands where python-docx puts it, once
    _keep_with_next(ours)
    _keep_with_next(ours)
    ref.paragraph_format.keep_with_next = True
    assert _xml(ours._p) == _xml(ref._p)
