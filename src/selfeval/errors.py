"""The errors a user sees: one family under :class:`SelfevalError`.

``str(err)`` of every member is the one Chinese line shown to the user: the
CLI prints it on stderr (exit code 2), the editor in a notification or a
dialog. Anything else that escapes is a bug and keeps its traceback.

The classes live here, at the bottom of the import graph (this module imports
nothing of selfeval), and are re-exported where they have always been:
``selfeval.draft.DraftError``, ``selfeval.framework.PresetError``,
``selfeval.render.RenderError``, ``selfeval.lock.DraftLocked``,
``selfeval.export.ExportError`` and ``selfeval.cli.CliError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from selfeval.lock import LockInfo

__all__ = [
    "SelfevalError",
    "DraftError",
    "PresetError",
    "RenderError",
    "ExportError",
    "DraftLocked",
    "UsageError",
    "ChangedOnDisk",
]


class SelfevalError(Exception):
    """A problem to report to the user; ``str(err)`` is one Chinese line."""


class DraftError(SelfevalError):
    """A draft that cannot be used. ``str(err)`` is one Chinese line."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"草稿 {self.file}")
        if self.line is not None:
            where.append(f"第 {self.line} 行")
        if self.path:
            where.append(self.path)
        prefix = " ".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


class PresetError(SelfevalError):
    """A preset that cannot be used; ``str(err)`` is Chinese."""


class RenderError(SelfevalError):
    """A template that cannot render; ``str(err)`` is Chinese."""


class ExportError(SelfevalError):
    """A report file that cannot be written (or made); ``str(err)`` is Chinese."""


class DraftLocked(SelfevalError):
    """Another editor holds the draft. ``str(err)`` is Chinese."""

    def __init__(self, draft: Path, holder: LockInfo | None, *, stale: bool = False) -> None:
        self.draft = draft
        self.holder = holder
        #: the holder's process is gone (another user's lock left behind): it may be taken over
        self.stale = stale
        if stale:
            who = f"用户 {holder.user}（{holder.host}，进程 {holder.pid}）" if holder else "另一个用户"
            super().__init__(
                f"草稿 {draft} 上次由{who}编辑，该编辑已不在运行（没有正常退出）；"
                "可以接管后编辑，也可以只读打开"
            )
            return
        who = holder.describe() if holder else "另一个程序"
        super().__init__(f"草稿 {draft} 正由 {who} 编辑；可以只读打开，或等对方退出后再打开")


class UsageError(SelfevalError):
    """The command line asks for something impossible (a file exists, a folder is missing)."""


class ChangedOnDisk(SelfevalError):
    """The draft on disk is no longer what the editor loaded or last saved
    (a ``git pull``, a sync client, a colleague): saving would lose that change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"草稿 {path} 在打开后被其他程序修改过；直接保存会覆盖那些修改")
