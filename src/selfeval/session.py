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
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from selfeval import draft

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.framework import Scorecard
    from selfeval.framework.preset import Preset
    from selfeval.lock import DraftLock, DraftLocked, LockInfo
    from selfeval.model import Report

__all__ = ["EditSession", "ReadOnlyError"]


class ReadOnlyError(Exception):
    """The draft was opened read-only: it is never written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} 以只读方式打开，不能保存")


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
        self.generation = 0
        self.saved_generation = 0
        self.saved_at: dt.datetime | None = None
        #: why the last save failed (Chinese or the system's words), or None
        self.save_error: str | None = None
        self.findings: list[Finding] = []
        self._card: Scorecard | None = None
        self._card_generation = -1

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, lock: bool = True) -> EditSession:
        """Read the draft (``DraftError`` if it cannot be used), lock it, load its preset.

        A draft someone else holds opens anyway: :attr:`lock_holder` says who,
        and the caller decides (read-only, or quit).
        """
        report, text = draft.read(path)
        session = cls(path, report, text, read_only=read_only)
        if lock:
            session.take_lock()
        session.reload_preset()
        return session

    # ---- changes ------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.generation != self.saved_generation

    def mark_changed(self) -> None:
        """Something in the report changed (every accepted edit)."""
        self.generation += 1

    def replace_report(self, report: Report) -> None:
        """Put ``report`` in place of the one being edited (a change: unsaved until saved)."""
        self.report = report
        self.reload_preset()
        self.mark_changed()

    # ---- the lock -------------------------------------------------------------

    def take_lock(self) -> bool:
        """Lock the draft for this session. False when someone else holds it
        (:attr:`lock_holder` says who) or the folder cannot be written (saving
        will say so). A read-only session takes no lock."""
        from selfeval.lock import DraftLock, DraftLocked

        if self.read_only:
            return False
        if self.lock is not None:
            return True
        lock = DraftLock(self.path)
        try:
            lock.acquire()
        except DraftLocked as exc:
            self.lock_holder = exc
            return False
        except OSError:
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
        return self.findings

    # ---- saving -------------------------------------------------------------------

    def save(self) -> Path:
        """Write the draft atomically (the old one kept as ``FILE.bak``).

        Raises :class:`ReadOnlyError`, or ``OSError`` with the report kept in
        memory, still unsaved, and :attr:`save_error` set.
        """
        if self.read_only:
            raise ReadOnlyError(self.path)
        self._write(self.path)
        return self.path

    def save_as(self, target: Path | str) -> Path:
        """Write the draft to ``target`` and edit that file from now on (its lock
        taken in place of the old one). Raises ``OSError`` and changes nothing."""
        target = Path(target)
        generation = self.generation
        self.source = draft.write(self.report, target, source=self.source)
        self.release_lock()
        self.path = target
        self.read_only = False
        self.lock_holder = None
        self.take_lock()
        self._saved(generation)
        return target

    def _write(self, path: Path) -> None:
        generation = self.generation
        try:
            self.source = draft.write(self.report, path, source=self.source)
        except OSError as exc:
            self.save_error = exc.strerror or str(exc)
            raise
        self._saved(generation)

    def _saved(self, generation: int) -> None:
        self.save_error = None
        self.saved_generation = generation
        self.saved_at = dt.datetime.now()

    def emergency_save(self) -> Path | None:
        """Save what is in memory, now, without asking (a signal). Returns where it went:
        the draft if it can be written, else ``FILE.recover`` beside it; nothing when
        nothing is unsaved or the session is read-only."""
        if not self.dirty or self.read_only:
            return None
        with contextlib.suppress(OSError):
            self._write(self.path)
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
        recovered, _ = draft.read(draft.recover_path(self.path))
        self.replace_report(recovered)
        try:
            self.save()
        except (OSError, ReadOnlyError):
            return False
        draft.discard_recovery(self.path)
        return True

    def discard_recovery(self) -> Path:
        """Keep the recovery file as ``FILE.recover.old`` (nothing is deleted)."""
        return draft.discard_recovery(self.path)
