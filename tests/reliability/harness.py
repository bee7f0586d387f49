"""Kill the real editor while someone types, and see what survives.

    python tests/reliability/harness.py [--trials 60] [--seed N] [--keep DIR]

Each trial copies the example draft, starts ``selfeval DRAFT`` in a
pseudo-terminal of 80×24 (as over SSH), types into a narrative field (前言)
and, after moving to the 收入 step, into an amount field, and at a random
moment sends SIGHUP (the SSH connection dropped), SIGTERM or SIGKILL. Then:

* the draft must always parse;
* after SIGHUP and SIGTERM it must hold everything typed (the editor saves
  synchronously before it exits);
* after SIGKILL it may lose only what was typed since the last autosave
  (leaving a step autosaves), never more, and never be half-written.

The typed text goes in one character at a time, and the harness waits until
the editor has drawn each character before it counts as typed: "typed" means
"the editor had it", however busy the machine is. (A key still in flight when
the terminal goes away is lost with the terminal; keys that arrive in a burst
are the subject of the pty burst tests, not of this harness.) Prints the
counts per signal.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import random
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"

TAB = "\t"
F8 = "\x1b[19~"  # next step
MARK = "断线测试甲乙丙丁戊己庚辛壬癸"  # typed into 前言, one character at a time
DIGITS = "7345"  # typed into 年初结转和结余（基本支出）
#: text that only the step reached by the n-th F8 draws (部门概况, then 收入)
STEP_SHOWN = ("职能职责", "年初结转和结余")
KEY_DELAY = 0.06  # seconds between keystrokes (a brisk typist)
SETTLE = 0.4  # time for the last keystroke to be handled before the signal

SIGNALS = {"SIGHUP": signal.SIGHUP, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}


class Editor:
    """``selfeval DRAFT`` in a pseudo-terminal; output is drained so it never blocks."""

    def __init__(self, draft: Path) -> None:
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
        env.pop("NO_COLOR", None)
        pid, fd = pty.fork()
        if pid == 0:  # child
            with contextlib.suppress(OSError):
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(sys.executable, [sys.executable, "-m", "selfeval", str(draft)], env)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self.status: int | None = None

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the child is gone and the pty closed
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, text: str, timeout: float = 60.0, *, since: int = 0) -> None:
        """Wait until ``text`` is drawn (in output after offset ``since``)."""
        needle = text.encode("utf-8")
        end = time.monotonic() + timeout
        while needle not in self.output[since:]:
            if time.monotonic() > end:
                raise TimeoutError(f"editor did not show {text!r}")
            self.pump(0.1)

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))
        self.pump(KEY_DELAY)

    def kill(self, sig: int) -> None:
        if sig == signal.SIGHUP:
            # what sshd does: the terminal goes away, and the session gets SIGHUP
            os.kill(self.pid, sig)
            os.close(self.fd)
            self.fd = -1
        else:
            os.kill(self.pid, sig)

    def wait(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.fd >= 0:
                self.pump(0.05)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
                if self.fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(self.fd)
                return status
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise TimeoutError("editor did not exit after the signal")


@dataclass
class Trial:
    signal: str
    cut: int  # how many keystrokes of the script ran before the signal
    ok: bool = False
    problems: list[str] = field(default_factory=list)


def script() -> list[tuple[str, str]]:
    """The keystrokes of one session: (keys, what they do)."""
    steps: list[tuple[str, str]] = [(TAB, "focus")] * 7  # 单位全称 → … → 前言
    steps += [(ch, "mark") for ch in MARK]
    steps += [(F8, "leave"), (F8, "leave")]  # → 部门概况 → 收入 (each autosaves)
    steps += [(ch, "digit") for ch in DIGITS]  # 年初结转和结余（基本支出） is focused first
    return steps


def expected(done: list[tuple[str, str]]) -> tuple[str, str, int]:
    """(marker typed, digits typed, number of step changes) after ``done`` keystrokes."""
    mark = "".join(k for k, what in done if what == "mark")
    digits = "".join(k for k, what in done if what == "digit")
    leaves = sum(1 for _, what in done if what == "leave")
    return mark, digits, leaves


def run_trial(sig_name: str, cut: int, folder: Path) -> Trial:
    from selfeval import draft

    trial = Trial(sig_name, cut)
    path = folder / "draft.toml"
    shutil.copy(EXAMPLE, path)
    original = draft.load(path)
    keys = script()
    editor = Editor(path)
    try:
        editor.wait_for("已保存")
        editor.pump(0.5)
        leaves = 0
        digits = ""
        for key, what in keys[:cut]:
            mark = len(editor.output)
            editor.type(key)
            if what == "leave":
                # a typist looks before typing on: wait until the next step is drawn
                editor.wait_for(STEP_SHOWN[leaves], since=mark)
                leaves += 1
            elif what == "mark":
                editor.wait_for(key, since=mark)  # drawn in 前言: the editor has it
            elif what == "digit":
                digits += key
                editor.wait_for(digits, since=mark)  # the field redrawn with the new digit
        editor.pump(SETTLE)
        editor.kill(SIGNALS[sig_name])
        editor.wait()
    except TimeoutError as exc:
        trial.problems.append(str(exc))
        return trial
    try:
        saved = draft.load(path)
    except Exception as exc:  # the one thing that must never happen
        trial.problems.append(f"draft does not parse: {exc}")
        return trial
    mark, digits, leaves = expected(keys[:cut])
    preamble_full = mark + original.meta.preamble
    carry_full = Decimal(digits) if digits else original.general_budget.carryover_start_basic
    got_preamble = saved.meta.preamble
    got_carry = saved.general_budget.carryover_start_basic
    if sig_name in ("SIGHUP", "SIGTERM"):
        if got_preamble != preamble_full:
            trial.problems.append(f"前言 lost typing: {got_preamble[:20]!r} ≠ {preamble_full[:20]!r}")
        if got_carry != carry_full:
            trial.problems.append(f"amount lost typing: {got_carry} ≠ {carry_full}")
    else:  # SIGKILL: whatever the last autosave held
        autosaved_mark = mark if leaves else ""
        if got_preamble not in (original.meta.preamble, autosaved_mark + original.meta.preamble, preamble_full):
            trial.problems.append(f"前言 is neither saved state: {got_preamble[:20]!r}")
        if leaves and got_preamble != preamble_full:
            trial.problems.append("前言 typed before leaving the step was not autosaved")
        if got_carry not in (original.general_budget.carryover_start_basic, carry_full) and not digits.startswith(str(got_carry)):
            trial.problems.append(f"amount is neither saved state: {got_carry}")
    trial.ok = not trial.problems
    return trial


def run(trials: int, seed: int | None = None, keep: Path | None = None) -> list[Trial]:
    rng = random.Random(seed)
    total = len(script())
    results = []
    names = list(SIGNALS)
    for i in range(trials):
        sig_name = names[i % len(names)]
        cut = rng.randint(8, total)  # at least into the narrative field
        with tempfile.TemporaryDirectory(prefix="selfeval-kill-") as tmp:
            trial = run_trial(sig_name, cut, Path(tmp))
            if not trial.ok and keep is not None:
                dst = keep / f"trial-{i:03d}-{sig_name}"
                shutil.copytree(tmp, dst)
        results.append(trial)
    return results


def report(results: list[Trial]) -> str:
    lines = []
    for name in SIGNALS:
        of = [t for t in results if t.signal == name]
        ok = sum(t.ok for t in of)
        lines.append(f"{name:8s} {ok}/{len(of)} trials kept what they must")
    for t in results:
        if not t.ok:
            lines.append(f"  FAILED {t.signal} after {t.cut} keys: {'; '.join(t.problems)}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="copy failed trials' folders here")
    args = parser.parse_args()
    start = time.monotonic()
    results = run(args.trials, args.seed, args.keep)
    print(report(results))
    print(f"{len(results)} trials in {time.monotonic() - start:.0f} s")
    return 0 if all(t.ok for t in results) else 1


if __name__ == "__main__":
    sys.exit(main())
