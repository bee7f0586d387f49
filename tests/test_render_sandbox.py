"""Templates get plain data, run under limits, and print users' text literally.

A user's own template folder (``--templates``) is a program run by selfeval:
it must not reach Python (pydantic's ``parse_raw`` with pickle, ``parse_file``,
``__class__.__mro__``), nor run away with time or memory. Every refusal is a
``RenderError`` with one Chinese line (``selfeval render`` exits 2).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pydantic import BaseModel, ValidationError

from selfeval import render
from selfeval.cli import main
from selfeval.framework import evaluate
from selfeval.model import Report
from selfeval.model.base import Text
from selfeval.render_context import Record, plain

from support import EXAMPLE

# ---- hostile templates, each in its own --templates folder --------------------

#: name → the body of a partial overriding _signature.md.j2
HOSTILE_TEMPLATES = {
    "parse_raw_pickle": "{{ r.parse_raw('x', proto='pickle', allow_pickle=True) }}",
    "meta_parse_raw_pickle": "{{ meta.parse_raw('x', content_type='pickle', allow_pickle=True) }}",
    "parse_file": "{{ meta.parse_file('/etc/passwd') }}",
    "model_dump": "{{ meta.model_dump() }}",
    "mro_subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "mro_by_item": "{{ meta['__class__']['__mro__'] }}",
    "mro_by_attr_filter": "{{ (meta | attr('__class__')) }}",
    "record_method": "{{ meta.keys() }}",
    "str_format": "{{ '{0.__class__}'.format(meta) }}",
    "nested_ranges": "{% for a in range(100000) %}{% for b in range(100000) %}{{ '' }}{% endfor %}{% endfor %}",
    "huge_power": "{{ 10**(10**10) }}",
    "huge_power_literal": "{{ 7 ** 99999999 }}",
    "huge_string_multiplication": "{{ 'x' * 10**10 }}",
    "center_method": "{{ 'x'.center(10**9) }}",
    "center_filter": "{{ 'x' | center(1000000000) }}",
    "ljust_method": "{{ 'x'.ljust(10**9) }}",
    "percent_width": "{{ '%999999999d' % 1 }}",
    "format_filter_width": "{{ '%999999999s' | format('x') }}",
    "indent_width": "{{ 'x' | indent(1000000000) }}",
    "deep_macro_recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "self_include": '{% include "_signature.md.j2" %}',
    "doubling_concat": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    ),
    "doubling_replace": (
        "{% set ns = namespace(s='xx') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s | replace('x', 'xx') %}{% endfor %}"
    ),
    "join_of_copies": "{{ (['x' * 1000000] * 100000) | join }}",
    "huge_output": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "lipsum": "{{ lipsum(10**9) }}",
    "list_of_cjk_chars": "{{ ('中' * 10000000) | list | length }}",
    "sorted_cjk_chars": "{{ ('中' * 10000000) | sort | length }}",
    "list_multiplication": "{{ ([1] * 10**8) | length }}",
    "batch_fill": "{{ range(3) | batch(1000000000, 0) | list }}",
    "split_method": "{{ ('中 ' * 5000000).split() | length }}",
}

_RUNNER = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
from selfeval import render
from selfeval.model import Report

cases = json.loads(sys.stdin.read())
report = Report(meta={"department": "测试单位", "year": 2025})
render.markdown(report)  # imports and compiles the shipped templates first
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for name, body in cases.items():
    folder = Path(tempfile.mkdtemp())
    (folder / "_signature.md.j2").write_text(body, encoding="utf-8")
    start = time.monotonic()
    try:
        render.markdown(report, templates=folder)
        outcome = ("rendered", "")
    except render.RenderError as exc:
        outcome = ("refused", str(exc))
    except BaseException as exc:
        outcome = ("crashed", f"{type(exc).__name__}: {exc}"[:300])
    print(json.dumps({"name": name, "seconds": time.monotonic() - start,
                      "outcome": outcome[0], "message": outcome[1]}), flush=True)
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
print(json.dumps({"grown_kb": grown}), flush=True)
"""


@pytest.fixture(scope="module")
def hostile_runs() -> dict[str, dict]:
    """Every hostile template rendered in one fresh process, with its time and the
    process's memory growth (peak resident size, which only ever goes up)."""
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER],
        input=json.dumps(HOSTILE_TEMPLATES),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    runs = {line["name"]: line for line in lines if "name" in line}
    runs["__memory__"] = lines[-1]
    return runs


