"""SelfEvalApp: the modes (edit, preview), app-wide keys, dialogs, and what the user is told.

The app is a view over an :class:`~selfeval.session.EditSession` (the report,
its lock, its change counter, saving and recovery): it opens the session,
asks the questions opening may raise (a draft held by someone else, unsaved
work from last time), and turns the session's outcomes into Chinese notices.
Widgets edit the session's report through validated assignment.

Start-up paints first and loads second: the editor's frame (title, steps,
keys) is drawn from a quick read of the TOML, then the draft is validated and
the first step is built. Building the report model costs more than starting
Textual itself, so this halves the wait before something is on the screen;
keys typed in the meantime are kept and replayed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tomllib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from selfeval.steps import STEPS
from selfeval.tui.screens.editor import EditorScreen

if TYPE_CHECKING:
    from selfeval.session import EditSession
    from selfeval.tui.widgets.text_field import TextField

__all__ = ["SelfEvalApp", "AUTOSAVE_SECONDS"]

#: autosave interval while there are unsaved changes
AUTOSAVE_SECONDS = 30.0


def _preview_screen() -> Screen:
    from selfeval.tui.screens.preview import PreviewScreen

    return PreviewScreen()


_STEPS_GROUP = Binding.Group("换节", compact=True)
#: actions that act on the editor; hidden while another screen is on top
_EDITOR_ACTIONS = {"step", "next_finding"}


class SelfEvalApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "selfeval"
    MODES = {"edit": EditorScreen, "preview": _preview_screen}
    DEFAULT_MODE = "edit"

    # Footer order = this order; what matters most comes first so that a
    # narrow footer cuts off only what F1 also lists.
    BINDINGS = [
        Binding("f1", "help", "帮助", id="app.help", priority=True),
        Binding("ctrl+s,f2", "save", "保存", id="app.save", priority=True),
        Binding("ctrl+q", "quit", "退出", id="app.quit", priority=True),
        Binding("f7", "step(-1)", "上一节", id="app.prev_step", priority=True, group=_STEPS_GROUP),
        Binding("f8", "step(1)", "下一节", id="app.next_step", priority=True, group=_STEPS_GROUP),
        Binding("f5", "toggle_preview", "预览", id="app.preview", priority=True),
        Binding("f3", "next_finding", "下个问题", id="app.next_finding", priority=True),
        Binding("f9", "export", "导出", id="app.export", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "命令", id="app.command_palette", priority=True),
        # Tab moves focus before the next key is read. As a plain (bubbling)
        # binding it ran only after the focused field had seen the key, and a
        # key typed right after it (a burst over SSH) went into the old field.
        Binding("tab", "focus_next", show=False, id="app.focus_next", priority=True),
        Binding("shift+tab", "focus_previous", show=False, id="app.focus_previous", priority=True),
    ]

    #: (text, kind) shown at the right of the title bar; kind: saved, unsaved, failed, readonly
    save_state: reactive[tuple[str, str]] = reactive(("", "saved"), init=False)

    def __init__(self, path: Path, *, read_only: bool = False, cursor_blink: bool = True) -> None:
        super().__init__()
        self._path = Path(path)
        self._read_only = read_only
        #: Tests turn blinking off so that screenshots are stable.
        self.cursor_blink_enabled = cursor_blink
        self._meta = self._peek(self._path)
        if self.no_color:
            self.add_class("-no-color")  # app.tcss marks focus and selection by style
        #: the open draft; ``None`` until :meth:`open_session` has run (just after the first paint)
        self.session: EditSession | None = None
        self.loaded = asyncio.Event()
        self.save_state = self._state()

    @staticmethod
    def _peek(path: Path) -> dict:
        """The draft's ``[meta]`` from a quick TOML read (for the title before loading).

        A file that is not even TOML goes to the real loader now, so that its
        Chinese error comes before the screen starts.
        """
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            from selfeval import draft

            draft.load(path)  # raises DraftError with file, line and field
            raise
        meta = data.get("meta")
        return meta if isinstance(meta, dict) else {}

    # ---- what the views read (the session's, once it is open) ----------------------

    @property
    def report(self):  # -> Report | None
        return self.session.report if self.session is not None else None

    @property
    def path(self) -> Path:
        return self.session.path if self.session is not None else self._path

    @property
    def read_only(self) -> bool:
        return self.session.read_only if self.session is not None else self._read_only

    @property
    def dirty(self) -> bool:
        return self.session is not None and self.session.dirty

    # ---- opening: read, lock, ask, show (once, in this order) ---------------------------

    def on_ready(self) -> None:
        # Ready comes once the first frame has been written: now load the draft
        if self.session is None:
            self.call_later(self.open_session)

    async def open_session(self) -> None:
        """Open the draft, ask what opening raised, then show the first step."""
        from selfeval.draft import DraftError
        from selfeval.session import EditSession

        try:
            session = EditSession.open(self._path, read_only=self._read_only)
        except DraftError as exc:
            self.exit(return_code=2, message=f"selfeval：{exc}")
            return
        self.session = session
        # SIGHUP/SIGTERM/SIGINT save synchronously, then exit. Installed now,
        # not on mount: before this there is nothing to save, and the session's
        # modules (the model) must wait until after the first paint.
        from selfeval.tui import lifecycle

        lifecycle.install(session, self.exit)
        if session.took_over is not None:
            self.notify(
                f"上次的编辑（{session.took_over.describe()}）没有正常退出，已接管这份草稿。",
                title="接管草稿",
                timeout=10,
            )
        self.save_state = self._state()
        if session.lock_holder is not None or session.pending_recovery() is not None:
            self.run_worker(self._ask_then_show(session), exclusive=True, group="open")
            return
        await self.editor().show_session(session)

    async def _ask_then_show(self, session: EditSession) -> None:
        if await self.ask_on_open(session):
            await self.editor().show_session(session)

    async def ask_on_open(self, session: EditSession) -> bool:
        """Ask what to do about a held draft or a recovery file (in a worker). False: quit."""
        from selfeval.draft import DraftError
        from selfeval.tui.screens.safety import DiffScreen, LockedScreen, RecoveryScreen

        if session.lock_holder is not None:
            choice = await self.push_screen_wait(LockedScreen(str(session.lock_holder)))
            if choice != "read_only":
                self.exit()
                return False
            session.become_read_only()
            self.save_state = self._state()
            return True  # recovery is for the editor that holds the draft
        rec = session.pending_recovery()
        while rec is not None:
            when = dt.datetime.fromtimestamp(rec.stat().st_mtime)
            choice = await self.push_screen_wait(
                RecoveryScreen(
                    f"发现上次没有保存进草稿的修改：{rec.name}（{when:%Y-%m-%d %H:%M}）。\n"
                    "可能是连接中断或程序被关闭时留下的。要采用这些修改吗？"
                )
            )
            if choice == "diff":
                await self.push_screen_wait(DiffScreen(session.recovery_diff()))
                continue
            if choice == "take":
                try:
                    saved = session.take_recovery()
                except DraftError as exc:
                    self.notify(f"恢复文件无法读取，已保留原样：{exc}", title="恢复", severity="error", timeout=15)
                    break
                if saved:
                    self.notify("已采用恢复的修改并保存。", title="恢复", timeout=5)
                else:
                    self._save_failed("recover")
                self.save_state = self._state()
            elif choice == "discard":
                old = session.discard_recovery()
                self.notify(f"没有采用；恢复文件已改名保留为 {old.name}。", title="恢复", timeout=8)
            break
        return True

    async def wait_until_loaded(self) -> None:
        """Until the draft is loaded and its first step is on the screen."""
        await self.loaded.wait()

    def exit(self, *args: Any, **kwargs: Any) -> None:
        if self.session is not None:
            self.session.release_lock()  # every way out lets the next editor in
        super().exit(*args, **kwargs)

    # ---- the title bar ------------------------------------------------------------

    @property
    def title_text(self) -> str:
        if self.session is not None:
            department, year = self.session.report.meta.department, self.session.report.meta.year
        else:
            department, year = self._meta.get("department", ""), self._meta.get("year", "")
        return f"selfeval · {department}{year}年度部门整体支出绩效自评报告"

    @property
    def state_text(self) -> str:
        return self.save_state[0]

    @property
    def export_path(self) -> Path:
        return self.path.with_suffix(".md")

    def _state(self) -> tuple[str, str]:
        name = self.path.name
        session = self.session
        dirty = self.dirty
        if self.read_only:
            return (f"{name} · 只读" + ("（有修改，不会保存）" if dirty else ""), "readonly")
        if dirty and session is not None and session.save_error:
            return (f"{name} · ✗ 保存失败，未保存", "failed")
        if dirty:
            return (f"{name} · ● 未保存", "unsaved")
        when = f" {session.saved_at:%H:%M:%S}" if session is not None and session.saved_at else ""
        return (f"{name} · ✓ 已保存{when}", "saved")

    # ---- changes ---------------------------------------------------------------------

    def mark_changed(self, path: str = "") -> None:
        """Something in the report changed (called for every accepted edit)."""
        was_dirty = self.dirty
        self.session.mark_changed()
        if not was_dirty:  # the title bar changes only when the draft becomes unsaved
            self.save_state = self._state()

    def reload_preset(self) -> None:
        """The draft names another preset: load it (entries it adds are an unsaved change)."""
        self.session.reload_preset()
        self.save_state = self._state()

    # ---- saving (one place: the session saves, the app tells) -----------------------

    def save_draft(self, reason: str = "manual") -> bool:
        """Write the draft atomically. Never loses the report: a failed write keeps it
        in memory, says why in Chinese and leaves the state "unsaved"."""
        from selfeval.session import ReadOnlyError

        session = self.session
        if session is None:
            return False
        try:
            session.save()
        except ReadOnlyError:
            if reason == "manual":
                self.notify("以只读方式打开，不能保存。", title="只读", severity="warning")
            return False
        except OSError:
            self._save_failed(reason)
            return False
        self.save_state = self._state()
        if reason == "manual":
            self.notify(f"已保存到 {session.path}", title="保存", timeout=3)
        return True

    def _save_failed(self, reason: str) -> None:
        session = self.session
        self.save_state = self._state()
        self.notify(
            f"无法写入 {session.path}：{session.save_error}。修改仍在程序中，请检查磁盘空间或权限后再按 Ctrl+S，或另存到别处。",
            title="保存失败",
            severity="error",
            timeout=15,
        )
        if reason in ("manual", "quit"):
            self.offer_save_as(f"无法写入 {session.path}：{session.save_error}")

    def offer_save_as(self, reason: str) -> None:
        """The draft cannot be written: ask for another file and save there."""
        from selfeval.tui.screens.safety import SaveAsScreen

        def chosen(target: Path | None) -> None:
            if target is None:
                return
            try:
                self.session.save_as(target)
            except OSError as exc:
                self.notify(f"也无法写入 {target}：{exc.strerror or exc}", title="另存失败", severity="error", timeout=15)
                self.offer_save_as(f"无法写入 {target}：{exc.strerror or exc}")
                return
            self.save_state = self._state()
            self.notify(f"已另存到 {target}，之后保存都写到这个文件。", title="另存", timeout=8)

        if not isinstance(self.screen, SaveAsScreen):
            self.push_screen(SaveAsScreen(reason, Path.home() / self.path.name), chosen)

    def autosave(self, reason: str) -> None:
        if self.dirty and not self.read_only:
            self.save_draft(reason)

    def on_mount(self) -> None:
        self.set_interval(AUTOSAVE_SECONDS, partial(self.autosave, "timer"))

    # ---- actions --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session is None and action != "quit":
            return False  # still loading: the key is kept and replayed by the editor
        if action in _EDITOR_ACTIONS and not isinstance(self.screen, EditorScreen):
            return False
        if action in ("toggle_preview", "export", "help") and isinstance(self.screen, ModalScreen):
            return False
        return True

    async def action_step(self, delta: int) -> None:
        await self.editor().action_step(delta)

    async def action_next_finding(self) -> None:
        await self.editor().action_next_finding()

    def action_save(self) -> None:
        self.save_draft("manual")

    def action_help_quit(self) -> None:
        """Ctrl+C outside a text field (where it copies): never a silent kill, say how to quit."""
        self.notify("按 Ctrl+Q 退出（有未保存的修改时会先询问）。", title="要退出吗？")

    async def action_quit(self) -> None:
        from selfeval.tui.screens.confirm import QuitScreen

        if not self.dirty:
            self.exit()
            return
        if isinstance(self.screen, QuitScreen):
            return
        if self.read_only:
            message = "以只读方式打开，修改不会保存。确定退出吗？"
        else:
            message = "有修改尚未保存。退出前要保存吗？"

        def answered(choice: str | None) -> None:
            if choice == "save":
                if self.save_draft("quit"):
                    self.exit()
            elif choice == "discard":
                self.exit()

        self.push_screen(QuitScreen(message, can_save=not self.read_only), answered)

    def action_toggle_preview(self) -> None:
        self.switch_mode("edit" if self.current_mode == "preview" else "preview")

    def action_help(self) -> None:
        from selfeval.tui.help_text import key_rows
        from selfeval.tui.screens.help import HelpScreen
        from selfeval.tui.widgets.list_editor import ListEditor

        keys = key_rows(self, (self.BINDINGS, EditorScreen.BINDINGS, ListEditor.BINDINGS))
        self.push_screen(HelpScreen.for_widget(self.focused, keys))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="输入命令：保存、预览、导出、跳到某一节…", id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Any:
        for step in STEPS:
            yield SystemCommand(f"跳到：{step.label}", f"显示“{step.label}”这一节", partial(self.goto_step, step.key))
        yield SystemCommand("保存", "保存草稿（Ctrl+S 或 F2）", self.action_save)
        yield SystemCommand("预览", "查看生成的报告（F5）", self.action_toggle_preview)
        yield SystemCommand("检查", "列出全部问题（检查与导出）", partial(self.goto_step, "review"))
        yield SystemCommand("下一个问题", "跳到下一处错误或警告（F3）", self._next_finding)
        yield SystemCommand("导出", "把报告导出为 Markdown 或 Word（F9）", self.action_export)
        yield SystemCommand("帮助", "按键和当前项的说明（F1）", self.action_help)
        yield SystemCommand("切换配色", "选择界面配色主题", self.action_change_theme)
        yield SystemCommand("退出", "退出 selfeval（Ctrl+Q）", self.action_quit)

    def editor(self) -> EditorScreen:
        return self.get_screen_stack("edit")[0]  # type: ignore[return-value]

    async def goto_step(self, key: str) -> None:
        if self.current_mode != "edit":
            await self.switch_mode("edit")
        await self.editor().show_step(key, focus=True)

    async def _next_finding(self) -> None:
        if self.current_mode != "edit":
            await self.switch_mode("edit")
        await self.action_next_finding()

    # ---- export -------------------------------------------------------------------

    def action_export(self) -> None:
        """F9: ask first when the draft has errors, then which formats, then write them."""
        from selfeval.tui.screens.confirm import ConfirmScreen

        errors = [f for f in self.session.run_checks() if f.severity == "error"]
        if not errors:
            self.choose_export()
            return
        question = (
            f"报告中还有 {len(errors)} 个错误，例如：\n{errors[0].message}\n\n"
            "导出的报告会写出互相矛盾的数字。仍要导出吗？"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.choose_export()

        self.push_screen(ConfirmScreen(question, yes="仍要导出", no="取消"), answered)

    def choose_export(self) -> None:
        """选择导出格式 (Markdown / Word / 两者 / PDF), then write them."""
        from selfeval.tui.screens.export import ExportScreen

        def chosen(formats: tuple[str, ...] | None) -> None:
            if formats:
                self.export_files(formats)

        self.push_screen(ExportScreen(self.path), chosen)

    def export_files(self, formats: tuple[str, ...]) -> None:
        """Write the report in ``formats`` next to the draft through :func:`selfeval.export.write`
        (the same code as ``selfeval export``), in a thread: the UI stays live. Says where it wrote."""
        from selfeval import export

        snapshot = self.session.report.model_copy(deep=True)
        preset = self.session.preset
        folder = self.path.parent
        targets = [(fmt, export.default_output(self.path, fmt).absolute()) for fmt in formats]

        def work() -> None:
            from selfeval.errors import SelfevalError

            written: list[Path] = []
            for fmt, out in targets:
                try:
                    export.write(snapshot, fmt, out, base_dir=folder, preset=preset)
                except SelfevalError as exc:
                    self.call_from_thread(
                        self.notify, f"导出 {export.FORMAT_NAMES[fmt]} 失败：{exc}", title="导出", severity="error", timeout=15
                    )
                    continue
                written.append(out)
            if written:
                where = "\n".join(str(out) for out in written)
                self.call_from_thread(self.notify, f"已导出：\n{where}", title="导出", timeout=8)

        self.run_worker(work, thread=True, group="export", exclusive=True, exit_on_error=False)

    # ---- long text in $EDITOR ------------------------------------------------------

    def edit_externally(self, field: TextField) -> None:
        """Open ``field``'s text in ``$VISUAL``/``$EDITOR`` (the app is suspended meanwhile)."""
        from selfeval.tui.external_editor import edit_externally

        edit_externally(self, field)
