"""Jumping to a finding lands on the step that owns its field and focuses that field;
each step composes only fields of its own step."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.query import NoMatches
from textual.widget import Widget

from selfeval import checks
from selfeval.model import FIGURES, StatedFigure, paths
from selfeval.steps import STEPS, section_of

from field_cases import make_case, stated_wrong
from tui_helpers import running, until


def _target(section: Widget, path: str) -> Widget | None:
    """The widget bound to ``path``, or to the nearest enclosing path that has one."""
    for candidate in paths.prefixes(path):
        for prefix in ("f", "r"):
            try:
                return section.query_one("#" + paths.widget_id(candidate, prefix))
            except NoMatches:
                continue
    return None


async def _jump_and_check(pilot, path: str, section: str) -> Widget:
    """Jump as F3 or Enter on a finding does; return the widget that has the focus."""
    assert section == section_of(path), (path, section)
    editor = pilot.app.editor()
    await editor.jump(path, section)
    await pilot.pause()
    assert editor.step == section, f"{path}: shown step {editor.step}, expected {section}"
    step = editor.current_section
    target = _target(step, path)
    assert target is not None, f"{path}: step {section} has no widget for it or any enclosing path"

    def focused_on_target() -> bool:
        focused = pilot.app.focused
        return focused is not None and (focused is target or target in focused.ancestors)

    await until(pilot, focused_on_target, timeout=5, what=f"focus on #{target.id} for {path} (is on {pilot.app.focused!r})")
    return pilot.app.focused


@pytest.mark.parametrize("case", ["example", "seed", "new"])
async def test_every_finding_jumps_to_its_field(case: str, tmp_path: Path, make_app):
    path = make_case(case, tmp_path)
    app = make_app(path)
    async with running(app) as pilot:
        # the editor's own report (opening may add score entries the preset asks for)
        findings = checks.run(app.report, base_dir=path.parent)
        if case != "example":
            assert findings, case
        seen: set[str] = set()
        for f in findings:
            assert paths.field_info(f.path) is not None or paths.exists(app.report, f.path), (f.code, f.path)
            if f.path in seen:
                continue
            seen.add(f.path)
            await _jump_and_check(pilot, f.path, f.section)


async def test_every_figure_is_edited_by_a_focusable_input_on_its_step(tmp_path: Path, make_app):
    """What a stated figure's finding jumps to (the registry's edit path) is an input of
    the step that owns it (checked without jumping: one jump per figure is slow)."""
    path = make_case("every-figure", tmp_path)
    app = make_app(path)
    async with running(app) as pilot:
        editor = pilot.app.editor()
        where = {f.path for f in checks.run(app.report, base_dir=path.parent)}
        expected = {FIGURES[s.figure].edit_path(app.report) for s in app.report.reconciliation}
        assert expected <= where and len(expected) > 40
        for edit in sorted(expected, key=section_of):
            step = section_of(edit)
            section = await editor.show_step(step)
            await section.reveal(edit)  # as a jump does: a step builds its later parts after its first paint
            target = _target(section, edit)
            assert target is not None, f"{edit}: no widget on step {step}"
            bound = _bound_path(target)
            assert bound == edit, f"{edit}: the nearest widget on step {step} is for {bound}"
            assert target.focusable or any(w.focusable for w in target.query("*")), edit


async def test_staff_control_jumps_to_the_head_count_in_overview(example_draft: Path, make_app):
    """A finding on 在职人员控制率 opens 部门概况 on the first unit's 实有在职在编人数."""
    app = make_app(example_draft)
    async with running(app) as pilot:
        app.report.reconciliation = [*app.report.reconciliation, stated_wrong(app.report, "ind.staff_control")]
        (f,) = [f for f in checks.run(app.report) if "在职人员控制率" in f.message]
        assert (f.section, f.section_label, f.path) == ("overview", "部门概况", "overview.staffing.units[0].on_payroll")
        await pilot.app.editor().show_step("expenditure", focus=True)
        focused = await _jump_and_check(pilot, f.path, f.section)
        assert focused.id == "f-overview-staffing-units-0-on_payroll"
        assert getattr(focused, "path", None) == "overview.staffing.units[0].on_payroll"


async def test_staff_figure_without_units_jumps_to_the_unit_list(new_draft: Path, make_app):
    app = make_app(new_draft)
    async with running(app) as pilot:
        app.report.reconciliation = [StatedFigure(figure="staff.quota", value=3)]
        (f,) = [f for f in checks.run(app.report) if f.code.startswith("RECON")]
        assert f.path == "overview.staffing.units"
        focused = await _jump_and_check(pilot, f.path, f.section)
        assert pilot.app.editor().step == "overview"
        assert "f-overview-staffing-units" in {focused.id, *(a.id for a in focused.ancestors)}


def _bound_path(widget: Widget) -> str | None:
    """The field path a widget edits: its ``path``, or read back from its field id."""
    path = getattr(widget, "path", None)
    if isinstance(path, str):
        return path
    if widget.id and widget.id.startswith(("f-", "r-")):
        return paths.join([int(p) if p.isdigit() else p for p in widget.id.split("-")[1:]])
    return None


async def test_each_step_composes_only_its_own_fields(example_draft: Path, make_app):
    app = make_app(example_draft)
    async with running(app) as pilot:
        editor = pilot.app.editor()
        for step in STEPS:
            section = await editor.show_step(step.key)
            await pilot.pause()
            bound = {p for w in section.query("*") if (p := _bound_path(w)) is not None}
            assert bound or step.key == "review", f"step {step.key} shows no field"
            strays = sorted(p for p in bound if section_of(p) != step.key)
            assert strays == [], f"step {step.key} composes fields of other steps: {strays}"
            for w in section.query("*"):
                path = getattr(w, "path", None)
                if isinstance(path, str):
                    assert paths.field_info(path) is not None, f"{step.key}: {type(w).__name__} bound to unknown {path}"
