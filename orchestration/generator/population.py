"""The persons behind every source: who they are, where they live, their true identifiers and
how those change over time. Every source table is drawn from this."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import names
from orchestration.generator.phones import Numbers, draw_numbers
from orchestration.generator.rates import MessRates
from orchestration.generator.text import from_fixed, join, number_text, pick, where
from orchestration.generator.vocab import COUNTRIES

NEVER = np.iinfo(np.int64).max
DAY = 86_400
HISTORY_DAYS = 3 * 365
SHOP_SHARE = 0.6  # persons with a web shop account
CRM_SHARE = 0.35  # persons in the CRM


@dataclass(frozen=True)
class Clock:
    """The generator's time: `now` is as_of (midnight UTC), history reaches back three years."""

    now: int

    @property
    def start(self) -> int:
        return self.now - HISTORY_DAYS * DAY

    def between(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray | int) -> np.ndarray:
        """A random second in [lo, hi) for each row."""
        span = np.maximum(np.asarray(hi, dtype=np.int64) - lo, 1)
        return lo + (rng.random(lo.size) * span).astype(np.int64)


@dataclass
class Emails:
    """Email addresses split at '@': a local part and an index into names.domains()."""

    local: pa.StringArray
    domain: np.ndarray


@dataclass
class Population:
    n: int
    country: np.ndarray
    first: np.ndarray  # index into names.first_names()
    last: np.ndarray  # index into names.last_names()
    first_seen: np.ndarray
    household_leader: np.ndarray  # person whose email this person uses, else -1
    email: Emails
    email_new: Emails  # the address after a change (the old one where nobody changes)
    email_changed_at: np.ndarray
    phone: Numbers
    phone_new: Numbers
    phone_changed_at: np.ndarray
    accepts_marketing: np.ndarray
    has_shop: np.ndarray  # holds a web shop account
    has_crm: np.ndarray  # is a CRM contact

    def emails_at(
        self, people: np.ndarray, at: np.ndarray
    ) -> tuple[pa.Array, np.ndarray, np.ndarray]:
        """(local part, domain index, changed?) of each person's address in use at `at`."""
        changed = at >= self.email_changed_at[people]
        local = pc.take(self.email.local, pa.array(people))
        if changed.any():
            local = where(changed, pc.take(self.email_new.local, pa.array(people)), local)
        domain = np.where(changed, self.email_new.domain[people], self.email.domain[people])
        return local, domain, changed

    def phones_at(self, people: np.ndarray, at: np.ndarray) -> tuple[Numbers, np.ndarray]:
        changed = at >= self.phone_changed_at[people]
        return self.phone.take(people).where(changed, self.phone_new.take(people)), changed


def build_population(
    rng: np.random.Generator, n: int, clock: Clock, rates: MessRates
) -> Population:
    weights = np.array([c.weight for c in COUNTRIES])
    country = rng.choice(len(COUNTRIES), n, p=weights / weights.sum()).astype(np.int64)
    # Households: a follower lives with a leader, shares the surname and the email address.
    follower = rng.random(n) < rates.household_email
    leader = np.full(n, -1, dtype=np.int64)
    if n > 1:
        picked = rng.integers(0, n - 1, int(follower.sum()))
        own = np.flatnonzero(follower)
        picked = picked + (picked >= own)  # never oneself
        leader[own] = np.where(follower[picked], -1, picked)  # leaders are not followers
        follower = leader >= 0
        country[follower] = country[leader[follower]]
    first = names.first_names().draw(rng, country)
    last = names.last_names().draw(rng, country)
    last[follower] = last[leader[follower]]
    first_seen = clock.between(rng, np.full(n, clock.start), clock.now - 30 * DAY)
    has_shop = rng.random(n) < SHOP_SHARE
    has_crm = rng.random(n) < CRM_SHARE
    # People change an address or number where an account records it (a new version of the
    # shop account or CRM contact bridges old and new); accounts open in their first month.
    bridged = has_shop | has_crm
    changes_from = first_seen + 31 * DAY

    email_change = bridged & (rng.random(n) < rates.email_change)
    old, new = _emails(rng, country, first, last, email_change)
    old_local = old.local
    if follower.any():
        old_local = where(follower, pc.take(old.local, pa.array(np.maximum(leader, 0))), old_local)
        old.domain[follower] = old.domain[leader[follower]]
    email = Emails(old_local, old.domain)
    email_changed_at = np.where(email_change, clock.between(rng, changes_from, clock.now), NEVER)

    phone_change = bridged & (rng.random(n) < rates.phone_change)
    numbers = draw_numbers(rng, np.concatenate([country, country[phone_change]]))
    phone = numbers.take(np.arange(n))
    phone_new = phone.where(
        phone_change,
        numbers.take(np.minimum(n + np.cumsum(phone_change) - 1, numbers.nsn.size - 1)),
    )
    phone_changed_at = np.where(phone_change, clock.between(rng, changes_from, clock.now), NEVER)
    return Population(
        n=n,
        country=country,
        first=first,
        last=last,
        first_seen=first_seen,
        household_leader=leader,
        email=email,
        email_new=new,
        email_changed_at=email_changed_at,
        phone=phone,
        phone_new=phone_new,
        phone_changed_at=phone_changed_at,
        accepts_marketing=rng.random(n) < 0.45,
        has_shop=has_shop,
        has_crm=has_crm,
    )


