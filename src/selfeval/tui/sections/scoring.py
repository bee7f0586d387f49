"""绩效评分: the preset's indicators, computed scores with their figures, manual scores with
评分依据, overrides with a reason, live subtotals, total and grade; and the analysis per 一级."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Collapsible, Label

from selfeval.amounts import fmt_money
from selfeval.framework import Indicator, describe_rule
from selfeval.framework.scorecard import IndicatorResult
from typing import TYPE_CHECKING

from selfeval.model import IndicatorScore, Level1Score, Report
from selfeval.model import paths
from selfeval.tui.messages import Edited
from selfeval.tui.sections.base import Section
from selfeval.tui.widgets.derived import Derived
from selfeval.tui.widgets.choice import ChoiceField
from selfeval.tui.widgets.field_row import FieldRow
from selfeval.tui.widgets.forms import field_row, heading, note, text_row
from selfeval.tui.widgets.list_editor import ListEditor

if TYPE_CHECKING:
    from selfeval.session import EditSession

__all__ = ["ScoringSection", "IndicatorRow"]


def _points(value) -> str:
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class IndicatorRow(Vertical):
    """One 三级 indicator: name, 分值, score; the formula's figures or the typed score and 依据."""

    DEFAULT_CSS = """
    IndicatorRow {
        height: auto;
        margin-bottom: 1;
        padding-left: 2;
        & > .ind-line { height: 1; }
        & .ind-name { width: 1fr; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
        & .ind-points { width: 8; color: $text-muted; }
        & .ind-score { width: 18; padding: 0; }
        &:focus-within .ind-name { text-style: bold reverse; }
        & .ind-detail { color: $text-muted; width: 1fr; padding: 0; }
        & Collapsible { padding: 0; margin: 0; border: none; }
    }
    """

    def __init__(self, session: EditSession, indicator: Indicator, index: int | None) -> None:
        super().__init__(id=f"ind-{indicator.id.replace('.', '-')}")
        self.session = session
        self.indicator = indicator
        self.index = index

    def _result(self, report: Report) -> IndicatorResult | None:
        return self.session.scorecard().result(self.indicator.id)

    def _score_text(self, report: Report) -> str:
        res = self._result(report)
        if res is None:
            return ""
        if not res.applicable:
            return "不适用"
        if res.score is None:
            return "未评分"
        band = f" {res.band}" if res.is_manual and res.band else ""
        return f"得分 {fmt_money(res.score)}{band}"

    def _detail(self, report: Report) -> str:
        res = self._result(report)
        if res is None:
            return ""
        text = res.detail or describe_rule(self.indicator)
        if res.overridden:
            text += f"；按公式 {fmt_money(res.computed)} 分，调整为 {fmt_money(res.score)} 分"
        return text

    def compose(self) -> ComposeResult:
        r = self.session.report
        ind = self.indicator
        base = f"scoring.scores[{self.index}]" if self.index is not None else None
        with Horizontal(classes="ind-line"):
            yield Label(ind.level3, classes="ind-name", markup=False)
            yield Label(f"分值 {_points(ind.points)}", classes="ind-points")
            yield Derived(r, self._score_text, classes="ind-score")
        if ind.points is None and base is not None:
            yield field_row(r, f"{base}.points")
        if ind.is_computed:
            yield Derived(r, self._detail, classes="ind-detail")
            if base is None:
                yield Button("＋ 调整公式得分", classes="add-entry", compact=True, id=f"add-{self.id}")
            else:
                has_override = r.scoring.scores[self.index].override is not None
                yield Collapsible(
                    field_row(r, f"{base}.override"),
                    text_row(r, f"{base}.override_reason"),
                    title="调整公式得分（须说明理由）",
                    collapsed=not has_override,
                    id=paths.widget_id(f"{base}.override_group"),
                )
        elif base is not None:
            yield field_row(r, f"{base}.score")
            yield text_row(r, f"{base}.basis")


