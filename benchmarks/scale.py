"""How the editor, the preview and the commands grow with the draft's size.

    python benchmarks/scale.py [--sizes 1,200,800] [--keys 40] [--runs 3]

For each size a draft is generated from drafts/example-2024.toml: ``1`` is the
example with a 20,000-character narrative (部门概况 › 基本情况); ``N`` has N projects (一般公共预算项目), 50 problems, 50
measures (each answering two problems) and a 20,000-character narrative
(部门概况 › 基本情况). Each size runs in a fresh process (so its peak memory
is its own), headless at 80×24, and is timed beside the same steps on a
minimal Textual app where that makes sense (run in its own process too):

  open        editor start until the first step's fields can take keys
              · minimal: an app with one Label, start until mounted
  step X      each step's first build, until its first frame is painted (a step
              mounts its first parts at once, the rest after that frame:
              "… all built" when that took longer)
              · minimal: a ContentSwitcher pane of 10 Inputs mounted and shown
  revisit     the slowest switch back to a step already built
  Ctrl+N      a project added after the first one in 一般公共预算项目
              · minimal: one Input mounted into a VerticalScroll
  key         CPU per key typed into the 20,000-character narrative
              · minimal: the same keys in a bare TextArea of the same size
  F5 text     F5 until report text (its first paragraph) is on screen
  F5 settled  F5 until the whole preview is built
              · minimal: pushing a screen with one Label, until painted
  Esc         back from the preview to the editor
  memory      RSS with every step built, before F5, after Esc; peak RSS
  check, render, export docx: wall time and peak RSS of the command
              · floor: python -c "import pydantic, jinja2, tomli_w"

Each editor action is timed until the screen has been laid out and painted
after it, and keys are sent as the terminal sends them. (``pilot.pause()``,
which the first version of this script waited on, posts a callback to every
widget and waits for each: harness cost in proportion to all the widgets built,
which no user waits for.)

Editor steps are single runs, given as wall time and as CPU time of the
process (all threads): on a shared, loaded machine the CPU times and the
ratios are the figures to read. Commands: medians of ``--runs``, wall and
CPU (user + system) of the child process.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"
sys.path.insert(0, str(Path(__file__).resolve().parent))

PARAGRAPH = "市科协围绕全民科学素质提升开展科普活动，" * 25  # 500 characters
NARRATIVE = "\n".join(PARAGRAPH for _ in range(40))  # 20,000 characters
FIRST_TEXT = "为提高财政资金使用效益"  # the report's first paragraph


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- drafts ----------------------------------------------------------------


def make_draft(size: int, path: Path) -> None:
    from selfeval import draft as drafts
    from selfeval.model import Measure, Problem, Project

    shutil.copyfile(EXAMPLE, path)
    report = drafts.load(path)
    report.overview.basic_info = NARRATIVE
    if size <= 1:
        drafts.save(report, path)
        return
    report.general_budget.projects = [
        Project(name=f"科普项目{i + 1:04d}（{'青少年科技' if i % 3 else '学术交流'}活动经费）", amount=Decimal("1.23") + i % 7)
        for i in range(size)
    ]
    report.problems = [
        Problem(title=f"问题概括{i + 1}：预算编制精准度有待提高", text=PARAGRAPH[: 120 + i % 40]) for i in range(50)
    ]
    report = type(report).model_validate(report.model_dump())  # the problems get their ids
    ids = [p.id for p in report.problems]
    report.measures = [
        Measure(
            title=f"措施概括{i + 1}：提高预算编制质量",
            text=PARAGRAPH[: 100 + i % 50],
            items=[f"第{k + 1}条具体措施，明确责任人和完成时限。" for k in range(3)],
            answers=[ids[i], ids[(i + 7) % len(ids)]],
        )
        for i in range(50)
    ]
    report.overview.basic_info = NARRATIVE
    drafts.save(report, path)


# ---- the editor, in-process ------------------------------------------------


def screen_text(app) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def until(predicate, timeout: float = 900.0, step: float = 0.005, app=None) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise TimeoutError("condition not met" + (f"; screen:\n{screen_text(app)}" if app else ""))
        await asyncio.sleep(step)


class Clock:
    """Wall and CPU seconds since :meth:`start` (CPU: this process, all threads)."""

    def start(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> list[float]:
        return [time.perf_counter() - self.wall, time.process_time() - self.cpu]


async def settle(pilot) -> None:
    """Between measurements (not timed): every widget has handled its messages."""
    await pilot.pause()
    await pilot.pause()


async def painted(app) -> None:
    """Until the screen has been laid out and painted after what was just done.

    Timed actions end here, not at ``pilot.pause()``: the pilot posts a callback to
    every widget of the screen and waits for each, which costs the harness time in
    proportion to the widgets built (all steps' together) and is nothing a user
    waits for."""
    await app.screen.wait_for_refresh()


async def complete(app, section) -> None:
    """Until a step built progressively has mounted its last part, and painted."""
    while not getattr(section, "complete", True):
        await app.screen.wait_for_refresh()
    await painted(app)


async def key(app, name: str) -> None:
    """Send a key as the terminal would (``pilot.press`` waits as ``pilot.pause`` does)."""
    from textual import events

    app._driver.send_message(events.Key(name, None))


def preview_has_text(app) -> bool:
    """The report's first paragraph is on screen (the screen is read only once the
    preview holds lines: reading it costs milliseconds of CPU at each poll)."""
    view = getattr(app.screen, "view", None)
    if view is None or not getattr(view, "lines", None):
        return False
    return FIRST_TEXT in screen_text(app)


def preview_settled(app) -> bool:
    screen = app.screen
    flag = getattr(screen, "settled", None)
    if flag is not None:
        return bool(flag)
    return getattr(screen, "_rendered_generation", -1) == app.session.generation and not any(
        w.group == "preview" for w in app.workers
    )


async def editor(draft: Path, keys: int, gap: float) -> dict:
    from keystrokes import TYPED, _middle, _type  # noqa: F401

    from selfeval.steps import STEPS
    from selfeval.tui.app import SelfEvalApp

    out: dict = {}
    clock = Clock()
    clock.start()
    app = SelfEvalApp(draft, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_until_loaded()
        await painted(app)
        out["open"] = clock.read()
        await settle(pilot)
        editor = app.editor()
        first = editor.step
        for step in STEPS:
            if step.key == first:
                continue
            clock.start()
            section = await editor.show_step(step.key, focus=True)
            await painted(app)
            out[f"step {step.key}"] = clock.read()
            await complete(app, section)
            out[f"built {step.key}"] = clock.read()
            await settle(pilot)
        worst = [0.0, 0.0]
        for step in STEPS:
            clock.start()
            await editor.show_step(step.key, focus=True)
            await painted(app)
            worst = max(worst, clock.read())
            await settle(pilot)
        out["revisit"] = worst
        gc.collect()
        out["rss all steps"] = rss_mib()

        # Ctrl+N after the first project
        section = await editor.show_step("expenditure", focus=True)
        await settle(pilot)
        n = len(app.report.general_budget.projects)
        assert section.focus_path("general_budget.projects[0].name"), "no project field"
        await settle(pilot)
        clock.start()
        await key(app, "ctrl+n")
        await until(lambda: len(app.report.general_budget.projects) == n + 1)
        await until(lambda: "projects[1]" in (getattr(app.focused, "path", "") or ""))
        await painted(app)
        out["ctrl+n"] = clock.read()
        await settle(pilot)

        # one key in the long narrative
        section = await editor.show_step("overview", focus=True)
        await settle(pilot)
        field = section.query_one("#f-overview-basic_info")
        field.focus()
        await settle(pilot)
        assert len(field.text) >= 20000
        _middle(field)
        out["key"] = [None, await _type(app, keys, gap)]
        out["field size"] = [field.size.width, field.size.height]

        # the preview
        gc.collect()
        out["rss before F5"] = rss_mib()
        clock.start()
        await key(app, "f5")
        await until(lambda: preview_has_text(app), step=0.002, app=app)
        out["F5 text"] = clock.read()
        await until(lambda: preview_settled(app))
        await painted(app)
        out["F5 settled"] = clock.read()
        await settle(pilot)
        out["rss preview"] = rss_mib()
        await pilot.press("pagedown")
        await settle(pilot)
        clock.start()
        await key(app, "escape")
        await until(lambda: app.current_mode == "edit")
        await painted(app)
        out["Esc"] = clock.read()
        await settle(pilot)
        gc.collect()
        await asyncio.sleep(0.2)
        gc.collect()
        out["rss after Esc"] = rss_mib()
        app.exit()
    out["peak"] = peak_mib()
    return out


# ---- the minimal app --------------------------------------------------------


async def minimal(field_size: tuple[int, int], keys: int, gap: float) -> dict:
    from keystrokes import Bare, _middle, _type
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import ContentSwitcher, Input, Label

    class Other(Screen):
        def compose(self) -> ComposeResult:
            yield Label(FIRST_TEXT)

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            with ContentSwitcher(initial="first"):
                with VerticalScroll(id="first"):
                    yield Label("衡阳市科学技术协会")

    out: dict = {}
    clock = Clock()
    clock.start()
    app = Minimal()
    async with app.run_test(size=(80, 24)) as pilot:
        await painted(app)
        out["open"] = clock.read()
        await settle(pilot)
        switcher = app.query_one(ContentSwitcher)
        clock.start()
        pane = VerticalScroll(*[Input(f"{i}") for i in range(10)], id="second")
        await switcher.add_content(pane)
        switcher.current = "second"
        await painted(app)
        out["step"] = clock.read()
        await settle(pilot)
        clock.start()
        await pane.mount(Input("新"))
        pane.children[-1].focus()
        await painted(app)
        out["ctrl+n"] = clock.read()
        await settle(pilot)
        clock.start()
        await app.push_screen(Other())
        await until(lambda: FIRST_TEXT in screen_text(app), step=0.01)
        await painted(app)
        out["F5 text"] = out["F5 settled"] = clock.read()
        await settle(pilot)
        clock.start()
        app.pop_screen()
        await painted(app)
        out["Esc"] = clock.read()
        await settle(pilot)
        app.exit()
    bare = Bare(*field_size)
    async with bare.run_test(size=(80, 24)) as pilot:
        from textual.widgets import TextArea

        area = bare.query_one(TextArea)
        area.cursor_blink = False
        area.focus()
        await settle(pilot)
        _middle(area)
        out["key"] = [None, await _type(bare, keys, gap)]
        bare.exit()
    out["peak"] = peak_mib()
    return out


# ---- the commands -------------------------------------------------------------


def command(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one run of ``argv``."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: the checks found errors, which is fine here
        raise RuntimeError(f"{argv} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(draft: Path, work: Path, runs: int) -> dict:
    py = sys.executable
    argvs = {
        "floor": [py, "-c", "import pydantic, jinja2, tomli_w"],
        "check": [py, "-m", "selfeval", "check", str(draft)],
        "render": [py, "-m", "selfeval", "render", str(draft), "-o", str(work / "out.md")],
        "export docx": [py, "-m", "selfeval", "export", "--format", "docx", "--force", "--no-input", str(draft),
                        "-o", str(work / "out.docx")],
    }
    if "--no-input" not in subprocess.run([py, "-m", "selfeval", "export", "--help"], capture_output=True,
                                          text=True, cwd=ROOT).stdout:
        argvs["export docx"].remove("--no-input")
    for argv in argvs.values():
        command(argv)  # warm caches
    samples: dict[str, list[tuple[float, float, float]]] = {k: [] for k in argvs}
    for _ in range(runs):
        for name, argv in argvs.items():
            if name == "export docx":
                (work / "out.docx").unlink(missing_ok=True)
            samples[name].append(command(argv))
    return {
        name: [statistics.median(v[0] for v in vals), statistics.median(v[1] for v in vals), max(v[2] for v in vals)]
        for name, vals in samples.items()
    }


# ---- the table -------------------------------------------------------------------


def ms(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:,.0f}" if x >= 0.01 else f"{x * 1000:.2f}"


def report(size: int, ed: dict, mini: dict, cmds: dict) -> None:
    label = "example (3 projects) with the 20,000-char narrative" if size <= 1 else (
        f"{size} projects, 50 problems, 50 measures, 20,000-char narrative")
    print(f"\n== {label}")
    print(f"{'ms':24s}{'wall':>8s}{'CPU':>8s}{'minimal':>9s}{'CPU':>8s}{'ratio':>8s}  (ratio: CPU to CPU)")

    def row(name: str, ours: list, base: list | None = None) -> None:
        base = base or [None, None]
        ratio = f"{ours[1] / base[1]:7.2f}×" if base[1] else ""
        print(f"{name:24s}{ms(ours[0]):>8s}{ms(ours[1]):>8s}{ms(base[0]):>9s}{ms(base[1]):>8s}{ratio:>8s}")

    row("open to usable", ed["open"], mini["open"])
    for key in [k for k in ed if k.startswith("step ")]:
        row(key, ed[key], mini["step"])
        step = key.split(" ", 1)[1]
        if ed[f"built {step}"][1] > ed[key][1] * 1.05:
            row("  … all built", ed[f"built {step}"], mini["step"])
    row("revisit (slowest)", ed["revisit"], mini["step"])
    row("Ctrl+N in projects", ed["ctrl+n"], mini["ctrl+n"])
    row("key in narrative", ed["key"], mini["key"])
    row("F5 to first text", ed["F5 text"], mini["F5 text"])
    row("F5 to settled", ed["F5 settled"], mini["F5 settled"])
    row("Esc back", ed["Esc"], mini["Esc"])
    print(f"{'command':24s}{'wall':>8s}{'CPU':>8s}{'floor':>9s}{'CPU':>8s}{'ratio':>8s}  peak RSS")
    for name in ("check", "render", "export docx"):
        wall, cpu, mem = cmds[name]
        print(f"{name:24s}{ms(wall):>8s}{ms(cpu):>8s}{ms(cmds['floor'][0]):>9s}{ms(cmds['floor'][1]):>8s}"
              f"{cpu / cmds['floor'][1]:7.2f}×  {mem:4.0f} MiB")
    print(f"{'export docx / render':24s}{cmds['export docx'][0] / cmds['render'][0]:>7.2f}× wall,"
          f" {cmds['export docx'][1] / cmds['render'][1]:.2f}× CPU")
    print(
        f"{'memory (RSS, MiB)':24s}all steps built {ed['rss all steps']:.0f} · before F5 {ed['rss before F5']:.0f}"
        f" · in preview {ed['rss preview']:.0f} · after Esc {ed['rss after Esc']:.0f}"
        f" · peak {ed['peak']:.0f} (minimal app's peak {mini['peak']:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,200,800")
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--gap", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=["editor", "minimal"], help=argparse.SUPPRESS)
    parser.add_argument("--draft", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--field", default="58x12", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one == "editor":
        print(json.dumps(asyncio.run(editor(args.draft, args.keys, args.gap))))
        return
    if args.one == "minimal":
        w, h = (int(x) for x in args.field.split("x"))
        print(json.dumps(asyncio.run(minimal((w, h), args.keys, args.gap))))
        return

    work = Path(tempfile.mkdtemp(prefix="selfeval-scale-"))
    me = [sys.executable, __file__, "--keys", str(args.keys), "--gap", str(args.gap)]
    print(f"benchmarks/scale.py, headless 80×24; python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            draft = work / f"draft-{size}.toml"
            make_draft(size, draft)
            run = subprocess.run(me + ["--one", "editor", "--draft", str(draft)], capture_output=True, text=True)
            if run.returncode:
                print(f"\n== {size}: the editor run failed:\n{run.stderr[-3000:]}")
                continue
            ed = json.loads(run.stdout.splitlines()[-1])
            field = "x".join(str(v) for v in ed["field size"])
            mini = json.loads(subprocess.run(me + ["--one", "minimal", "--field", field], check=True,
                                             capture_output=True, text=True).stdout.splitlines()[-1])
            cmds = commands(draft, work, args.runs)
            report(size, ed, mini, cmds)
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
