"""Load and save times of a draft, and what keeping its comments costs.

    python benchmarks/draft_save.py [--runs N]

Prints the median of N runs (default 20) for the example draft:
  load           draft.loads (tomllib, Decimal floats)
  dumps, fresh   the text with no previous file (no comments to keep)
  dumps, first   keeping the comments of a file not seen before (tomlkit parse)
  dumps, again   over the text written last time (the editor's autosave: parsed once, cached)
  tomlkit        tomlkit.parse + tomlkit.dumps of the same text, for comparison
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import tomlkit

from selfeval import draft

EXAMPLE = Path(__file__).resolve().parents[1] / "drafts" / "example-2024.toml"


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    text = EXAMPLE.read_text(encoding="utf-8")
    report = draft.loads(text)
    variants = [text + f"\n# {i}\n" for i in range(runs)]  # unseen texts: no cache
    it = iter(variants)
    rows = [
        ("load", median_ms(lambda: draft.loads(text), runs)),
        ("dumps, fresh", median_ms(lambda: draft.dumps(report), runs)),
        ("dumps, first", median_ms(lambda: draft.dumps(report, previous=next(it)), runs)),
        ("dumps, again", median_ms(lambda: draft.dumps(report, previous=text), runs)),
        ("tomlkit", median_ms(lambda: tomlkit.dumps(tomlkit.parse(text)), runs)),
    ]
    print(f"{EXAMPLE.name}: {len(text.encode('utf-8'))} bytes, median of {runs} runs")
    for name, ms in rows:
        print(f"  {name:<14} {ms:7.1f} ms")


if __name__ == "__main__":
    main()
