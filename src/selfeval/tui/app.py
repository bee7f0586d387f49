"""SelfEvalApp: the report in memory, saving, the modes (edit, preview), and app-wide keys.

The app is a view over the core: it holds one ``Report``, the preset it is
scored with, and the latest findings. Widgets edit the report through
validated assignment; the app saves it (in one method, :meth:`save_draft`),
checks it and renders it with the core's functions.

Start-up paints first and loads second: the editor's frame (title, steps,
keys) is drawn from a quick read of the TOML, then the draft is validated and
the first step is built. Building the report model costs more than starting
Textual itself, so this halves the wait before something is on the screen;
keys typed in the meantime are kept and replayed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shlex
import subprocess
import tempfile
import tomllib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from selfeval.steps import STEPS
from selfeval.tui.screens.editor import EditorScreen

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.framework import Scorecard
    from selfeval.framework.preset import Preset
    from selfeval.lock import DraftLock, DraftLocked
    from selfeval.model import Report
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
        self.path = Path(path)
        self.read_only = read_only
        #: Tests turn blinking off so that screenshots are stable.
        self.cursor_blink_enabled = cursor_blink
        self._meta = self._peek(self.path)
        if self.no_color:
            self.add_class("-no-color")  # app.tcss marks focus and selection by style
        #: the report; ``None`` until :meth:`load` has run (just after the first paint)
        self.report: Report = None  # type: ignore[assignment]
        self.loaded = asyncio.Event()
        self.generation = 0
        self.saved_generation = 0
        self.saved_at: dt.datetime | None = None
        self.save_error: str | None = None
        self.findings: list[Finding] = []
        self.preset: Preset | None = None
        self.preset_error = ""
        self._card: Scorecard | None = None
        self._card_generation = -1
        #: this editor's lock on the draft, and who holds it when someone else does
        self.lock: DraftLock | None = None
        self.lock_holder: DraftLocked | None = None
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

    def load(self) -> None:
        """Read and validate the draft, load its preset. Raises ``DraftError``."""
        from selfeval import draft

        self.report = draft.load(self.path)
        # SIGHUP/SIGTERM/SIGINT save synchronously, then exit. Installed here,
        # not on mount: the handlers import the draft module (the model), which
        # must wait until after the first paint; before this there is nothing
        # to save.
        from selfeval.tui import lifecycle

        lifecycle.install(self)
        self.take_lock()
        self.reload_preset()
        self.save_state = self._state()

    # ---- one editor per draft; unsaved work from last time ----------------------

    def take_lock(self) -> None:
        """Lock the draft for this editor, or remember who holds it (asked in :meth:`ask_on_open`)."""
        from selfeval.lock import DraftLock, DraftLocked

        if self.read_only or self.lock is not None:
            return
        lock = DraftLock(self.path)
        try:
            lock.acquire()
        except DraftLocked as exc:
            self.lock_holder = exc
            return
        except OSError:
            return  # a folder we cannot write: saving will say so
        self.lock = lock
        if lock.took_over is not None:
            self.notify(
                f"上次的编辑（{lock.took_over.describe()}）没有正常退出，已接管这份草稿。",
                title="接管草稿",
                timeout=10,
            )

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.release_lock()  # every way out lets the next editor in
        super().exit(*args, **kwargs)

    @property
    def questions_on_open(self) -> bool:
        """Someone else holds the draft, or unsaved work from last time waits."""
        from selfeval import draft

        return self.lock_holder is not None or (
            not self.read_only and draft.pending_recovery(self.path) is not None
        )

    async def ask_on_open(self) -> bool:
        """Ask what to do about a held draft or a recovery file (in a worker). False: quit."""
        from selfeval import draft
        from selfeval.draft import DraftError
        from selfeval.tui.screens.safety import DiffScreen, LockedScreen, RecoveryScreen

        if self.lock_holder is not None:
            choice = await self.push_screen_wait(LockedScreen(str(self.lock_holder)))
            if choice != "read_only":
                self.exit()
                return False
            self.read_only = True
            self.save_state = self._state()
            return True  # recovery is for the editor that holds the draft
        rec = draft.pending_recovery(self.path)
        while rec is not None:
            when = dt.datetime.fromtimestamp(rec.stat().st_mtime)
            choice = await self.push_screen_wait(
                RecoveryScreen(
                    f"发现上次没有保存进草稿的修改：{rec.name}（{when:%Y-%m-%d %H:%M}）。\n"
                    "可能是连接中断或程序被关闭时留下的。要采用这些修改吗？"
                )
            )
            if choice == "diff":
                await self.push_screen_wait(DiffScreen(draft.recovery_diff(self.path)))
                continue
            if choice == "take":
                try:
                    recovered = draft.load(rec)
                except DraftError as exc:
                    self.notify(f"恢复文件无法读取，已保留原样：{exc}", title="恢复", severity="error", timeout=15)
                    break
                self.report = recovered
                self.reload_preset()
                self.mark_changed("recover")
                if self.save_draft("recover"):
                    draft.discard_recovery(self.path)
                    self.notify("已采用恢复的修改并保存。", title="恢复", timeout=5)
            elif choice == "discard":
                old = draft.discard_recovery(self.path)
                self.notify(f"没有采用；恢复文件已改名保留为 {old.name}。", title="恢复", timeout=8)
            break
        return True

    async def wait_until_loaded(self) -> None:
        """Until the draft is loaded and its first step is on the screen."""
        await self.loaded.wait()

    # ---- the report's state -------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.generation != self.saved_generation

    @property
    def title_text(self) -> str:
        if self.report is not None:
            department, year = self.report.meta.department, self.report.meta.year
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
        if self.read_only:
            return (f"{name} · 只读" + ("（有修改，不会保存）" if self.dirty else ""), "readonly")
        if self.dirty and self.save_error:
            return (f"{name} · ✗ 保存失败，未保存", "failed")
        if self.dirty:
            return (f"{name} · ● 未保存", "unsaved")
        when = f" {self.saved_at:%H:%M:%S}" if self.saved_at else ""
        return (f"{name} · ✓ 已保存{when}", "saved")

    def mark_changed(self, path: str = "") -> None:
        """Something in the report changed (called for every accepted edit)."""
        was_dirty = self.dirty
        self.generation += 1
        if not was_dirty:  # the title bar changes only when the draft becomes unsaved
            self.save_state = self._state()

    def reload_preset(self) -> None:
        """Load the preset the draft names; add entries for indicators the draft lacks."""
        from selfeval.framework import PresetError, load_preset
        from selfeval.skeleton import sync_with_preset

        try:
            self.preset = load_preset(self.report.meta.preset, self.path.parent)
            self.preset_error = ""
        except PresetError as exc:
            self.preset, self.preset_error = None, str(exc)
            return
        before = (len(self.report.performance.analysis), len(self.report.scoring.scores))
        sync_with_preset(self.report, self.preset)
        if (len(self.report.performance.analysis), len(self.report.scoring.scores)) != before:
            self.mark_changed("scoring")

    def scorecard(self) -> Scorecard | None:
        """The scores for the report as it is now (computed once per change)."""
        from selfeval.framework import evaluate

        if self.preset is None:
            return None
        if self._card_generation != self.generation or self._card is None:
            self._card = evaluate(self.report, self.preset)
            self._card_generation = self.generation
        return self._card

    def run_checks(self) -> list[Finding]:
        from selfeval import checks

        self.findings = checks.run(
            self.report, base_dir=self.path.parent, preset=self.preset, card=self.scorecard()
        )
        return self.findings

    # ---- saving (one place: recovery and locking hook in here) --------------

    def save_draft(self, reason: str = "manual") -> bool:
        """Write the draft atomically. Never loses the report: a failed write keeps it
        in memory, says why in Chinese and leaves the state "unsaved"."""
        from selfeval import draft

        if self.read_only:
            if reason == "manual":
                self.notify("以只读方式打开，不能保存。", title="只读", severity="warning")
            return False
        if self.report is None:
            return False
        generation = self.generation
        try:
            draft.save(self.report, self.path)
        except OSError as exc:
            self.save_error = exc.strerror or str(exc)
            self.save_state = self._state()
            self.notify(
                f"无法写入 {self.path}：{self.save_error}。修改仍在程序中，请检查磁盘空间或权限后再按 Ctrl+S，或另存到别处。",
                title="保存失败",
                severity="error",
                timeout=15,
            )
            if reason in ("manual", "quit"):
                self.offer_save_as(f"无法写入 {self.path}：{self.save_error}")
            return False
        self.save_error = None
        self.saved_generation = generation
        self.saved_at = dt.datetime.now()
        self.save_state = self._state()
        if reason == "manual":
            self.notify(f"已保存到 {self.path}", title="保存", timeout=3)
        return True

    def offer_save_as(self, reason: str) -> None:
        """The draft cannot be written: ask for another file and save there."""
        from selfeval import draft
        from selfeval.tui.screens.safety import SaveAsScreen

        def chosen(target: Path | None) -> None:
            if target is None:
                return
            try:
                draft.save(self.report, target)
            except OSError as exc:
                self.notify(f"也无法写入 {target}：{exc.strerror or exc}", title="另存失败", severity="error", timeout=15)
                self.offer_save_as(f"无法写入 {target}：{exc.strerror or exc}")
                return
            self.release_lock()
            self.path = target
            self.take_lock()
            self.save_error = None
            self.saved_generation = self.generation
            self.saved_at = dt.datetime.now()
            self.save_state = self._state()
            self.notify(f"已另存到 {target}，之后保存都写到这个文件。", title="另存", timeout=8)

        if not isinstance(self.screen, SaveAsScreen):
            self.push_screen(SaveAsScreen(reason, Path.home() / self.path.name), chosen)

    def autosave(self, reason: str) -> None:
        if self.dirty and not self.read_only:
            self.save_draft(reason)

    def on_mount(self) -> None:
        self.set_interval(AUTOSAVE_SECONDS, partial(self.autosave, "timer"))

    def on_ready(self) -> None:
        # Ready comes once the first frame has been written: now load the draft
        if self.report is None:
            self.call_later(self.editor().open)

    # ---- actions --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.report is None and action != "quit":
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
        from selfeval.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen.for_widget(self.focused))

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

        errors = [f for f in self.run_checks() if f.severity == "error"]
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

        snapshot = self.report.model_copy(deep=True)
        preset = self.preset
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
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        before = field.text
        fd, name = tempfile.mkstemp(prefix="selfeval-", suffix=".txt", text=True)
        error: str | None = None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(before + ("\n" if before and not before.endswith("\n") else ""))
            argv = [*shlex.split(command), name]
            try:
                with self.suspend():
                    code, error = _call(argv)
            except SuspendNotSupported:  # headless (tests): nothing to suspend
                code, error = _call(argv, quiet=True)
            if error is None and code != 0:
                error = f"编辑器 {command} 退出码 {code}，文字未改动"
            after = Path(name).read_text(encoding="utf-8") if error is None else before
        finally:
            os.unlink(name)
        if error is not None:
            self.notify(error, title="外部编辑器", severity="error", timeout=10)
            return
        if not before.endswith("\n"):
            after = after.removesuffix("\n")
        if after != before:
            field.replace_text(after)
        field.focus()


def _call(argv: list[str], quiet: bool = False) -> tuple[int, str | None]:
    """Run the editor; errors come back as Chinese text (never raised through ``suspend``)."""
    try:
        if quiet:
            return subprocess.call(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL), None
        return subprocess.call(argv), None
    except OSError as exc:
        return -1, f"无法启动编辑器 {argv[0]}：{exc.strerror or exc}。请设置环境变量 EDITOR（如 export EDITOR=nano）"
