"""How long the proofreader (文字检查) takes on the seed report and on the example draft.

    python benchmarks/proofread.py [--runs N]

Goal: well under 2 ms on the seed (about 7,200 characters of narrative), so
that it can run with the other checks on every keystroke.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from selfeval import draft
from selfeval.proofread import proofread, proofread_report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed-2024-original.txt"
HEADING = re.compile(r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+、)")


def seed_entries() -> list[tuple[str, str, bool]]:
    text = re.sub(r"\[bookmark:[^\]]*\]", "", SEED.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return [(str(i), line, i < 2 or bool(HEADING.match(line))) for i, line in enumerate(lines)]


def measure(label: str, run, chars: int, runs: int) -> None:
    run()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        found = run()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    print(
        f"{label}: {chars} characters, median {statistics.median(wall) * 1000:.2f} ms wall "
        f"(fastest {min(wall) * 1000:.2f} ms), "
        f"{statistics.mean(cpu) * 1000:.2f} ms CPU (p95 wall {sorted(wall)[int(runs * 0.95)] * 1000:.2f} ms), "
        f"{len(found)} findings; runs {runs}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    entries = seed_entries()
    measure("seed (as written)", lambda: proofread(entries, 2024), sum(len(t) for _, t, _ in entries), args.runs)
    report = draft.load(ROOT / "drafts" / "example-2024.toml")
    from selfeval.proofread import report_entries

    chars = sum(len(t) for _, t, _ in report_entries(report))
    measure("example draft (proofread_report)", lambda: proofread_report(report), chars, args.runs)


if __name__ == "__main__":
    main()
