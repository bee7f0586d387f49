from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selfeval import draft
from selfeval.model import Report

from support import EXAMPLE


@pytest.fixture
def example() -> Report:
    return draft.load(EXAMPLE)


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    """A private copy of the example draft."""
    dst = tmp_path / "example-2024.toml"
    shutil.copy(EXAMPLE, dst)
    return dst


@pytest.fixture
def blank() -> Report:
    return Report(meta={"department": "测试单位", "year": 2025})
