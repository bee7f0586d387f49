"""How long all checks (with scoring) take on the example draft.

    python benchmarks/checks.py [--runs N]

The TUI runs the checks on every keystroke; goal: median under 5 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from selfeval import checks, draft
from selfeval.framework import evaluate, load_preset

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    for name in ("drafts/example-2024.toml", "tests/fixtures/seed-2024-as-written.toml"):
        report = draft.load(ROOT / name)
        checks.run(report)  # loads and caches the preset, as the TUI has done before the first keystroke
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            findings = checks.run(report)
            times.append(time.perf_counter() - start)
        preset = load_preset(report.meta.preset)
        score_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            evaluate(report, preset)
            score_times.append(time.perf_counter() - start)
        print(
            f"{name}: checks.run median {statistics.median(times) * 1000:.2f} ms "
            f"(p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms, {len(findings)} findings); "
            f"of which scoring {statistics.median(score_times) * 1000:.2f} ms; runs {args.runs}"
        )


if __name__ == "__main__":
    main()
