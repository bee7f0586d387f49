"""The editor: the step list on the left, the current step on the right, the findings bar.

The editor shows an :class:`~selfeval.session.EditSession`, given to it by
the app once the draft is open (:meth:`EditorScreen.show_session`); each step
widget is given the session in turn. Steps are built the first time they are
shown (a ``ContentSwitcher`` keeps them, with their state, afterwards), so
start-up composes one step only — and only after the first paint, once the
draft is loaded (see ``app.py``).
Every change re-runs the checks — throttled, so a burst of typing costs one
run per interval — and the step marks, the findings bar and the findings list
follow.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static

from selfeval.steps import STEPS
from selfeval.tui.messages import Edited, Jump, Unstored
from selfeval.tui.sections import Section, section_class
from selfeval.tui.widgets.findings_bar import FindingsBar
from selfeval.tui.widgets.help_panel import WIDE, HelpPanel
from selfeval.tui.widgets.key_bar import KeyBar
from selfeval.tui.widgets.step_list import StepList
from selfeval.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.session import EditSession

__all__ = ["EditorScreen", "CHECK_INTERVAL"]

#: the checks run this long after the last change (a pause in typing) …
CHECK_INTERVAL = 0.25
#: … and at least this often while changes keep coming
CHECK_AT_MOST_EVERY = 2.0
_KEYS = [s.key for s in STEPS]


class EditorScreen(Screen[None]):
    DEFAULT_CSS = """
    EditorScreen {
        layout: vertical;
        & > #body { height: 1fr; }
        & #sections { width: 1fr; height: 1fr; }
        & #loading { padding: 1 2; color: $text-muted; }
    }
    """

    # F7/F8 (steps) and F3 (next finding) are app bindings, so the footer lists
    # them in the app's order; they call the actions below.
    BINDINGS = [
        Binding("ctrl+o", "external_editor", "外部编辑", id="editor.external_editor", show=False),
        Binding("escape", "focus_steps", "回到左侧目录", id="editor.focus_steps", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.step = _KEYS[0]
        #: the draft shown; ``None`` until the app gives it (:meth:`show_session`)
        self.session: EditSession | None = None
        self._check_timer: Timer | None = None
        self._first_unchecked = 0.0
        self._stale: set[str] = set()
        self._built: dict[str, Section] = {}
        self._finding_cursor = -1
        #: fields holding typed text that was not stored: path → (field, Chinese reason)
        self._unstored: dict[str, tuple[Widget, str]] = {}

    # ---- building -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title_text, self.app.state_text)
        with Horizontal(id="body"):
            yield StepList(id="steps", disabled=self.session is None)
            with ContentSwitcher(id="sections"):
                yield Static("正在打开草稿……", id="loading")
            yield HelpPanel(id="help-panel")
        yield FindingsBar(id="findings-bar")
        yield KeyBar()


    def on_mount(self) -> None:
        # Mounted, this screen is styled with the app's CSS as it is now. Textual
        # sets the count only on a refresh while the screen is current and mounted,
        # which start-up never is, so every Esc from the preview (a mode switch)
        # restyled every widget of every step built; a theme change made while
        # the preview is shown still makes the counts differ, as it should.
        self._css_update_count = self.app._css_update_count

    def post_message(self, message) -> bool:
        if isinstance(message, events.ScreenResume) and self._css_update_count == self.app._css_update_count:
            # Back from the preview (a mode switch) Textual restyles every widget of
            # every step built, though nothing changed: the CSS is the same (a theme
            # change makes the counts differ, and then it restyles), and focus and
            # hover restyle their own widgets. As closing a dialog does, skip it.
            message.refresh_styles = False
        return super().post_message(message)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(HelpPanel).set_class(event.size.width >= WIDE, "-shown")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        panel = self.query_one(HelpPanel)
        if panel.has_class("-shown") and self.session is not None:
            panel.show_for(event.widget)

    async def show_session(self, session: EditSession) -> None:
        """Show the opened draft: its title, the step list, the first step focused."""
        self.session = session
        self.query_one(TitleBar).set_title(self.app.title_text)
        steps = self.query_one(StepList)
        steps.disabled = False
        self._built[self.step] = section_class(self.step)(session)
        await self.switcher.add_content(self._built[self.step])
        await self.query_one("#loading").remove()
        self.switcher.current = f"section-{self.step}"
        self.recheck()
        steps.select_step(self.step)
        # focus now, not later: keys typed while loading wait in the queue and
        # must find the first field focused when they are handled
        self.current_section.focus_first(now=True)
        self.app.loaded.set()

    async def reload_report(self) -> None:
        """The session now edits another report (reloaded from disk): rebuild every
        step built so far from it, starting with the one shown."""
        self._stale.update(self._built)
        await self.show_step(self.step, focus=True)
        self.recheck()

    @property
    def switcher(self) -> ContentSwitcher:
        return self.query_one("#sections", ContentSwitcher)

    @property
    def current_section(self) -> Section:
        return self.switcher.get_child_by_id(f"section-{self.step}", Section)

    def built_sections(self) -> list[Section]:
        return list(self._built.values())

    async def show_step(self, key: str, *, focus: bool = False) -> Section:
        """Show step ``key`` (building it the first time); autosave when leaving a step."""
        if key != self.step:
            self.app.autosave("leave")
        switcher = self.switcher
        section_id = f"section-{key}"
        existing = switcher.query_children(f"#{section_id}")
        if key in self._stale and existing:
            await existing.first().remove()
            existing = switcher.query_children(f"#{section_id}")
        self._stale.discard(key)
        if not existing:
            self._built[key] = section_class(key)(self.session)
            await switcher.add_content(self._built[key])
        self.step = key
        switcher.current = section_id
        section = self.current_section
        section.refresh_derived()
        findings = self.findings()
        section.show_findings(findings)
        self.query_one(StepList).select_step(key)
        self.query_one(FindingsBar).show(findings, key)
        if focus:
            # at once, not after a refresh: keys typed right after F8 must land in the new step
            # Textual would scroll the field into view (animated) before the step is
            # laid out, leaving the heading and the field's label above the view
            section.focus_first(now=True, scroll_visible=False)
            self.call_after_refresh(self._show_step_top, section)
        return section

    def _show_step_top(self, section: Section) -> None:
        """A step just entered starts at its heading when the focused field's row (label
        and input) fits on screen with it, else at that row."""
        from selfeval.tui.widgets.field_row import FieldRow

        focused = self.app.focused
        if focused is None or section not in focused.ancestors or not section.region:
            return
        row = next((n for n in focused.ancestors_with_self if isinstance(n, FieldRow)), focused)
        bottom = row.region.bottom - section.content_region.y + round(section.scroll_y)
        if bottom <= section.content_region.height:
            section.scroll_home(animate=False, immediate=True)
        else:
            section.scroll_to_widget(row, top=True, animate=False, immediate=True)

    # ---- changes ------------------------------------------------------------

    @on(Edited)
    def _edited(self, message: Edited) -> None:
        message.stop()
        self.app.mark_changed(message.path)
        if message.figures:
            self.current_section.refresh_derived()
        for section in self.built_sections():
            if section.step != self.step and any(message.path.startswith(p) for p in section.depends_on):
                self._stale.add(section.step)
        if message.path.startswith("meta.preset"):
            self.app.reload_preset()
            self._stale.add("scoring")
        if message.path.startswith(("meta.department", "meta.year")):
            self.query_one(TitleBar).set_title(self.app.title_text)
        self._schedule_checks()

    def _schedule_checks(self) -> None:
        """Checks after a pause in typing; at most CHECK_AT_MOST_EVERY s late."""
        now = monotonic()
        if self._check_timer is None:
            self._first_unchecked = now
            self._check_timer = self.set_timer(CHECK_INTERVAL, self.recheck)
        elif now - self._first_unchecked < CHECK_AT_MOST_EVERY:
            self._check_timer.reset()

    def recheck(self) -> None:
        """Run the checks now and show the result everywhere."""
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        self.session.run_checks()
        self._show_findings()

    def _show_findings(self) -> None:
        from selfeval.tui.status import evaluation_lights, step_statuses

        findings = self.findings()
        steps = self.query_one(StepList)
        steps.update_statuses(step_statuses(self.session.report, findings))
        steps.update_pending(sum(1 for f in findings if f.code == "CARRY-UNCONFIRMED"))
        steps.update_lights(evaluation_lights(self.session.report, self.session.preset))
        self.query_one(FindingsBar).show(findings, self.step)
        for section in self.built_sections():
            section.show_findings(findings)

    # ---- typed values that were not stored ------------------------------------

    @on(Unstored)
    def _unstored_changed(self, message: Unstored) -> None:
        message.stop()
        if message.error is None:
            if self._unstored.pop(message.path, None) is None:
                return
        else:
            self._unstored[message.path] = (message.field, message.error)
        if self.session is not None:
            self._show_findings()

    def unstored(self) -> dict[str, str]:
        """Fields on screen whose typed text was refused: path → Chinese reason."""
        gone = [p for p, (field, _) in self._unstored.items() if not field.is_attached]
        for path in gone:  # rebuilt or removed with its list item
            del self._unstored[path]
        return {path: error for path, (_, error) in self._unstored.items()}

    def findings(self) -> list[Finding]:
        """The checks' findings, after one error per field holding a refused value."""
        from selfeval.checks import Finding
        from selfeval.model import paths
        from selfeval.steps import section_of

        typed = [
            Finding("INPUT-UNSTORED", "error", section_of(path), path, f"{paths.title_of(path)}：{error}")
            for path, error in self.unstored().items()
        ]
        return typed + list(self.session.findings)

    # ---- moving around --------------------------------------------------------

    @on(StepList.Chosen)
    async def _chosen(self, message: StepList.Chosen) -> None:
        message.stop()
        if self.session is not None:
            await self.show_step(message.key, focus=message.enter)

    async def action_step(self, delta: int) -> None:
        index = (_KEYS.index(self.step) + delta) % len(_KEYS)
        await self.show_step(_KEYS[index], focus=True)

    def action_focus_steps(self) -> None:
        self.query_one(StepList).focus()

    @on(Jump)
    async def _jump(self, message: Jump) -> None:
        message.stop()
        await self.jump(message.path, message.section)

    async def jump(self, path: str, section: str) -> None:
        target = await self.show_step(section)
        await target.reveal(path)  # a row of a long list not built yet
        self.app.hold_keys()  # keys typed meanwhile go to the field jumped to
        try:
            await target.prepare_path(path)  # e.g. the projects step shows that project's table
        except BaseException:
            self.app.release_keys()
            raise
        self.call_after_refresh(self._focus_path, target, path)

    def _focus_path(self, section: Section, path: str) -> None:
        try:
            if not section.focus_path(path):
                section.focus_first()
        finally:
            self.app.release_keys()

    async def action_next_finding(self) -> None:
        """Go to the next error or warning (F3), round the whole report."""
        every = self.findings()
        findings = [f for f in every if f.severity != "notice"] or every
        if not findings:
            self.notify("没有发现问题。", title="检查")
            return
        self._finding_cursor = (self._finding_cursor + 1) % len(findings)
        finding = findings[self._finding_cursor]
        await self.jump(finding.path, finding.section)
        self.notify(finding.message, title=f"第 {self._finding_cursor + 1}/{len(findings)} 个问题", timeout=6)

    # ---- long text in $EDITOR ---------------------------------------------------

    def action_external_editor(self) -> None:
        from selfeval.tui.widgets.text_field import TextField

        field = self.focused
        if not isinstance(field, TextField):
            self.notify("先把光标移到一个多行文字框，再按 Ctrl+O。", title="外部编辑器", severity="warning")
            return
        self.app.edit_externally(field)
