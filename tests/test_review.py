"""`selfeval review`: a folder of units' drafts summed up in one process."""

from __future__ import annotations

import contextlib
import io
import json
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval import draft, review
from selfeval.cli import main
from selfeval.model import Report
from selfeval.model.evaluation import EvalIndicator

from support import EXAMPLE

pytest.importorskip("selfeval.evaluation")

#: kinds of broken drafts among the generated ones, and what their row says
BROKEN = {
    "toml": ("[meta\ndepartment = 1\n", "TOML 格式错误"),
    "value": (None, "评价年度"),
    "encoding": ("单位".encode("gbk"), "UTF-8"),
    "empty": ("", "文件是空的"),
    "preset": (None, None),
}


def _unit(example: Report, k: int, rng: random.Random) -> Report:
    """The example as unit ``k``: its own name, spending and 自评表 results."""
    r = example.model_copy(deep=True)
    r.meta.department = f"衡阳市第{k:03d}局"
    r.meta.short_name = f"{k:03d}局"
    # spending from ~45% to 100% of the budget
    r.general_budget.personnel = Decimal(rng.randrange(1000, 43500)) / 100
    ev = r.evaluation
    ev.other_initial = ev.other_adjusted = Decimal("14.46")
    ev.indicators = [
        EvalIndicator(level1="产出指标", level2="数量指标", name="科普活动场次", nature="≥", target="100",
                      unit="场", actual=str(rng.randrange(40, 131)), points=Decimal(50), evidence="活动签到表"),
        EvalIndicator(level1="效益指标", level2="社会效益指标", name="公民科学素质达标率", nature="≥", target="15",
                      unit="%", actual=str(rng.randrange(8, 17)), points=Decimal(30), evidence="抽样调查"),
        EvalIndicator(level1="满意度指标", level2="服务对象满意度指标", name="服务对象满意度", nature="≥",
                      target="90", unit="%", actual=str(rng.randrange(80, 100)), points=Decimal(10),
                      survey_method="问卷调查", survey_sample=200, survey_date=f"{r.meta.year}年12月",
                      evidence="问卷汇总表"),
    ]
    if k % 17 == 0:  # an unfinished table: one actual not typed
        ev.indicators[1].actual = ""
    return r


