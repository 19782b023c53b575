"""Generated datasets shared by the generator's unit tests (each built once per session)."""

from __future__ import annotations

from functools import cache

import pyarrow as pa

from orchestration.generator import MessRates, generate

PERSONS = 4000
SEED = 11
# Raised from the defaults so each kind shows up often enough among PERSONS to measure its rate.
MEASURABLE = {
    "email_case": 0.1,
    "email_whitespace": 0.05,
    "gmail_variant": 0.4,
    "phone_national": 0.3,
    "phone_idd": 0.15,
    "phone_punctuated": 0.4,
    "phone_trunk_bracket": 0.15,
    "name_typo": 0.05,
    "nickname": 0.3,
    "household_email": 0.02,
    "family_device": 0.06,
    "kiosk_login": 0.05,
    "junk_value": 0.02,
    "anonymous_identify": 0.6,
    "anonymous_only": 0.05,
    "email_change": 0.1,
    "phone_change": 0.1,
    "crm_duplicate": 0.1,
    "duplicate_delivery": 0.02,
    "late_event": 0.05,
    "timestamp_iso": 0.1,
    "malformed_email": 0.02,
    "malformed_date": 0.02,
    "negative_quantity": 0.02,
    "unknown_currency": 0.02,
    "empty_key": 0.01,
    "unknown_consent_value": 0.03,
}


@cache
def measurable_rates() -> MessRates:
    return MessRates().with_overrides(MEASURABLE)


@cache
def messy() -> dict[tuple[str, str], pa.Table]:
    """PERSONS persons with every kind of mess at a measurable rate."""
    return generate(PERSONS, seed=SEED, rates=measurable_rates())


@cache
def clean() -> dict[tuple[str, str], pa.Table]:
    """The same persons with every rate at 0."""
    return generate(PERSONS, seed=SEED, rates=MessRates().scaled(0))
