"""The Northstar data generator: messy raw data for every source, with its ground truth.

`generate(persons, seed, as_of, rates)` returns every raw table and truth.person_identifiers as
Arrow tables of text; `Generation` streams them piece by piece for bulk loading at scale.
"""

from orchestration.generator.contract import RAW_TABLES, TRUTH_COLUMNS
from orchestration.generator.pipeline import DEFAULT_AS_OF, Generation, generate
from orchestration.generator.rates import MessRates

__all__ = ["DEFAULT_AS_OF", "RAW_TABLES", "TRUTH_COLUMNS", "Generation", "MessRates", "generate"]
