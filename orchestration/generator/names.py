"""Name and email-domain vocabularies flattened across countries, for index-based drawing."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

from orchestration.generator.vocab import COUNTRIES, NICKNAMES

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "a", "ø": "o"})


def email_form(name: str) -> str:
    """How a name appears in an email local part: ASCII, lower case, no blanks or quotes."""
    folded = name.lower().translate(_FOLD)
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_only if ch.isalnum())


@dataclass(frozen=True)
class Flat:
    """All countries' values in one list; country c owns values[offset[c]:offset[c]+count[c]]."""

    values: list[str]
    offset: np.ndarray
    count: np.ndarray

    def draw(self, rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
        return self.offset[country] + (rng.random(country.size) * self.count[country]).astype(
            np.int64
        )


def _flat(lists: list[tuple[str, ...]]) -> Flat:
    counts = np.array([len(v) for v in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    return Flat([x for v in lists for x in v], offsets, counts)


@cache
def first_names() -> Flat:
    return _flat([c.first_names for c in COUNTRIES])


@cache
def last_names() -> Flat:
    return _flat([c.last_names for c in COUNTRIES])


@cache
def domains() -> Flat:
    """Email domains per country; googlemail.com is appended after them (Gmail's old name)."""
    flat = _flat([c.email_domains for c in COUNTRIES])
    return Flat([*flat.values, "googlemail.com"], flat.offset, flat.count)


@cache
def nicknames() -> list[str]:
    """The nickname of each first name (the name itself where it has none)."""
    return [NICKNAMES.get(name, name) for name in first_names().values]


def gmail_index() -> np.ndarray:
    return np.array([i for i, d in enumerate(domains().values) if d == "gmail.com"])


def googlemail_index() -> int:
    return len(domains().values) - 1
