"""Wall time of the headless commands beside the import floor they cannot beat.

    python benchmarks/headless.py [--runs N]

Runs, interleaved so that machine noise hits all alike:
  floor   python -c "import pydantic, jinja2, tomli_w"
  render  selfeval render drafts/example-2024.toml
  check   selfeval check drafts/example-2024.toml
and prints the median of each and its ratio to the floor (goal: within 1.5×).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    py = sys.executable
    commands = {
        "floor": [py, "-c", "import pydantic, jinja2, tomli_w"],
        "render": [py, "-m", "selfeval", "render", str(EXAMPLE)],
        "check": [py, "-m", "selfeval", "check", str(EXAMPLE)],
    }
    for cmd in commands.values():  # warm the file cache and .pyc files
        timed(cmd)
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(timed(cmd))
    floor = statistics.median(samples["floor"])
    print(f"runs: {args.runs} each, interleaved; python {sys.version.split()[0]}")
    for name, values in samples.items():
        med = statistics.median(values)
        print(f"{name:7s} median {med * 1000:7.1f} ms   ratio to floor {med / floor:4.2f}×")


if __name__ == "__main__":
    main()
