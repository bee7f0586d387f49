"""Word and Excel export against render, at growing draft sizes (issue 19).

    python benchmarks/export.py [--sizes 1,200,800,1600] [--runs 3] [--keep DIR]

Generates the drafts of ``benchmarks/scale.py`` (``make_draft``: the example
with a 20,000-character narrative for ``1``; N projects, 50 problems, 50
measures and the narrative otherwise) once, then runs each command in a fresh
process, ``--runs`` times, and prints the medians of wall and CPU (user +
system of the child):

  check        selfeval check FILE
  render       selfeval render FILE -o out.md
  export docx  selfeval export FILE --format docx --force -o out.docx
  export xlsx  selfeval export FILE --format xlsx --force -o out.xlsx

then, per size, docx/render and xlsx/render (the goal: docx ≤ 3× render),
and between one size and the next the CPU cost of each added project (linear
export keeps it constant; a quadratic one grows with N). ``--keep DIR`` writes
the drafts (and the last outputs) into DIR and leaves them there, for
profiling or comparing outputs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import command, make_draft  # noqa: E402

NAMES = ("check", "render", "export docx", "export xlsx")


def argvs(draft: Path, work: Path) -> dict[str, list[str]]:
    py = sys.executable
    stem = draft.stem
    return {
        "check": [py, "-m", "selfeval", "check", str(draft)],
        "render": [py, "-m", "selfeval", "render", str(draft), "-o", str(work / f"{stem}.md")],
        "export docx": [py, "-m", "selfeval", "export", "--format", "docx", "--force", str(draft),
                        "-o", str(work / f"{stem}.docx")],
        "export xlsx": [py, "-m", "selfeval", "export", "--format", "xlsx", "--force", str(draft),
                        "-o", str(work / f"{stem}.xlsx")],
    }


def measure(draft: Path, work: Path, runs: int) -> dict[str, tuple[float, float, float]]:
    cmds = argvs(draft, work)
    samples: dict[str, list[tuple[float, float, float]]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, argv in cmds.items():
            samples[name].append(command(argv))
    return {
        name: (statistics.median(v[0] for v in vals), statistics.median(v[1] for v in vals), max(v[2] for v in vals))
        for name, vals in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,200,800,1600")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the drafts and outputs here and keep them")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="selfeval-export-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        drafts = {}
        for n in sizes:
            drafts[n] = work / f"draft-{n}.toml"
            if not drafts[n].exists():
                make_draft(n, drafts[n])
        command(argvs(drafts[sizes[0]], work)["render"])  # warm the file cache and byte-code
        print(f"benchmarks/export.py; python {sys.version.split()[0]}; median of {args.runs}; ms, wall / CPU")
        print(f"{'projects':>8}" + "".join(f"{name:>20}" for name in NAMES) + f"{'docx/render':>14}{'xlsx/render':>14}")
        results = {}
        for n in sizes:
            r = results[n] = measure(drafts[n], work, args.runs)
            cells = "".join(f"{r[k][0] * 1000:>10,.0f} /{r[k][1] * 1000:>7,.0f}" for k in NAMES)
            ratio = lambda k: f"{r[k][0] / r['render'][0]:.2f}/{r[k][1] / r['render'][1]:.2f}×"  # noqa: E731
            print(f"{n:>8}{cells}{ratio('export docx'):>14}{ratio('export xlsx'):>14}", flush=True)
        print("\nCPU ms per added project, between one size and the next (constant when linear)")
        print(f"{'projects':>12}" + "".join(f"{name:>14}" for name in NAMES))
        for a, b in zip(sizes, sizes[1:]):
            cells = "".join(
                f"{(results[b][k][1] - results[a][k][1]) / (b - a) * 1000:>14.2f}" for k in NAMES
            )
            print(f"{f'{a}→{b}':>12}{cells}")
        print("\npeak RSS, MiB")
        for n in sizes:
            print(f"{n:>8}" + "".join(f"{results[n][k][2]:>20.0f}" for k in NAMES))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
