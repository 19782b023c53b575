"""Generate every raw table of the contract, and the ground truth, for N persons.

Everything is drawn from one numpy Generator seeded by `seed`, in a fixed order, and the clock is
`as_of` (never the wall clock): the same arguments give the same tables, byte for byte.
Columns are text, as EL tools land them. Work is vectorised with numpy and pyarrow.compute; the
few per-value Python loops (phone formats) are linear and cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import vocab
from orchestration.generator.phones import e164, national_numbers, write_phones
from orchestration.generator.rates import MessRates

RAW_TABLES: dict[str, list[str]] = {
    "shop_customers": [
        "id",
        "email",
        "phone",
        "first_name",
        "last_name",
        "accepts_marketing",
        "country_code",
        "created_at",
        "updated_at",
    ],
    "shop_orders": [
        "id",
        "customer_id",
        "email",
        "phone",
        "order_number",
        "currency",
        "total_price",
        "financial_status",
        "shipping_country",
        "created_at",
        "updated_at",
        "cancelled_at",
    ],
    "shop_order_lines": ["id", "order_id", "sku", "quantity", "unit_price"],
    "crm_contacts": [
        "contact_id",
        "account_id",
        "email",
        "phone",
        "mobile_phone",
        "first_name",
        "last_name",
        "mailing_country",
        "lead_source",
        "created_date",
        "last_modified_date",
        "is_deleted",
    ],
    "web_events": [
        "message_id",
        "type",
        "event",
        "anonymous_id",
        "user_id",
        "device_id",
        "ip",
        "user_agent",
        "traits_email",
        "properties",
        "sent_at",
        "received_at",
    ],
    "esp_events": ["event_id", "email", "campaign_id", "event_type", "occurred_at"],
    "pos_transactions": [
        "transaction_id",
        "store_id",
        "loyalty_card_number",
        "phone",
        "total_amount",
        "currency",
        "occurred_at",
    ],
    "pos_transaction_lines": ["transaction_id", "line_number", "sku", "quantity", "amount"],
    "loyalty_members": [
        "card_number",
        "email",
        "phone",
        "first_name",
        "last_name",
        "tier",
        "enrolled_at",
    ],
    "support_tickets": [
        "ticket_id",
        "requester_email",
        "requester_phone",
        "channel",
        "subject",
        "status",
        "priority",
        "csat_score",
        "created_at",
        "solved_at",
    ],
    "consent_events": [
        "event_id",
        "subject_type",
        "subject_value",
        "purpose",
        "channel",
        "action",
        "legal_basis",
        "consent_text_version",
        "language",
        "country",
        "region",
        "source_system",
        "collection_point",
        "occurred_at",
        "received_at",
        "proof_ref",
    ],
    "privacy_requests": [
        "request_id",
        "subject_type",
        "subject_value",
        "request_type",
        "jurisdiction",
        "received_at",
        "verified_at",
    ],
    "preference_submissions": [
        "submission_id",
        "email",
        "preferred_channel",
        "frequency",
        "interests",
        "submitted_at",
    ],
    "erp_products": [
        "sku",
        "product_name",
        "category",
        "brand",
        "unit_cost",
        "list_price",
        "currency",
        "is_active",
    ],
    "erp_inventory": ["sku", "location_id", "on_hand_qty", "reserved_qty", "snapshot_at"],
}
TRUTH_COLUMNS = ["true_person_id", "identifier_type", "identifier_value"]

# Which column of each table may be corrupted by which kind of malformed value.
MALFORMED: dict[str, list[tuple[str, str]]] = {
    "shop_customers": [("id", "empty_key"), ("created_at", "bad_date"), ("email", "bad_email")],
    "shop_orders": [("id", "empty_key"), ("created_at", "bad_date"), ("currency", "bad_currency")],
    "shop_order_lines": [("id", "empty_key"), ("quantity", "negative")],
    "crm_contacts": [("contact_id", "empty_key"), ("email", "bad_email")],
    "web_events": [("message_id", "empty_key"), ("sent_at", "bad_date")],
    "esp_events": [("event_id", "empty_key"), ("email", "bad_email")],
    "pos_transactions": [("transaction_id", "empty_key"), ("currency", "bad_currency")],
    "pos_transaction_lines": [("quantity", "negative")],
    "loyalty_members": [("card_number", "empty_key"), ("enrolled_at", "bad_date")],
    "support_tickets": [("ticket_id", "empty_key"), ("created_at", "bad_date")],
    "consent_events": [
        ("event_id", "empty_key"),
        ("purpose", "bad_purpose"),
        ("channel", "bad_channel"),
        ("action", "bad_action"),
        ("occurred_at", "bad_date"),
    ],
    "privacy_requests": [("request_id", "empty_key")],
    "preference_submissions": [("submission_id", "empty_key"), ("email", "bad_email")],
    "erp_products": [("sku", "empty_key")],
    "erp_inventory": [("on_hand_qty", "negative")],
}
BAD_VALUES = {
    "empty_key": None,
    "bad_date": ["2026-02-30 10:00:00", "not a date", "2026-13-01 00:00:00"],
    "bad_email": ["anna.mueller@@gmx.de", "mueller at web.de", "info@", "@gmail.com"],
    "bad_currency": ["XXX", "EURO", "$"],
    "bad_purpose": ["newsletter_v0", "everything"],
    "bad_channel": ["fax", "carrier_pigeon"],
    "bad_action": ["maybe", "opt_in_later"],
}
HISTORY_DAYS = 730


@dataclass
class Occurrences:
    """Truth rows collected while tables are written: who each raw identifier belongs to."""

    parts: list[pa.Table] = field(default_factory=list)

    def add(self, person: pa.Array, identifier_type: str, values: pa.Array) -> None:
        mask = pc.is_valid(values)
        self.parts.append(
            pa.table(
                {
                    "true_person_id": pc.filter(person, mask),
                    "identifier_type": pa.array(
                        [identifier_type] * int(pc.sum(mask).as_py() or 0), pa.string()
                    ),
                    "identifier_value": pc.filter(values, mask),
                }
            )
        )

    def table(self) -> pa.Table:
        table = pa.concat_tables(self.parts).group_by(TRUTH_COLUMNS).aggregate([])
        return table.select(TRUTH_COLUMNS).sort_by([(c, "ascending") for c in TRUTH_COLUMNS])


def strs(values: np.ndarray | list) -> pa.Array:
    return pa.array(np.asarray(values, dtype=object), pa.string())


def ids(prefix: str, numbers: np.ndarray, width: int = 0) -> pa.Array:
    text = pc.cast(pa.array(numbers, pa.int64()), pa.string())
    if width:
        text = pc.utf8_lpad(text, width=width, padding="0")
    return pc.binary_join_element_wise(prefix, text, "")


def pick(options: list[str], idx: np.ndarray) -> pa.Array:
    return pa.array(options, pa.string()).take(pa.array(idx, pa.int64()))


def timestamps(seconds: np.ndarray) -> pa.Array:
    return pc.strftime(pa.array(seconds.astype("int64"), pa.timestamp("s")), "%Y-%m-%d %H:%M:%S")


def money(amounts: np.ndarray) -> pa.Array:
    cents = np.round(amounts * 100).astype(np.int64)
    sign = np.where(cents < 0, "-", "")
    cents = np.abs(cents)
    whole = pc.cast(pa.array(cents // 100), pa.string())
    frac = pc.utf8_lpad(pc.cast(pa.array(cents % 100), pa.string()), width=2, padding="0")
    return pc.binary_join_element_wise(strs(sign), whole, ".", frac, "")


def as_text(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def bools(values: np.ndarray) -> pa.Array:
    return pick(["false", "true"], values.astype(np.int64))


class World:
    """Persons and their identifiers, from which every source table is drawn."""

    def __init__(self, persons: int, seed: int, as_of: date, rates: MessRates) -> None:
        self.n = persons
        self.rng = np.random.default_rng(seed)
        self.rates = rates
        self.now = int(datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC).timestamp())
        self.start = self.now - HISTORY_DAYS * 86400
        self.truth = Occurrences()
        rng, n = self.rng, persons

        self.person_id = ids("P", np.arange(1, n + 1), width=8)
        weights = np.array([c[1] for c in vocab.COUNTRIES])
        self.country_idx = rng.choice(len(vocab.COUNTRIES), n, p=weights / weights.sum())
        self.country = pick([c[0] for c in vocab.COUNTRIES], self.country_idx)
        self.first_idx = rng.integers(0, len(vocab.FIRST_NAMES), n)
        self.last_idx = rng.integers(0, len(vocab.LAST_NAMES), n)
        self.first_name = pick(vocab.FIRST_NAMES, self.first_idx)
        self.last_name = pick(vocab.LAST_NAMES, self.last_idx)
        self.born_at = rng.integers(self.start, self.now - 30 * 86400, n)  # first contact

        self.email = self._emails(np.arange(n))
        self.has_shop = rng.random(n) < 0.6
        self.has_crm = rng.random(n) < 0.4
        self.has_loyalty = rng.random(n) < 0.3
        # People change email where they hold an account that records it (a new shop version).
        moved = self.has_shop & (rng.random(n) < rates.email_change)
        self.email_changed_at = np.where(
            moved, rng.integers(self.born_at, self.now), np.iinfo(np.int64).max
        )
        self.email_new = self._emails(np.arange(n) + n, alternate_domain=True)
        household = np.flatnonzero(rng.random(n) < rates.household_email)
        household = household[household > 0]
        self.email = _replace(self.email, household, pc.take(self.email, household - 1))

        self.nsn = national_numbers(rng, self.country_idx)
        self.phone = e164(self.country_idx, self.nsn)
        # A changed phone is recorded in the CRM: the old one as phone, the new one as mobile.
        self.phone_changed = self.has_crm & (rng.random(n) < rates.phone_change)
        self.nsn_new = national_numbers(rng, self.country_idx)
        self.accepts_marketing = rng.random(n) < 0.45
        self.shop_id = ids("SC", np.arange(1, n + 1) * 7 + 100000)
        self.card = ids("LC", np.arange(1, n + 1) * 13 + 500000000)

    # -- identifiers written the way people and staff type them -------------------------------

    def _emails(self, salt: np.ndarray, alternate_domain: bool = False) -> pa.Array:
        rng = self.rng
        first = pc.utf8_lower(self.first_name)
        last = pc.replace_substring_regex(pc.utf8_lower(self.last_name), "[^a-z]", "")
        sep = pick([".", "_", ""], rng.integers(0, 3, self.n))
        # A number unique to the person keeps addresses apart; households share on purpose.
        suffix = as_text(salt + 1)
        local = pc.binary_join_element_wise(first, sep, last, suffix, "")
        domains = np.empty(self.n, dtype=object)
        for idx, country in enumerate(c[0] for c in vocab.COUNTRIES):
            mask = self.country_idx == idx
            options = vocab.EMAIL_DOMAINS[country]
            choice = rng.integers(0, len(options), int(mask.sum()))
            if alternate_domain:
                choice = (choice + 1) % len(options)
            domains[mask] = np.asarray(options, dtype=object)[choice]
        return pc.binary_join_element_wise(local, strs(domains), "@")

    def email_as_typed(self, people: np.ndarray, at: np.ndarray) -> pa.Array:
        """Raw email of `people` at times `at`: case, blanks, Gmail variants, staff junk."""
        rng, rates = self.rng, self.rates
        current = pc.take(self.email, people)
        newer = pc.take(self.email_new, people)
        changed = at >= self.email_changed_at[people]
        value = pc.if_else(pa.array(changed), newer, current)
        m = people.size
        at_pos = pc.find_substring(value, "@")
        domain = _slice_from(value, at_pos)
        local = _slice_to(value, at_pos)
        gmail = pc.equal(domain, "@gmail.com").to_numpy(zero_copy_only=False)
        variant = gmail & (rng.random(m) < rates.gmail_variant)
        if variant.any():
            dotted = pc.replace_substring_regex(local, "^(.)(.)", r"\1.\2")
            tagged = pc.binary_join_element_wise(
                local, pick(["+shop", "+news", "+2026"], rng.integers(0, 3, m)), ""
            )
            which = rng.random(m) < 0.5
            changed_local = pc.if_else(pa.array(which), dotted, tagged)
            local = pc.if_else(pa.array(variant), changed_local, local)
            googlemail = variant & (rng.random(m) < 0.15)
            domain = pc.if_else(pa.array(googlemail), pa.scalar("@googlemail.com"), domain)
        value = pc.binary_join_element_wise(local, domain, "")
        upper = rng.random(m) < rates.email_case
        value = pc.if_else(
            pa.array(upper),
            pc.if_else(pa.array(rng.random(m) < 0.5), pc.utf8_title(value), pc.utf8_upper(value)),
            value,
        )
        blank = rng.random(m) < rates.email_whitespace
        value = pc.if_else(
            pa.array(blank), pc.binary_join_element_wise(" ", value, "  ", ""), value
        )
        return self._junk(value, vocab.JUNK_EMAILS)

    def phone_as_typed(self, people: np.ndarray, national_allowed: np.ndarray) -> pa.Array:
        nsn = pc.if_else(
            pa.array(self.phone_changed[people] & (self.rng.random(people.size) < 0.5)),
            pc.take(self.nsn_new, people),
            pc.take(self.nsn, people),
        )
        written = write_phones(
            self.rng, self.country_idx[people], nsn, national_allowed, self.rates
        )
        return self._junk(written, vocab.JUNK_PHONES)

    def _junk(self, values: pa.Array, junk: list[str]) -> pa.Array:
        m = len(values)
        is_junk = self.rng.random(m) < self.rates.junk_value
        return pc.if_else(pa.array(is_junk), pick(junk, self.rng.integers(0, len(junk), m)), values)

    def name_as_typed(self, people: np.ndarray) -> tuple[pa.Array, pa.Array]:
        rng, m = self.rng, people.size
        first_idx = self.first_idx[people]
        first = pick(vocab.FIRST_NAMES, first_idx)
        nick = np.array([vocab.NICKNAMES.get(f, f) for f in vocab.FIRST_NAMES], dtype=object)
        use_nick = rng.random(m) < self.rates.nickname
        first = pc.if_else(pa.array(use_nick), pick(list(nick), first_idx), first)
        last = pc.take(self.last_name, people)
        typo = rng.random(m) < self.rates.name_typo
        last = pc.if_else(pa.array(typo), pc.replace_substring_regex(last, "(.)$", r"\1\1"), last)
        return first, last

    def times(self, people: np.ndarray, late: bool = False) -> np.ndarray:
        lo = self.born_at[people]
        return lo + (self.rng.random(people.size) * (self.now - lo)).astype(np.int64)

    def received(self, occurred: np.ndarray) -> np.ndarray:
        m = occurred.size
        delay = self.rng.integers(1, 120, m)
        late = self.rng.random(m) < self.rates.late_event
        delay[late] = self.rng.integers(2 * 86400, 9 * 86400, int(late.sum()))
        return occurred + delay


def _replace(values: pa.Array, positions: np.ndarray, replacement: pa.Array) -> pa.Array:
    out = values.to_numpy(zero_copy_only=False).copy()
    out[positions] = replacement.to_numpy(zero_copy_only=False)
    return strs(out)


def _slice_to(values: pa.Array, stop: pa.Array) -> pa.Array:
    arr = values.to_numpy(zero_copy_only=False)
    stops = stop.to_numpy(zero_copy_only=False)
    return strs([v[:s] for v, s in zip(arr, stops, strict=True)])


def _slice_from(values: pa.Array, start: pa.Array) -> pa.Array:
    arr = values.to_numpy(zero_copy_only=False)
    starts = start.to_numpy(zero_copy_only=False)
    return strs([v[s:] for v, s in zip(arr, starts, strict=True)])


def repeat_people(rng: np.random.Generator, people: np.ndarray, mean: float) -> np.ndarray:
    counts = rng.poisson(mean, people.size)
    return np.repeat(people, counts)


def national_ok(world: World, people: np.ndarray, region_idx: np.ndarray | None) -> np.ndarray:
    """National phone formats are read in the record's region: allowed only where that region
    is the person's own country (otherwise people type the international form)."""
    if region_idx is None:
        region_idx = np.full(people.size, 0)  # the source default region, DE
    return world.country_idx[people] == region_idx


