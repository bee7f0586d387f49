"""What one draft costs `selfeval review`, against one `selfeval check` process.

    python benchmarks/review.py [--drafts N] [--checks K]

Generates N drafts from the example (varied figures, a few broken: the same
generator as tests/test_review.py), times `selfeval review FOLDER --format json`
as one process, and `selfeval check DRAFT --format json` as K separate
processes (what a reviewer's ad-hoc script would run per draft).
Goal: review's cost per draft well under a tenth of one check process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_review import make_drafts  # noqa: E402


def _run(*args: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "selfeval", *args], capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"selfeval {' '.join(args)} failed: {proc.stderr}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=200)
    parser.add_argument("--checks", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        broken = make_drafts(folder, args.drafts)
        files = sorted(folder.glob("*.toml"))
        good = [f for f in files if f.name not in broken]
        checks = [_run("check", str(f), "--format", "json") for f in good[: args.checks]]
        whole = _run("review", str(folder), "--format", "json")
        per_draft = whole / len(files)
        one_check = statistics.median(checks)
        print(
            f"review of {len(files)} drafts ({len(broken)} broken): {whole:.2f} s in one process, "
            f"{per_draft * 1000:.1f} ms per draft"
        )
        print(f"one `selfeval check` process: median {one_check * 1000:.0f} ms over {len(checks)} drafts")
        print(f"review per draft / one check process = {per_draft / one_check:.3f} (goal: well under 0.1)")


if __name__ == "__main__":
    main()
