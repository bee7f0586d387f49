"""An open draft: the report, the text it came from, its lock, its change counter, save and recovery.

No Textual here: the editor is a view over an :class:`EditSession`, and the
save, lock and recovery policy is tested with plain pytest. Nothing in this
module talks to the user; the app turns the outcomes (exceptions, return
values, attributes such as :attr:`EditSession.lock_holder`) into Chinese
messages and dialogs.

* Every accepted edit bumps :attr:`EditSession.generation`; a save records the
  generation it wrote, so the draft is *dirty* while the two differ. A failed
  save changes nothing but :attr:`EditSession.save_error`: the report stays in
  memory, still unsaved.
* A read-only session never writes the draft (:class:`ReadOnlyError`).
* The scorecard is computed once per generation.
* A symlinked draft is edited through its real file (:func:`draft.real_path`):
  lock, backup, save and recovery act on the target; the link stays a link.
* A lock that cannot be read or taken opens the draft read-only, with
  :attr:`EditSession.lock_error` saying why: never writable on an error.
* Outside changes are noticed: the session keeps the content hash of what it
  loaded or last wrote, and :meth:`EditSession.save` raises
  :class:`~selfeval.errors.ChangedOnDisk` when the file differs; the caller
  then asks (:meth:`reload_from_disk`, :meth:`keep_mine`, or :meth:`save_as`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from selfeval import draft
from selfeval.errors import ChangedOnDisk, SelfevalError

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.framework import Scorecard
    from selfeval.framework.preset import Preset
    from selfeval.lock import DraftLock, DraftLocked, LockInfo
    from selfeval.model import Report

__all__ = ["EditSession", "ReadOnlyError", "TargetExists", "ChangedOnDisk"]


class ReadOnlyError(Exception):
    """The draft was opened read-only: it is never written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} 以只读方式打开，不能保存")