# -- the tables -------------------------------------------------------------------------------


def erp(world: World) -> dict[str, pa.Table]:
    rng = world.rng
    n_sku = int(min(5000, 200 + world.n // 100))
    sku = ids("SKU-", np.arange(1, n_sku + 1), width=5)
    category_idx = rng.integers(0, len(vocab.CATEGORIES), n_sku)
    cost = np.round(rng.gamma(2.0, 15.0, n_sku) + 2, 2)
    price = np.round(cost * rng.uniform(1.3, 2.6, n_sku), 2)
    names = pc.binary_join_element_wise(
        pick(vocab.BRANDS, rng.integers(0, len(vocab.BRANDS), n_sku)),
        pick(vocab.CATEGORIES, category_idx),
        pick(vocab.PRODUCT_NOUNS, rng.integers(0, len(vocab.PRODUCT_NOUNS), n_sku)),
        " ",
    )
    world.sku = sku
    world.sku_price = price
    world.sku_category = category_idx
    products = pa.table(
        {
            "sku": sku,
            "product_name": names,
            "category": pick(vocab.CATEGORIES, category_idx),
            "brand": pick(vocab.BRANDS, rng.integers(0, len(vocab.BRANDS), n_sku)),
            "unit_cost": money(cost),
            "list_price": money(price),
            "currency": pa.array(["EUR"] * n_sku, pa.string()),
            "is_active": bools(rng.random(n_sku) < 0.95),
        }
    )
    loc = np.tile(np.arange(len(vocab.LOCATIONS)), n_sku)
    sku_rep = np.repeat(np.arange(n_sku), len(vocab.LOCATIONS))
    on_hand = rng.poisson(12, loc.size) * (rng.random(loc.size) < 0.8)
    reserved = np.minimum(on_hand, rng.poisson(2, loc.size)) + (rng.random(loc.size) < 0.05)
    inventory = pa.table(
        {
            "sku": pc.take(sku, sku_rep),
            "location_id": pick(vocab.LOCATIONS, loc),
            "on_hand_qty": as_text(on_hand),
            "reserved_qty": as_text(reserved),
            "snapshot_at": timestamps(np.full(loc.size, world.now - 3600)),
        }
    )
    return {"erp_products": products, "erp_inventory": inventory}


def shop(world: World) -> dict[str, pa.Table]:
    rng, n = world.rng, world.n
    people = np.flatnonzero(world.has_shop)
    # One row per account, a second version for those whose email changed (later updated_at).
    changed = world.email_changed_at[people] < world.now
    versions = np.concatenate([people, people[changed]])
    is_second = np.concatenate([np.zeros(people.size, bool), np.ones(int(changed.sum()), bool)])
    created = world.born_at[versions]
    updated = np.where(is_second, world.email_changed_at[versions] + 60, created + 3600)
    first, last = world.name_as_typed(versions)
    has_phone = rng.random(versions.size) < 0.7
    phone = world.phone_as_typed(
        versions, national_ok(world, versions, world.country_idx[versions])
    )
    phone = pc.if_else(pa.array(has_phone), phone, pa.nulls(versions.size, pa.string()))
    email = world.email_as_typed(versions, updated - 1)
    shop_id = pc.take(world.shop_id, versions)
    customers = pa.table(
        {
            "id": shop_id,
            "email": email,
            "phone": phone,
            "first_name": first,
            "last_name": last,
            "accepts_marketing": bools(world.accepts_marketing[versions]),
            "country_code": pc.take(world.country, versions),
            "created_at": timestamps(created),
            "updated_at": timestamps(updated),
        }
    )
    person = pc.take(world.person_id, versions)
    world.truth.add(person, "shop_customer_id", shop_id)
    world.truth.add(person, "email", email)
    world.truth.add(person, "phone", phone)

    # Orders: account holders (customer_id set) and guests (email/phone only).
    buyers = repeat_people(rng, people, 1.8)
    guests = np.flatnonzero(~world.has_shop & (rng.random(n) < 0.15))
    order_people = np.concatenate([buyers, guests])
    is_guest = np.concatenate([np.zeros(buyers.size, bool), np.ones(guests.size, bool)])
    m = order_people.size
    created = world.times(order_people)
    order_id = ids("O", np.arange(1, m + 1) + 4_000_000)
    lines_per = rng.integers(1, 5, m)
    line_order = np.repeat(np.arange(m), lines_per)
    sku_idx = rng.integers(0, len(world.sku), line_order.size)
    qty = rng.integers(1, 4, line_order.size)
    fx = np.array([1.0, 1.0, 1.07, 1.18, 1.0, 1.0, 0.915, 0.67, 1.0, 1.0, 0.088, 1.0, 0.605, 0.127])
    country_idx = world.country_idx[order_people]
    unit_price = world.sku_price[sku_idx] / fx[country_idx[line_order]]
    totals = np.bincount(line_order, weights=unit_price * qty, minlength=m)
    status_idx = rng.choice(4, m, p=[0.86, 0.05, 0.06, 0.03])
    cancelled = status_idx == 3
    email = world.email_as_typed(order_people, created)
    has_phone = rng.random(m) < 0.5
    phone = world.phone_as_typed(order_people, national_ok(world, order_people, country_idx))
    phone = pc.if_else(pa.array(has_phone), phone, pa.nulls(m, pa.string()))
    customer_id = pc.if_else(
        pa.array(is_guest), pa.nulls(m, pa.string()), pc.take(world.shop_id, order_people)
    )
    orders = pa.table(
        {
            "id": order_id,
            "customer_id": customer_id,
            "email": email,
            "phone": phone,
            "order_number": ids("#", np.arange(1, m + 1) + 1000),
            "currency": pick([c[2] for c in vocab.COUNTRIES], country_idx),
            "total_price": money(totals),
            "financial_status": pick(["paid", "pending", "refunded", "voided"], status_idx),
            "shipping_country": pc.take(world.country, order_people),
            "created_at": timestamps(created),
            "updated_at": timestamps(created + rng.integers(60, 86400 * 3, m)),
            "cancelled_at": pc.if_else(
                pa.array(cancelled), timestamps(created + 7200), pa.nulls(m, pa.string())
            ),
        }
    )
    person = pc.take(world.person_id, order_people)
    world.truth.add(person, "shop_customer_id", customer_id)
    world.truth.add(person, "email", email)
    world.truth.add(person, "phone", phone)
    lines = pa.table(
        {
            "id": ids("OL", np.arange(1, line_order.size + 1) + 9_000_000),
            "order_id": pc.take(order_id, line_order),
            "sku": pc.take(world.sku, sku_idx),
            "quantity": as_text(qty),
            "unit_price": money(unit_price),
        }
    )
    return {"shop_customers": customers, "shop_orders": orders, "shop_order_lines": lines}


def crm(world: World) -> dict[str, pa.Table]:
    rng = world.rng
    people = np.flatnonzero(world.has_crm)
    dupes = people[rng.random(people.size) < 0.06]  # CRMs hold duplicate contacts
    rows = np.concatenate([people, dupes])
    m = rows.size
    created = world.times(rows)
    first, last = world.name_as_typed(rows)
    country_idx = world.country_idx[rows]
    email = world.email_as_typed(rows, created)
    has_email = rng.random(m) < 0.95
    email = pc.if_else(pa.array(has_email), email, pa.nulls(m, pa.string()))
    allowed = national_ok(world, rows, country_idx)
    changed = world.phone_changed[rows]
    old = write_phones(rng, country_idx, pc.take(world.nsn, rows), allowed, world.rates)
    new = write_phones(rng, country_idx, pc.take(world.nsn_new, rows), allowed, world.rates)
    phone = pc.if_else(pa.array(changed | (rng.random(m) < 0.4)), old, pa.nulls(m, pa.string()))
    # Every contact has an email or a mobile: a contact with neither could be anybody.
    has_mobile = changed | ~has_email | (rng.random(m) < 0.6)
    mobile = pc.if_else(
        pa.array(has_mobile), pc.if_else(pa.array(changed), new, old), pa.nulls(m, pa.string())
    )
    contact_id = ids("003", np.arange(1, m + 1) * 3 + 7_000_000)
    contacts = pa.table(
        {
            "contact_id": contact_id,
            "account_id": ids("001", rng.integers(1, max(2, world.n // 20), m)),
            "email": email,
            "phone": phone,
            "mobile_phone": mobile,
            "first_name": first,
            "last_name": last,
            "mailing_country": pc.take(world.country, rows),
            "lead_source": pick(vocab.LEAD_SOURCES, rng.integers(0, len(vocab.LEAD_SOURCES), m)),
            "created_date": timestamps(created),
            "last_modified_date": timestamps(created + rng.integers(0, 86400 * 30, m)),
            "is_deleted": bools(rng.random(m) < 0.02),
        }
    )
    person = pc.take(world.person_id, rows)
    world.truth.add(person, "crm_contact_id", contact_id)
    world.truth.add(person, "email", email)
    world.truth.add(person, "phone", phone)
    world.truth.add(person, "phone", mobile)
    return {"crm_contacts": contacts}


def web(world: World) -> dict[str, pa.Table]:
    rng, n, rates = world.rng, world.n, world.rates
    browsers = np.flatnonzero(rng.random(n) < 0.7)
    devices_per = rng.integers(1, 3, browsers.size)
    device_person = np.repeat(browsers, devices_per)
    d = device_person.size
    anonymous = ids("anon-", np.arange(1, d + 1) * 11 + 30_000_000)
    device = ids("dev-", np.arange(1, d + 1) * 17 + 60_000_000)
    # Family tablets: some persons browse on the device of the person before them.
    family = np.flatnonzero((rng.random(d) < rates.family_device) & (np.arange(d) > 0))
    device = _replace(device, family, pc.take(device, family - 1))
    logged_in = world.has_shop[device_person] & (rng.random(d) < 0.6)
    identifies = ~logged_in & (rng.random(d) < rates.anonymous_identify)

    events_per = 1 + rng.poisson(3, d)
    ev_device = np.repeat(np.arange(d), events_per)
    m = ev_device.size
    people = device_person[ev_device]
    sent = world.times(people)
    order = np.lexsort((sent, ev_device))
    ev_device, people, sent = ev_device[order], people[order], sent[order]
    first_of_device = np.r_[True, ev_device[1:] != ev_device[:-1]]
    last_of_device = np.r_[ev_device[1:] != ev_device[:-1], True]
    # Position of each event within its device, and the point from which the visitor is known:
    # logged in (user_id on every later event) or identified (an identify call with the email,
    # repeated now and then as people log in again). The last event always identifies.
    start_of = np.flatnonzero(first_of_device)
    position = np.arange(m) - np.repeat(start_of, np.diff(np.r_[start_of, m]))
    known_from = (rng.random(d) * events_per).astype(np.int64)
    known = position >= known_from[ev_device]
    kind = rng.choice(2, m, p=[0.6, 0.4])
    identifying = identifies[ev_device] | logged_in[ev_device]
    is_identify = identifying & known & (last_of_device | (rng.random(m) < 0.3))
    kind[is_identify] = 2
    user = logged_in[ev_device] & known
    user_id = pc.if_else(pa.array(user), pc.take(world.shop_id, people), pa.nulls(m, pa.string()))
    traits_email = pc.if_else(
        pa.array(is_identify), world.email_as_typed(people, sent), pa.nulls(m, pa.string())
    )
    device_id = pc.take(device, ev_device)
    kiosk = user & (rng.random(m) < rates.kiosk_event)
    device_id = pc.if_else(
        pa.array(kiosk),
        pick([f"kiosk-{s}" for s in vocab.STORE_IDS], rng.integers(0, len(vocab.STORE_IDS), m)),
        device_id,
    )
    track_idx = rng.integers(0, len(vocab.TRACK_EVENTS), m)
    sku_idx = rng.integers(0, len(world.sku), m)
    event_name = pc.if_else(
        pa.array(kind == 1),
        pick(vocab.TRACK_EVENTS, track_idx),
        pc.if_else(pa.array(kind == 2), pa.scalar("Identify"), pa.scalar("Page Viewed")),
    )
    sku = pc.take(world.sku, sku_idx)
    category = pick(vocab.CATEGORIES, world.sku_category[sku_idx])
    page_props = pc.binary_join_element_wise(
        '{"path": "', pick(vocab.PAGES, rng.integers(0, len(vocab.PAGES), m)), '"}', ""
    )
    track_props = pc.binary_join_element_wise(
        '{"sku": "', sku, '", "category": "', category, '"}', ""
    )
    properties = pc.if_else(pa.array(kind == 1), track_props, page_props)
    sent_text = timestamps(sent)
    iso = rng.random(m) < 0.1
    sent_text = pc.if_else(
        pa.array(iso),
        pc.strftime(pa.array(sent, pa.timestamp("s")), "%Y-%m-%dT%H:%M:%SZ"),
        sent_text,
    )
    events = pa.table(
        {
            "message_id": ids("msg-", np.arange(1, m + 1) * 7 + 100_000_000),
            "type": pick(["page", "track", "identify"], kind),
            "event": event_name,
            "anonymous_id": pc.take(anonymous, ev_device),
            "user_id": user_id,
            "device_id": device_id,
            "ip": pc.binary_join_element_wise(
                "192.0.",
                as_text(rng.integers(0, 255, m)),
                ".",
                as_text(rng.integers(1, 255, m)),
                "",
            ),
            "user_agent": pick(
                [
                    "Mozilla/5.0 (iPhone)",
                    "Mozilla/5.0 (Windows NT 10.0)",
                    "Mozilla/5.0 (iPad)",
                    "Mozilla/5.0 (Macintosh)",
                    "Mozilla/5.0 (Linux; Android 14)",
                ],
                rng.integers(0, 5, m),
            ),
            "traits_email": traits_email,
            "properties": properties,
            "sent_at": sent_text,
            "received_at": timestamps(world.received(sent)),
        }
    )
    person = pc.take(world.person_id, people)
    world.truth.add(person, "anonymous_id", pc.take(anonymous, ev_device))
    world.truth.add(person, "device_id", device_id)
    world.truth.add(person, "shop_customer_id", user_id)
    world.truth.add(person, "email", traits_email)
    return {"web_events": events}


def esp(world: World) -> dict[str, pa.Table]:
    rng = world.rng
    audience = np.flatnonzero(world.accepts_marketing | (rng.random(world.n) < 0.2))
    people = repeat_people(rng, audience, 3.0)
    m = people.size
    at = world.times(people)
    email = world.email_as_typed(people, at)
    kind = rng.choice(7, m, p=[0.3, 0.28, 0.22, 0.12, 0.03, 0.04, 0.01])
    events = pa.table(
        {
            "event_id": ids("esp-", np.arange(1, m + 1) * 5 + 200_000_000),
            "email": email,
            "campaign_id": pick(vocab.CAMPAIGNS, rng.integers(0, len(vocab.CAMPAIGNS), m)),
            "event_type": pick(
                ["sent", "delivered", "open", "click", "bounce", "unsubscribe", "spam_complaint"],
                kind,
            ),
            "occurred_at": timestamps(at),
        }
    )
    world.truth.add(pc.take(world.person_id, people), "email", email)
    return {"esp_events": events}


def loyalty_and_pos(world: World) -> dict[str, pa.Table]:
    rng = world.rng
    members = np.flatnonzero(world.has_loyalty)
    m = members.size
    enrolled = world.times(members)
    first, last = world.name_as_typed(members)
    email = world.email_as_typed(members, enrolled)
    has_email = rng.random(m) < 0.97  # enrolment asks for an email; a few give only a phone
    email = pc.if_else(pa.array(has_email), email, pa.nulls(m, pa.string()))
    phone = world.phone_as_typed(members, national_ok(world, members, None))
    has_phone = ~has_email | (rng.random(m) < 0.7)
    phone = pc.if_else(pa.array(has_phone), phone, pa.nulls(m, pa.string()))
    card = pc.take(world.card, members)
    loyalty = pa.table(
        {
            "card_number": card,
            "email": email,
            "phone": phone,
            "first_name": first,
            "last_name": last,
            "tier": pick(vocab.TIERS, rng.choice(4, m, p=[0.5, 0.3, 0.15, 0.05])),
            "enrolled_at": timestamps(enrolled),
        }
    )
    person = pc.take(world.person_id, members)
    world.truth.add(person, "loyalty_card_number", card)
    world.truth.add(person, "email", email)
    world.truth.add(person, "phone", phone)

    shoppers = repeat_people(rng, members, 1.5)
    t = shoppers.size
    at = world.times(shoppers)
    with_card = rng.random(t) < 0.95
    tx_card = pc.if_else(
        pa.array(with_card), pc.take(world.card, shoppers), pa.nulls(t, pa.string())
    )
    tx_phone = world.phone_as_typed(shoppers, national_ok(world, shoppers, None))
    tx_phone = pc.if_else(
        pa.array(~with_card | (rng.random(t) < 0.2)), tx_phone, pa.nulls(t, pa.string())
    )
    tx_id = ids("T", np.arange(1, t + 1) * 3 + 50_000_000)
    lines_per = rng.integers(1, 4, t)
    line_tx = np.repeat(np.arange(t), lines_per)
    line_number = (
        np.arange(line_tx.size) - np.repeat(np.cumsum(lines_per) - lines_per, lines_per) + 1
    )
    sku_idx = rng.integers(0, len(world.sku), line_tx.size)
    qty = rng.integers(1, 3, line_tx.size)
    amount = world.sku_price[sku_idx] * qty
    totals = np.bincount(line_tx, weights=amount, minlength=t)
    transactions = pa.table(
        {
            "transaction_id": tx_id,
            "store_id": pick(vocab.STORE_IDS, rng.integers(0, len(vocab.STORE_IDS), t)),
            "loyalty_card_number": tx_card,
            "phone": tx_phone,
            "total_amount": money(totals),
            "currency": pa.array(["EUR"] * t, pa.string()),
            "occurred_at": timestamps(at),
        }
    )
    person = pc.take(world.person_id, shoppers)
    world.truth.add(person, "loyalty_card_number", tx_card)
    world.truth.add(person, "phone", tx_phone)
    lines = pa.table(
        {
            "transaction_id": pc.take(tx_id, line_tx),
            "line_number": as_text(line_number),
            "sku": pc.take(world.sku, sku_idx),
            "quantity": as_text(qty),
            "amount": money(amount),
        }
    )
    return {
        "loyalty_members": loyalty,
        "pos_transactions": transactions,
        "pos_transaction_lines": lines,
    }


def support(world: World) -> dict[str, pa.Table]:
    rng = world.rng
    people = repeat_people(rng, np.arange(world.n), 0.2)
    m = people.size
    created = world.times(people)
    email = world.email_as_typed(people, created)
    has_email = rng.random(m) < 0.98
    email = pc.if_else(pa.array(has_email), email, pa.nulls(m, pa.string()))
    phone = world.phone_as_typed(people, national_ok(world, people, None))
    phone = pc.if_else(
        pa.array(~has_email | (rng.random(m) < 0.3)), phone, pa.nulls(m, pa.string())
    )
    status_idx = rng.choice(4, m, p=[0.15, 0.1, 0.65, 0.1])
    solved = status_idx >= 2
    csat = rng.integers(1, 6, m)
    tickets = pa.table(
        {
            "ticket_id": ids("TCK-", np.arange(1, m + 1) + 70_000),
            "requester_email": email,
            "requester_phone": phone,
            "channel": pick(["email", "phone", "chat", "web"], rng.integers(0, 4, m)),
            "subject": pick(vocab.TICKET_SUBJECTS, rng.integers(0, len(vocab.TICKET_SUBJECTS), m)),
            "status": pick(["new", "open", "solved", "closed"], status_idx),
            "priority": pick(
                ["low", "normal", "high", "urgent"], rng.choice(4, m, p=[0.3, 0.5, 0.15, 0.05])
            ),
            "csat_score": pc.if_else(
                pa.array(solved & (rng.random(m) < 0.6)), as_text(csat), pa.nulls(m, pa.string())
            ),
            "created_at": timestamps(created),
            "solved_at": pc.if_else(
                pa.array(solved),
                timestamps(created + rng.integers(600, 86400 * 5, m)),
                pa.nulls(m, pa.string()),
            ),
        }
    )
    person = pc.take(world.person_id, people)
    world.truth.add(person, "email", email)
    world.truth.add(person, "phone", phone)
    return {"support_tickets": tickets}


PURPOSES = ["marketing", "profiling", "analytics", "ads_sale_share", "customer_service"]


def consent(world: World) -> dict[str, pa.Table]:
    rng, n = world.rng, world.n
    people = repeat_people(rng, np.arange(n), 1.2)
    m = people.size
    at = world.times(people)
    purpose_idx = rng.choice(5, m, p=[0.45, 0.2, 0.15, 0.1, 0.1])
    channel_idx = np.where(
        purpose_idx == 0, rng.choice(4, m, p=[0.7, 0.15, 0.05, 0.1]), 5
    )  # email sms phone push ... any
    action_idx = rng.choice(4, m, p=[0.75, 0.1, 0.1, 0.05])  # grant deny withdraw ...
    country_idx = world.country_idx[people]
    doi_country = np.isin(country_idx, [0, 1, 2])  # DE, AT, CH: email double opt-in
    needs_doi = doi_country & (purpose_idx == 0) & (channel_idx == 0) & (action_idx == 0)
    special = rng.random(m)
    actions = [
        "grant",
        "deny",
        "withdraw",
        "object_direct_marketing",
        "opt_out_sale_share",
        "doi_pending",
        "doi_confirm",
    ]
    action_idx = np.where(needs_doi, 5, action_idx)
    action_idx = np.where((action_idx == 3) & (special < 0.5), 4, action_idx)
    subject_kind = rng.choice(3, m, p=[0.8, 0.1, 0.1])
    subject_kind = np.where(~world.has_shop[people] & (subject_kind == 2), 0, subject_kind)
    email = world.email_as_typed(people, at)
    phone = world.phone_as_typed(people, national_ok(world, people, country_idx))
    subject_value = pc.if_else(
        pa.array(subject_kind == 0),
        email,
        pc.if_else(pa.array(subject_kind == 1), phone, pc.take(world.shop_id, people)),
    )
    # A confirmation follows every pending double opt-in (most of them), a few days later.
    confirm = np.flatnonzero(needs_doi & (rng.random(m) < 0.85))
    idx = np.concatenate([np.arange(m), confirm])
    action_all = np.concatenate([action_idx, np.full(confirm.size, 6)])
    at_all = np.concatenate([at, at[confirm] + rng.integers(600, 86400 * 3, confirm.size)])
    k = idx.size
    version = rng.choice(3, k, p=[0.1, 0.3, 0.6]) + 1
    region = np.where((country_idx[idx] == 6) & (rng.random(k) < 0.3), "CA", None)
    events = pa.table(
        {
            "event_id": ids("ce-", np.arange(1, k + 1) * 13 + 300_000_000),
            "subject_type": pick(["email", "phone", "shop_customer_id"], subject_kind[idx]),
            "subject_value": pc.take(subject_value, idx),
            "purpose": pick(PURPOSES, purpose_idx[idx]),
            "channel": pick(["email", "sms", "phone", "push", "web", "any"], channel_idx[idx]),
            "action": pick(actions, action_all),
            "legal_basis": pick(["consent", "contract"], (purpose_idx[idx] == 4).astype(int)),
            "consent_text_version": as_text(version),
            "language": pick([c[8] for c in vocab.COUNTRIES], country_idx[idx]),
            "country": pc.take(world.country, people[idx]),
            "region": strs(region),
            "source_system": pick(
                ["cmp_web", "shop_checkout", "pos_tablet", "preference_center"],
                rng.integers(0, 4, k),
            ),
            "collection_point": pick(
                ["banner", "checkout", "newsletter_form", "store"], rng.integers(0, 4, k)
            ),
            "occurred_at": timestamps(at_all),
            "received_at": timestamps(world.received(at_all)),
            "proof_ref": ids("proof-", np.arange(1, k + 1) * 7 + 10_000_000),
        }
    )
    requesters = np.flatnonzero(rng.random(n) < max(0.003, 8 / n))  # a few even when small
    r = requesters.size
    received = world.times(requesters)
    requests = pa.table(
        {
            "request_id": ids("pr-", np.arange(1, r + 1) + 5000),
            "subject_type": pa.array(["email"] * r, pa.string()),
            "subject_value": world.email_as_typed(requesters, received),
            "request_type": pick(
                ["erasure", "access", "object_direct_marketing", "opt_out_sale_share"],
                rng.choice(4, r, p=[0.4, 0.3, 0.2, 0.1]),
            ),
            "jurisdiction": pc.take(world.country, requesters),
            "received_at": timestamps(received),
            "verified_at": timestamps(received + rng.integers(3600, 86400 * 2, r)),
        }
    )
    submitters = np.flatnonzero(rng.random(n) < 0.2)
    s = submitters.size
    submitted = world.times(submitters)
    first_interest = rng.integers(0, len(vocab.CATEGORIES), s)
    second_interest = (first_interest + rng.integers(1, len(vocab.CATEGORIES), s)) % len(
        vocab.CATEGORIES
    )
    interests = pc.if_else(
        pa.array(rng.random(s) < 0.5),
        pc.binary_join_element_wise(
            pick(vocab.CATEGORIES, first_interest), pick(vocab.CATEGORIES, second_interest), ","
        ),
        pick(vocab.CATEGORIES, first_interest),
    )
    preference_email = world.email_as_typed(submitters, submitted)
    preferences = pa.table(
        {
            "submission_id": ids("ps-", np.arange(1, s + 1) + 800_000),
            "email": preference_email,
            "preferred_channel": pick(["email", "sms", "phone", "push"], rng.integers(0, 4, s)),
            "frequency": pick(["weekly", "monthly", "never"], rng.integers(0, 3, s)),
            "interests": interests,
            "submitted_at": timestamps(submitted),
        }
    )
    world.truth.add(pc.take(world.person_id, submitters), "email", preference_email)
    return {
        "consent_events": events,
        "privacy_requests": requests,
        "preference_submissions": preferences,
    }


def mess_up(world: World, name: str, table: pa.Table) -> pa.Table:
    """Malformed values in a share of rows, then duplicate deliveries of a share of rows."""
    rng, rates = world.rng, world.rates
    m = table.num_rows
    bad = rng.random(m) < rates.malformed_row
    kinds = MALFORMED[name]
    which = rng.integers(0, len(kinds), m)
    columns = {c: table[c].combine_chunks() for c in table.column_names}
    for k, (column, kind) in enumerate(kinds):
        mask = bad & (which == k)
        if not mask.any():
            continue
        if kind == "empty_key":
            replacement = pick(["", " "], rng.integers(0, 2, m))
            replacement = pc.if_else(
                pa.array(rng.random(m) < 0.5), replacement, pa.nulls(m, pa.string())
            )
        elif kind == "negative":
            replacement = pc.binary_join_element_wise("-", as_text(rng.integers(1, 5, m)), "")
        else:
            options = BAD_VALUES[kind]
            replacement = pick(options, rng.integers(0, len(options), m))
        columns[column] = pc.if_else(pa.array(mask), replacement, columns[column])
    table = pa.table(columns)
    dup = np.flatnonzero(rng.random(m) < rates.duplicate_delivery)
    if dup.size:
        table = pa.concat_tables([table, table.take(pa.array(dup))])
        order = np.argsort(np.concatenate([np.arange(m), dup]), kind="stable")
        table = table.take(pa.array(order))
    return table


STEPS: list[tuple[str, Callable[[World], dict[str, pa.Table]]]] = [
    ("products and stock", erp),
    ("shop customers and orders", shop),
    ("CRM contacts", crm),
    ("web events", web),
    ("email events", esp),
    ("loyalty and point of sale", loyalty_and_pos),
    ("support tickets", support),
    ("consent, privacy requests, preferences", consent),
]


def generate(
    persons: int,
    seed: int = 42,
    as_of: date = date(2026, 11, 1),
    rates: MessRates | None = None,
    on_step: Callable[[str], None] | None = None,
) -> dict[tuple[str, str], pa.Table]:
    """{(schema, table): Arrow table} for every raw table and truth.person_identifiers."""
    if persons < 1:
        raise ValueError("persons must be at least 1")
    world = World(persons, seed, as_of, rates or MessRates())
    tables: dict[tuple[str, str], pa.Table] = {}
    for label, step in STEPS:
        for name, table in step(world).items():
            table = mess_up(world, name, table.select(RAW_TABLES[name]))
            tables[("raw", name)] = table.cast(
                pa.schema([(c, pa.string()) for c in RAW_TABLES[name]])
            )
        if on_step:
            on_step(label)
    tables[("truth", "person_identifiers")] = world.truth.table()
    return dict(sorted(tables.items()))