@pytest.mark.parametrize("name", sorted(HOSTILE_TEMPLATES))
def test_hostile_template_is_refused_quickly_in_chinese(hostile_runs, name):
    run = hostile_runs[name]
    assert run["outcome"] == "refused", run
    message = run["message"]
    assert "\n" not in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert message.startswith(("模板", "生成的报告")), message
    assert run["seconds"] < 2, run
    # nothing of the file system or Python leaks into the message
    assert "root:" not in message and "<class" not in message


def test_hostile_templates_stay_within_200_mb(hostile_runs):
    assert hostile_runs["__memory__"]["grown_kb"] < 200 * 1024


def test_hostile_messages_say_what_was_refused(hostile_runs):
    assert "parse_raw" in hostile_runs["parse_raw_pickle"]["message"]
    assert "range" in hostile_runs["nested_ranges"]["message"]
    assert "乘方" in hostile_runs["huge_power"]["message"]
    assert "过长" in hostile_runs["huge_string_multiplication"]["message"]
    assert "宽度" in hostile_runs["center_filter"]["message"]
    assert "不安全" in hostile_runs["center_method"]["message"]
    assert "嵌套" in hostile_runs["deep_macro_recursion"]["message"]
    assert "超过" in hostile_runs["huge_output"]["message"]


