"""Paths and small helpers shared by the tests (importable: pytest puts tests/ on sys.path)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"
AS_WRITTEN = ROOT / "tests" / "fixtures" / "seed-2024-as-written.toml"
