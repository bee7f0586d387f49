"""Next year's draft from last year's (``selfeval new FILE --from LAST.toml``).

:func:`roll_forward` builds a new :class:`Report` from last year's and never
touches the old one. What it keeps, moves, clears and carries is listed in the
README (section "Next year's draft"); in short:

* kept: 基本信息 (but the year and the date), 职能职责, 机构设置, the staffing
  structure (units, 编制, 领导职数), the preset, the projects' names, the
  funds' names, the scoring structure and the 自评表 indicator rows with their
  targets, actuals and scores cleared (or, with a 目标表, this year's targets);
* moved: last year's actuals into this year's previous-year fields (see
  :data:`PREVIOUS_YEAR_FIELDS`);
* cleared: every figure of the new year (未填, never 0) and last year's narrative
  of what was done;
* carried: last year's problems become 上年问题整改情况 entries, and the
  narrative texts of :func:`carry_paths` are marked 待确认.

Also here: which carried texts are still 待确认 (:func:`pending`), confirming
one (:func:`confirm`), and the 目标表 file (:func:`load_targets`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from pydantic import Field, ValidationError

from selfeval.errors import DraftError
from selfeval.model import (
    BaseRow,
    Carried,
    CarriedText,
    Report,
    paths,
)
from selfeval.model.base import Line, Model, Score, Text, choice
from selfeval.model.carry import Rectification, text_digest
from selfeval.model.evaluation import NATURES, EvalIndicator, Goal

__all__ = [
    "PREVIOUS_YEAR_FIELDS",
    "TargetRow",
    "TargetTable",
    "ProjectTargets",
    "Targets",
    "load_targets",
    "carry_paths",
    "pending",
    "unchanged",
    "is_pending",
    "confirm",
    "roll_forward",
]

#: Where last year's actuals go in the new draft: (new field, what it is taken from).
PREVIOUS_YEAR_FIELDS: tuple[tuple[str, str], ...] = (
    ("general_budget.carryover_start_basic", "上年一般公共预算基本支出年末结转和结余"),
    ("general_budget.carryover_start_project", "上年一般公共预算项目支出年末结转和结余"),
    ("other_funds[i].carryover_start", "上年同名资金的年末结转和结余"),
    ("base_data.three_public.overseas.prev_actual", "上年因公出国（境）费决算数"),
    ("base_data.three_public.vehicle_purchase.prev_actual", "上年公务用车购置费决算数"),
    ("base_data.three_public.vehicle_operation.prev_actual", "上年公务用车运行维护费决算数"),
    ("base_data.three_public.reception.prev_actual", "上年公务接待费决算数"),
    ("base_data.public_funds.prev_actual", "上年一般公共预算日常公用经费决算数"),
)


# ---- 目标表 ---------------------------------------------------------------------


class TargetRow(Model):
    """One indicator of the approved 绩效目标表."""

    level1: Line = Field(default="", title="一级指标")
    level2: Line = Field(default="", title="二级指标")
    name: Line = Field(title="三级指标")
    nature: choice(*NATURES) = Field(default="≥", title="指标性质")  # type: ignore[valid-type]
    target: Line = Field(default="", title="指标值")
    unit: Line = Field(default="", title="计量单位")
    points: Score | None = Field(default=None, title="分值")
    figure: Line = Field(default="", title="计算依据")

    def indicator(self) -> EvalIndicator:
        return EvalIndicator(**self.model_dump())


class TargetTable(Model):
    goals: list[Text] = Field(default_factory=list, title="年度总体目标")
    indicators: list[TargetRow] = Field(default_factory=list, title="绩效指标")


class ProjectTargets(TargetTable):
    name: Line = Field(title="项目名称")


class Targets(Model):
    """This year's approved 绩效目标表 (the file ``--targets`` reads)."""

    year: int | None = Field(default=None, title="年度")
    department: TargetTable = Field(default_factory=TargetTable, title="部门整体绩效目标")
    projects: list[ProjectTargets] = Field(default_factory=list, title="项目绩效目标")


