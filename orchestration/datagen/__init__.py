"""The Northstar data generator: messy raw data with ground truth, fast and deterministic."""

from orchestration.datagen.rates import MessRates
from orchestration.datagen.world import RAW_TABLES, generate

__all__ = ["RAW_TABLES", "MessRates", "generate"]
