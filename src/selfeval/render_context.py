"""The data the report templates see: plain, read-only values.

Templates — including a user's own — never receive a pydantic model, a
dataclass or any other object whose methods reach Python. :func:`plain` walks
a value by its fields (pydantic ``model_fields``, dataclass fields) and turns
it into :class:`Record` mappings, tuples, strings, ``Decimal``, ints, bools,
``None`` and dates. Derived figures the report prints (properties such as
``Report.income_total``, the general-budget table, argument-less methods such
as ``EconomicBreakdown.rows``) are computed once here, by the names declared
in :data:`DERIVED`; a field added to a model later reaches the templates
without touching this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

__all__ = ["Record", "DERIVED", "SKIPPED", "plain"]


class Record(Mapping):
    """A frozen mapping of names to plain values; ``rec.name`` and ``rec["name"]``.

    The sandbox resolves ``rec.name`` to the value stored under ``name`` only,
    never to a method of this class, so a field called ``items`` or ``keys``
    still reads as the field.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __getattr__(self, name: str) -> Any:
        # for Python callers; templates read through the sandbox, which looks
        # in the data first so that a field never resolves to a method
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Record is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Record is read-only")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._data == other._data
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Record({self._data!r})"


def _problem_numbers(report: Any) -> dict[str, int]:
    """问题编号 → its serial number in 十、存在的主要问题 (1, 2, …)."""
    return {p.id: n for n, p in enumerate(report.problems, 1)}


def _measures_by_problem(report: Any) -> dict[str, list[Any]]:
    """问题编号 → the measures that answer it (``Report.measures_for``)."""
    return {p.id: report.measures_for(p.id) for p in report.problems}


def _analysis_by_level1(performance: Any) -> dict[str, Any]:
    """一级指标 → its analysis entry (``Performance.analysis_for``; the first wins)."""
    out: dict[str, Any] = {}
    for entry in performance.analysis:
        out.setdefault(entry.level1, entry)
    return out


def _results_by_id(card: Any) -> dict[str, Any]:
    return {r.indicator.id: r for r in card.results}


def _shortfalls(group: Any) -> list[Any]:
    """The rows of a 一级 group scored below their points (the narrative names them)."""
    return [
        r for r in group.rows if r.score is not None and r.row.points is not None and r.score < r.row.points
    ]


_QUOTA_KINDS = (
    ("quota_admin", "行政编制"),
    ("quota_cs_like", "参公事业编制"),
    ("quota_institution", "事业编制"),
    ("quota_worker", "工勤编制"),
)

#: Derived values per class, by class name (the model is not imported here, so
#: this module stays cheap and free of cycles). Each entry is an attribute name
#: (a property, or a method taking no argument, called once) or a pair of a
#: name and a function of the object.
DERIVED: dict[str, tuple[str | tuple[str, Callable[[Any], Any]], ...]] = {
    "Report": (
        "income_total",
        "spending_basic",
        "spending_project",
        "spending_total",
        "carryover_start",
        "carryover_end",
        "economic",
        "display_name",
        "income_by_source",
        "spending_by_source",
        "personnel",
        "public_expense",
        ("problem_numbers", _problem_numbers),
        ("measures_by_problem", _measures_by_problem),
        "measure_references",
    ),
    "GeneralBudget": (
        "basic_spending",
        "project_spending",
        "key_project_spending",
        "spending",
        "initial_total",
        "additions_total",
        "reductions_total",
        "adjusted_total",
        "income",
        "carryover_start",
        "table",
        "carryover_end",
        "economic_split",
        "has_key_project",
        "is_empty",
    ),
    "BudgetBuildUp": ("adjusted", "net_adjustment", "is_empty"),
    "EconomicBreakdown": ("entered", "total", "given", "rows"),
    "BalanceRow": ("end",),
    "BalanceTable": ("total", "rows"),
    "OtherFund": ("label", "source_label", "spending", "carryover_end", "split_given", "items_total"),
    "ThreePublicCosts": ("rows", "total"),
    "StaffUnit": (
        "quota_total",
        ("quotas", lambda u: tuple((label, u.quota(f)) for f, label in _QUOTA_KINDS)),
    ),
    "Staffing": ("quota_total", "on_payroll_total", "retired_total", "contract_total", "quota_by_kind"),
    "Performance": (("analysis_by_level1", _analysis_by_level1),),
    "TextItem": ("is_empty",),
    "TextSection": ("is_empty",),
    "IndicatorResult": ("points", "is_manual", "band", "shown_basis", "needs", "named_detail"),
    "Scorecard": ("complete", "unscored", "blocking", "status", "rescaled", ("results_by_id", _results_by_id)),
    "Indicator": ("figure", "is_computed"),
    "Preset": ("weighted", "level1_names"),
    # the 自评表s (selfeval.evaluation)
    "TableResult": ("status", "complete"),
    "BudgetBlock": ("budget",),
    "GroupResult": (("shortfalls", _shortfalls),),
    "RowResult": ("quantitative",),
    "EvalIndicator": ("is_qualitative", "effective_target"),
}

