"""A short run of the kill harness: SIGHUP, SIGTERM and SIGKILL while typing (see harness.py)."""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def test_killing_the_editor_while_typing_loses_nothing_it_must_keep():
    import harness

    results = harness.run(trials=6, seed=20261127)
    assert {t.signal for t in results} == {"SIGHUP", "SIGTERM", "SIGKILL"}
    assert all(t.ok for t in results), harness.report(results)
