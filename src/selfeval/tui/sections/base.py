"""What every step's widget shares: scrolling, live derived figures, focusing a field by path."""

from __future__ import annotations

import asyncio
from time import perf_counter
from typing import TYPE_CHECKING, ClassVar

from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.widget import MountError, Widget

if TYPE_CHECKING:
    from selfeval.checks import Finding
    from selfeval.model import Report
    from selfeval.session import EditSession
    from selfeval.tui.widgets.derived import Derived

__all__ = ["Section", "focus_within"]


def _expand_collapsed(widget: Widget) -> None:
    from textual.widgets import Collapsible

    for node in widget.ancestors_with_self:
        if isinstance(node, Collapsible) and node.collapsed and node is not widget:
            node.collapsed = False


def focus_within(widget: Widget, *, now: bool = False, scroll_visible: bool = True) -> bool:
    """Focus ``widget`` or, if it cannot take focus, its first focusable descendant
    (opening any folded part that hides it). ``now``: at once, not after pending messages.
    ``scroll_visible=False``: the caller scrolls (Textual's own scroll is animated and
    runs before a new step is laid out)."""
    _expand_collapsed(widget)
    target = widget if widget.focusable else next((c for c in widget.query("*") if c.focusable), None)
    if target is None:
        return False
    if now:
        target.screen.set_focus(target, scroll_visible=scroll_visible)
    else:
        target.focus(scroll_visible=scroll_visible)
    return True


class Section(VerticalScroll, can_focus=False):
    """One step of the report, given the edit session. Subclasses compose the step's
    fields, each given the report (``self.report``)."""

    DEFAULT_CSS = """
    Section {
        height: 1fr;
        padding: 0 1 0 1;
        scrollbar-size-vertical: 1;
        & .heading-1 {
            text-style: bold underline;
            color: $text-primary;
            margin-top: 1;
            height: auto;
            width: 1fr;
        }
        & .heading-2 { text-style: bold; margin-top: 1; height: auto; width: 1fr; }
        & .form-note { color: $text-muted; height: auto; width: 1fr; }
        & .figure-line, & .figure-block { padding: 0; width: 1fr; }
        & > .heading-1:first-child { margin-top: 0; }
    }
    """

    step: ClassVar[str] = ""
    #: build the step's top-level parts progressively: those that fit in
    #: :attr:`FIRST_BUILD` seconds (and at least one field) at once, the rest a
    #: few per frame after the first paint, so that a step with many fields shows
    #: at once; Textual costs a few ms per widget (issue 19). Steps whose code
    #: reaches parts of themselves as soon as they are mounted keep it off.
    progressive: ClassVar[bool] = True
    FIRST_BUILD: ClassVar[float] = 0.04
    #: seconds of building per frame for the parts that follow
    LATER_BUILD: ClassVar[float] = 0.03
    #: field-path prefixes edited elsewhere that this step shows: when one of
    #: them changes, the step is built again the next time it is shown
    depends_on: ClassVar[tuple[str, ...]] = ()

    def __init__(self, session: EditSession) -> None:
        super().__init__(id=f"section-{self.step}")
        self.session = session
        #: the derived figures shown in this step (they register when mounted)
        self.derived_widgets: set[Derived] = set()
        #: top-level parts composed but not mounted yet (see :attr:`progressive`)
        self._unbuilt: list[Widget] = []
        self._building = asyncio.Lock()

    # ---- building a little at a time --------------------------------------------

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        if not self.progressive:
            await super().mount_composed_widgets(widgets)
            return
        self._unbuilt = list(widgets)
        await self._build_some(self.FIRST_BUILD, need_focusable=True)
        if self._unbuilt:
            self.call_after_refresh(self._build_later)

    @property
    def complete(self) -> bool:
        """Every part of the step is mounted."""
        return not self._unbuilt

    async def _build_some(self, seconds: float, *, need_focusable: bool = False) -> None:
        """Mount parts in order for about ``seconds`` (and until a field is mounted)."""
        async with self._building:
            start = perf_counter()
            focusable = not need_focusable
            while self._unbuilt and (perf_counter() - start < seconds or not focusable):
                if not self.is_attached:  # removed (rebuilt after an edit elsewhere) meanwhile
                    self._unbuilt.clear()
                    return
                part = self._unbuilt.pop(0)
                try:
                    await self.mount(part)
                except MountError:
                    if self.is_attached:
                        raise
                    self._unbuilt.clear()
                    return
                focusable = focusable or part.focusable or any(w.focusable for w in part.query("*"))
            if not self._unbuilt:
                self._completed()

    async def _build_later(self) -> None:
        if not self._unbuilt or not self.is_attached:
            return
        await self._build_some(self.LATER_BUILD)
        if self._unbuilt:
            self.call_after_refresh(self._build_later)

    def on_unmount(self) -> None:
        self._unbuilt.clear()  # removed before its later parts came: they never will

    async def build_all(self) -> None:
        """Mount every part not mounted yet (before reaching a field by its path)."""
        if self._unbuilt:
            await self._build_some(float("inf"))

    def _completed(self) -> None:
        """The last parts are mounted: show them the latest figures and findings."""
        self.refresh_derived()
        findings = getattr(self.screen, "findings", None)
        if callable(findings) and getattr(self.screen, "session", None) is not None:
            self.show_findings(findings())

    @property
    def report(self) -> Report:
        return self.session.report

    def step_heading(self) -> Widget:
        """The step's heading: its name in the step list, word for word."""
        from selfeval.steps import STEP_LABELS
        from selfeval.tui.widgets.forms import heading

        return heading(STEP_LABELS[self.step])

    def refresh_derived(self) -> None:
        """Re-read every derived figure of this step (after an amount changed)."""
        for derived in list(self.derived_widgets):
            derived.refresh_value()

    def show_findings(self, findings: list[Finding]) -> None:
        """Called after every check run while this step is built; most steps ignore it."""

    async def reveal(self, path: str) -> None:
        """Build the rows of long lists that ``path`` lies in (such rows are otherwise
        built only as they scroll into view), so that :meth:`focus_path` finds it."""
        from selfeval.tui.widgets.list_editor import ListEditor

        await self.build_all()
        for _ in range(3):  # a list inside a row of a list
            grew = False
            for editor in list(self.query(ListEditor)):
                prefix = editor.path + "["
                if path.startswith(prefix):
                    index = int(path[len(prefix):].split("]", 1)[0])
                    if index >= len(editor._rows()):
                        await editor.ensure_built(index)
                        grew = True
            if not grew:
                return

    async def prepare_path(self, path: str) -> None:
        """Build what shows ``path`` when this step shows only part of its fields at a
        time (called before :meth:`focus_path` when a finding is jumped to)."""

    def focus_path(self, path: str) -> bool:
        """Focus the input for ``path``, or for the closest field that contains it."""
        from selfeval.model import paths

        for candidate in paths.prefixes(path):
            for prefix in ("f", "r"):
                try:
                    widget = self.query_one("#" + paths.widget_id(candidate, prefix))
                except NoMatches:
                    continue
                if focus_within(widget):
                    widget.scroll_visible(animate=False)
                    return True
        return False

    def focus_first(self, *, now: bool = False, scroll_visible: bool = True) -> bool:
        return focus_within(self, now=now, scroll_visible=scroll_visible)