def test_cli_refuses_a_hostile_template_with_exit_2(tmp_path: Path, capsys):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "_signature.md.j2").write_text(HOSTILE_TEMPLATES["parse_raw_pickle"], encoding="utf-8")
    assert main(["render", str(EXAMPLE), "--templates", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("selfeval：模板") and err.count("\n") == 1 and "Traceback" not in err


# ---- a loop that calls nothing still stops -----------------------------------

RUNAWAY = {
    # nested loops over a local: no attribute look-up, no call, no output
    "silent_loops": (
        "{% set s = 'x' * 1000 %}"
        "{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}"
    ),
    # a macro calling itself twice, 2**40 calls, never deep
    "fan_out": "{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}",
}


@pytest.mark.parametrize("name", sorted(RUNAWAY))
def test_runaway_template_stops_at_the_time_limit(tmp_path: Path, blank: Report, name):
    (tmp_path / "_signature.md.j2").write_text(RUNAWAY[name], encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(render.RenderError, match="超过 1 秒"):
        render.markdown(blank, templates=tmp_path, time_limit=1)
    assert time.monotonic() - start < 2
    # nothing of the stopped rendering is left to hit the caller later
    time.sleep(0.2)
    assert render.markdown(blank).startswith("测试单位2025年度部门整体支出绩效自评报告\n===")


def test_a_finished_rendering_leaves_the_interpreter_as_it_was():
    """The watchdog never leaves CPython's eval breaker set (clearing a pending
    timeout with SetAsyncExc(NULL) did: everything slower, a profiler hung)."""
    code = (
        "import cProfile; from selfeval import render; from selfeval.model import Report\n"
        "render.markdown(Report(meta={'department': '测试单位', 'year': 2025}))\n"
        "p = cProfile.Profile(); p.enable(); sum(range(1000)); p.disable(); print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "ok", proc.stderr[-1000:]


def test_default_time_limit_is_ten_seconds():
    assert render.TIME_LIMIT == 10


# ---- plain data ----------------------------------------------------------------

_PLAIN = (Record, tuple, str, Decimal, int, bool, type(None), dt.date)


def _walk(value, path="ctx"):
    yield path, value
    if isinstance(value, Record):
        for k in value:
            yield from _walk(value[k], f"{path}.{k}")
    elif isinstance(value, tuple):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


def test_context_is_plain_read_only_data(example: Report):
    card = evaluate(example, render.preset_for(example, EXAMPLE.parent))
    ctx = render.context(example, card)
    assert isinstance(ctx.pop("num"), render.Numbering)
    for key, value in ctx.items():
        for path, v in _walk(value, key):
            assert isinstance(v, _PLAIN), (path, type(v))
            assert not isinstance(v, BaseModel), path
            if isinstance(v, dt.date):
                assert type(v) is dt.date, path
    meta = ctx["meta"]
    with pytest.raises((AttributeError, TypeError)):
        meta.department = "别的单位"  # type: ignore[misc]
    with pytest.raises(TypeError):
        meta["department"] = "别的单位"  # type: ignore[index]
    assert meta.department == example.meta.department


def _models(obj: BaseModel, path: str = "r"):
    yield path, obj
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                yield from _models(item, f"{path}.{name}[{i}]" if isinstance(value, list) else f"{path}.{name}")


def _lookup(record, path: str):
    import re

    for part in path.split(".")[1:]:
        m = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", part)
        record = record[m.group(1)]
        if m.group(2) is not None:
            record = record[int(m.group(2))]
    return record


def test_every_model_field_reaches_the_templates(example: Report):
    """The context is walked from the model's fields: none is left out, so a
    field added later reaches the templates without touching the walker."""
    r = plain(example)
    count = 0
    for path, model in _models(example):
        rec = _lookup(r, path)
        for name in type(model).model_fields:
            value = getattr(model, name)
            assert name in rec, f"{path}.{name}"
            if isinstance(value, (str, int, Decimal)) or value is None:
                assert rec[name] == value, f"{path}.{name}"
            count += 1
    assert count > 200


def test_a_new_field_flows_without_changes():
    from pydantic import Field

    from selfeval.model import TextItem

    class Extended(TextItem):
        remark: str = Field(default="附注")

    rec = plain(Extended(title="甲", text="乙"))
    assert rec["remark"] == "附注" and rec["title"] == "甲" and rec["is_empty"] is False


def test_derived_figures_are_precomputed(example_v1: Report):
    example = example_v1  # the format-1 example: per-一级 analysis filled in
    r = plain(example)
    gb = example.general_budget
    assert r["income_total"] == example.income_total
    assert r["spending_total"] == example.spending_total
    assert r["carryover_end"] == example.carryover_end
    assert r["income_by_source"] == tuple(example.income_by_source())
    assert r["general_budget"]["table"]["total"]["end"] == gb.table.total.end
    assert [row["end"] for row in r["general_budget"]["table"]["rows"]] == [row.end for row in gb.table.rows]
    assert r["economic"]["total"] == example.economic.total
    assert r["overview"]["staffing"]["quota_by_kind"] == tuple(example.overview.staffing.quota_by_kind())
    for n, p in enumerate(example.problems, 1):
        assert r["problem_numbers"][p.id] == n
        assert [m["title"] for m in r["measures_by_problem"][p.id]] == [m.title for m in example.measures_for(p.id)]
    level1 = example.performance.analysis[0].level1
    assert r["performance"]["analysis_by_level1"][level1]["text"] == example.performance.analysis_for(level1).text


def test_a_field_called_items_is_the_field_not_a_method(tmp_path: Path, blank: Report):
    (tmp_path / "_signature.md.j2").write_text(
        "{% set s = {'items': 'X条', 'keys': 'Y键'} %}{{ s.items }}{{ s.keys }}|{{ meta.department }}",
        encoding="utf-8",
    )
    md = render.markdown(blank, templates=tmp_path)
    assert "X条Y键|测试单位" in md


def test_jinja_building_blocks_still_work(tmp_path: Path, blank: Report):
    """Loops, namespaces, macros, cyclers, filters and str.strip remain usable."""
    (tmp_path / "_signature.md.j2").write_text(
        "{% set ns = namespace(n=0) %}{% set c = cycler('甲', '乙') %}"
        "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}"
        "{% for i in range(3) %}{% set ns.n = ns.n + i %}{{ c.next() }}{{ loop.index }}{% endfor %}"
        "|{{ ns.n }}|{{ twice('丙') }}|{{ '  丁 '.strip() }}|{{ [3, 1, 2] | sort | join(',') }}"
        "|{{ 'x' * 3 }}|{{ 2 ** 10 }}|{{ '%05.1f' % 3.14159 if false else '%3d' % 7 }}",
        encoding="utf-8",
    )
    md = render.markdown(blank, templates=tmp_path)
    assert "甲1乙2甲3|3|丙丙|丁|1,2,3|xxx|1024|  7" in md


# ---- every text field holds Markdown and template syntax -----------------------

TEXT_VALIDATOR = Text.__metadata__[0]

HOSTILE_LINES = (
    "# x {{ 7*7 }} {% raw %} a|b *粗* _斜_ [a](b) <script>alert(1)</script> `c` ~~d~~ $e$",
    "    1. {{ 7*7 }} | - > {% endraw %}{#注#} ![i](j) <b>",
)
HOSTILE_TEXT = "\n".join(
    HOSTILE_LINES
    + (
        "- 列表 {{ 7*7 }}",
        "> 引用",
        "---",
        "| a | b |",
        "```",
        "    缩进四格 {% if 1 %}真{% endif %}",
        "===",
        "[ref]: http://x",
    )
)


def _fill_every_text_field(report: Report, hostile: bool) -> list[str]:
    """Set every str field (and every item of a list of str) of the report.
    Returns the fields that could not take text (Literal choices, checked names)."""
    refused: list[str] = []
    counter = iter(range(10_000))

    def line() -> str:
        n = next(counter)
        return HOSTILE_LINES[n % 2] if hostile else "文字"

    def text() -> str:
        return HOSTILE_TEXT if hostile else "第一段\n第二段\n第三段\n第四段\n第五段\n第六段\n第七段\n第八段\n第九段\n第十段"

    for path, model in _models(report):
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            where = f"{path}.{name}"
            if where == "r.meta.preset" or name in ("id", "answers"):
                continue  # which preset to score with; problem ids and their links (below)
            if isinstance(value, str):
                try:
                    setattr(model, name, text() if _is_text(info) else line())
                except ValidationError:
                    refused.append(where)
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                setattr(model, name, [line() for _ in value])
    ids = []
    for n, p in enumerate(report.problems):
        p.id = f"{HOSTILE_LINES[0]} {n}" if hostile else f"p{n}"
        ids.append(p.id)
    for m in report.measures:
        m.answers = list(ids)
    return refused


def _is_text(info) -> bool:
    """A multi-line field (``Text``) rather than one line (``Line``)."""
    return any(m is TEXT_VALIDATOR for m in info.metadata)


def _structure(md: str) -> Counter:
    """What Markdown makes of the report: block and inline token types, heading
    levels, table rows and cells — everything but the words."""
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(md)
    kinds: Counter = Counter()
    for i, tok in enumerate(tokens):
        kinds[(tok.type, tok.tag)] += 1
        # a title breaks where its length asks (after the department's name): layout, not structure
        in_heading = i > 0 and tokens[i - 1].type == "heading_open"
        for child in tok.children or ():
            if child.type not in ("text", "text_special", "softbreak") and not (
                in_heading and child.type == "hardbreak"
            ):
                kinds[(child.type, child.tag)] += 1
    return kinds


def test_no_user_text_becomes_structure(example: Report):
    neutral = example.model_copy(deep=True)
    hostile = example.model_copy(deep=True)
    refused_n = _fill_every_text_field(neutral, hostile=False)
    refused_h = _fill_every_text_field(hostile, hostile=True)
    assert refused_n == refused_h
    # 单位简称 and 单位全称 with both kinds of line start
    neutral.meta.short_name, neutral.meta.department = "简称", "全称"
    hostile.meta.short_name, hostile.meta.department = HOSTILE_LINES
    # only closed choices refuse free text
    assert set(refused_h) <= {"r.meta.unit", "r.scoring.granularity"} | {
        w for w in refused_h if w.endswith((".source", ".figure", ".kind", ".funding", ".nature", ".grade"))
    }
    md_n = render.markdown(neutral, base_dir=EXAMPLE.parent)
    md_h = render.markdown(hostile, base_dir=EXAMPLE.parent)
    assert _structure(md_h) == _structure(md_n)
    lines_h = md_h.splitlines()
    assert [ln for ln in lines_h if ln.startswith("#")] and all(
        not ln.startswith("#") or ln.startswith(("# ", "## ", "### ", "#### ")) for ln in lines_h
    )
    assert sum(ln.startswith("#") for ln in lines_h) == sum(ln.startswith("#") for ln in md_n.splitlines())
    assert md_h.count("49") == md_n.count("49")  # {{ 7*7 }} is never evaluated
    assert "{{ 7\\*7 }}" in md_h and "{% raw %}" in md_h
    assert "<script>" not in md_h and "<b>" not in md_h
    assert "\n\\# x" in md_h  # 单位简称 at the start of a paragraph stays text
    assert "&#32;&#32;&#32;&#32;1\\." in md_h  # four leading blanks: no code block


def test_short_name_starting_with_hash_is_text(example: Report):
    example.meta.short_name = "# 市科协"
    md = render.markdown(example, base_dir=EXAMPLE.parent)
    assert "\n# 市科协" not in md and "\n\\# 市科协" in md
    heads = [ln for ln in md.splitlines() if ln.startswith("#")]
    example.meta.short_name = "市科协"
    assert len(heads) == len([ln for ln in render.markdown(example).splitlines() if ln.startswith("#")])


def test_code_is_left_out_and_unknown_kinds_are_refused():
    """A function in a field (how a figure is computed) is code, not data; a
    float or an arbitrary object is refused so that a new field of such a kind is noticed."""
    from dataclasses import dataclass

    @dataclass
    class Holder:
        label: str
        compute: object

    rec = plain(Holder("甲", lambda r: r))
    assert dict(rec) == {"label": "甲"}
    with pytest.raises(TypeError):
        plain(Holder("甲", 1.5))
    with pytest.raises(TypeError):
        plain(Holder("甲", object()))
