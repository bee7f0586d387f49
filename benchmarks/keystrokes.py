"""Cost per typed character in a long narrative field, beside the same TextArea in a bare app.

    python benchmarks/keystrokes.py [--chars 150] [--rounds 5] [--gap 0.05]

The field (部门概况 › 基本情况) holds 20,000 characters in 40 paragraphs. Both
apps run headless at 80×24; the bare app has one ``TextArea`` with the
editor's settings (soft wrap, compact, no line numbers) and the same size as
the editor's field. Into each, the same characters are typed in the middle of
the middle paragraph, one key event every ``--gap`` seconds (so each key is
handled and painted before the next; a brisk typist). The cost is the
process CPU time while typing minus the CPU time of an equally long idle
spell, divided by the number of characters. Rounds alternate between the
apps; the medians and their ratio are printed (goal: within 1.2×).

A third app is a control: the same TextArea in a plain Textual layout shaped
like the editor's (title line, step list, scrolling pane, two bars) with no
selfeval code, to show how much of the difference the layout itself costs.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static, TextArea

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"
PARAGRAPH = "市科协围绕全民科学素质提升开展科普活动，" * 25  # 500 characters
TEXT = "\n".join(PARAGRAPH for _ in range(40))  # 20,000 characters + newlines
TYPED = "科技工作者之家服务创新发展"


async def _type(app: App, n: int, gap: float, typed: str = TYPED) -> float:
    """CPU seconds per character while ``n`` characters of ``typed`` are typed, minus an idle spell as long."""
    await asyncio.sleep(0.5)  # let start-up work and timers settle
    idle = time.process_time()
    await asyncio.sleep(n * gap)
    idle = time.process_time() - idle
    cpu = time.process_time()
    for i in range(n):
        ch = typed[i % len(typed)]
        await app._post_message(events.Key(ch, ch))
        await asyncio.sleep(gap)
    await asyncio.sleep(0.3)  # the last key's checks and repaint
    cpu = time.process_time() - cpu - idle * (n * gap + 0.3) / (n * gap)
    return cpu / n


class Bare(App[None]):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.box = (width, height)

    def compose(self) -> ComposeResult:
        area = TextArea(TEXT, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                        highlight_cursor_line=False, compact=True)
        area.styles.width, area.styles.height = self.box
        yield area


class Shaped(Bare):
    """The control: the editor's shape, plain Textual widgets, nothing else."""

    def compose(self) -> ComposeResult:
        yield Static("title")
        with Horizontal():
            steps = OptionList(*[f"step {i}" for i in range(9)])
            steps.styles.width = 18
            yield steps
            with VerticalScroll():
                yield Static("label")
                yield from super().compose()
        yield Static("findings")
        yield Static("keys")


def _middle(area: TextArea) -> None:
    area.move_cursor((20, 250))


async def editor_round(draft: Path, n: int, gap: float) -> tuple[float, tuple[int, int]]:
    from selfeval.tui.app import SelfEvalApp

    app = SelfEvalApp(draft, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_until_loaded()
        section = await app.editor().show_step("overview", focus=True)
        await pilot.pause()
        field = section.query_one("#f-overview-basic_info", TextArea)
        field.focus()
        await pilot.pause()
        assert app.focused is field and len(field.text) > 20000
        _middle(field)
        cost = await _type(app, n, gap)
        assert TYPED[:5] in app.report.overview.basic_info
        size = (field.size.width, field.size.height)
        app.exit()
    return cost, size


async def bare_round(size: tuple[int, int], n: int, gap: float, cls: type[Bare] = Bare) -> float:
    app = cls(*size)
    async with app.run_test(size=(80, 24)) as pilot:
        area = app.query_one(TextArea)
        area.cursor_blink = False
        area.focus()
        await pilot.pause()
        _middle(area)
        cost = await _type(app, n, gap)
        assert TYPED[:5] in area.text
        app.exit()
    return cost


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--gap", type=float, default=0.05)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="selfeval-typing-"))
    try:
        from selfeval import draft as drafts

        path = work / "long.toml"
        shutil.copyfile(EXAMPLE, path)
        report = drafts.load(path)
        report.overview.basic_info = TEXT
        drafts.save(report, path)
        ours: list[float] = []
        bare: list[float] = []
        shaped: list[float] = []
        size = (58, 12)
        for _ in range(args.rounds):
            cost, size = asyncio.run(editor_round(path, args.chars, args.gap))
            ours.append(cost)
            bare.append(asyncio.run(bare_round(size, args.chars, args.gap)))
            shaped.append(asyncio.run(bare_round(size, args.chars, args.gap, Shaped)))
        mo, mb, ms = statistics.median(ours), statistics.median(bare), statistics.median(shaped)
        print(
            f"typing into a {len(TEXT):,}-character field ({TEXT.count(chr(10)) + 1} paragraphs), "
            f"field {size[0]}×{size[1]}, {args.chars} keys per round, one every {args.gap * 1000:.0f} ms, "
            f"{args.rounds} rounds; python {sys.version.split()[0]}"
        )
        print(f"bare TextArea   median {mb * 1000:6.2f} ms CPU per character")
        print(f"selfeval field  median {mo * 1000:6.2f} ms CPU per character   ratio {mo / mb:4.2f}×")
        print(f"control layout  median {ms * 1000:6.2f} ms CPU per character   ratio {ms / mb:4.2f}×  (editor-shaped, no selfeval code)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