class TargetExists(SelfevalError):
    """Save-as would replace an existing file: the caller must ask first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} 已存在")


class EditSession:
    """One draft opened for editing (or reading): see the module's doc.

    ``EditSession.open(path)`` reads the draft, takes its lock and loads its
    preset; ``EditSession(path, report, source)`` wraps a report already read
    (no lock, no preset: call :meth:`take_lock` and :meth:`reload_preset`).
    """

    def __init__(self, path: Path | str, report: Report, source: str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.report = report
        #: the text the report was read from (or last written as): its comments
        #: go wherever the report is saved next
        self.source = source
        self.read_only = read_only
        self.preset: Preset | None = None
        #: why the preset could not be loaded (Chinese), or ""
        self.preset_error = ""
        #: this session's lock on the draft; who holds it when someone else does;
        #: the stale lock taken over when this session took the lock
        self.lock: DraftLock | None = None
        self.lock_holder: DraftLocked | None = None
        self.took_over: LockInfo | None = None
        #: why the lock could be neither read nor taken (Chinese), or "": the
        #: session is then read-only
        self.lock_error = ""
        #: content hash of the file as loaded or last written (None: not known)
        self.disk_digest: str | None = draft.digest(source.encode("utf-8")) if source is not None else None
        self.generation = 0
        self.saved_generation = 0
        #: the report's content as loaded or last written; an edit undone by
        #: hand (or a refused value that put the old one back) is no change
        self._saved_content = self._content()
        self._compared: tuple[int, bool] = (0, False)  # (generation, dirty) last compared
        self.saved_at: dt.datetime | None = None
        #: why the last save failed (Chinese or the system's words), or None
        self.save_error: str | None = None
        self.findings: list[Finding] = []
        self._card: Scorecard | None = None
        self._card_generation = -1
        self._checked_generation = -1

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, lock: bool = True) -> EditSession:
        """Read the draft (``DraftError`` if it cannot be used), lock it, load its preset.

        A draft someone else holds opens anyway: :attr:`lock_holder` says who,
        and the caller decides (read-only, or quit).
        """
        report, text = draft.read(path)
        session = cls(path, report, text, read_only=read_only)
        session.disk_digest = draft.disk_digest(path)  # the bytes, BOM and all
        if lock:
            session.take_lock()
        session.reload_preset()
        return session

    # ---- changes ------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """The report differs from what was loaded or last written: its content is
        compared (once per generation, ~0.1 ms on the example), not the edit count."""
        if self.generation == self.saved_generation:
            return False
        generation, dirty = self._compared
        if generation != self.generation:
            dirty = self._content() != self._saved_content
            self._compared = (self.generation, dirty)
        return dirty

    def _content(self) -> str:
        return self.report.model_dump_json()

    def mark_changed(self) -> None:
        """Something in the report changed (every accepted edit)."""
        self.generation += 1

    def replace_report(self, report: Report) -> None:
        """Put ``report`` in place of the one being edited (a change: unsaved until saved)."""
        self.report = report
        self.reload_preset()
        self.mark_changed()

    # ---- the lock -------------------------------------------------------------

    def take_lock(self, *, force: bool = False) -> bool:
        """Lock the draft for this session. False when someone else holds it
        (:attr:`lock_holder` says who; ``lock_holder.stale``: another user's lock
        left behind, which ``force`` takes over) or the folder cannot be written
        (saving will say so). A read-only session takes no lock."""
        from selfeval.lock import DraftLock, DraftLocked

        if self.read_only:
            return False
        if self.lock is not None:
            return True
        lock = DraftLock(self.path)
        try:
            lock.acquire(force=force)
        except DraftLocked as exc:
            self.lock_holder = exc
            return False
        except OSError as exc:
            # never writable on an error: another editor may hold the draft
            self.lock_error = f"无法读取或创建锁文件 {lock.path}（{exc.strerror or exc}），无法确认没有别人在编辑"
            self.read_only = True
            return False
        self.lock, self.lock_holder, self.took_over = lock, None, lock.took_over
        return True

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def become_read_only(self) -> None:
        """Go on read-only (the draft is held by someone else): nothing will be written."""
        self.release_lock()
        self.read_only = True

    close = release_lock

    # ---- preset, scores, findings ------------------------------------------------

    def reload_preset(self) -> bool:
        """Load the preset the draft names and add entries for indicators the draft
        lacks. True when that added entries (a change to save)."""
        from selfeval.framework import PresetError, load_preset
        from selfeval.skeleton import sync_with_preset

        self._checked_generation = -1  # the findings depend on the preset
        try:
            self.preset = load_preset(self.report.meta.preset, self.path.parent)
            self.preset_error = ""
        except PresetError as exc:
            self.preset, self.preset_error = None, str(exc)
            self._card = None
            return False
        self._card = None
        before = (len(self.report.performance.analysis), len(self.report.scoring.scores))
        sync_with_preset(self.report, self.preset)
        if (len(self.report.performance.analysis), len(self.report.scoring.scores)) != before:
            self.mark_changed()
            return True
        return False

    def scorecard(self) -> Scorecard | None:
        """The scores for the report as it is now (computed once per generation)."""
        from selfeval.framework import evaluate

        if self.preset is None:
            return None
        if self._card_generation != self.generation or self._card is None:
            self._card = evaluate(self.report, self.preset)
            self._card_generation = self.generation
        return self._card

    def run_checks(self) -> list[Finding]:
        from selfeval import checks

        self.findings = checks.run(self.report, base_dir=self.path.parent, preset=self.preset, card=self.scorecard())
        self._checked_generation = self.generation
        return self.findings

    def current_findings(self) -> list[Finding]:
        """The findings for the report as it is now: the last run's when nothing was
        edited since, else a new run."""
        if self._checked_generation != self.generation:
            return self.run_checks()
        return self.findings

    # ---- saving -------------------------------------------------------------------

    def save(self, *, force: bool = False) -> Path:
        """Write the draft atomically (the old one kept as ``FILE.bak``).

        Raises :class:`ReadOnlyError`; :class:`ChangedOnDisk` when the file is
        no longer what this session loaded or last saved (``force`` writes
        anyway); or ``OSError`` with the report kept in memory, still unsaved,
        and :attr:`save_error` set.
        """
        if self.read_only:
            raise ReadOnlyError(self.path)
        self._write(self.path, expected=None if force else self.disk_digest)
        return self.path

    def changed_on_disk(self) -> bool:
        """Whether the draft on disk differs from what this session loaded or last saved."""
        return self.disk_digest is not None and draft.disk_digest(self.path) != self.disk_digest

    def keep_mine(self) -> Path:
        """Over an outside change: keep the other version as ``FILE.theirs`` and save ours.
        Returns where theirs went. ``OSError`` changes nothing of the draft."""
        theirs = draft.theirs_path(self.path)
        real = draft.real_path(self.path)
        with contextlib.suppress(FileNotFoundError):
            draft.atomic_write(theirs, real.read_bytes(), mode=draft.file_mode(real))
        self.save(force=True)
        return theirs

    def reload_from_disk(self) -> Path | None:
        """Over an outside change: edit the file as it is now. Unsaved changes of
        this session go to a recovery file first (returned; ``None`` when there
        were none). Raises ``DraftError`` (the file cannot be read: nothing
        changes) or ``OSError`` (the recovery could not be written)."""
        report, text = draft.read(self.path)
        kept = draft.write_recover(self.report, self.path, source=self.source) if self.dirty else None
        self.report, self.source = report, text
        self.disk_digest = draft.disk_digest(self.path)
        self.reload_preset()
        self.generation += 1
        self.saved_generation = self.generation
        self._saved_content = self._content()
        self._card = None
        return kept

    def save_as(self, target: Path | str, *, replace: bool = False) -> Path:
        """Write the draft to ``target`` and edit that file from now on (its lock
        taken in place of the old one). An existing ``target`` is replaced only
        with ``replace`` (else :class:`TargetExists`), and never when another
        editor holds it (:class:`DraftLocked`). Raises ``OSError`` and changes nothing."""
        from selfeval.lock import DraftLock, DraftLocked

        target = Path(target)
        if draft.real_path(target) == draft.real_path(self.path):
            self.save(force=True)
            return self.path
        if target.exists() and not replace:
            raise TargetExists(target)
        lock = DraftLock(target)
        lock.acquire()  # DraftLocked: someone edits that file
        generation, content = self.generation, self._content()
        try:
            self.source = draft.write(self.report, target, source=self.source)
        except BaseException:
            lock.release()
            raise
        self.release_lock()
        self.path = target
        self.read_only = False
        self.lock_holder = None
        self.lock_error = ""
        self.lock, self.took_over = lock, lock.took_over
        self.disk_digest = draft.disk_digest(target)
        self._saved(generation, content)
        return target

    def _write(self, path: Path, *, expected: str | None = None) -> None:
        generation, content = self.generation, self._content()
        try:
            self.source = draft.write(self.report, path, source=self.source, expected=expected)
        except OSError as exc:
            self.save_error = exc.strerror or str(exc)
            raise
        self.disk_digest = draft.digest(self.source.encode("utf-8"))
        self._saved(generation, content)

    def _saved(self, generation: int, content: str) -> None:
        self.save_error = None
        self.saved_generation = generation
        self._saved_content = content
        self.saved_at = dt.datetime.now()

    def emergency_save(self) -> Path | None:
        """Save what is in memory, now, without asking (a signal, a crash). Returns
        where it went: the draft if it can be written and nobody changed it
        meanwhile, else a recovery file beside it, else one in the user's state
        folder; nothing when nothing is unsaved or the session is read-only."""
        if not self.dirty or self.read_only:
            return None
        with contextlib.suppress(OSError, ChangedOnDisk):
            self._write(self.path, expected=self.disk_digest)
            return self.path
        with contextlib.suppress(OSError):
            return draft.write_recover(self.report, self.path, source=self.source)
        return None

    # ---- unsaved work from last time ------------------------------------------------

    def pending_recovery(self) -> Path | None:
        """``FILE.recover`` left by an earlier editor, when it differs from the draft.
        Only the session that holds the draft is offered it."""
        if self.read_only or self.lock_holder is not None:
            return None
        return draft.pending_recovery(self.path)

    def recovery_diff(self) -> str:
        return draft.recovery_diff(self.path)

    def take_recovery(self) -> bool:
        """Edit the recovered report from now on and save it; the recovery file is
        then kept as ``FILE.recover.old``. Raises ``DraftError`` (the recovery file
        cannot be read: nothing changes). False when the save failed (the recovered
        report is in memory, unsaved; the recovery file stays)."""
        recovered, _ = draft.read(draft.pending_recovery(self.path) or draft.recover_path(self.path))
        self.replace_report(recovered)
        rec = draft.pending_recovery(self.path)
        try:
            self.save(force=True)  # the user chose this content over the file's
        except (OSError, ReadOnlyError):
            return False
        if rec is not None:
            old = rec.with_name(rec.name + ".old")
            os.replace(rec, old)
        return True

    def discard_recovery(self) -> Path:
        """Keep the recovery file as ``FILE.recover.old`` (nothing is deleted)."""
        return draft.discard_recovery(self.path)
