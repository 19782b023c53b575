"""Phone numbers: valid mobiles per country, written the many ways people type them.

A number is its country and national significant number (NSN, an integer with a known digit
count). Mobile ranges below are ones libphonenumber accepts as valid for the country (a unit test
checks every range); US and Canadian numbers use real area codes.

A phone is written from a template ('#' marks take the NSN's digits). National formats are only
used where the record's region — the region staging reads it in — is the person's country;
international prefixes (00, 011, 0011) are those of that region. `oracle_e164` is what
libphonenumber makes of a raw value: the reference tests compare staging against.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import phonenumbers
import pyarrow as pa

from orchestration.generator.rates import MessRates
from orchestration.generator.text import digits, fill_templates
from orchestration.generator.vocab import COUNTRIES, COUNTRY_INDEX

# Mobile ranges: (leading digits, NSN length).
MOBILE_RANGES: dict[str, tuple[tuple[str, int], ...]] = {
    "DE": (("151", 11), ("152", 11), ("157", 11), ("159", 11), ("160", 10), ("162", 11),
           ("170", 11), ("171", 11), ("172", 11), ("173", 11), ("175", 11), ("176", 11),
           ("177", 11), ("178", 11), ("179", 11)),
    "AT": (("650", 10), ("660", 11), ("664", 10), ("664", 11), ("676", 10), ("680", 10),
           ("681", 11), ("688", 10), ("699", 11)),
    "CH": (("75", 9), ("76", 9), ("77", 9), ("78", 9), ("79", 9)),
    "GB": (("7400", 10), ("7412", 10), ("7450", 10), ("7507", 10), ("7554", 10),
           ("7723", 10), ("7756", 10), ("7800", 10), ("7812", 10),
           ("7855", 10), ("7887", 10), ("7900", 10), ("7903", 10)),
    "FR": (("60", 9), ("61", 9), ("62", 9), ("64", 9), ("65", 9), ("66", 9), ("67", 9),
           ("68", 9), ("75", 9), ("76", 9), ("77", 9), ("78", 9)),
    "NL": (("61", 9), ("62", 9), ("63", 9), ("64", 9), ("65", 9), ("68", 9)),
    "ES": (("6", 9), ("71", 9), ("72", 9), ("73", 9), ("74", 9)),
    "IT": (("320", 10), ("328", 10), ("329", 10), ("330", 10), ("333", 10), ("338", 10),
           ("340", 10), ("347", 10), ("348", 10), ("349", 10), ("366", 10), ("380", 10),
           ("388", 10), ("389", 10), ("391", 10), ("392", 10), ("393", 10), ("349", 9)),
    "SE": (("70", 9), ("72", 9), ("73", 9), ("76", 9), ("79", 9)),
    "IE": (("83", 9), ("85", 9), ("86", 9), ("87", 9), ("89", 9)),
    "AU": (("400", 9), ("412", 9), ("423", 9), ("438", 9), ("450", 9), ("466", 9),
           ("478", 9), ("488", 9), ("499", 9)),
    "CN": (("130", 11), ("133", 11), ("135", 11), ("136", 11), ("138", 11), ("139", 11),
           ("150", 11), ("152", 11), ("158", 11), ("159", 11), ("186", 11), ("188", 11),
           ("189", 11)),
}  # fmt: skip
AREA_CODES: dict[str, tuple[int, ...]] = {
    "US": (201, 202, 206, 212, 213, 214, 215, 224, 305, 310, 312, 313, 323, 347, 404, 415,
           425, 469, 503, 512, 602, 612, 617, 646, 702, 713, 718, 720, 773, 786, 801, 818,
           832, 917, 929, 971),
    "CA": (204, 226, 250, 289, 306, 403, 416, 418, 437, 438, 450, 506, 514, 519, 587, 604,
           613, 647, 705, 778, 780, 819, 902, 905),
}  # fmt: skip
# How national numbers are grouped when written with separators, per (country, NSN length).
GROUPS: dict[tuple[str, int], tuple[int, ...]] = {
    ("DE", 11): (4, 7), ("DE", 10): (3, 7), ("AT", 10): (3, 7), ("AT", 11): (3, 8),
    ("CH", 9): (2, 3, 2, 2), ("GB", 10): (4, 6), ("FR", 9): (1, 2, 2, 2, 2),
    ("NL", 9): (1, 8), ("US", 10): (3, 3, 4), ("CA", 10): (3, 3, 4), ("ES", 9): (3, 2, 2, 2),
    ("IT", 10): (3, 3, 4), ("IT", 9): (3, 6), ("SE", 9): (2, 3, 2, 2), ("IE", 9): (2, 3, 4),
    ("AU", 9): (3, 3, 3), ("CN", 11): (3, 4, 4),
}  # fmt: skip
MAX_DIGITS = 12
STYLES = ("plus", "idd", "trunk_bracket", "national")
INTERNATIONAL_PREFIXES = ("00", "011", "0011")


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


@dataclass(frozen=True)
class Numbers:
    """Phone numbers: each one's country (index into COUNTRIES), NSN and NSN digit count."""

    country: np.ndarray
    nsn: np.ndarray
    length: np.ndarray

    def take(self, rows: np.ndarray) -> Numbers:
        return Numbers(self.country[rows], self.nsn[rows], self.length[rows])

    def where(self, mask: np.ndarray, other: Numbers) -> Numbers:
        return Numbers(
            np.where(mask, other.country, self.country),
            np.where(mask, other.nsn, self.nsn),
            np.where(mask, other.length, self.length),
        )

    def e164(self) -> pa.StringArray:
        """'+' calling code and NSN: the truth every written form must read back to."""
        table = _templates()
        tid = table.e164[self.country, self.length - 9]
        return fill_templates(tid, table.templates, _left_digits(self.nsn, self.length))


