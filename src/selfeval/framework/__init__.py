"""Indicator presets (TOML data) and the scoring that reads them."""

from selfeval.framework.preset import (
    PRESET_DIR,
    Indicator,
    Preset,
    PresetError,
    load_preset,
    shipped_presets,
)
from selfeval.framework.scorecard import (
    IndicatorResult,
    Scorecard,
    Subtotal,
    describe_rule,
    evaluate,
    rule_score,
)

__all__ = [
    "PRESET_DIR",
    "Indicator",
    "IndicatorResult",
    "Preset",
    "PresetError",
    "Scorecard",
    "Subtotal",
    "describe_rule",
    "evaluate",
    "load_preset",
    "rule_score",
    "shipped_presets",
]
