"""Shared fixtures, the cost markers and the Hypothesis profiles.

Markers (registered in pyproject.toml), set here by folder so that a new test
file is grouped without anyone remembering to:
- ``tui``: drives the editor (Pilot, snapshots, pseudo-terminals); tests/tui and
  the editor tests of tests/reliability;
- ``slow``: seconds or more each (kill harness, subprocess round trips, the full
  Hypothesis run); ``pytest -m "not slow"`` is the quick loop.

Hypothesis: the ``dev`` profile (default) runs few examples; CI sets
``HYPOTHESIS_PROFILE=ci`` for the full run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from selfeval import draft
from selfeval.model import Report

from support import EXAMPLE, EXAMPLE_V1


@pytest.fixture
def example() -> Report:
    return draft.load(EXAMPLE)


@pytest.fixture
def example_v1() -> Report:
    """The format-1 example, migrated on load: three-level scoring with base data."""
    return draft.load(EXAMPLE_V1)


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    """A private copy of the example draft."""
    dst = tmp_path / "example-2024.toml"
    shutil.copy(EXAMPLE, dst)
    return dst


@pytest.fixture
def blank() -> Report:
    return Report(meta={"department": "测试单位", "year": 2025})


settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=1300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_TESTS = Path(__file__).parent
#: files whose tests take seconds each, whatever folder they are in
_SLOW_FILES = {"test_kill.py", "test_roundtrip.py", "test_fill_report.py", "test_jump_targets.py"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        rel = path.relative_to(_TESTS) if path.is_relative_to(_TESTS) else path
        if rel.parts[:1] == ("tui",) or path.name.startswith("test_tui"):
            item.add_marker(pytest.mark.tui)
        if path.name in _SLOW_FILES:
            item.add_marker(pytest.mark.slow)