def draw_numbers(rng: np.random.Generator, country: np.ndarray) -> Numbers:
    """A distinct valid mobile number for each row, in that row's country."""
    n = country.size
    nsn = np.zeros(n, dtype=np.int64)
    length = np.zeros(n, dtype=np.int64)
    plan_prefix = np.zeros(n, dtype=np.int64)
    tail_digits = np.zeros(n, dtype=np.int64)
    for idx, spec in enumerate(COUNTRIES):
        rows = np.flatnonzero(country == idx)
        if rows.size == 0:
            continue
        if spec.code in AREA_CODES:
            areas = np.array(AREA_CODES[spec.code], dtype=np.int64)
            plan_prefix[rows] = areas[rng.integers(0, areas.size, rows.size)]
            length[rows] = 10
            tail_digits[rows] = 7
        else:
            ranges = MOBILE_RANGES[spec.code]
            which = rng.integers(0, len(ranges), rows.size)
            prefixes = np.array([int(p) for p, _ in ranges], dtype=np.int64)
            lengths = np.array([n_ for _, n_ in ranges], dtype=np.int64)
            widths = np.array([len(p) for p, _ in ranges], dtype=np.int64)
            plan_prefix[rows] = prefixes[which]
            length[rows] = lengths[which]
            tail_digits[rows] = lengths[which] - widths[which]
    todo = np.arange(n)
    calling = np.array([int(c.calling_code) for c in COUNTRIES], dtype=np.int64)
    while todo.size:
        nsn[todo] = plan_prefix[todo] * 10 ** tail_digits[todo] + _tails(
            rng, country[todo], tail_digits[todo]
        )
        # Two persons never share a number by chance: redraw the later of any equal pair.
        key = calling[country] * 10**MAX_DIGITS + nsn
        _, first = np.unique(key, return_index=True)
        repeated = np.ones(n, dtype=bool)
        repeated[first] = False
        todo = np.flatnonzero(repeated)
    return Numbers(country.astype(np.int64), nsn, length)


def _tails(rng: np.random.Generator, country: np.ndarray, tail_digits: np.ndarray) -> np.ndarray:
    tails = (rng.random(country.size) * 10.0**tail_digits).astype(np.int64)
    us_ca = np.isin(country, [COUNTRY_INDEX["US"], COUNTRY_INDEX["CA"]])
    if us_ca.any():
        # NXX-XXXX: the exchange never starts with 0 or 1, is never N11 nor 555.
        m = int(us_ca.sum())
        exchange = rng.integers(200, 1000, m)
        exchange = np.where((exchange % 100 == 11) | (exchange == 555), exchange + 1, exchange)
        tails[us_ca] = exchange * 10_000 + rng.integers(0, 10_000, m)
    return tails


def _left_digits(nsn: np.ndarray, length: np.ndarray) -> np.ndarray:
    """(n, MAX_DIGITS) ASCII digits of each NSN, left-aligned (its first digit in column 0)."""
    right = digits(nsn, MAX_DIGITS)
    columns = np.minimum((MAX_DIGITS - length)[:, None] + np.arange(MAX_DIGITS), MAX_DIGITS - 1)
    return np.take_along_axis(right, columns, axis=1)


# -- templates --------------------------------------------------------------------------------


def _group(groups: tuple[int, ...], sep: str) -> str:
    return sep.join("#" * g for g in groups)