def load_targets(path: Path | str) -> Targets:
    """Read a 目标表 file; :class:`DraftError` (Chinese) when it cannot be used."""
    from selfeval import draft
    from selfeval._compat import tomllib

    path = Path(path)
    text = draft.read_text(path)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise draft._decode_error(exc, path) from None
    try:
        return Targets.model_validate(data)
    except ValidationError as exc:
        from selfeval.model.errors import message_of

        first = exc.errors()[0]
        where = paths.join(list(first["loc"]))
        raise DraftError(f"目标表格式不对：{message_of(first)}", file=path, path=where) from None


# ---- carried texts ----------------------------------------------------------


def carry_paths(report: Report) -> Iterator[str]:
    """The narrative fields whose text is carried from last year's draft and
    marked 待确认 (those that are not empty)."""
    yield "meta.preamble"
    yield "overview.basic_info"
    for i in range(len(report.overview.duties)):
        yield f"overview.duties[{i}]"
    yield "overview.organisation.summary"
    for i in range(len(report.overview.organisation.internal_units)):
        yield f"overview.organisation.internal_units[{i}]"
    for i in range(len(report.overview.organisation.subordinate_units)):
        yield f"overview.organisation.subordinate_units[{i}]"
    yield "overview.organisation.note"
    yield "overview.staffing.note"
    yield "performance.analysis_intro"


def _texts(report: Report) -> dict[str, str]:
    out = {}
    for path in carry_paths(report):
        text = paths.get(report, path)
        if text.strip():
            out[path] = text
    return out


def _locate(report: Report, entry: CarriedText, texts: dict[str, str], digests: dict[str, str]) -> str | None:
    """Where the carried text of ``entry`` is now, unchanged (``None``: edited or gone)."""
    if entry.path in digests and digests[entry.path] == entry.digest:
        return entry.path
    for path, digest in digests.items():
        if digest == entry.digest:
            return path
    return None


def _matches(report: Report, *, confirmed: bool | None) -> list[tuple[CarriedText, str]]:
    entries = report.carried.texts
    if not entries:
        return []
    texts = _texts(report)
    digests = {p: text_digest(t) for p, t in texts.items()}
    out = []
    seen: set[str] = set()
    for entry in entries:
        if confirmed is not None and entry.confirmed != confirmed:
            continue
        where = _locate(report, entry, texts, digests)
        if where is not None and where not in seen:
            seen.add(where)
            out.append((entry, where))
    return out


def pending(report: Report) -> list[tuple[CarriedText, str]]:
    """The carried texts still 待确认 (neither edited nor confirmed), each with
    the path of the field that holds it now, in report order."""
    found = _matches(report, confirmed=False)
    order = {p: i for i, p in enumerate(carry_paths(report))}
    return sorted(found, key=lambda m: order.get(m[1], 0))


def unchanged(report: Report) -> list[tuple[CarriedText, str]]:
    """Every carried text still exactly as carried (confirmed or not)."""
    return _matches(report, confirmed=None)


def is_pending(report: Report, path: str) -> bool:
    return any(where == path for _, where in pending(report))


def confirm(report: Report, path: str) -> bool:
    """Mark the carried text at ``path`` as confirmed; ``False`` when it is not 待确认."""
    for entry, where in pending(report):
        if where == path:
            entry.confirmed = True
            return True
    return False


# ---- rolling forward ----------------------------------------------------------


def _cleared_indicator(row: EvalIndicator) -> EvalIndicator:
    """A 自评表 row for the new year: what it measures kept, every value of last year cleared."""
    return EvalIndicator(
        level1=row.level1,
        level2=row.level2,
        name=row.name,
        nature=row.nature,
        unit=row.unit,
        figure=row.figure,
        points=row.points,
        survey_method=row.survey_method,
    )


def _from_targets(table: TargetTable):
    return [Goal(expected=g) for g in table.goals], [r.indicator() for r in table.indicators]


def _prev(row: BaseRow) -> BaseRow:
    return BaseRow(prev_actual=row.actual)


