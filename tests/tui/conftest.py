"""Fixtures for the TUI's Pilot and snapshot tests.

Apps run at 80×24 with the cursor not blinking, so screenshots are stable.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from selfeval import cli
from selfeval.tui.app import SelfEvalApp

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "drafts" / "example-2024.toml"
EXAMPLE_V1 = REPO / "tests" / "fixtures" / "example-2024-v1.toml"
SIZE = (80, 24)


@pytest.fixture
def new_draft(tmp_path: Path) -> Path:
    """A draft made by ``selfeval new`` (every section present, nothing filled)."""
    path = tmp_path / "report.toml"
    assert cli.main(["new", str(path), "--department", "测试单位", "--year", "2025"]) == 0
    return path


@pytest.fixture
def example_draft(tmp_path: Path) -> Path:
    """A copy of the complete example draft."""
    path = tmp_path / "example-2024.toml"
    shutil.copyfile(EXAMPLE, path)
    return path


@pytest.fixture
def example_v1_draft(tmp_path: Path) -> Path:
    """A copy of the format-1 example (three-level scoring, base data filled in)."""
    path = tmp_path / "example-v1.toml"
    shutil.copyfile(EXAMPLE_V1, path)
    return path


@pytest.fixture
def make_app() -> Callable[..., SelfEvalApp]:
    def make(path: Path, **kwargs) -> SelfEvalApp:
        return SelfEvalApp(path, cursor_blink=False, **kwargs)

    return make


@pytest.fixture
def bare_example(example_draft):
    """The example with its 自评表s emptied: the tests fill them from nothing."""
    from selfeval import draft
    from selfeval.model.evaluation import DepartmentEvaluation, ProjectEvaluation

    report, text = draft.read(example_draft)
    report.evaluation = DepartmentEvaluation()
    for project in report.general_budget.projects:
        project.evaluation = ProjectEvaluation()
    example_draft.write_text(draft.dumps(report, previous=text), encoding="utf-8")
    return example_draft
