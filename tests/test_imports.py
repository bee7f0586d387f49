"""The headless core must not import Textual (fast `check`/`render`, usable without a terminal).

Each module is imported in a fresh interpreter, and each headless command is run
on the example draft (a missing file would stop before most imports happen).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import EXAMPLE

CORE = [
    "selfeval.amounts",
    "selfeval.model",
    "selfeval.model.paths",
    "selfeval.model.errors",
    "selfeval.model.figures",
    "selfeval.steps",
    "selfeval.draft",
    "selfeval.comments",
    "selfeval.export",
    "selfeval.checks",
    "selfeval.evaluation",
    "selfeval.framework",
    "selfeval.render",
    "selfeval.titles",
    "selfeval.plaintext",
    "selfeval.docx.template",
    "selfeval.docx.pdf",
    "selfeval.render_context",
    "selfeval.lock",
    "selfeval.session",
    "selfeval.cli",
    "selfeval.doctor",
    "selfeval._compat",
]

PROBE = (
    "import sys\n"
    "{body}\n"
    "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
    "print('TEXTUAL:' + ','.join(bad))\n"
)


def _textual_modules(body: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)], capture_output=True, text=True, check=True
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("TEXTUAL:")]
    assert line, out.stdout + out.stderr  # the probe ran to its end
    return line[-1].removeprefix("TEXTUAL:")


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str):
    assert _textual_modules(f"import {module}") == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(EXAMPLE)],
        ["render", str(EXAMPLE)],
        ["render", str(EXAMPLE), "--format", "text"],
        ["export", str(EXAMPLE), "--format", "md", "-o", "{tmp}/r.md"],
        ["export", str(EXAMPLE), "--format", "docx", "-o", "{tmp}/r.docx"],
        ["doctor"],
    ],
    ids=["check", "render", "render-text", "export-md", "export-docx", "doctor"],
)
def test_headless_command_does_not_import_textual(argv: list[str], tmp_path: Path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    body = (
        "import contextlib, io\n"
        "from selfeval.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        "assert code in (0, 1), code\n"
    )
    assert _textual_modules(body) == ""
