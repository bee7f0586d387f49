"""The TUI keeps its rooms: widgets are given their report, steps stand alone, dialogs share one base."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from decimal import Decimal
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding

import selfeval.tui
from selfeval.model import Report
from selfeval.tui.messages import Edited, Validated
from selfeval.tui.screens.dialog import Dialog
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.value_input import ValueInput

SRC = Path(selfeval.tui.__file__).resolve().parents[1]
SECTIONS = SRC / "tui" / "sections"
#: modules of tui/sections/ that are not steps (shared by the steps)
SHARED = {"__init__", "base", "figures"}


def test_no_module_reads_textual_private_context():
    offenders = [p.relative_to(SRC) for p in SRC.rglob("*.py") if "textual._context" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_step_modules_do_not_import_each_other():
    steps = {p.stem for p in SECTIONS.glob("*.py")} - SHARED
    assert {"meta", "overview", "income", "expenditure", "scoring", "review"} <= steps
    found = []
    for step in sorted(steps):
        tree = ast.parse((SECTIONS / f"{step}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if parts[:3] == ["selfeval", "tui", "sections"] and len(parts) > 3 and parts[3] in steps:
                    found.append((step, node.module))
    assert found == []


def test_every_binding_has_an_id():
    missing = []
    for info in pkgutil.walk_packages(selfeval.tui.__path__, "selfeval.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for b in cls.__dict__.get("BINDINGS", []):
                if isinstance(b, Binding) and not b.id:
                    missing.append(f"{cls.__name__}: {b.key}")
                elif not isinstance(b, Binding):
                    missing.append(f"{cls.__name__}: {b!r} (a tuple, not a Binding)")
    assert missing == []


def test_dialogs_share_one_base_and_its_css():
    from selfeval.tui.screens.confirm import ConfirmScreen, QuitScreen
    from selfeval.tui.screens.export import ExportScreen
    from selfeval.tui.screens.safety import LockedScreen, RecoveryScreen, SaveAsScreen

    for screen in (ConfirmScreen, QuitScreen, LockedScreen, RecoveryScreen, SaveAsScreen, ExportScreen):
        assert issubclass(screen, Dialog)
        own_css = [c.__dict__.get("DEFAULT_CSS", "") for c in screen.__mro__ if c is not Dialog and issubclass(c, Dialog)]
        assert not any(own_css), f"{screen.__name__} patches the dialog CSS"


class Host(App[None]):
    """A bare app with no report of its own: the widgets must be given theirs."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.given = report
        self.edited: list[Edited] = []
        self.validated: list[Validated] = []

    def compose(self) -> ComposeResult:
        yield ValueInput(self.given, "general_budget.personnel", "amount")
        yield Derived(self.given, lambda r: f"基本支出 {r.general_budget.basic_spending}", id="derived")

    def on_edited(self, message: Edited) -> None:
        self.edited.append(message)

    def on_validated(self, message: Validated) -> None:
        self.validated.append(message)


async def test_a_field_edits_the_report_it_is_given_outside_the_editor():
    report = Report(meta={"department": "测试单位", "year": 2025})
    app = Host(report)
    async with app.run_test() as pilot:
        app.query_one(ValueInput).focus()
        for key in "12.5":
            await pilot.press(key)
        await pilot.pause()
        assert report.general_budget.personnel == Decimal("12.5")
        assert app.edited and app.edited[-1] == Edited("general_budget.personnel", figures=True)
        derived = app.query_one("#derived", Derived)
        derived.refresh_value()
        assert derived.text == f"基本支出 {report.general_budget.basic_spending}"
        # a value that is not an amount is never stored: the report goes back to
        # the value the field had when editing began, and the field says why
        for key in ".3":
            await pilot.press(key)
        await pilot.pause()
        assert report.general_budget.personnel is None  # back to 未填
        assert app.validated[-1].error and "未采用" in app.validated[-1].error
        assert app.query_one(ValueInput).value == "12.5.3"  # what was typed stays in the field