def _variants(country_code: str, length: int, idd: str) -> dict[tuple[str, bool], list[str]]:
    """Templates per (style, punctuated) for a country, NSN length and typing region's IDD."""
    spec = COUNTRIES[COUNTRY_INDEX[country_code]]
    cc = spec.calling_code
    groups = GROUPS.get((country_code, length), (3, length - 3))
    head, rest = "#" * groups[0], groups[1:]
    compact = "#" * length
    north_american = country_code in ("US", "CA")
    trunk = spec.trunk_prefix if spec.national_trunk and not north_american else ""
    plus = [
        f"+{cc} {_group(groups, ' ')}",
        f"+{cc}-{_group(groups, '-')}",
        f"+{cc} ({head}) {_group(rest, ' ')}",
        f"+{cc}.{_group(groups, '.')}",
        f"+{cc} {head}/{'#' * sum(rest)}",
    ]
    if north_american:
        plus = [f"+1 {_group(groups, '-')}", f"+1 ({head}) {_group(rest, '-')}", "+1 ### ### ####"]
        national_punct = [
            "(###) ###-####", "###-###-####", "###.###.####", "1-###-###-####",
            "1 (###) ###-####", "### ### ####",
        ]  # fmt: skip
        national_compact = [compact, "1" + compact]
    else:
        national_punct = [
            f"{trunk}{head} {_group(rest, ' ')}",
            f"({trunk}{head}) {_group(rest, ' ')}",
            f"{trunk}{head}/{'#' * sum(rest)}",
            f"{trunk}{head}-{_group(rest, '-')}",
            f"{trunk}{head} {'#' * sum(rest)}",
        ]
        national_compact = [trunk + compact]
    bracket_ok = spec.trunk_prefix == "0" and spec.national_trunk
    bracket = (
        [
            f"+{cc} (0){_group(groups, ' ')}",
            f"+{cc} (0) {_group(groups, ' ')}",
            f"+{cc}(0){compact}",
        ]
        if bracket_ok
        else plus[:1]
    )
    return {
        ("plus", False): [f"+{cc}{compact}"],
        ("plus", True): plus,
        ("idd", False): [f"{idd}{cc}{compact}"],
        ("idd", True): [
            f"{idd}{cc} {_group(groups, ' ')}",
            f"{idd} {cc} {_group(groups, ' ')}",
            f"{idd}{cc}-{_group(groups, '-')}",
        ],
        ("trunk_bracket", False): bracket,
        ("trunk_bracket", True): bracket,
        ("national", False): national_compact,
        ("national", True): national_punct,
    }


@dataclass(frozen=True)
class TemplateTable:
    templates: list[str]
    # [country, length - 9, idd index, style, punctuated, variant] -> template id
    lookup: np.ndarray
    # how many variants each cell has (variant index is taken modulo it)
    variants: np.ndarray
    # [country, length - 9] -> the E.164 template
    e164: np.ndarray
    bracket_ok: np.ndarray


MAX_VARIANTS = 6


@cache
def _templates() -> TemplateTable:
    templates: list[str] = []
    ids: dict[str, int] = {}

    def tid(template: str) -> int:
        if template not in ids:
            ids[template] = len(templates)
            templates.append(template)
        return ids[template]

    shape = (len(COUNTRIES), 4, len(INTERNATIONAL_PREFIXES), len(STYLES), 2)
    lookup = np.zeros((*shape, MAX_VARIANTS), dtype=np.int64)
    variants = np.ones(shape, dtype=np.int64)
    e164 = np.zeros((len(COUNTRIES), 4), dtype=np.int64)
    for c, spec in enumerate(COUNTRIES):
        for length in range(9, 13):
            e164[c, length - 9] = tid(f"+{spec.calling_code}{'#' * length}")
            for i, idd in enumerate(INTERNATIONAL_PREFIXES):
                table = _variants(spec.code, length, idd)
                for s, style in enumerate(STYLES):
                    for punctuated in (False, True):
                        options = table[(style, punctuated)]
                        variants[c, length - 9, i, s, int(punctuated)] = len(options)
                        for v in range(MAX_VARIANTS):
                            lookup[c, length - 9, i, s, int(punctuated), v] = tid(
                                options[v % len(options)]
                            )
    bracket_ok = np.array([c.trunk_prefix == "0" and c.national_trunk for c in COUNTRIES])
    return TemplateTable(templates, lookup, variants, e164, bracket_ok)


def all_templates(country_code: str, length: int, idd: str) -> dict[tuple[str, bool], list[str]]:
    """Every written form of a (country, NSN length) typed in a region with prefix `idd`."""
    return _variants(country_code, length, idd)


@dataclass(frozen=True)
class Written:
    """Phones as typed, and which style each one took (for the mess summary)."""

    text: pa.StringArray
    style: np.ndarray  # index into STYLES
    punctuated: np.ndarray


def write_phones(
    rng: np.random.Generator, numbers: Numbers, region: np.ndarray, rates: MessRates
) -> Written:
    """Each number as a person types it in a record read in `region` (country indexes)."""
    table = _templates()
    n = numbers.nsn.size
    national_ok = region == numbers.country
    national = national_ok & (rng.random(n) < rates.phone_national)
    idd = ~national & (rng.random(n) < rates.phone_idd)
    bracket = (
        ~national
        & ~idd
        & table.bracket_ok[numbers.country]
        & (rng.random(n) < rates.phone_trunk_bracket)
    )
    style = np.zeros(n, dtype=np.int64)
    style[idd] = 1
    style[bracket] = 2
    style[national] = 3
    punctuated = (rng.random(n) < rates.phone_punctuated) | bracket
    variant = rng.integers(0, MAX_VARIANTS, n)
    idd_index = np.array([INTERNATIONAL_PREFIXES.index(c.international_prefix) for c in COUNTRIES])[
        region
    ]
    tid = table.lookup[
        numbers.country, numbers.length - 9, idd_index, style, punctuated.astype(np.int64), variant
    ]
    text = fill_templates(tid, table.templates, _left_digits(numbers.nsn, numbers.length))
    return Written(text, style, punctuated)
