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
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from selfeval._compat import tomllib
from selfeval.steps import STEPS
from selfeval.tui import cjk_overlay, linebreak
from selfeval.tui.screens.editor import EditorScreen

cjk_overlay.apply()  # toasts and dialogs over Chinese text keep every character
linebreak.install()  # no line starts with 。，）…, numbers stay whole (text areas, preview, labels)

if TYPE_CHECKING:
    from textual.dom import DOMNode

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
#: a key's effects are waited for at most this long before the next key goes on anyway
SETTLE_TIMEOUT = 10.0


def _free_name(path: Path) -> Path:
    """``path``, or ``name-2.toml``, ``name-3.toml``… the first that does not exist:
    a suggestion never names another file."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


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
        self._crash_note: str | None = None
        self._path = Path(path)
        self._read_only = read_only
        #: Tests turn blinking off so that screenshots are stable.
        self.cursor_blink_enabled = cursor_blink
        self._meta = self._peek(self._path)
        if self.no_color:
            self.add_class("-no-color")  # app.tcss marks focus and selection by style
            # Textual's Monochrome filter turns colours into greys that a 16-colour
            # terminal (TERM=xterm) gets as black on black; NoColor leaves the
            # terminal's own default foreground and background (and reverse video)
            from textual.filter import Monochrome, NoColor

            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]
        #: the open draft; ``None`` until :meth:`open_session` has run (just after the first paint)
        self.session: EditSession | None = None
        self.loaded = asyncio.Event()
        self.save_state = self._state()
        #: keys (and pastes) that arrived while an earlier key was still being acted on
        self._held: list[events.Event] = []
        self._key_in_flight = False
        self._holds = 0  # hold_keys() calls not yet released
        self._released = asyncio.Event()
        self._settling: asyncio.Task | None = None

    def get_driver_class(self) -> Any:
        from textual import constants

        driver = super().get_driver_class()
        if constants.DRIVER is None and driver.__name__ == "LinuxDriver":
            from selfeval.tui.driver import LocaleDriver

            return LocaleDriver
        return driver

    def _start_driver_hooks(self) -> None:
        driver = self._driver
        if driver is not None and hasattr(driver, "on_undecodable"):
            driver.on_undecodable = lambda: self.call_from_thread(self._undecodable)

    def _undecodable(self) -> None:
        from selfeval.tui.driver import terminal_encoding

        self.notify(
            f"终端发来的字符不是 {terminal_encoding()} 编码，无法识别的字节显示为 �，请检查终端的字符编码设置"
            "（如 Xshell/SecureCRT 的“编码”与服务器的 LANG 一致）。",
            title="字符编码",
            severity="warning",
            timeout=15,
        )

    # ---- a crash: save first, then say where the work is ----------------------------

    def _save_on_crash(self) -> None:
        if self._crash_note is not None or self.session is None:
            return
        try:
            where = self.session.emergency_save()
        except Exception as exc:  # the save itself failed: say so, do not mask the crash
            self._crash_note = f"selfeval 出错退出，修改未能保存：{exc}"
            return
        if where is None:
            self._crash_note = "selfeval 出错退出；没有未保存的修改。"
        elif where == self.session.path:
            self._crash_note = f"selfeval 出错退出；修改已保存到 {where}。"
        else:
            self._crash_note = f"selfeval 出错退出；修改已保存到恢复文件 {where}，下次打开草稿时会询问是否采用。"

    def _handle_exception(self, error: Exception) -> None:
        # every unexpected exception (a widget's, a worker's, the input thread's) ends
        # the app; first save the session (to the draft, else FILE.recover)
        self._save_on_crash()
        super()._handle_exception(error)

    def panic(self, *renderables: Any) -> None:
        self._save_on_crash()
        super().panic(*renderables)

    @property
    def crash_note(self) -> str | None:
        """What a crash did with the unsaved work (Chinese), for the command line to print."""
        return self._crash_note

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

    # ---- Tab -------------------------------------------------------------------------------

    async def action_focus_next(self) -> None:
        """Tab. In a step still building its later parts (it shows its first ones at once),
        they are built first, so that the focus goes on to the step's next field and not
        round to the step list; keys typed meanwhile wait for that field."""
        from selfeval.tui.sections.base import Section

        focused = self.focused
        section = next((n for n in focused.ancestors if isinstance(n, Section)), None) if focused else None
        if section is None or section.complete:
            self.screen.focus_next()
            return
        self.hold_keys()
        try:
            await section.build_all()
        except BaseException:
            self.release_keys()
            raise

        def go_on() -> None:  # once the new parts' own fields are composed
            try:
                self.screen.focus_next()
            finally:
                self.release_keys()

        self.call_after_refresh(go_on)

    # ---- styles -------------------------------------------------------------------------

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        # An Input sets its -valid class in its constructor, and Textual restyles a
        # widget at each class change at once, even one not in the DOM yet; a widget
        # is styled in full when it is mounted, so until then there is nothing to do
        # (this was ~40% of building a field: issue 19).
        if node is not self and node._parent is None:
            return
        super().update_styles(node, animate)

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
        if session.lock_error:
            self.notify(f"{session.lock_error}，已以只读方式打开。", title="只读", severity="warning", timeout=15)
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
        from selfeval.tui.screens.safety import DiffScreen, LockedScreen, RecoveryScreen, StaleLockScreen

        while session.lock_holder is not None:
            holder = session.lock_holder
            screen = StaleLockScreen if holder.stale else LockedScreen
            choice = await self.push_screen_wait(screen(str(holder)))
            if choice == "take_over":
                session.lock_holder = None
                if session.take_lock(force=True):
                    if session.took_over is not None:
                        self.notify(f"已接管这份草稿（原先由 {session.took_over.describe()} 编辑）。", title="接管草稿", timeout=8)
                    self.save_state = self._state()
                    break  # now ours: a recovery file may be offered below
                if session.lock_holder is None:  # the lock could not be taken at all: read-only, saying why
                    self.notify(f"{session.lock_error or '无法接管'}，已以只读方式打开。", title="只读", severity="warning", timeout=15)
                    self.save_state = self._state()
                    return True
                continue  # held again meanwhile: ask again, saying by whom
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

    # ---- keys go where the user meant: one at a time ------------------------------
    #
    # Textual hands a key to the focused widget's own queue and reads the next
    # key at once. When the first key moves the focus (Tab, Enter on "＋ 新增",
    # Ctrl+N, F8) or builds widgets, a key that arrived in the same burst (a
    # fast typist, a network stall over SSH, a paste without bracketed paste)
    # went to the old field. So the app holds every key (and paste) that comes
    # while an earlier one is still being acted on, and replays them in order
    # once the widgets it reached have handled it and whatever it set off (a
    # list rebuilt, a step built, a dialog opened; code that does such work
    # later calls :meth:`hold_keys` / :meth:`release_keys`).

    def hold_keys(self) -> None:
        """Keep further keys back until :meth:`release_keys` (nests)."""
        self._holds += 1
        self._released.clear()

    def release_keys(self) -> None:
        self._holds = max(0, self._holds - 1)
        if self._holds == 0:
            self._released.set()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._key_in_flight:
                self._held.append(event)
                return
            await self._dispatch_input(event)
            return
        await super().on_event(event)

    async def _dispatch_input(self, event: events.Event) -> None:
        self._key_in_flight = True
        try:
            before = self._chain()
            await super().on_event(event)
        except BaseException:
            self._key_in_flight = False
            raise
        self._settling = asyncio.create_task(self._settle(before))  # (a reference keeps the task alive)

    def _chain(self) -> list[Any]:
        """The focused widget, its ancestors and the screen: where a key and what it sets off travel."""
        node: Any = self.screen.focused or self.screen
        chain = []
        while node is not None and node is not self:
            chain.append(node)
            node = node._parent
        return chain

    async def _settle(self, before: list[Any]) -> None:
        """Wait until the last key has been handled everywhere it went, then replay the next."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_TIMEOUT
        try:
            while loop.time() < deadline:
                screen, focused = self.screen, self.screen.focused
                pumps = {id(p): p for p in [*before, *self._chain()] if not p._closed}
                done = [asyncio.Event() for _ in pumps]
                for pump, flag in zip(pumps.values(), done):
                    if not pump.call_later(flag.set):
                        flag.set()
                await asyncio.wait_for(
                    asyncio.gather(*(flag.wait() for flag in done)), max(0.01, deadline - loop.time())
                )
                if self._holds:
                    await asyncio.wait_for(self._released.wait(), max(0.01, deadline - loop.time()))
                    continue
                idle = all(p.message_queue_size == 0 and not p._next_callbacks for p in pumps.values())
                if idle and self.screen is screen and self.screen.focused is focused:
                    break
                before = [p for p in pumps.values()]
        except (asyncio.TimeoutError, Exception):
            pass  # never strand the keys: go on with the next one
        finally:
            if self._held:
                self.call_next(self._dispatch_input, self._held.pop(0))
            else:
                self._key_in_flight = False

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
        from selfeval.export import default_output

        return default_output(self.path, "md")

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
        if self.dirty != was_dirty:  # unsaved now, or back to what was saved (content compared)
            self.save_state = self._state()

    def reload_preset(self) -> None:
        """The draft names another preset: load it (entries it adds are an unsaved change)."""
        self.session.reload_preset()
        self.save_state = self._state()

    # ---- saving (one place: the session saves, the app tells) -----------------------

    def save_draft(self, reason: str = "manual") -> bool:
        """Write the draft atomically. Never loses the report: a failed write keeps it
        in memory, says why in Chinese and leaves the state "unsaved". A draft changed
        on disk by someone else is not overwritten: the user is asked."""
        from selfeval.errors import ChangedOnDisk
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
        except ChangedOnDisk:
            self.ask_outside_change()
            return False
        except OSError:
            self._save_failed(reason)
            return False
        self.save_state = self._state()
        if reason == "manual":
            self.notify(f"已保存到 {session.path}", title="保存", timeout=3)
        return True

    def ask_outside_change(self) -> None:
        """The draft changed on disk: ask whether to reload it, keep mine, or save as."""
        from selfeval.draft import DraftError
        from selfeval.tui.screens.safety import OutsideChangeScreen

        session = self.session
        if session is None or isinstance(self.screen, OutsideChangeScreen):
            return

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                try:
                    kept = session.reload_from_disk()
                except (DraftError, OSError) as exc:
                    self.notify(f"无法重新载入：{exc}", title="重新载入", severity="error", timeout=15)
                    return
                self.save_state = self._state()
                self.call_later(self.editor().reload_report)
                where = f"你的修改已保存在 {kept}。" if kept else ""
                self.notify(f"已重新载入磁盘上的草稿。{where}", title="重新载入", timeout=10)
            elif choice == "keep_mine":
                try:
                    theirs = session.keep_mine()
                except OSError as exc:
                    session.save_error = exc.strerror or str(exc)
                    self._save_failed("manual")
                    return
                self.save_state = self._state()
                self.notify(f"已保存你的版本；另一版本保留为 {theirs}。", title="保存", timeout=10)
            elif choice == "save_as":
                self.offer_save_as(f"{session.path} 已被其他程序修改")

        self.push_screen(
            OutsideChangeScreen(
                f"草稿 {session.path} 在打开（或上次保存）后被其他程序修改过"
                "（例如 git pull、同步盘或同事的编辑）。直接保存会覆盖那些修改。\n"
                "重新载入：用磁盘上的版本，你的修改另存为恢复文件；"
                "保留我的：保存你的版本，另一版本改名保留为 .theirs；另存为：保存到别的文件。"
            ),
            chosen,
        )

    def on_app_focus(self) -> None:
        """The terminal has the focus again: notice a change made meanwhile elsewhere."""
        session = self.session
        if session is not None and not session.read_only and session.changed_on_disk():
            self.ask_outside_change()

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
        """Ask for another file and save there. An existing file is replaced only
        when the user says so, and never one that another editor holds."""
        from selfeval.errors import DraftLocked
        from selfeval.session import TargetExists
        from selfeval.tui.screens.confirm import ConfirmScreen
        from selfeval.tui.screens.safety import SaveAsScreen

        def save_to(target: Path, replace: bool) -> None:
            try:
                self.session.save_as(target, replace=replace)
            except TargetExists:
                def answered(yes: bool | None) -> None:
                    if yes:
                        save_to(target, True)
                    else:
                        self.offer_save_as(reason)

                self.push_screen(ConfirmScreen(f"{target} 已存在，要用当前草稿替换它吗？（原文件保留为 .bak）"), answered)
                return
            except DraftLocked as exc:
                self.notify(f"不能另存到 {target}：{exc}", title="另存失败", severity="error", timeout=15)
                self.offer_save_as(reason)
                return
            except OSError as exc:
                self.notify(f"也无法写入 {target}：{exc.strerror or exc}", title="另存失败", severity="error", timeout=15)
                self.offer_save_as(f"无法写入 {target}：{exc.strerror or exc}")
                return
            self.save_state = self._state()
            self.notify(f"已另存到 {target}，之后保存都写到这个文件。", title="另存", timeout=8)

        def chosen(target: Path | None) -> None:
            if target is not None:
                save_to(target, False)

        if not isinstance(self.screen, SaveAsScreen):
            self.push_screen(SaveAsScreen(reason, _free_name(Path.home() / self.path.name)), chosen)

    def autosave(self, reason: str) -> None:
        if self.dirty and not self.read_only:
            self.save_draft(reason)

    def on_mount(self) -> None:
        self.set_interval(AUTOSAVE_SECONDS, partial(self.autosave, "timer"))
        self._start_driver_hooks()

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

        unstored = self.editor().unstored() if self.session is not None else {}
        if not self.dirty and not unstored:
            self.exit()
            return
        if isinstance(self.screen, QuitScreen):
            return
        if self.read_only:
            message = "以只读方式打开，修改不会保存。确定退出吗？"
        elif self.dirty:
            message = "有修改尚未保存。退出前要保存吗？"
        else:
            message = "确定退出吗？"
        if unstored:
            from selfeval.model import paths

            first = next(iter(unstored))
            message = (
                f"有 {len(unstored)} 处输入无效，没有存进草稿（例如{paths.title_of(first)}：{unstored[first]}）。\n"
                + message
            )

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
        from selfeval.tui.sections.expenditure import ExpenditureSection
        from selfeval.tui.widgets.list_editor import ListEditor

        keys = key_rows(self, (self.BINDINGS, EditorScreen.BINDINGS, ListEditor.BINDINGS, ExpenditureSection.BINDINGS))
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

        self.session.run_checks()
        # a field holding a refused value counts: the export would not show what it says
        errors = [f for f in self.editor().findings() if f.severity == "error"]
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
        draft_path = self.path
        targets = [(fmt, export.default_output(self.path, fmt).absolute()) for fmt in formats]

        def work() -> None:
            from selfeval.errors import SelfevalError

            written: list[Path] = []
            for fmt, out in targets:
                try:
                    export.write(snapshot, fmt, out, base_dir=folder, preset=preset, draft_path=draft_path)
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
