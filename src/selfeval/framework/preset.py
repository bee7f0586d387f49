"""Indicator presets: the three levels, 分值, scoring rules and grade bands, as TOML data.

No indicator is hard-coded in Python. A preset file names each 三级 indicator
with its 一级/二级 parents, its points, the rule that scores it and the figure
(``selfeval.model.figures``) that rule reads. Shipped presets live in
``presets/``; a draft may name its own file instead.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from selfeval._compat import tomllib
from selfeval.errors import PresetError
from selfeval.model.figures import INDICATORS

__all__ = [
    "PresetError",
    "Band",
    "Grade",
    "Indicator",
    "Outline",
    "Preset",
    "EvaluationRules",
    "QualitativeBand",
    "TableSplit",
    "PRESET_DIR",
    "load_preset",
    "shipped_presets",
]

PRESET_DIR = Path(__file__).parent / "presets"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManualRule(_Data):
    """Score typed by the evaluator, with 评分依据."""

    kind: Literal["manual"] = "manual"


class QualitativeRule(_Data):
    """Typed score judged in three bands: 达成 80–100%, 部分达成 60–80%, 未达成 0–60% of the points."""

    kind: Literal["qualitative"]


class RatioRule(_Data):
    """Higher is better: value ≥ target → full points, else value ÷ target × points."""

    kind: Literal["ratio"]
    figure: str
    target: Decimal = Decimal(100)


class ReverseRatioRule(_Data):
    """Lower is better: value ≤ target → full points, else target ÷ value × points."""

    kind: Literal["reverse_ratio"]
    figure: str
    target: Decimal = Decimal(100)


class DeductRule(_Data):
    """Full points on the right side of ``threshold``; each ``per`` points beyond deducts ``deduct``."""

    kind: Literal["deduct"]
    figure: str
    threshold: Decimal
    direction: Literal["above", "below"] = "above"
    per: Decimal = Decimal(1)
    deduct: Decimal
    #: how a partial step counts: exact (proportional), ceil (a started step counts), floor
    steps: Literal["exact", "ceil", "floor"] = "exact"


class Band(_Data):
    #: inclusive upper bound of the band, in percent; ``None`` = everything above
    max: Decimal | None = None
    #: share of the points given in this band (0..1)
    share: Decimal

    @model_validator(mode="after")
    def _share(self) -> Band:
        if not 0 <= self.share <= 1:
            raise ValueError("share 应在 0 到 1 之间")
        return self


class BandedRule(_Data):
    """Points by band of the value: the first band whose ``max`` is ≥ the value."""

    kind: Literal["banded"]
    figure: str
    bands: list[Band]


Rule = Annotated[
    Union[ManualRule, QualitativeRule, RatioRule, ReverseRatioRule, DeductRule, BandedRule],
    Field(discriminator="kind"),
]


class Indicator(_Data):
    id: str
    level1: str
    level2: str
    level3: str
    #: 分值; ``None`` in a preset that leaves weights to the user
    points: Decimal | None = None
    standard: str = ""
    rule: Rule = Field(default_factory=ManualRule)
    #: overrides the preset's not-applicable policy for this indicator
    not_applicable: Literal["full", "rescale"] | None = None

    @property
    def figure(self) -> str | None:
        return getattr(self.rule, "figure", None)

    @property
    def is_computed(self) -> bool:
        return self.figure is not None


class Grade(_Data):
    name: str
    #: inclusive lower bound of the total score
    min: Decimal


class Level1(_Data):
    name: str
    points: Decimal | None = None


#: chapters of the report an outline may mark optional (the names the templates test)
OPTIONAL_CHAPTERS = ("gov_fund", "state_capital", "other_funds")


class Outline(_Data):
    """The report's outline as the preset's rules require it.

    A chapter named in ``optional`` is left out of the report when it has no
    content (its numbering closes up); any other chapter is always printed,
    with 无 when empty.
    """

    optional: list[Literal["gov_fund", "state_capital", "other_funds"]] = Field(
        default_factory=lambda: list(OPTIONAL_CHAPTERS)
    )


def _default_qualitative() -> list[QualitativeBand]:
    return [
        QualitativeBand(grade="达成年度指标", min=Decimal(80), max=Decimal(100)),
        QualitativeBand(grade="部分达成并具有一定效果", min=Decimal(60), max=Decimal(80)),
        QualitativeBand(grade="未达成且效果较差", min=Decimal(0), max=Decimal(60)),
    ]


def _default_eval_grades() -> list[Grade]:
    return [
        Grade(name="优", min=Decimal(90)),
        Grade(name="良", min=Decimal(80)),
        Grade(name="中", min=Decimal(60)),
        Grade(name="差", min=Decimal(0)),
    ]


def _default_split() -> TableSplit:
    return TableSplit()


class QualitativeBand(_Data):
    """The score band of one 定性 grade, in percent of the row's points.

    ``min`` is inclusive; ``max`` is exclusive, except a band that reaches 100
    (the best grade: [80, 100])."""

    grade: Literal["达成年度指标", "部分达成并具有一定效果", "未达成且效果较差"]
    min: Decimal
    max: Decimal

    @model_validator(mode="after")
    def _range(self) -> QualitativeBand:
        if not (0 <= self.min < self.max <= 100):
            raise ValueError("定性指标分数段应满足 0 ≤ min < max ≤ 100")
        return self

    def contains(self, percent: Decimal) -> bool:
        if self.max >= 100:
            return self.min <= percent <= self.max
        return self.min <= percent < self.max


class TableSplit(_Data):
    """How a 自评表's 100 points are split: 预算执行率 and each 一级指标.

    The default is the national 项目支出绩效自评表 split (财预〔2020〕10号):
    预算执行率 10, 产出指标 50, 效益指标 30, 满意度指标 10."""

    budget_points: Decimal = Decimal(10)
    level1: list[Level1] = Field(
        default_factory=lambda: [
            Level1(name="产出指标", points=Decimal(50)),
            Level1(name="效益指标", points=Decimal(30)),
            Level1(name="满意度指标", points=Decimal(10)),
        ]
    )

    @model_validator(mode="after")
    def _points(self) -> TableSplit:
        if any(lv.points is None for lv in self.level1):
            raise ValueError("自评表每个一级指标都要有分值（points）")
        names = [lv.name for lv in self.level1]
        if len(set(names)) != len(names):
            raise ValueError("自评表的一级指标重复")
        return self

    @property
    def indicator_points(self) -> Decimal:
        return sum((lv.points or Decimal(0) for lv in self.level1), Decimal(0))

    @property
    def total_points(self) -> Decimal:
        return self.budget_points + self.indicator_points

    def points_of(self, level1: str) -> Decimal | None:
        for lv in self.level1:
            if lv.name == level1:
                return lv.points
        return None


class EvaluationRules(_Data):
    """How the 自评表s (部门整体 and 项目支出) are scored: data, not code.

    ``selfeval.evaluation`` applies them; docs/evaluation.md explains each one
    with worked numbers. Percent values are written as percent (130 = 130%)."""

    #: ≤ (反向) rows: ``linear`` — B ≤ A full; A < B < 2A (1 − (B−A)/A) × points;
    #: B ≥ 2A 0 — or ``ratio`` — A/B × points
    reverse: Literal["linear", "ratio"] = "linear"
    #: 预算执行率 = 全年执行数 ÷ 全年预算数 (``adjusted``) or ÷ 年初预算数 (``initial``)
    budget_denominator: Literal["adjusted", "initial"] = "adjusted"
    #: 超额完成: actual at or beyond this percent of the target (≤ rows: target ÷ actual)
    over_threshold: Decimal = Decimal(130)
    #: ``explain-only``: full points, 偏差原因 required; ``no-deduction``: full points,
    #: nothing required; ``deduct-by-deviation``: points × (1 − (完成比例 − 阈值)), at least 0,
    #: and 偏差原因 required
    over_policy: Literal["explain-only", "no-deduction", "deduct-by-deviation"] = "explain-only"
    #: 定性 rows: the score band of each grade
    qualitative: list[QualitativeBand] = Field(default_factory=_default_qualitative)
    #: 评价等级 of a 自评表's total
    grades: list[Grade] = Field(default_factory=_default_eval_grades)
    #: the points split of the 部门整体支出绩效自评表 and of each 项目支出绩效自评表
    department: TableSplit = Field(default_factory=_default_split)
    project: TableSplit = Field(default_factory=_default_split)
    #: 自评预警 red: (S/S_max − E/E_max) ÷ (S/S_max) above this percent
    light_tolerance: Decimal = Decimal(5)
    #: 自评预警 yellow: 预算执行率 below this percent (or a budget of 0)
    light_yellow_below: Decimal = Decimal(80)

    @model_validator(mode="after")
    def _consistent(self) -> EvaluationRules:
        grades = [b.grade for b in self.qualitative]
        if sorted(grades) != sorted(("达成年度指标", "部分达成并具有一定效果", "未达成且效果较差")):
            raise ValueError("定性指标应为三个等级各给一个分数段")
        if sorted((g.min for g in self.grades), reverse=True) != [g.min for g in self.grades]:
            raise ValueError("自评表等级应按下限从高到低排列")
        if self.over_threshold <= 100:
            raise ValueError("超额完成阈值应大于 100（%）")
        return self

    def band(self, grade: str) -> QualitativeBand | None:
        return next((b for b in self.qualitative if b.grade == grade), None)

    def grade_for(self, total: Decimal) -> str:
        for g in self.grades:
            if total >= g.min:
                return g.name
        return self.grades[-1].name if self.grades else ""

    def split(self, kind: str) -> TableSplit:
        return self.department if kind == "department" else self.project


class Preset(_Data):
    id: str
    name: str
    source: str = ""
    note: str = ""
    #: what a rule indicator with a zero denominator gets: full points, or it is
    #: dropped and the rest is rescaled to the full total
    not_applicable: Literal["full", "rescale"] = "full"
    total_points: Decimal = Decimal(100)
    level1: list[Level1] = Field(default_factory=list)
    grades: list[Grade]
    indicators: list[Indicator]
    outline: Outline = Field(default_factory=Outline)
    #: how the 自评表s are scored (defaults: the national rules)
    evaluation: EvaluationRules = Field(default_factory=EvaluationRules)

    @model_validator(mode="after")
    def _consistent(self) -> Preset:
        ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"指标编号重复：{'、'.join(dupes)}")
        for ind in self.indicators:
            if ind.figure is not None and ind.figure not in INDICATORS:
                raise ValueError(f"指标 {ind.id} 读取的数据“{ind.figure}”不存在")
        names = [lv.name for lv in self.level1]
        for ind in self.indicators:
            if names and ind.level1 not in names:
                raise ValueError(f"指标 {ind.id} 的一级指标“{ind.level1}”不在 level1 列表中")
        for lv in self.level1:
            if lv.points is None:
                continue
            members = [i for i in self.indicators if i.level1 == lv.name]
            if all(i.points is not None for i in members):
                total = sum((i.points for i in members), Decimal(0))
                if total != lv.points:
                    raise ValueError(
                        f"一级指标“{lv.name}”分值 {lv.points} ≠ 其三级指标分值之和 {total}"
                    )
        if all(i.points is not None for i in self.indicators):
            total = sum((i.points for i in self.indicators), Decimal(0))
            if total != self.total_points:
                raise ValueError(f"各指标分值之和 {total} ≠ 总分 {self.total_points}")
        if sorted((g.min for g in self.grades), reverse=True) != [g.min for g in self.grades]:
            raise ValueError("等级应按下限从高到低排列")
        return self

    @property
    def weighted(self) -> bool:
        """True when every indicator has its 分值 (national-2013 leaves them to the user)."""
        return all(i.points is not None for i in self.indicators)

    def level1_names(self) -> list[str]:
        if self.level1:
            return [lv.name for lv in self.level1]
        seen: list[str] = []
        for ind in self.indicators:
            if ind.level1 not in seen:
                seen.append(ind.level1)
        return seen

    def indicator(self, indicator_id: str) -> Indicator | None:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        return None

    def grade_for(self, total: Decimal) -> str:
        for g in self.grades:
            if total >= g.min:
                return g.name
        return self.grades[-1].name if self.grades else ""


def shipped_presets() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.toml"))


def _parse(text: str, where: str) -> Preset:
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise PresetError(f"指标体系 {where} 格式错误：{exc}") from None
    try:
        return Preset.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        raise PresetError(f"指标体系 {where} 无效：{loc}：{msg}") from None


@lru_cache(maxsize=32)
def _load_file(path: Path, mtime_ns: int) -> Preset:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PresetError(f"无法读取指标体系文件 {path}：{exc}") from None
    return _parse(text, str(path))


def load_preset(name: str, base_dir: Path | None = None) -> Preset:
    """A shipped preset by id (``hengyang-2024``) or a preset file by path.

    A relative path is taken relative to ``base_dir`` (the draft's folder).
    """
    shipped = PRESET_DIR / f"{name}.toml"
    if "/" not in name and "\\" not in name and not name.endswith(".toml"):
        if not shipped.exists():
            known = "、".join(shipped_presets())
            raise PresetError(f"没有名为“{name}”的指标体系（可选：{known}，或指标文件路径）")
        path = shipped
    else:
        path = Path(name)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise PresetError(f"找不到指标体系文件 {path}")
    path = path.resolve()
    return _load_file(path, path.stat().st_mtime_ns)
