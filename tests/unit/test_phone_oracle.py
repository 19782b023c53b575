"""Generated phones are valid numbers, and libphonenumber reads each raw value — in the region
staging reads it in (the record's country column, else the source's default region) — as the
person's true number in E.164."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pytest

from orchestration.generator import Generation, MessRates, vocab
from orchestration.generator.contract import DEFAULT_REGION, PHONE_REGION_COLUMNS
from orchestration.generator.phones import (
    AREA_CODES,
    MOBILE_RANGES,
    STYLES,
    all_templates,
    oracle_e164,
)
from tests.unit.conftest import measurable_rates

PHONE_COLUMNS = {
    "shop_customers": ["phone"],
    "shop_orders": ["phone"],
    "crm_contacts": ["phone", "mobile_phone"],
    "loyalty_members": ["phone"],
    "pos_transactions": ["phone"],
    "support_tickets": ["requester_phone"],
}


@cache
def run() -> tuple[dict[tuple[str, str], pa.Table], pa.Table]:
    """3000 persons with phones in every format (no staff junk), and the phone ledger."""
    rates = measurable_rates().with_overrides({"junk_value": 0.0})
    generation = Generation(3000, seed=21, rates=rates, record_phones=True)
    tables: dict = {}
    for key, table in generation.pieces():
        tables.setdefault(key, []).append(table)
    assert generation.phones is not None
    return {k: pa.concat_tables(v) for k, v in tables.items()}, generation.phones.table()


def filled(template: str, digits: str) -> str:
    out = iter(digits)
    return "".join(next(out) if ch == "#" else ch for ch in template)


def sample_numbers(country: str, count: int, rng: np.random.Generator) -> list[str]:
    """Random national significant numbers from every range of the country."""
    if country in AREA_CODES:
        areas = rng.choice(AREA_CODES[country], count)
        exchanges = rng.integers(200, 1000, count)
        exchanges = np.where((exchanges % 100 == 11) | (exchanges == 555), exchanges + 1, exchanges)
        lines = rng.integers(0, 10_000, count)
        return [f"{a}{e}{x:04d}" for a, e, x in zip(areas, exchanges, lines, strict=True)]
    numbers = []
    for prefix, length in MOBILE_RANGES[country]:
        tail = length - len(prefix)
        numbers += [f"{prefix}{t:0{tail}d}" for t in rng.integers(0, 10**tail, count)]
    return numbers


@pytest.mark.parametrize("country", vocab.COUNTRY_CODES)
def test_every_mobile_range_in_every_written_form_reads_back_to_its_number(country):
    spec = next(c for c in vocab.COUNTRIES if c.code == country)
    rng = np.random.default_rng(7)
    for nsn in sample_numbers(country, 40, rng):
        e164 = f"+{spec.calling_code}{nsn}"
        assert oracle_e164(e164, "DE") == e164, f"{e164} is not a valid number"
        # Typed at home (national forms allowed), and abroad in Germany (the default region).
        for region in {country, DEFAULT_REGION}:
            typed_in = next(c for c in vocab.COUNTRIES if c.code == region)
            forms = all_templates(country, len(nsn), typed_in.international_prefix)
            for (style, _), templates in forms.items():
                if style == "national" and region != country:
                    continue
                for template in templates:
                    raw = filled(template, nsn)
                    assert oracle_e164(raw, region) == e164, f"{raw!r} read in {region}"


def test_every_written_style_occurs():
    _, ledger = run()
    raws = ledger["raw"].to_pylist()
    assert any(r.startswith("+") and "(0)" in r for r in raws)  # trunk_bracket
    assert any(r.startswith(("00", "011")) for r in raws)  # idd
    assert any(not r.startswith(("+", "00", "011")) for r in raws)  # national
    assert len(STYLES) == 4


def test_generated_valid_phones_agree_with_libphonenumber_for_at_least_999_in_1000():
    _, ledger = run()
    rows = ledger.to_pylist()
    assert len(rows) > 2000
    agree = sum(oracle_e164(r["raw"], r["region"]) == r["e164"] for r in rows)
    assert agree / len(rows) >= 0.999


def test_phones_in_the_raw_tables_are_valid_in_the_region_staging_reads_them_in():
    tables, ledger = run()
    true_e164 = set(ledger["e164"].to_pylist())
    checked = 0
    for table, columns in PHONE_COLUMNS.items():
        region_column = PHONE_REGION_COLUMNS[table]
        for row in tables[("raw", table)].to_pylist():
            region = row[region_column] if region_column else DEFAULT_REGION
            for column in columns:
                if row[column] is None:
                    continue
                checked += 1
                e164 = oracle_e164(row[column], region)
                assert e164 in true_e164, f"{table}.{column} {row[column]!r} read in {region}"
    assert checked > 2000


def test_national_formats_appear_only_where_the_region_is_the_persons_country():
    tables, _ = run()
    # Loyalty members are read in the default region (DE): only Germans may write nationally.
    members = tables[("raw", "loyalty_members")].to_pylist()
    national = [
        m["phone"] for m in members if m["phone"] and not m["phone"].startswith(("+", "00"))
    ]
    assert national
    assert all(
        oracle_e164(
            p,
            "DE",
        ).startswith("+49")
        for p in national
    )


def test_oracle_rejects_junk_and_unknown_regions_gracefully():
    assert oracle_e164(None, "DE") is None
    assert oracle_e164("0000000000", "DE") is None
    assert oracle_e164("n/a", "DE") is None
    assert oracle_e164("+49 1512 3456789", "DE") == "+4915123456789"
    assert MessRates().junk_value > 0