class ScoringSection(Section):
    step = "scoring"
    depends_on = ("meta.preset",)

    DEFAULT_CSS = """
    ScoringSection {
        & #f-scoring, & #f-scoring-scores, & #f-performance-analysis { height: auto; }
        & Derived.heading { padding: 0; }
        & .score-total { text-style: bold; color: $text-accent; padding: 0; height: auto; }
        & .score-sub { color: $text-accent; padding: 0; height: auto; }
        & .add-entry { margin-left: 2; width: auto; height: 1; min-width: 0; }
    }
    """

    def _total(self, report: Report) -> str:
        card = self.session.scorecard()
        if card is None:
            return ""
        parts = " · ".join(f"{s.name} {fmt_money(s.score)}/{_points(s.points)}" for s in card.level1)
        if not card.complete:
            # unfinished is never final: no total, no grade
            return f"{card.status}\n{parts}"
        return f"总分 {fmt_money(card.total)}  等级 {card.grade}\n{parts}"

    def _subtotal(self, level1: str, level2: str | None = None):
        def get(report: Report) -> str:
            card = self.session.scorecard()
            if card is None:
                return ""
            subs = card.level1 if level2 is None else card.level2_of(level1)
            name = level1 if level2 is None else level2
            for s in subs:
                if s.name == name:
                    return f"{s.name}  得分 {fmt_money(s.score)} / {_points(s.points)}"
            return name

        return get

    def compose(self) -> ComposeResult:
        r = self.report
        yield self.step_heading()
        preset = self.session.preset
        if preset is None:
            yield note(f"无法评分：{self.session.preset_error}。请在“基本信息”中选择评分指标体系。")
            return
        yield note(preset.name)
        # the scoring as a whole (SCORE-INCOMPLETE jumps here): the total, then how it is scored
        with Vertical(id=paths.widget_id("scoring"), classes="score-head"):
            yield Derived(r, self._total, classes="score-total")
            yield FieldRow(
                ChoiceField(
                    r,
                    "scoring.granularity",
                    [("按指标体系的三级指标逐项评分", "level3"), ("只有本单位自评的一级指标得分", "level1")],
                    figures=True,
                )
            )
        report = r
        if report.scoring.granularity == "level1":
            yield from self._level1(preset)
        else:
            yield from self._level3(preset)
        yield heading(paths.title_of("performance.analysis"))
        yield text_row(r, "performance.analysis_intro")
        yield note(paths.help_of("performance.analysis"))
        with Vertical(id=paths.widget_id("performance.analysis")):
            for i, entry in enumerate(report.performance.analysis):
                yield text_row(r, f"performance.analysis[{i}].text", label=f"{entry.level1}（{paths.title_of('performance.analysis[0].text')}）")
        yield heading("综合评价结论")
        yield field_row(r, "scoring.stated_grade", placeholder="可选，如 优")
        yield text_row(r, "scoring.conclusion")

    def _level1(self, preset) -> ComposeResult:
        """The unit's own 一级 scores: one row per 一级, its 分值 from the preset."""
        r = self.report
        names = preset.level1_names()
        points = {s.name: s.points for s in preset.level1}

        def row(i: int) -> list:
            base = f"scoring.level1[{i}]"
            return [
                FieldRow(
                    ChoiceField(r, f"{base}.name", [(n, n) for n in names], figures=True),
                    Derived(r, lambda r, i=i: f"分值 {_points(points.get(r.scoring.level1[i].name))}"),
                ),
                field_row(r, f"{base}.score"),
                text_row(r, f"{base}.basis"),
            ]

        def new_item(r: Report) -> Level1Score:
            used = {s.name for s in r.scoring.level1}
            return Level1Score(name=next((n for n in names if n not in used), ""))

        yield note(paths.help_of("scoring.level1"))
        yield ListEditor(r, "scoring.level1", row=row, new_item=new_item, noun="一级指标得分", figures=True, spaced=True)

    def _level3(self, preset) -> ComposeResult:
        r = self.report
        report = r
        index = {entry.id: i for i, entry in enumerate(report.scoring.scores)}
        with Vertical(id=paths.widget_id("scoring.scores")):
            for level1 in preset.level1_names():
                members = [ind for ind in preset.indicators if ind.level1 == level1]
                yield Derived(r, self._subtotal(level1), classes="heading heading-1")
                level2_names: list[str] = []
                for ind in members:
                    if ind.level2 not in level2_names:
                        level2_names.append(ind.level2)
                for level2 in level2_names:
                    yield Derived(r, self._subtotal(level1, level2), classes="heading heading-2 score-sub")
                    for ind in members:
                        if ind.level2 == level2:
                            yield IndicatorRow(self.session, ind, index.get(ind.id))

    @on(Edited)
    async def _granularity_changed(self, event: Edited) -> None:
        # the 一级 table or the 三级 indicators: the step is built again (the event goes on)
        if event.path == "scoring.granularity":
            await self.recompose()
            self.focus_path("scoring.granularity")

    @on(Button.Pressed, ".add-entry")
    async def _add_entry(self, event: Button.Pressed) -> None:
        event.stop()
        row = event.button.parent
        assert isinstance(row, IndicatorRow)
        report = self.report
        report.scoring.scores = [*report.scoring.scores, IndicatorScore(id=row.indicator.id)]
        index = len(report.scoring.scores) - 1
        self.post_message(Edited("scoring.scores", figures=True))
        await self.recompose()
        self.focus_path(f"scoring.scores[{index}].override")
