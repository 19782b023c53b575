"""Generated phones are valid numbers: libphonenumber reads them as the person's number."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow.compute as pc

from orchestration.datagen.phones import oracle_e164
from orchestration.datagen.rates import MessRates
from orchestration.datagen.world import World, national_ok

# No staff junk and no changed numbers: every written phone is the person's one number.
CLEAN = MessRates(junk_value=0.0, phone_change=0.0)


def test_generated_phones_agree_with_libphonenumber_for_at_least_999_in_1000():
    world = World(
        5000, seed=5, as_of=date(2026, 11, 1), rates=MessRates(junk_value=0.0, phone_change=0.0)
    )
    people = np.arange(world.n)
    # Read in the person's own country (as a record with a country column would be).
    written = world.phone_as_typed(people, national_ok(world, people, world.country_idx))
    truth = pc.take(world.phone, people).to_pylist()
    regions = world.country.to_pylist()
    agree = sum(
        oracle_e164(raw, region) == expected
        for raw, region, expected in zip(written.to_pylist(), regions, truth, strict=True)
    )
    assert agree / world.n >= 0.999


def test_phones_for_a_default_region_record_read_correctly_in_that_region():
    world = World(
        3000, seed=6, as_of=date(2026, 11, 1), rates=MessRates(junk_value=0.0, phone_change=0.0)
    )
    people = np.arange(world.n)
    written = world.phone_as_typed(people, national_ok(world, people, None)).to_pylist()
    truth = pc.take(world.phone, people).to_pylist()
    agree = sum(oracle_e164(raw, "DE") == e for raw, e in zip(written, truth, strict=True))
    assert agree / world.n >= 0.999
