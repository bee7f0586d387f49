"""The headless core must not import Textual (fast `check`/`render`, usable without a terminal)."""

import subprocess
import sys


def test_headless_modules_do_not_import_textual():
    code = (
        "import sys\n"
        "import selfeval.model, selfeval.draft, selfeval.render, selfeval.checks, selfeval.framework, selfeval.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_check_command_does_not_import_textual(tmp_path):
    code = (
        "import sys, runpy\n"
        "from selfeval.cli import main\n"
        f"main(['check', r'{tmp_path / 'missing.toml'}'])\n"
        "assert not any(m.startswith('textual') for m in sys.modules), 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
