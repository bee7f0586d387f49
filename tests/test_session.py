"""The edit session: save, lock and recovery policy, without a screen (plain pytest, milliseconds)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from selfeval import draft
from selfeval.lock import DraftLock, LockInfo, lock_path
from selfeval.model import Report
from selfeval.session import EditSession, ReadOnlyError


@pytest.fixture
def session(example_path: Path):
    s = EditSession.open(example_path)
    yield s
    s.close()


# ---- opening --------------------------------------------------------------------


def test_open_reads_report_and_source_and_takes_the_lock(example_path: Path):
    text = example_path.read_text(encoding="utf-8")
    s = EditSession.open(example_path)
    try:
        assert s.report == draft.load(example_path)
        assert s.source == text
        assert s.lock is not None and s.lock.held and s.lock_holder is None
        assert json.loads(lock_path(example_path).read_text())["pid"] == os.getpid()
        assert s.preset is not None and s.preset_error == ""
        assert not s.dirty and s.generation == 0
    finally:
        s.close()
    assert not lock_path(example_path).exists()


def test_open_bad_draft_raises_and_writes_nothing(tmp_path: Path):
    path = tmp_path / "bad.toml"
    path.write_text("[meta\n", encoding="utf-8")
    with pytest.raises(draft.DraftError, match="第 1 行"):
        EditSession.open(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


# ---- saving ------------------------------------------------------------------------


def test_save_is_atomic_keeps_backup_and_records_the_generation(session: EditSession):
    path = session.path
    before = path.read_bytes()
    session.report.meta.preparer = "张三"
    session.mark_changed()
    assert session.dirty and session.generation == 1 and session.saved_generation == 0
    assert session.save() == path
    assert not session.dirty and session.saved_generation == 1 and session.saved_at is not None
    assert draft.load(path).meta.preparer == "张三"
    assert draft.backup_path(path).read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    # the comments of the file survive the save
    assert path.read_text(encoding="utf-8").startswith("# selfeval 示例草稿")


def test_edit_during_save_leaves_the_draft_dirty(session: EditSession, monkeypatch):
    real_write = draft.write

    def write_and_edit(report, path, **kw):
        text = real_write(report, path, **kw)
        session.report.meta.preparer = "张三丰"  # a keystroke arrives while the file is written
        session.mark_changed()
        return text

    monkeypatch.setattr(draft, "write", write_and_edit)
    session.report.meta.preparer = "张三"
    session.mark_changed()
    session.save()
    assert session.saved_generation == 1 and session.generation == 2 and session.dirty
    assert draft.load(session.path).meta.preparer == "张三"


def test_dirty_compares_content_not_the_edit_count(session: EditSession):
    before = session.report.meta.preparer
    session.report.meta.preparer = "张"  # typed, then taken back: two edits, no change
    session.mark_changed()
    assert session.dirty
    session.report.meta.preparer = before
    session.mark_changed()
    assert session.generation == 2 and not session.dirty
    session.report.meta.preparer = "李四"
    session.mark_changed()
    session.save()
    session.report.meta.preparer = before  # back to what was loaded, but not to what was saved
    session.mark_changed()
    assert session.dirty
    session.report.meta.preparer = "李四"
    session.mark_changed()
    assert not session.dirty


def test_failed_save_keeps_dirty_and_the_report(tmp_path: Path, blank: Report):
    folder = tmp_path / "gone"
    folder.mkdir()
    path = draft.save(blank, folder / "d.toml")
    s = EditSession.open(path)
    s.release_lock()
    shutil.rmtree(folder)
    s.report.meta.preparer = "赵六"
    s.mark_changed()
    with pytest.raises(OSError):
        s.save()
    assert s.dirty and s.save_error
    assert s.report.meta.preparer == "赵六"
    # save-as elsewhere works, and from then on the session edits that file
    target = tmp_path / "另存.toml"
    assert s.save_as(target) == target
    assert s.path == target and not s.dirty and s.save_error is None
    assert s.lock is not None and lock_path(target).exists()
    assert draft.load(target).meta.preparer == "赵六"
    s.close()


def test_save_as_carries_the_comments_and_moves_the_lock(session: EditSession, tmp_path: Path):
    old = session.path
    target = tmp_path / "copy.toml"
    session.save_as(target)
    assert target.read_bytes() == old.read_bytes()
    assert not lock_path(old).exists() and lock_path(target).exists()


def test_read_only_refuses_to_save(example_path: Path):
    before = example_path.read_bytes()
    s = EditSession.open(example_path, read_only=True)
    assert s.lock is None and not lock_path(example_path).exists()
    s.report.meta.preparer = "不该保存"
    s.mark_changed()
    with pytest.raises(ReadOnlyError, match="只读"):
        s.save()
    assert s.emergency_save() is None
    assert s.dirty
    assert example_path.read_bytes() == before
    assert not draft.recover_path(example_path).exists()


# ---- the lock ----------------------------------------------------------------------


def test_draft_held_by_another_editor_opens_with_its_holder_named(example_path: Path):
    with DraftLock(example_path) as other:  # flock: a second open file conflicts even in one process
        s = EditSession.open(example_path)
        assert s.lock is None and s.lock_holder is not None
        assert str(s.lock_holder).startswith(f"草稿 {example_path} 正由")
        assert s.pending_recovery() is None  # recovery is for the editor that holds the draft
        s.become_read_only()
        assert s.read_only
        s.mark_changed()
        with pytest.raises(ReadOnlyError):
            s.save()
        s.close()
        assert lock_path(example_path).exists() and other.held  # the holder's lock is untouched


def test_own_stale_lock_is_taken_over(example_path: Path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    info = LockInfo(pid=dead.pid, host=socket.gethostname(), user=LockInfo.mine().user, since="2025-04-01T09:00:00")
    lock_path(example_path).write_text(json.dumps(info.__dict__), encoding="utf-8")
    s = EditSession.open(example_path)
    try:
        assert s.lock is not None and s.lock_holder is None
        assert s.took_over == info
    finally:
        s.close()


def test_another_users_stale_lock_is_taken_over_when_the_user_says_so(example_path: Path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    info = LockInfo(pid=dead.pid, host=socket.gethostname(), user="someone-else", since="2025-04-01T09:00:00")
    lock_path(example_path).write_text(json.dumps(info.__dict__), encoding="utf-8")
    s = EditSession.open(example_path)
    try:
        assert s.lock is None and s.lock_holder is not None and s.lock_holder.stale
        assert s.pending_recovery() is None
        s.lock_holder = None
        assert s.take_lock(force=True)
        assert s.lock is not None and s.took_over == info
    finally:
        s.close()


# ---- emergency save and recovery ---------------------------------------------------------


def test_emergency_save_writes_the_draft_when_it_can(session: EditSession):
    assert session.emergency_save() is None  # nothing unsaved
    session.report.meta.preparer = "断线前"
    session.mark_changed()
    assert session.emergency_save() == session.path
    assert not session.dirty and draft.load(session.path).meta.preparer == "断线前"


def test_emergency_save_writes_recover_file_when_the_draft_cannot_be_written(session: EditSession, monkeypatch):
    path = session.path
    before = path.read_bytes()
    real_write = draft.write

    def refuse(report, target, **kw):
        if Path(target) == path:
            raise PermissionError(13, "Permission denied")
        return real_write(report, target, **kw)

    monkeypatch.setattr(draft, "write", refuse)
    session.report.meta.preparer = "只在内存里"
    session.mark_changed()
    rec = session.emergency_save()
    assert rec == draft.recover_path(path)
    assert draft.load(rec).meta.preparer == "只在内存里"
    assert rec.read_text(encoding="utf-8").startswith("# selfeval 示例草稿")  # comments kept
    assert path.read_bytes() == before
    assert session.dirty  # the draft itself still lacks the change


def _leave_recovery(path: Path, preparer: str) -> None:
    report = draft.load(path)
    report.meta.preparer = preparer
    draft.write_recover(report, path)


def test_pending_recovery_diff_and_take(example_path: Path):
    _leave_recovery(example_path, "断线前的修改")
    s = EditSession.open(example_path)
    try:
        assert s.pending_recovery() == draft.recover_path(example_path)
        diff = s.recovery_diff()
        assert '+preparer = "断线前的修改"' in diff
        assert s.take_recovery() is True
        assert s.report.meta.preparer == "断线前的修改" and not s.dirty
        assert draft.load(example_path).meta.preparer == "断线前的修改"
        assert s.pending_recovery() is None
        assert example_path.with_name(example_path.name + ".recover.old").exists()
    finally:
        s.close()


def test_discarded_recovery_is_kept_as_old(example_path: Path):
    before = example_path.read_bytes()
    _leave_recovery(example_path, "不要了")
    s = EditSession.open(example_path)
    try:
        old = s.discard_recovery()
        assert old.name.endswith(".recover.old") and draft.load(old).meta.preparer == "不要了"
        assert s.pending_recovery() is None and s.report.meta.preparer != "不要了"
    finally:
        s.close()
    assert example_path.read_bytes() == before


def test_unreadable_recovery_changes_nothing(session: EditSession):
    rec = draft.recover_path(session.path)
    rec.write_text("[meta\n", encoding="utf-8")
    report = session.report
    with pytest.raises(draft.DraftError):
        session.take_recovery()
    assert session.report is report and not session.dirty and rec.exists()


# ---- preset and scores -------------------------------------------------------------------------


def test_preset_reload_reports_errors_and_fills_missing_entries(tmp_path: Path, blank: Report):
    path = draft.save(blank, tmp_path / "d.toml")
    s = EditSession.open(path, lock=False)
    assert s.preset is not None
    # the blank draft had no score entries: the preset added them, an unsaved change
    assert s.report.scoring.scores and s.dirty
    s.report.meta.preset = "没有这个体系"
    assert s.reload_preset() is False
    assert s.preset is None and "没有这个体系" in s.preset_error and s.scorecard() is None
    s.report.meta.preset = blank.meta.preset
    generation = s.generation
    assert s.reload_preset() is False  # nothing missing any more: no change
    assert s.preset is not None and s.preset_error == "" and s.generation == generation


def test_scorecard_is_cached_per_generation(session: EditSession):
    card = session.scorecard()
    assert card is not None and session.scorecard() is card
    session.mark_changed()
    again = session.scorecard()
    assert again is not card and session.scorecard() is again


def test_run_checks_keeps_the_findings(session: EditSession):
    findings = session.run_checks()
    assert findings is session.findings
    session.report.general_budget.personnel = "99999"  # 基本支出 no longer adds up
    session.mark_changed()
    assert session.run_checks() != findings


def test_current_findings_run_the_checks_only_after_an_edit(session: EditSession):
    first = session.current_findings()
    assert session.current_findings() is first  # nothing edited: the same run
    session.report.general_budget.personnel = "99999"
    session.mark_changed()
    after = session.current_findings()
    assert after is not first and any(f.code == "RECON-MISMATCH" or f.severity == "error" for f in after)
    session.reload_preset()  # the findings depend on the preset too
    assert session.current_findings() is not after


def test_the_session_imports_no_textual():
    import subprocess
    import sys

    from support import EXAMPLE

    code = (
        "import sys\n"
        "from selfeval.session import EditSession\n"
        f"s = EditSession.open(r'{EXAMPLE}', read_only=True)\n"
        "s.run_checks(); s.scorecard()\n"
        "print(','.join(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