#: Fields that are code, not data, left out of the templates' view.
SKIPPED: dict[str, frozenset[str]] = {
    # how to compute a figure and where to edit it: the editor's business
    "Figure": frozenset({"get", "edit"}),
}


def _fields(obj: Any) -> list[str]:
    if isinstance(obj, BaseModel):
        return list(type(obj).model_fields)
    return [f.name for f in dataclasses.fields(obj)]


def _derived(obj: Any) -> Iterator[tuple[str, Any]]:
    for cls in type(obj).__mro__:
        for entry in DERIVED.get(cls.__name__, ()):
            if isinstance(entry, tuple):
                name, fn = entry
                yield name, fn(obj)
            else:
                value = getattr(obj, entry)
                yield entry, value() if callable(value) else value


_ATOMS = frozenset({str, int, bool, Decimal, type(None)})
#: functions in a field are code, left out of the templates' view
_CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, functools.partial)


def plain(value: Any, _memo: dict[int, tuple[Any, Any]] | None = None) -> Any:
    """``value`` as plain read-only data (see the module's docstring).

    Raises ``TypeError`` for a value of a kind the templates must not see
    (a float, a function, an arbitrary object), so that a new field of such a
    type is noticed rather than handed over.
    """
    memo = {} if _memo is None else _memo
    if type(value) in _ATOMS:
        return value
    if value is None or isinstance(value, (bool, int, str, Decimal)):
        # str/int subclasses (an enum, a Literal) become the plain builtin
        if isinstance(value, bool) or value is None or type(value) in (int, str, Decimal):
            return value
        if isinstance(value, str):
            return str(value)
        if isinstance(value, int):
            return int(value)
        return Decimal(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # immutable; the sandbox lets templates read year/month/day only
    key = id(value)
    if key in memo:
        return memo[key][1]
    if isinstance(value, BaseModel) or (
        dataclasses.is_dataclass(value) and not isinstance(value, type)
    ):
        skipped = SKIPPED.get(type(value).__name__, frozenset())
        data: dict[str, Any] = {}
        for name in _fields(value):
            field = getattr(value, name)
            if name in skipped or isinstance(field, _CODE):
                continue  # code, not data
            data[name] = plain(field, memo)
        for name, derived in _derived(value):
            data[name] = plain(derived, memo)
        out: Any = Record(data)
    elif isinstance(value, Mapping):
        out = Record({str(k): plain(v, memo) for k, v in value.items()})
    elif isinstance(value, (list, tuple)):
        out = tuple(plain(v, memo) for v in value)
    else:
        raise TypeError(f"cannot hand a {type(value).__name__} to the templates")
    # the value is kept alive with its record: a derived value is a temporary,
    # and a later temporary must not inherit its id and so its record
    memo[key] = (value, out)
    return out
