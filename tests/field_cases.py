"""Drafts whose findings must all point at a field the editor can focus.

Shared by tests/test_field_home.py (the paths resolve, no Textual) and
tests/tui/test_jump_targets.py (the editor lands there).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from selfeval import cli, draft
from selfeval.amounts import HUNDRED, quantize
from selfeval.model import FIGURES, StatedFigure

from support import AS_WRITTEN, EXAMPLE

__all__ = ["CASES", "make_case", "stated_wrong"]

#: the example, the seed as written (many findings), a fresh ``selfeval new``
#: draft, and the example with every registry figure stated wrongly (a finding
#: per figure: the example itself has none)
CASES = ("example", "seed", "new", "every-figure")


def stated_wrong(report, key: str) -> StatedFigure:
    """A stated value one unit off what selfeval computes for ``key`` (or any value
    when it cannot be computed), so the checks report that figure."""
    fig = FIGURES[key]
    value = fig.get(report)
    if value is None:
        shown = Decimal("1")
    elif fig.kind == "percent":
        shown = quantize(value * HUNDRED) + 1
    else:
        shown = quantize(value) + 1
    return StatedFigure(figure=key, value=shown, where="测试")


def make_case(name: str, folder: Path) -> Path:
    """Write the draft of case ``name`` into ``folder`` and return its path."""
    path = folder / f"{name}.toml"
    if name == "example":
        shutil.copyfile(EXAMPLE, path)
    elif name == "seed":
        shutil.copyfile(AS_WRITTEN, path)
    elif name == "new":
        assert cli.main(["new", str(path), "--department", "测试单位", "--year", "2025"]) == 0
    elif name == "every-figure":
        report = draft.load(EXAMPLE)
        report.reconciliation = [stated_wrong(report, key) for key in FIGURES]
        draft.save(report, path, backup=False)
    else:
        raise ValueError(name)
    return path
