"""The report model: pydantic v2, section by section, figures typed once."""

from selfeval.model.carry import Carried, CarriedText, Rectification
from selfeval.model.base import Model, TextItem, TextSection, paragraphs
from selfeval.model.figures import FIGURES, INDICATORS, Figure, value_of
from selfeval.model.finance import (
    ECONOMIC_CLASSES,
    INCOME_SOURCES,
    BalanceRow,
    BalanceTable,
    BaseData,
    BaseRow,
    BudgetBuildUp,
    EconomicBreakdown,
    FundItem,
    GeneralBudget,
    OtherFund,
    Project,
    PublicFunds,
    ThreePublicCosts,
)
from selfeval.model.meta import DEFAULT_PRESET, Meta
from selfeval.model.overview import Leader, Organisation, Overview, QuotaPart, StaffUnit, Staffing
from selfeval.model.performance import AnalysisEntry, Performance
from selfeval.model.problems import Measure, Problem
from selfeval.model.report import SCHEMA_VERSION, OverallNotes, Report, StatedFigure, next_problem_id
from selfeval.model.scoring import IndicatorScore, Level1Score, Scoring

__all__ = [
    "Carried",
    "CarriedText",
    "Rectification",
    "Leader",
    "QuotaPart",
    "Level1Score",
    "FundItem",
    "AnalysisEntry",
    "BalanceRow",
    "BalanceTable",
    "BaseData",
    "BaseRow",
    "BudgetBuildUp",
    "DEFAULT_PRESET",
    "ECONOMIC_CLASSES",
    "EconomicBreakdown",
    "FIGURES",
    "Figure",
    "GeneralBudget",
    "INCOME_SOURCES",
    "INDICATORS",
    "IndicatorScore",
    "Measure",
    "Meta",
    "Model",
    "Organisation",
    "OtherFund",
    "OverallNotes",
    "Overview",
    "Performance",
    "Problem",
    "Project",
    "PublicFunds",
    "Report",
    "SCHEMA_VERSION",
    "Scoring",
    "StaffUnit",
    "Staffing",
    "StatedFigure",
    "TextItem",
    "TextSection",
    "ThreePublicCosts",
    "next_problem_id",
    "paragraphs",
    "value_of",
]
