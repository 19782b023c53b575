"""The Northstar data generator: messy raw data with ground truth, fast and deterministic."""

from orchestration.generator.rates import MessRates
from orchestration.generator.world import RAW_TABLES, generate

__all__ = ["RAW_TABLES", "MessRates", "generate"]
