"""Phone numbers: valid national numbers per country, written the many ways people type them.

`oracle_e164` is the reference used by tests: what libphonenumber makes of a raw value."""

from __future__ import annotations

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator.vocab import CA_AREA_CODES, COUNTRIES, US_AREA_CODES

COUNTRY_INDEX = {row[0]: i for i, row in enumerate(COUNTRIES)}


def oracle_e164(raw: str | None, region: str) -> str | None:
    """libphonenumber's E.164 for `raw` read in `region`, or None when it is not a valid number."""
    if raw is None:
        return None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_numbers(rng: np.random.Generator, country_idx: np.ndarray) -> pa.Array:
    """A valid mobile national significant number for each person's country."""
    out = np.empty(country_idx.size, dtype=object)
    for idx, (code, *_rest) in enumerate(COUNTRIES):
        mask = country_idx == idx
        n = int(mask.sum())
        if n == 0:
            continue
        prefix, digits = COUNTRIES[idx][6], COUNTRIES[idx][7]
        if code in ("US", "CA"):
            areas = np.array(US_AREA_CODES if code == "US" else CA_AREA_CODES, dtype=object)
            area = areas[rng.integers(0, areas.size, n)]
            exchange = rng.integers(200, 1000, n)
            line = rng.integers(0, 10000, n)
            out[mask] = [f"{a}{e:03d}{s:04d}" for a, e, s in zip(area, exchange, line, strict=True)]
        else:
            tail = rng.integers(0, 10**digits, n)
            out[mask] = [f"{prefix}{t:0{digits}d}" for t in tail]
    return pa.array(out, pa.string())


def e164(country_idx: np.ndarray, nsn: pa.Array) -> pa.Array:
    codes = pa.array([COUNTRIES[i][3] for i in range(len(COUNTRIES))]).take(pa.array(country_idx))
    return pc.binary_join_element_wise("+", codes, nsn, "")


FORMATS = ("e164", "intl_spaced", "intl_prefix", "national", "punctuated", "trunk_bracket")


def write_phones(
    rng: np.random.Generator,
    country_idx: np.ndarray,
    nsn: pa.Array,
    national_allowed: np.ndarray,
    rates,
) -> pa.Array:
    """Each phone in one of the formats people type; national forms only where the record's
    region (its own country column, else the source default) is the number's country."""
    n = country_idx.size
    draw = rng.random(n)
    r_nat, r_punct = rates.phone_national, rates.phone_punctuated
    r_intl, r_bracket = rates.phone_intl_prefix, rates.phone_trunk_bracket
    fmt = np.full(n, 0, dtype=np.int8)  # e164
    edges = np.cumsum([r_nat, r_punct, r_intl, r_bracket])
    fmt[draw < edges[3]] = 5
    fmt[draw < edges[2]] = 2
    fmt[draw < edges[1]] = 4
    fmt[draw < edges[0]] = 3
    spaced = rng.random(n) < 0.5
    fmt[(fmt == 0) & spaced] = 1
    trunk = np.array([c[4] for c in COUNTRIES], dtype=object)[country_idx]
    fmt[(~national_allowed) & np.isin(fmt, (3, 4))] = 1
    fmt[(fmt == 5) & (trunk != "0")] = 1

    codes = np.array([c[3] for c in COUNTRIES], dtype=object)[country_idx]
    # The international prefix is the one of the region where the number is typed: the
    # person's own country for national-capable records, else the source default (DE: 00).
    intl = np.where(
        national_allowed, np.array([c[5] for c in COUNTRIES], dtype=object)[country_idx], "00"
    )
    numbers = nsn.to_numpy(zero_copy_only=False)
    out = np.empty(n, dtype=object)
    for i in range(n):
        s, cc, f = numbers[i], codes[i], fmt[i]
        if f == 0:
            out[i] = f"+{cc}{s}"
        elif f == 1:
            out[i] = f"+{cc} {s[:3]} {s[3:]}"
        elif f == 2:
            out[i] = f"{intl[i]} {cc} {s[:3]} {s[3:]}" if cc == "1" else f"{intl[i]}{cc} {s}"
        elif f == 3:
            out[i] = f"{trunk[i]}{s[:3]} {s[3:]}" if cc != "1" else f"({s[:3]}) {s[3:6]}-{s[6:]}"
        elif f == 4:
            out[i] = (
                f"1-{s[:3]}-{s[3:6]}-{s[6:]}"
                if cc == "1"
                else f"({trunk[i]}{s[:3]}) {s[3:6]}-{s[6:]}"
            )
        else:
            out[i] = f"+{cc} (0){s}"
    return pa.array(out, pa.string())
