"""CPU per key typed into the long narrative, against a bare TextArea of the same size.

    python benchmarks/keys.py [--keys 300] [--rounds 3] [--gap 0.03] [--profile OUT.prof]

Only this one figure (issue 19's goal: ≤ 1.2×): the 20,000-character
narrative (部门概况 › 基本情况) of the example draft in the editor, and the same
text in the bare ``TextArea`` of ``keystrokes.py`` (the editor's settings and
the field's size), both headless at 80×24. ``--keys`` keys are typed in the
middle of the middle paragraph, one every ``--gap`` seconds, first ASCII
letters, then Chinese characters; the cost per key is the process CPU while
typing less an idle spell as long (``keystrokes._type``); the editor's checks
run as they do while typing (every 2 s and after the last key), its 30-second
autosave is put off past the spells measured. Each app runs in a
fresh process (so the bare one is plain Textual: none of selfeval's patches to
Textual's wrapping and compositor); rounds alternate between the two apps;
medians and the ratio are printed per kind of key.

``--profile OUT`` runs cProfile over the Chinese typing of the last round and
writes the editor's to OUT and the bare app's to OUT.bare (read them with
``python -m pstats``); the figures of that round include the profiler's cost.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from keystrokes import EXAMPLE, TEXT, TYPED, Bare, _middle, _type  # noqa: E402
from textual.widgets import TextArea  # noqa: E402

KINDS = {"ASCII": "performance", "Chinese": TYPED}


async def editor_round(draft: Path, keys: int, gap: float, profile: str | None) -> tuple[dict[str, float], tuple[int, int]]:
    from selfeval.tui import app as tui_app
    from selfeval.tui.app import SelfEvalApp

    # the 30-second autosave (a write of the whole draft, 0.2–0.5 s of CPU here) is not a
    # cost per key, but one landing in a spell of typing or in the idle spell measured
    # beside it swung a round by ±2 ms a key; it is kept out of the spells measured
    tui_app.AUTOSAVE_SECONDS = 3600.0
    out: dict[str, float] = {}
    app = SelfEvalApp(draft, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_until_loaded()
        section = await app.editor().show_step("overview", focus=True)
        await pilot.pause()
        field = section.query_one("#f-overview-basic_info", TextArea)
        field.focus()
        await pilot.pause()
        assert app.focused is field and len(field.text) >= len(TEXT)
        for kind, typed in KINDS.items():
            _middle(field)
            profiler = cProfile.Profile() if profile and kind == "Chinese" else None
            if profiler:
                profiler.enable()
            out[kind] = await _type(app, keys, gap, typed)
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            assert typed[:5] in app.report.overview.basic_info, "the keys typed were not stored"
        size = (field.size.width, field.size.height)
        app.exit()
    return out, size


async def bare_round(size: tuple[int, int], keys: int, gap: float, profile: str | None) -> dict[str, float]:
    out: dict[str, float] = {}
    app = Bare(*size)
    async with app.run_test(size=(80, 24)) as pilot:
        area = app.query_one(TextArea)
        area.cursor_blink = False
        area.focus()
        await pilot.pause()
        for kind, typed in KINDS.items():
            _middle(area)
            profiler = cProfile.Profile() if profile and kind == "Chinese" else None
            if profiler:
                profiler.enable()
            out[kind] = await _type(app, keys, gap, typed)
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            assert typed[:5] in area.text
        app.exit()
    return out


def _run_one(args: argparse.Namespace) -> None:
    """One round of one app in this process; prints its figures as JSON."""
    if args.one == "editor":
        costs, size = asyncio.run(editor_round(Path(args.draft), args.keys, args.gap, args.profile))
    else:
        size = tuple(int(n) for n in args.size.split("x"))
        costs = asyncio.run(bare_round(size, args.keys, args.gap, args.profile))
    print(json.dumps({"costs": costs, "size": list(size)}))


def _spawn(args: argparse.Namespace, *extra: str) -> dict:
    command = [sys.executable, __file__, "--keys", str(args.keys), "--gap", str(args.gap), *extra]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gap", type=float, default=0.03)
    parser.add_argument("--profile", help="cProfile the Chinese typing of the last round into OUT and OUT.bare")
    parser.add_argument("--one", choices=["editor", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--draft", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _run_one(args)
        return
    work = Path(tempfile.mkdtemp(prefix="selfeval-keys-"))
    try:
        from selfeval import draft as drafts

        path = work / "long.toml"
        shutil.copyfile(EXAMPLE, path)
        report = drafts.load(path)
        report.overview.basic_info = TEXT
        drafts.save(report, path)
        ours: dict[str, list[float]] = {k: [] for k in KINDS}
        bare: dict[str, list[float]] = {k: [] for k in KINDS}
        size = [58, 12]
        for r in range(args.rounds):
            shutil.copyfile(path, work / "round.toml")
            profile = ["--profile", args.profile] if args.profile and r == args.rounds - 1 else []
            done = _spawn(args, "--one", "editor", "--draft", str(work / "round.toml"), *profile)
            size = done["size"]
            for kind, cost in done["costs"].items():
                ours[kind].append(cost)
            profile = ["--profile", args.profile + ".bare"] if profile else []
            done = _spawn(args, "--one", "bare", "--size", f"{size[0]}x{size[1]}", *profile)
            for kind, cost in done["costs"].items():
                bare[kind].append(cost)
        print(
            f"{len(TEXT):,}-character narrative, field {size[0]}×{size[1]}, {args.keys} keys of each kind per round, "
            f"one every {args.gap * 1000:.0f} ms, {args.rounds} rounds; python {sys.version.split()[0]}"
        )
        print("ms CPU per key     bare  selfeval   ratio   (rounds: selfeval / bare)")
        for kind in KINDS:
            mb, mo = statistics.median(bare[kind]), statistics.median(ours[kind])
            each = "  ".join(f"{o * 1000:.1f}/{b * 1000:.1f}" for o, b in zip(ours[kind], bare[kind]))
            print(f"{kind:<14} {mb * 1000:7.2f}  {mo * 1000:8.2f}  {mo / mb:5.2f}×   ({each})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
