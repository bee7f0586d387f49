"""Excel export at growing draft sizes: is it linear? (issue 19 item 3)

    python benchmarks/xlsx.py [--sizes 1,200,800] [--rows 10] [--runs 3]

Builds drafts from the example with N projects, each with its own 自评表 of
``--rows`` indicator rows and two goals (and the department table as many
rows), then times, per size, the median of ``--runs``:
  render   selfeval.render.markdown (the report, for scale)
  tables   selfeval.evaluation.all_tables (the 自评表s' scores)
  xlsx     selfeval.export.write(..., "xlsx") — scores, workbook, save, atomic write
and prints the time per project and the marginal cost of a project between
one size and the next: linear export keeps the marginal cost constant (a
quadratic one grows with N). Peak memory (tracemalloc) of the largest export
is printed too.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from selfeval import draft, export, render
from selfeval.evaluation import all_tables
from selfeval.framework import evaluate
from selfeval.model.evaluation import EvalIndicator, Goal, ProjectEvaluation
from selfeval.model.finance import Project

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"

_LEVELS = (
    ("产出指标", "数量指标", "≥", "30", "36", "场"),
    ("产出指标", "质量指标", "≥", "95", "97.5", "%"),
    ("产出指标", "时效指标", "≤", "12", "11", "月"),
    ("效益指标", "社会效益指标", "定性", "明显提升", "较上年明显提升", ""),
    ("满意度指标", "服务对象满意度指标", "≥", "90", "93", "%"),
)


def _rows(n: int) -> list[EvalIndicator]:
    out = []
    for i in range(n):
        l1, l2, nature, target, actual, unit = _LEVELS[i % len(_LEVELS)]
        out.append(
            EvalIndicator(
                level1=l1, level2=l2, name=f"指标{i + 1}（{l2}）", nature=nature, target=target,
                actual=actual, unit=unit, points=Decimal(5),
                grade="达成年度指标" if nature == "定性" else "",
                score=Decimal("4.50") if nature == "定性" else None,
                deviation="已按计划完成，下一步继续加强过程管理。", evidence="活动签到表、新闻报道",
            )
        )
    return out


def make(projects: int, rows: int):
    report = draft.load(EXAMPLE)
    goals = [Goal(expected="按计划开展科普活动，提升公民科学素质", achieved="全年开展活动 36 场，覆盖 2 万人次")] * 2
    items = []
    for k in range(projects):
        ev = ProjectEvaluation(
            goals=goals, indicators=_rows(rows),
            appropriation_initial=Decimal("10.00"), appropriation_adjusted=Decimal("12.00"),
        )
        items.append(Project(name=f"项目{k + 1}", amount=Decimal("11.50"), evaluation=ev))
    report.general_budget.projects = items
    report.evaluation.goals = goals
    report.evaluation.indicators = _rows(rows)
    return report


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,200,800")
    parser.add_argument("--rows", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    prev: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t.xlsx"
        print(f"{'projects':>8} {'render':>9} {'tables':>9} {'xlsx':>9} {'xlsx/project':>13} {'marginal':>9}")
        for n in sizes:
            report = make(n, args.rows)
            preset = render.preset_for(report)
            card = evaluate(report, preset)
            t_render = timed(lambda: render.markdown(report, card=card), args.runs)
            t_tables = timed(lambda: all_tables(report, preset), args.runs)
            t_xlsx = timed(lambda: export.write(report, "xlsx", out, base_dir=None, preset=preset, card=card), args.runs)
            per = t_xlsx / (n + 1)  # the department table counts as one
            # what each further project costs between this size and the last: constant when linear
            marginal = f"{(t_xlsx - prev[1]) / (n - prev[0]) * 1000:7.2f}ms" if prev and n > prev[0] else "—"
            prev = (n, t_xlsx)
            print(f"{n:8d} {t_render * 1000:7.0f}ms {t_tables * 1000:7.0f}ms {t_xlsx * 1000:7.0f}ms "
                  f"{per * 1000:11.2f}ms {marginal:>9}")
        tracemalloc.start()
        export.write(report, "xlsx", out, base_dir=None, preset=preset, card=card)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"peak memory of one export at {sizes[-1]} projects: {peak / 2**20:.0f} MiB; "
              f"file {out.stat().st_size / 1024:.0f} KiB; {args.rows} rows per table, median of {args.runs}")


if __name__ == "__main__":
    main()
