"""Generate every raw table of the contract and the ground truth for N persons.

Everything is drawn from one numpy Generator seeded by `seed`, in a fixed order, and the clock is
`as_of` (never the wall clock): the same arguments give the same tables, byte for byte. Tables
come out one piece at a time (large ones in several pieces), so a loader can land each and let
it go: memory stays bounded at any scale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa

from orchestration.generator.context import Context
from orchestration.generator.contract import RAW_TABLES, TRUTH_TABLE
from orchestration.generator.ledger import MessLog, PhoneLedger, Truth
from orchestration.generator.population import Clock, build_population
from orchestration.generator.rates import MessRates
from orchestration.generator.sources import consent, crm, erp, esp, shop, stores, support, web

DEFAULT_AS_OF = date(2026, 11, 1)
TableKey = tuple[str, str]

# Order matters: later sources use the accounts earlier ones opened (consent needs them all).
STEPS: list[tuple[str, Callable[[Context], Iterator[tuple[str, pa.Table]]]]] = [
    ("products and stock", erp.build),
    ("shop customers and orders", shop.build),
    ("CRM contacts", crm.build),
    ("web events", web.build),
    ("email events", esp.build),
    ("loyalty and point of sale", stores.build),
    ("support tickets", support.build),
    ("consent, privacy requests, preferences", consent.build),
]


class Generation:
    """One generator run: iterate `pieces()` once; `mess` and `phones` fill in as it goes."""

    def __init__(
        self,
        persons: int,
        seed: int = 42,
        as_of: date = DEFAULT_AS_OF,
        rates: MessRates | None = None,
        record_phones: bool = False,
    ) -> None:
        if persons < 1:
            raise ValueError("persons must be at least 1")
        self.persons, self.seed, self.as_of = persons, seed, as_of
        self.rates = rates or MessRates()
        self.mess = MessLog()
        self.phones = PhoneLedger() if record_phones else None
        self.rows: dict[TableKey, int] = defaultdict(int)

    def pieces(
        self, on_step: Callable[[str], None] | None = None
    ) -> Iterator[tuple[TableKey, pa.Table]]:
        """(schema, table) and an Arrow table of text columns; a table may come in pieces,
        truth.person_identifiers comes last."""
        rng = np.random.default_rng(self.seed)
        midnight = datetime(self.as_of.year, self.as_of.month, self.as_of.day, tzinfo=UTC)
        clock = Clock(int(midnight.timestamp()))
        people = build_population(rng, self.persons, clock, self.rates)
        ctx = Context(rng, self.rates, clock, people, Truth(self.persons), self.mess, self.phones)
        if on_step:
            on_step("persons")
        for label, step in STEPS:
            for name, table in step(ctx):
                self.rows[("raw", name)] += table.num_rows
                yield ("raw", name), table
            if on_step:
                on_step(label)
        truth = ctx.truth.table()
        self.rows[TRUTH_TABLE] = truth.num_rows
        yield TRUTH_TABLE, truth
        if on_step:
            on_step("truth")


def step_count() -> int:
    """How many times `on_step` is called in a run."""
    return len(STEPS) + 2


def generate(
    persons: int,
    seed: int = 42,
    as_of: date = DEFAULT_AS_OF,
    rates: MessRates | None = None,
) -> dict[TableKey, pa.Table]:
    """{(schema, table): Arrow table} for every raw table (contract order) and the truth."""
    parts: dict[TableKey, list[pa.Table]] = defaultdict(list)
    for key, table in Generation(persons, seed, as_of, rates).pieces():
        parts[key].append(table)
    keys = [("raw", name) for name in RAW_TABLES] + [TRUTH_TABLE]
    return {key: pa.concat_tables(parts[key]) for key in keys}