# Local-part styles: which name parts, separators and numbers people use.
_STYLES = 8


def _local_parts(
    rng: np.random.Generator, first: np.ndarray, last: np.ndarray, style: np.ndarray
) -> pa.Array:
    first_form = pick([names.email_form(x) for x in names.first_names().values], first)
    last_form = pick([names.email_form(x) for x in names.last_names().values], last)
    initial = pc.utf8_slice_codeunits(first_form, 0, 1)
    m = first.size
    two = from_fixed(np.stack([rng.integers(48, 58, m), rng.integers(48, 58, m)], axis=1))
    year = number_text(rng.integers(1950, 2006, m))
    parts = [
        join(first_form, ".", last_form),
        join(first_form, last_form),
        join(first_form, "_", last_form),
        join(initial, ".", last_form),
        join(first_form, ".", last_form, two),
        join(first_form, last_form, year),
        join(last_form, ".", first_form),
        join(first_form, number_text(rng.integers(1, 1000, m))),
    ]
    out = parts[0]
    for k in range(1, _STYLES):
        out = where(style == k, parts[k], out)
    return out


def _emails(
    rng: np.random.Generator,
    country: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    change: np.ndarray,
) -> tuple[Emails, Emails]:
    """Each person's address, and a second one for those who change it; all distinct as
    mailboxes (Gmail dots and case ignored), so two persons never share one by chance."""
    n = country.size
    movers = np.flatnonzero(change)
    rows = np.concatenate([np.arange(n), movers])
    style = rng.integers(0, _STYLES, rows.size)
    local = _local_parts(rng, first[rows], last[rows], style)
    domain = names.domains().draw(rng, country[rows])
    # A new address usually comes with a new provider.
    second = np.arange(rows.size) >= n
    other = names.domains().draw(rng, country[rows])
    domain = np.where(second & (rng.random(rows.size) < 0.7), other, domain)
    local = _distinct(rng, local, domain)
    old = Emails(pc.take(local, pa.array(np.arange(n))), domain[:n].copy())
    new_local = where(
        change,
        pc.take(local, pa.array(n + np.cumsum(change) - 1, mask=~change)),
        old.local,
    )
    new_domain = old.domain.copy()
    new_domain[movers] = domain[n:]
    return old, Emails(new_local, new_domain)


def _distinct(rng: np.random.Generator, local: pa.Array, domain: np.ndarray) -> pa.Array:
    """Local parts made unique per mailbox by appending digits to later repeats."""
    gmail = np.isin(domain, names.gmail_index())
    for _ in range(50):
        mailbox_local = where(gmail, pc.replace_substring(local, ".", ""), local)
        key = join(mailbox_local, "@", pick(names.domains().values, domain))
        codes = pc.dictionary_encode(key).indices.to_numpy()
        _, first = np.unique(codes, return_index=True)
        repeat = np.ones(codes.size, dtype=bool)
        repeat[first] = False
        if not repeat.any():
            return local
        suffix = number_text(rng.integers(1, 100, codes.size))
        local = where(repeat, join(local, suffix), local)
    raise RuntimeError("could not make email addresses distinct")
