"""What every source builder gets: the random generator, rates, clock, population and ledgers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from orchestration.generator.ledger import MessLog, PhoneLedger, Truth
from orchestration.generator.population import Clock, Population
from orchestration.generator.rates import MessRates


@dataclass
class Catalog:
    """ERP products the shop and stores sell: list price (EUR) and category per SKU index."""

    sku: list[str] = field(default_factory=list)
    price: np.ndarray = field(default_factory=lambda: np.zeros(0))
    category: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    popularity: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """SKU indexes, popular products more often."""
        cumulative = np.cumsum(self.popularity)
        return np.searchsorted(cumulative, rng.random(n) * cumulative[-1]).clip(
            0, len(self.sku) - 1
        )


@dataclass
class Accounts:
    """Which persons hold which source accounts, and their keys (set as sources are built)."""

    shop: np.ndarray | None = None  # person -> shop customer row index or -1
    shop_id: pa.Array | None = None  # per person (null where none)
    shop_created_at: np.ndarray | None = None
    crm_id: pa.Array | None = None  # first CRM contact id per person (null where none)
    loyalty_card: pa.Array | None = None  # current loyalty card per person (null where none)
    anonymous_id: pa.Array | None = None  # first browser's anonymous id per person


@dataclass
class Context:
    rng: np.random.Generator
    rates: MessRates
    clock: Clock
    people: Population
    truth: Truth
    mess: MessLog
    phones: PhoneLedger | None = None
    catalog: Catalog = field(default_factory=Catalog)
    accounts: Accounts = field(default_factory=Accounts)

    @property
    def n(self) -> int:
        return self.people.n