def make_drafts(folder: Path, n: int = 200, seed: int = 17) -> dict[str, str]:
    """``n`` drafts from the example with varied figures; every 25th is broken in
    one of the ways of :data:`BROKEN`. Returns file name → kind of breakage."""
    rng = random.Random(seed)
    example = draft.load(EXAMPLE)
    broken: dict[str, str] = {}
    kinds = list(BROKEN)
    for k in range(n):
        path = folder / f"unit-{k:03d}.toml"
        if k % 25 == 7:
            kind = kinds[(k // 25) % len(kinds)]
            broken[path.name] = kind
            content = BROKEN[kind][0]
            if kind == "value":
                content = draft.dumps(_unit(example, k, rng)).replace("year = 2024", "year = 1900")
            elif kind == "preset":
                r = _unit(example, k, rng)
                r.meta.preset = "no-such-preset"
                content = draft.dumps(r)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            continue
        path.write_text(draft.dumps(_unit(example, k, rng)), encoding="utf-8")
    return broken


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("desk")
    broken = make_drafts(folder)
    return folder, broken


def _check_json(path: Path) -> tuple[dict | None, list[dict]]:
    """What `selfeval check --format json` says of one draft: (department table, findings)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["check", str(path), "--format", "json"])
    out = json.loads(buf.getvalue())
    if isinstance(out, list):
        # check's json before it carries the 自评表s: the table check will carry
        # (``evaluation.department``) is the scoring API's, read here directly
        from selfeval.evaluation import department_table
        from selfeval.framework import PresetError, load_preset

        report = draft.load(path)
        try:
            preset = load_preset(report.meta.preset, path.parent)
        except PresetError:
            return None, out
        return department_table(report, preset).as_dict(), out
    ev = out.get("evaluation") or {}
    return ev.get("department"), out["findings"]


def test_review_of_200_drafts_in_one_process(folder):
    path, broken = folder
    rv = review.review([path])
    assert len(rv.rows) == 200
    unreadable = {r.file.name: r.error for r in rv.unreadable}
    expected_unreadable = {name for name, kind in broken.items() if kind != "preset"}
    assert set(unreadable) == expected_unreadable
    for name, error in unreadable.items():
        assert BROKEN[broken[name]][1] in error, (name, error)
    # an unknown preset: the row is there, with the checks' error and no score
    preset_rows = [r for r in rv.rows if broken.get(r.file.name) == "preset"]
    assert preset_rows and all(r.score is None and r.errors >= 1 and "no-such-preset" in r.light_reason for r in preset_rows)
    # rankings: best first, only rows that have the figure
    rates = [r.rate for r in rv.by_rate]
    assert rates == sorted(rates, reverse=True) and len(rates) > 150
    scores = [r.score for r in rv.by_score]
    assert scores == sorted(scores, reverse=True)
    assert all(r.light_colour == "red" for r in rv.red) and rv.red
    assert any(r.status.startswith("评分未完成") for r in rv.rows)
    # the whole desk in a terminal of 80 columns
    from rich.cells import cell_len

    text = review.to_text(rv, width=80)
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    assert text.count("无法读取") == len(expected_unreadable) + 1  # each row, and the summary line


def test_rows_equal_each_drafts_own_check(folder):
    path, broken = folder
    rv = review.review([path])
    for row in rv.rows:
        if row.error:
            continue
        dept, findings = _check_json(row.file)
        assert row.errors == sum(1 for f in findings if f["severity"] == "error")
        assert row.warnings == sum(1 for f in findings if f["severity"] == "warning")
        if dept is None:
            continue
        d = row.as_dict()
        assert d["budget"] == dept["budget"]["total"]["adjusted"]
        assert d["executed"] == dept["budget"]["total"]["executed"]
        assert d["rate"] == dept["budget"]["rate"]
        assert d["score"] == dept["total"] and d["grade"] == dept["grade"]
        assert d["light"]["colour"] == dept["light"]["colour"]


def test_xlsx_read_back_equals_check(folder, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    path, broken = folder
    out = tmp_path / "汇总.xlsx"
    assert main(["review", str(path), "--format", "xlsx", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "执行率排名", "得分排名", "红灯"]
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    assert header == [h for h, _ in review.XLSX_COLUMNS]
    assert ws.auto_filter.ref == f"A1:O{201}"
    col = {h: i for i, h in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 200  # one row per draft, the unreadable ones too
    checked = 0
    for values in rows:
        file = Path(values[col["文件"]])
        if file.name in broken and broken[file.name] != "preset":
            assert values[col["读取错误"]] and values[col["单位"]] is None
            continue
        dept, findings = _check_json(file)
        assert values[col["错误数"]] == sum(1 for f in findings if f["severity"] == "error")
        assert values[col["警告数"]] == sum(1 for f in findings if f["severity"] == "warning")
        report = draft.load(file)
        assert values[col["单位"]] == report.meta.department and values[col["年度"]] == report.meta.year
        if dept is None:
            continue

        def same(cell, text):
            if text is None:
                return cell is None
            return isinstance(cell, (int, float)) and Decimal(str(cell)) == Decimal(text)

        assert same(values[col["全年预算数"]], dept["budget"]["total"]["adjusted"])
        assert same(values[col["全年执行数"]], dept["budget"]["total"]["executed"])
        assert same(values[col["执行率"]], dept["budget"]["rate"])
        assert same(values[col["自评得分"]], dept["total"])
        assert (values[col["等级"]] or None) == dept["grade"]
        assert values[col["预警"]] == dept["light"]["label"]
        checked += 1
    assert checked > 150
    # numbers are numbers, with their formats
    first = next(r for r in ws.iter_rows(min_row=2) if r[col["全年执行数"]].value is not None)
    assert first[col["全年执行数"]].number_format == "0.00" and first[col["执行率"]].number_format == "0.00%"
    ranks = [r[2] for r in wb["执行率排名"].iter_rows(min_row=2, values_only=True)]
    assert ranks == sorted(ranks, reverse=True) and len(ranks) > 150


def test_terminal_table_fits_80_columns_and_md_json(folder):
    from rich.cells import cell_len

    path, _ = folder
    rv = review.review([path / "unit-000.toml", path / "unit-007.toml", path / "unit-001.toml", path / "missing.toml"])
    text = review.to_text(rv, width=80)
    for line in text.splitlines():
        assert cell_len(line) <= 80, line
    assert "000局" in text and "文件不存在" in text and "TOML 格式错误" in text
    data = json.loads(review.to_json(rv))
    assert [Path(d["file"]).name for d in data["drafts"]] == ["unit-000.toml", "unit-007.toml", "unit-001.toml", "missing.toml"]
    assert data["drafts"][3]["error"] and data["drafts"][0]["department"] == "衡阳市第000局"
    md = review.to_markdown(rv)
    assert "| 衡阳市第000局 | 2024 |" in md and "## 按执行率排名" in md


def test_cli_review_in_a_real_process(folder, tmp_path: Path):
    path, _ = folder
    proc = subprocess.run(
        [sys.executable, "-m", "selfeval", "review", str(path), "--format", "json"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["drafts"]) == 200 and data["red"]
    # an output over a draft is refused
    assert main(["review", str(path), "--format", "md", "-o", str(path / "unit-000.toml")]) == 2


def test_compare_two_years(tmp_path: Path):
    old = tmp_path / "2024.toml"
    old.write_bytes(EXAMPLE.read_bytes())
    new = tmp_path / "2025.toml"
    assert main(["new", str(new), "--from", str(old)]) == 0
    report = draft.load(new)
    report.general_budget.personnel = Decimal("400")
    report.rectifications[0].status = "已整改"
    report.rectifications[0].action = "各部室目标均已量化。"
    draft.save(report, new)
    c = review.compare(new, old)  # either order: last year first
    assert c.years == (2024, 2025)
    figures = {label: (a, b) for label, a, b, _ in c.figures}
    assert figures["其中：人员经费"] == (Decimal("434.93"), Decimal("400"))
    assert figures["年末结转和结余"][0] == Decimal("65.40")
    assert figures["年初结转和结余"][1] == Decimal("65.40")
    text = review.compare_text(c, 80)
    assert "2024 年度存在的问题" in text and "绩效目标编制水平有待提高（已整改）：各部室目标均已量化。" in text
    assert "-34.93" in text
    assert json.loads(review.compare_json(c))["years"] == [2024, 2025]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["review", "--compare", str(old), str(new), "--format", "md"]) == 0
    assert "| 其中：人员经费 | 434.93 | 400.00 | -34.93 |" in buf.getvalue()
