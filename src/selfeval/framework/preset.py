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
