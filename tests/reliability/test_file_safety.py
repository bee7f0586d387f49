"""Nothing lost: hostile and broken input, outputs over drafts, symlinks, shared
folders, outside changes, recovery outside the draft's folder (issue 15)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval import checks, draft, export
from selfeval.amounts import AmountError, parse_amount, to_decimal
from selfeval.cli import main
from selfeval.errors import ChangedOnDisk, DraftError, DraftLocked, ExportError
from selfeval.lock import DraftLock, lock_path
from selfeval.session import EditSession, ReadOnlyError, TargetExists

from support import EXAMPLE


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_chinese_line(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("selfeval：") and "Traceback" not in err


# ---- 7. bad input: one Chinese line, exit 2, nothing changed ---------------------------


def _with_meta(tail: str) -> str:
    return '[meta]\ndepartment = "测试单位"\nyear = 2025\n' + tail


@pytest.mark.parametrize(
    "text, words",
    [
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "嵌套"),
        ("a = " + "[" * 200 + "]" * 200 + "\n", "嵌套"),
        (_with_meta("[[overview.staffing.units]]\non_payroll = " + "9" * 5000 + "\n"), "位数"),
        (_with_meta("[[overview.staffing.units]]\non_payroll = " + "9" * 4000 + "\n"), "小于"),
        (_with_meta("[general_budget]\npersonnel = " + "9" * 27 + "\n"), "太大"),
        (_with_meta("[general_budget]\npersonnel = " + "9" * 30 + ".5\n"), "太大"),
        (_with_meta("[general_budget]\npersonnel = 1" + "0" * 5000 + ".0\n"), "太大"),
        ('[meta]\ndepartment = "单位\\uFFFF"\nyear = 2025\n', "U+FFFF"),
        ('[meta]\ndepartment = "单位\\uFFFE"\nyear = 2025\n', "U+FFFE"),
        ('[meta]\ndepartment = "单位\\u202E12"\nyear = 2025\n', "U+202E"),
        ('[meta]\ndepartment = "单位\\u2066x"\nyear = 2025\n', "U+2066"),
    ],
    ids=["nest-5000", "nest-200", "int-5000-digits", "int-4000-digits", "amount-27-digits", "amount-30-digits",
         "amount-5000-digits", "U+FFFF", "U+FFFE", "RLO", "LRI"],
)
def test_hostile_draft_is_one_chinese_line_and_exit_2(tmp_path: Path, capsys, text: str, words: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DraftError, match=re.escape(words)):
        draft.load(path)
    code, _, err = run_cli(capsys, "check", str(path))
    assert code == 2
    one_chinese_line(err)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_fifo_and_device_are_refused_before_reading(tmp_path: Path, capsys):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(DraftError, match="不是普通文件"):
            draft.load(path)  # a FIFO would hang, /dev/zero would fill memory
        code, _, err = run_cli(capsys, "check", str(path))
        assert code == 2
        one_chinese_line(err)


def test_read_is_capped_whatever_the_size_claims(tmp_path: Path, monkeypatch):
    path = tmp_path / "big.toml"
    path.write_bytes(b"# x\n" * 100)
    monkeypatch.setattr(draft, "MAX_BYTES", 64)
    with pytest.raises(DraftError, match="太大"):
        draft.load(path)
    # a file that grows after the stat is still read no further than the cap
    real_stat = Path.stat

    def small_stat(self, *a, **kw):
        st = real_stat(self, *a, **kw)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10, *st[7:10]))

    monkeypatch.setattr(Path, "stat", small_stat)
    with pytest.raises(DraftError, match="太大"):
        draft.load(path)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--department", "", "--year", "2024"], "--department"),
        (["--department", "单位\u202e", "--year", "2024"], "U+202E"),
        (["--department", "单位", "--year", "99999"], "--year"),
        (["--department", "单位", "--year", "-5"], "--year"),
        (["--department", "单位", "--year", "2024", "--short-name", "简\x07称"], "--short-name"),
    ],
)
def test_new_with_bad_arguments(tmp_path: Path, capsys, args: list[str], words: str):
    path = tmp_path / "d.toml"
    code, _, err = run_cli(capsys, "new", str(path), *args)
    assert code == 2 and words in err
    one_chinese_line(err)
    assert not path.exists()


def test_amounts_and_counts_are_bounded_so_arithmetic_never_raises(blank):
    with pytest.raises(AmountError, match="太大"):
        parse_amount("1" * 27)
    with pytest.raises(AmountError, match="太大"):
        to_decimal(Decimal("-1e12").quantize(Decimal(1)), allow_negative=True)
    assert parse_amount("999999999999.99") == Decimal("999999999999.99")
    with pytest.raises(ValueError):
        blank.base_data.tasks_planned = 10**9
    # the largest values every amount may take: checks and scores run to the end
    report = draft.load(EXAMPLE)
    big = Decimal("999999999999.99")
    for part in (report.general_budget, report.general_budget.basic, report.general_budget.project, report.base_data):
        for name in type(part).model_fields:
            if type(getattr(part, name)) is Decimal:
                setattr(part, name, big)
    report.base_data.tasks_planned = 10**9 - 1
    report.base_data.tasks_completed = 1
    checks.run(report, base_dir=None)


# ---- 3. outputs never overwrite a draft ------------------------------------------------


def test_render_and_export_refuse_the_draft_by_any_name(example_path: Path, tmp_path: Path, capsys):
    before = example_path.read_bytes()
    link = tmp_path / "link.toml"
    link.symlink_to(example_path)
    hard = tmp_path / "hard.toml"
    os.link(example_path, hard)
    other = tmp_path / "other.toml"
    other.write_bytes(before)
    for out in (example_path, link, hard, other):
        for argv in (["render", str(example_path), "-o", str(out)], ["export", str(example_path), "-o", str(out), "--force"]):
            code, _, err = run_cli(capsys, *argv)
            assert code == 2, (argv, err)
            one_chinese_line(err)
            assert "草稿" in err
    assert example_path.read_bytes() == before and other.read_bytes() == before
    assert link.is_symlink()
    with pytest.raises(ExportError):
        export.write(draft.load(example_path), "md", hard, base_dir=tmp_path, draft_path=example_path)


def test_default_output_is_never_the_draft(tmp_path: Path, capsys, example_path: Path):
    md_draft = tmp_path / "x.md"
    md_draft.write_bytes(example_path.read_bytes())
    assert export.default_output(md_draft, "md") != md_draft
    assert export.default_output(md_draft, "docx") == tmp_path / "x.docx"
    assert export.default_output(tmp_path / "x.toml", "md") == tmp_path / "x.md"
    code, out, err = run_cli(capsys, "export", str(md_draft), "--force")
    assert code == 0, err
    assert draft.load(md_draft) is not None  # still a draft
    assert "部门整体支出绩效自评报告" in (tmp_path / "x.report.md").read_text(encoding="utf-8")


def test_an_existing_output_is_replaced_atomically(example_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "report.md"
    out.write_text("旧报告", encoding="utf-8")
    keep = tmp_path / "keep.md"
    os.link(out, keep)  # a second name of the old output: replaced, not written into
    code, _, err = run_cli(capsys, "render", str(example_path), "-o", str(out))
    assert code == 0, err
    assert keep.read_text(encoding="utf-8") == "旧报告"
    assert out.read_text(encoding="utf-8") != "旧报告"


def test_save_as_never_replaces_without_asking_nor_a_locked_file(example_path: Path, tmp_path: Path):
    s = EditSession.open(example_path)
    try:
        other = tmp_path / "other.toml"
        other.write_bytes(example_path.read_bytes().replace("示例".encode(), "另一份".encode(), 1))
        before = other.read_bytes()
        s.report.meta.preparer = "另存的修改"
        s.mark_changed()
        with pytest.raises(TargetExists):
            s.save_as(other)
        assert other.read_bytes() == before and s.path == example_path and s.dirty
        with DraftLock(other):
            with pytest.raises(DraftLocked):
                s.save_as(other, replace=True)
        assert other.read_bytes() == before and s.path == example_path
        assert s.save_as(other, replace=True) == other
        assert draft.backup_path(other).read_bytes() == before
    finally:
        s.close()


# ---- 2. symlinks and the lock ------------------------------------------------------------


def test_symlink_saves_the_real_draft_and_stays_a_link(example_path: Path, tmp_path: Path):
    link_dir = tmp_path / "links"
    link_dir.mkdir()
    link = link_dir / "d.toml"
    link.symlink_to(example_path)
    # draft.save through the link
    report = draft.load(link)
    report.meta.preparer = "经链接保存"
    draft.save(report, link)
    assert link.is_symlink() and os.readlink(link) == str(example_path)
    assert draft.load(example_path).meta.preparer == "经链接保存"
    assert draft.backup_path(link) == draft.backup_path(example_path) and draft.backup_path(example_path).exists()
    assert not (link_dir / "d.toml.bak").exists()
    # the session: one lock for both names
    s = EditSession.open(link)
    try:
        assert lock_path(link) == lock_path(example_path) and lock_path(example_path).exists()
        t = EditSession.open(example_path)
        assert t.lock is None and t.lock_holder is not None
        t.close()
        s.report.meta.preparer = "会话经链接保存"
        s.mark_changed()
        s.save()
        assert link.is_symlink() and draft.load(example_path).meta.preparer == "会话经链接保存"
        # recovery acts on the real file too
        s.report.meta.preparer = "恢复"
        s.mark_changed()
        assert draft.write_recover(s.report, link) == draft.recover_path(example_path)
        assert draft.pending_recovery(example_path) == draft.recover_path(example_path)
    finally:
        s.close()


def test_lock_file_mode_follows_the_folder(tmp_path: Path, example_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o2775)
    path = shared / "d.toml"
    path.write_bytes(example_path.read_bytes())
    old = os.umask(0o077)  # even a private umask
    try:
        with DraftLock(path):
            assert lock_path(path).stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
    private = tmp_path / "private"
    private.mkdir(mode=0o755)
    os.chmod(private, 0o755)
    (private / "d.toml").write_bytes(example_path.read_bytes())
    with DraftLock(private / "d.toml"):
        assert lock_path(private / "d.toml").stat().st_mode & 0o777 == 0o644


def test_a_lock_that_cannot_be_taken_opens_read_only(example_path: Path, monkeypatch):
    import selfeval.lock as lock_module

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock_module.DraftLock, "_open_locked", refuse)
    before = example_path.read_bytes()
    s = EditSession.open(example_path)
    assert s.read_only and s.lock is None and "锁文件" in s.lock_error
    s.mark_changed()
    with pytest.raises(ReadOnlyError):
        s.save()
    assert example_path.read_bytes() == before


# ---- 4. recovery outside the draft's folder --------------------------------------------------


def test_recovery_goes_to_the_state_folder_and_is_found_there(example_path: Path, tmp_path: Path, monkeypatch):
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    real_atomic = draft.atomic_write

    def folder_read_only(path, data, **kw):
        if Path(path).parent == example_path.parent:
            raise OSError(28, "No space left on device")
        return real_atomic(path, data, **kw)

    monkeypatch.setattr(draft, "atomic_write", folder_read_only)
    s = EditSession.open(example_path)
    s.report.meta.preparer = "磁盘满时的修改"
    s.mark_changed()
    where = s.emergency_save()
    s.close()
    assert where is not None and where.parent == state / "selfeval"
    assert where == draft.state_recover_path(example_path)
    monkeypatch.setattr(draft, "atomic_write", real_atomic)
    t = EditSession.open(example_path)
    try:
        assert t.pending_recovery() == where
        assert "磁盘满时的修改" in t.recovery_diff()
        assert t.take_recovery()
        assert draft.load(example_path).meta.preparer == "磁盘满时的修改"
        assert not where.exists() and where.with_name(where.name + ".old").exists()
    finally:
        t.close()


def test_state_folder_default(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert draft.state_dir() == tmp_path / ".local" / "state" / "selfeval"


# ---- 5. outside changes --------------------------------------------------------------------


def _outside_edit(path: Path, preparer: str) -> None:
    text = path.read_text(encoding="utf-8")
    report = draft.loads(text)
    report.meta.preparer = preparer
    path.write_text(draft.dumps(report, previous=text), encoding="utf-8")


def test_draft_save_refuses_when_the_file_changed(example_path: Path):
    text = example_path.read_text(encoding="utf-8")
    loaded = draft.digest(example_path.read_bytes())
    report = draft.loads(text)
    report.meta.preparer = "我的修改"
    _outside_edit(example_path, "别人的修改")
    theirs = example_path.read_bytes()
    with pytest.raises(ChangedOnDisk):
        draft.save(report, example_path, expected=loaded)
    assert example_path.read_bytes() == theirs
    draft.save(report, example_path, expected=draft.digest(theirs))
    assert draft.load(example_path).meta.preparer == "我的修改"


def test_session_notices_outside_change_keep_mine_or_reload(example_path: Path):
    s = EditSession.open(example_path)
    try:
        s.report.meta.preparer = "我的修改"
        s.mark_changed()
        s.save()
        s.report.meta.preparer = "我的第二次修改"
        s.mark_changed()
        assert not s.changed_on_disk()
        _outside_edit(example_path, "别人的修改")
        assert s.changed_on_disk()
        with pytest.raises(ChangedOnDisk):
            s.save()
        assert draft.load(example_path).meta.preparer == "别人的修改" and s.dirty
        # an emergency save never overwrites it either
        assert s.emergency_save() == draft.recover_path(example_path)
        assert draft.load(example_path).meta.preparer == "别人的修改"
        theirs = s.keep_mine()
        assert draft.load(theirs).meta.preparer == "别人的修改"
        assert draft.load(example_path).meta.preparer == "我的第二次修改" and not s.dirty
        # again, and this time take theirs
        _outside_edit(example_path, "别人的第二次修改")
        s.report.meta.preparer = "被替换的修改"
        s.mark_changed()
        kept = s.reload_from_disk()
        assert s.report.meta.preparer == "别人的第二次修改" and not s.dirty
        assert kept is not None and draft.load(kept).meta.preparer == "被替换的修改"
        s.report.meta.preparer = "之后的修改"
        s.mark_changed()
        s.save()  # what was reloaded is what is on disk: no conflict
        assert draft.load(example_path).meta.preparer == "之后的修改"
    finally:
        s.close()


# ---- 2. two real users on a group-shared folder ------------------------------------------------
#
# Each user is a forked child that drops to its own uid and the shared group
# (setgroups/setgid/setuid, umask 002), so the kernel checks its permissions on
# the folder, the draft and the lock file. The interpreter and its modules are
# already loaded (this machine's Python may live where other uids cannot read).


def _as_user(uid: int, gid: int, work) -> tuple[int, int]:
    """Run ``work()`` (returns a str) in a child as ``uid``; returns (pid, read end of its output)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read)
            os.setgroups([gid])
            os.setgid(gid)
            os.setuid(uid)
            os.umask(0o002)
            os.write(write, work().encode("utf-8"))
        except BaseException as exc:  # report, do not unwind into pytest
            os.write(write, f"error: {exc!r}".encode("utf-8"))
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _result(pid: int, fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8")


def _others_can_reach(path: Path) -> bool:
    """Whether a user other than the owner can traverse every folder down to ``path``
    (the children below import selfeval and Python's libraries from there)."""
    path = path.resolve()
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


@pytest.mark.skipif(os.geteuid() != 0 or not hasattr(os, "fork"), reason="needs root to act as two users")
@pytest.mark.skipif(
    not (_others_can_reach(Path(__file__).parent) and _others_can_reach(Path(sys.prefix))),
    reason="the checkout or its venv is in a folder other users cannot enter (e.g. a mktemp -d folder)",
)
def test_two_users_on_a_group_shared_folder(example_path: Path):
    import asyncio
    import shutil
    import tempfile

    from selfeval.tui.app import SelfEvalApp
    from selfeval.tui.screens.safety import LockedScreen

    uid_a, uid_b, group = 43101, 43102, 43100
    top = Path(tempfile.mkdtemp(prefix="selfeval-shared-"))
    os.chmod(top, 0o755)
    shared = top / "科室"
    shared.mkdir()
    os.chown(shared, 0, group)
    os.chmod(shared, 0o2775)
    path = shared / "草稿.toml"
    path.write_bytes(example_path.read_bytes())
    os.chown(path, uid_a, group)
    os.chmod(path, 0o664)
    release_r, release_w = os.pipe()

    def first_user() -> str:
        s = EditSession.open(path)
        if s.lock is None:
            return f"not held: {s.lock_error or s.lock_holder}"
        s.report.meta.preparer = "甲的修改"
        s.mark_changed()
        s.save()
        os.write(1, b"")  # keep stdout untouched
        os.close(release_w)
        ready.write(b"held")
        ready.close()
        os.read(release_r, 1)  # until the test lets go
        s.close()
        return "released"

    def second_session() -> str:
        s = EditSession.open(path)
        out = f"read_only={s.read_only} lock={s.lock is not None} holder={s.lock_holder is not None} error={s.lock_error}"
        s.close()
        return out

    def second_editor() -> str:
        async def main() -> str:
            app = SelfEvalApp(path, cursor_blink=False)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause(0.5)
                screen = type(app.screen).__name__
                message = getattr(app.screen, "message", "")
                await pilot.press("r")
                await app.wait_until_loaded()
                app.report.meta.preparer = "乙的修改"
                app.mark_changed()
                saved = app.save_draft("manual")
                return f"{screen} {app.read_only} {saved} {message}"

        return asyncio.run(main())

    async def warm_up() -> None:  # load every module the editor imports lazily, while we can
        import selfeval.tui.screens.confirm  # noqa: F401
        import selfeval.tui.screens.safety  # noqa: F401

        app = SelfEvalApp(example_path, read_only=True, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.wait_until_loaded()
            await pilot.pause(0.2)
            app.save_draft("manual")
            await pilot.pause(0.2)

    # not asyncio.run: on Python 3.9 it leaves the main thread without an event
    # loop, and later tests in this worker that ask for one would fail
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(warm_up())
    finally:
        loop.close()
    ready_r, ready_w = os.pipe()
    ready = os.fdopen(ready_w, "wb")
    first = None
    try:
        first = _as_user(uid_a, group, first_user)
        ready.close()
        os.close(release_r)
        assert os.read(ready_r, 16) == b"held", _result(*first)
        assert lock_path(path).stat().st_uid == uid_a
        assert lock_path(path).stat().st_mode & 0o777 == 0o664
        # the second user: told who holds the draft, never given it
        assert _result(*_as_user(uid_b, group, second_session)) == "read_only=False lock=False holder=True error="
        out = _result(*_as_user(uid_b, group, second_editor))
        assert out.startswith("LockedScreen True False "), out
        assert "进程" in out
        assert draft.load(path).meta.preparer == "甲的修改"
        os.close(release_w)
        assert _result(*first) == "released"
        first = None
        # the first user is gone and left a lock file the second may not write (0644,
        # as an old version made it): the second user is asked, and takes the draft if they say so
        lock_path(path).write_text("{}", encoding="utf-8")
        os.chown(lock_path(path), uid_a, group)
        os.chmod(lock_path(path), 0o644)
        assert _result(*_as_user(uid_b, group, second_session)) == "read_only=False lock=False holder=True error="

        def second_session_taking_over() -> str:
            s = EditSession.open(path)
            stale = s.lock_holder is not None and s.lock_holder.stale
            s.lock_holder = None
            taken = s.take_lock(force=True)
            s.close()
            return f"stale={stale} taken={taken}"

        assert _result(*_as_user(uid_b, group, second_session_taking_over)) == "stale=True taken=True"
        # a lock file the second user cannot even read: read-only, saying why
        lock_path(path).write_text("{}", encoding="utf-8")
        os.chown(lock_path(path), uid_a, group)
        os.chmod(lock_path(path), 0o600)
        out = _result(*_as_user(uid_b, group, second_session))
        assert out.startswith("read_only=True lock=False holder=False error=无法读取或创建锁文件"), out
    finally:
        if first is not None:
            with contextlib.suppress(OSError):
                os.close(release_w)
            _result(*first)
        os.close(ready_r)
        shutil.rmtree(top, ignore_errors=True)
