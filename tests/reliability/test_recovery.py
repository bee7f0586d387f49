"""FILE.recover: written when the draft cannot be, offered at the next start, kept when discarded."""

from __future__ import annotations

from pathlib import Path

from selfeval import draft


def test_recover_file_round_trip_diff_and_discard(example_path: Path):
    assert draft.pending_recovery(example_path) is None
    report = draft.load(example_path)
    report.meta.preparer = "恢复测试"
    rec = draft.write_recover(report, example_path)
    assert rec == draft.recover_path(example_path)
    assert draft.pending_recovery(example_path) == rec
    assert draft.load(rec).meta.preparer == "恢复测试"
    diff = draft.recovery_diff(example_path)
    assert '-preparer = ""' in diff and '+preparer = "恢复测试"' in diff
    # comments of the draft survive into the recovery file
    assert rec.read_text(encoding="utf-8").startswith("# selfeval 示例草稿")
    old = draft.discard_recovery(example_path)
    assert old.name.endswith(".recover.old") and old.exists()
    assert draft.pending_recovery(example_path) is None


def test_identical_recover_file_is_not_offered(example_path: Path):
    draft.recover_path(example_path).write_bytes(example_path.read_bytes())
    assert draft.pending_recovery(example_path) is None