def roll_forward(old: Report, year: int | None = None, *, targets: Targets | None = None, from_file: str = "") -> Report:
    """Next year's draft from ``old`` (which is not changed). ``ValueError`` (Chinese)
    when ``year`` is not the year after ``old``'s."""
    from selfeval.model import (
        GeneralBudget,
        Meta,
        OtherFund,
        Overview,
        Performance,
        Project,
        Scoring,
        Staffing,
        StaffUnit,
        TextItem,
    )
    from selfeval.model.evaluation import DepartmentEvaluation, ProjectEvaluation

    from_year = old.meta.year
    year = from_year + 1 if year is None else year
    if year != from_year + 1:
        raise ValueError(
            f"上年草稿是 {from_year} 年度，新草稿应为 {from_year + 1} 年度（上年数取自紧挨着的上一年度），不能是 {year} 年度"
        )
    if targets is not None and targets.year is not None and targets.year != year:
        raise ValueError(f"目标表是 {targets.year} 年度的，新草稿是 {year} 年度")
    o = old.model_copy(deep=True)  # nothing below can reach into the old report

    meta = Meta(
        department=o.meta.department,
        short_name=o.meta.short_name,
        year=year,
        unit=o.meta.unit,
        preset=o.meta.preset,
        preparer=o.meta.preparer,
        preamble=o.meta.preamble,
    )
    st = o.overview.staffing
    staffing = Staffing(
        units=[
            StaffUnit(
                name=u.name,
                quota_admin=u.quota_admin,
                quota_cs_like=u.quota_cs_like,
                quota_institution=u.quota_institution,
                quota_worker=u.quota_worker,
                quota_parts=u.quota_parts,
                leaders=u.leaders,
            )
            for u in st.units
        ],
        note=st.note,
    )
    overview = Overview(
        basic_info=o.overview.basic_info,
        duties=o.overview.duties,
        organisation=o.overview.organisation,
        staffing=staffing,
    )

    by_name = {p.name: p for p in (targets.projects if targets else [])}
    projects = []
    for p in o.general_budget.projects:
        ev = ProjectEvaluation(indicators=[_cleared_indicator(r) for r in p.evaluation.indicators])
        if p.name in by_name:
            goals, rows = _from_targets(by_name.pop(p.name))
            ev = ProjectEvaluation(goals=goals, indicators=rows)
        projects.append(Project(name=p.name, key=p.key, note=p.note, evaluation=ev))
    for name, t in by_name.items():  # a project new this year
        goals, rows = _from_targets(t)
        projects.append(Project(name=name, evaluation=ProjectEvaluation(goals=goals, indicators=rows)))

    table = o.general_budget.table
    general_budget = GeneralBudget(
        carryover_start_basic=table.basic.end,
        carryover_start_project=table.project.end,
        projects=projects,
    )
    other_funds = [
        OtherFund(source=f.source, name=f.name, carryover_start=f.carryover_end) for f in o.other_funds
    ]

    base = o.base_data
    three = base.three_public
    base_data = type(base)(
        three_public=type(three)(**{r: _prev(getattr(three, r)) for r in three.ROWS}),
        public_funds=type(base.public_funds)(prev_actual=o.general_budget.public_expense),
    )

    performance = Performance(
        analysis_intro=o.performance.analysis_intro,
        analysis=[type(a)(level1=a.level1) for a in o.performance.analysis],
    )
    sc = o.scoring
    scoring = Scoring(
        granularity=sc.granularity,
        level1=[type(s)(name=s.name) for s in sc.level1],
        scores=[type(s)(id=s.id, points=s.points) for s in sc.scores],
    )

    if targets is not None:
        goals, rows = _from_targets(targets.department)
        evaluation = DepartmentEvaluation(goals=goals, indicators=rows)
        overview.goals = [TextItem(text=t) for t in targets.department.goals]
    else:
        evaluation = DepartmentEvaluation(indicators=[_cleared_indicator(r) for r in o.evaluation.indicators])

    rectifications = []
    for p in o.problems:
        if not (p.title.strip() or p.text.strip()):
            continue
        planned = "\n".join(
            line
            for m in o.measures_for(p.id)
            for line in [m.title.strip(), m.text.strip(), *(t.strip() for t in m.items)]
            if line
        )
        rectifications.append(Rectification(problem=p.title, detail=p.text, planned=planned))

    new = Report(
        meta=meta,
        overview=overview,
        general_budget=general_budget,
        other_funds=other_funds,
        base_data=base_data,
        performance=performance,
        scoring=scoring,
        evaluation=evaluation,
        rectifications=rectifications,
    )
    new.carried = Carried(
        from_year=from_year,
        from_file=from_file,
        texts=[CarriedText(path=p, digest=text_digest(t)) for p, t in _texts(new).items()],
    )
    return new
