"""The consent platform's events, privacy requests and preference-centre submissions.

Consent events follow seeds/reference/consent_purposes.csv: cookie-banner decisions on the
anonymous id (analytics, profiling, ads_sale_share on the web), email marketing with double
opt-in (doi_pending, then doi_confirm) in DE/AT/CH and a plain grant elsewhere, later
withdrawals, SMS marketing on the phone, profiling on the shop account, customer service on the
CRM contact (legal basis contract), denials, objections to direct marketing and opt-outs of
sale/share (with no purpose or 'any'). Text versions run 1-3; some are below a purpose's minimum.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import typist, vocab
from orchestration.generator.context import Context
from orchestration.generator.delivery import NO_TIME, deliver, received
from orchestration.generator.population import DAY
from orchestration.generator.text import (
    from_fixed,
    hex_chars,
    join,
    keep,
    number_text,
    pick,
    prefixed,
    scatter,
    uuids,
)

SUBJECT_TYPES = ("email", "phone", "shop_customer_id", "crm_contact_id", "anonymous_id")
EMAIL, PHONE, SHOP, CRM, ANONYMOUS = range(5)
PURPOSES = ("marketing", "profiling", "analytics", "ads_sale_share", "customer_service", "any")
CHANNELS = ("email", "sms", "phone", "push", "web", "any")
ACTIONS = (
    "grant", "deny", "withdraw", "doi_pending", "doi_confirm", "object_direct_marketing",
    "opt_out_sale_share",
)  # fmt: skip
NONE = -1
DOUBLE_OPT_IN = ("DE", "AT", "CH")
UNKNOWN_PURPOSES = ("newsletter_v0", "sweepstakes", "everything")
UNKNOWN_CHANNELS = ("fax", "letter", "carrier_pigeon")
UNKNOWN_ACTIONS = ("maybe", "opt_in_later", "unsubscribe")
SOURCES = ("cmp_web", "shop_checkout", "preference_center", "crm", "pos_tablet", "esp")
POINTS = (
    "cookie_banner", "checkout", "newsletter_form", "account_settings", "unsubscribe_link",
    "store_tablet", "sales_call",
)  # fmt: skip


@dataclass
class Events:
    """Consent events being assembled (codes; NONE where a column is empty)."""

    columns: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, **values: np.ndarray | int) -> None:
        n = next(v.size for v in values.values() if isinstance(v, np.ndarray))
        for name, value in values.items():
            array = np.full(n, value) if np.isscalar(value) else value
            self.columns.setdefault(name, []).append(np.asarray(array, dtype=np.int64))

    def done(self) -> dict[str, np.ndarray]:
        return {name: np.concatenate(parts) for name, parts in self.columns.items()}


def _version(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice([1, 2, 3], n, p=[0.1, 0.25, 0.65])


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    yield "consent_events", _consent_events(ctx)
    yield "privacy_requests", _privacy_requests(ctx)
    yield "preference_submissions", _preferences(ctx)


def _consent_events(ctx: Context) -> pa.Table:
    rng, people, clock, accounts = ctx.rng, ctx.people, ctx.clock, ctx.accounts
    n, events = ctx.n, Events()
    country = people.country
    after = clock.between  # a time between a lower bound and now

    # Cookie banner on the anonymous id: accept all, reject all or analytics only.
    browser = np.flatnonzero(pc.is_valid(accounts.anonymous_id).to_numpy(zero_copy_only=False))
    banner = browser[rng.random(browser.size) < 0.25]
    choice = rng.choice(3, banner.size, p=[0.6, 0.25, 0.15])
    at = after(rng, people.first_seen[banner], clock.now - DAY)
    version = _version(rng, banner.size)
    for purpose in (2, 1, 3):  # analytics, profiling, ads_sale_share
        granted = (choice == 0) | ((choice == 2) & (purpose == 2))
        events.add(
            person=banner, subject=ANONYMOUS, purpose=purpose, channel=4,
            action=np.where(granted, 0, 1), basis=0, version=version, source=0, point=0,
            at=at,
        )  # fmt: skip

    # Email marketing: double opt-in where the jurisdiction asks for it, else a grant.
    doi_country = np.isin(country, [vocab.COUNTRY_CODES.index(c) for c in DOUBLE_OPT_IN])
    opt_in = np.flatnonzero(rng.random(n) < 0.35)
    at = after(rng, people.first_seen[opt_in], clock.now - DAY)
    doi = doi_country[opt_in]
    version = _version(rng, opt_in.size)
    source = rng.choice([1, 2, 5], opt_in.size)
    point = np.where(source == 1, 1, 2)
    events.add(
        person=opt_in, subject=EMAIL, purpose=0, channel=0, action=np.where(doi, 3, 0), basis=0,
        version=version, source=source, point=point, at=at,
    )  # fmt: skip
    confirm = doi & (rng.random(opt_in.size) < 0.85)
    confirmed_at = at[confirm] + rng.integers(120, 2 * DAY, int(confirm.sum()))
    events.add(
        person=opt_in[confirm], subject=EMAIL, purpose=0, channel=0, action=4, basis=0,
        version=version[confirm], source=source[confirm], point=point[confirm],
        at=confirmed_at,
    )  # fmt: skip
    # Some withdraw later, mostly through the unsubscribe link.
    leave = rng.random(opt_in.size) < 0.12
    events.add(
        person=opt_in[leave], subject=EMAIL, purpose=0, channel=0, action=2, basis=0,
        version=version[leave], source=5, point=4,
        at=after(rng, at[leave] + 3 * DAY, clock.now),
    )  # fmt: skip

    # Marketing declined at checkout.
    deny = np.flatnonzero(rng.random(n) < 0.08)
    events.add(
        person=deny, subject=EMAIL, purpose=0, channel=0, action=1, basis=0,
        version=_version(rng, deny.size), source=1, point=1,
        at=after(rng, people.first_seen[deny], clock.now),
    )  # fmt: skip

    # SMS marketing on the phone number.
    sms = np.flatnonzero(rng.random(n) < 0.08)
    events.add(
        person=sms, subject=PHONE, purpose=0, channel=1,
        action=np.where(rng.random(sms.size) < 0.85, 0, 1), basis=0,
        version=_version(rng, sms.size), source=rng.choice([1, 4], sms.size), point=1,
        at=after(rng, people.first_seen[sms], clock.now),
    )  # fmt: skip

    # Profiling on the shop account.
    holders = np.flatnonzero(accounts.shop >= 0)
    profiled = holders[rng.random(holders.size) < 0.2]
    events.add(
        person=profiled, subject=SHOP, purpose=1, channel=5,
        action=np.where(rng.random(profiled.size) < 0.7, 0, 1), basis=0,
        version=_version(rng, profiled.size), source=1, point=3,
        at=after(rng, accounts.shop_created_at[profiled], clock.now),
    )  # fmt: skip

    # Customer service on the CRM contact, on contract.
    contacts = np.flatnonzero(pc.is_valid(accounts.crm_id).to_numpy(zero_copy_only=False))
    served = contacts[rng.random(contacts.size) < 0.3]
    events.add(
        person=served, subject=CRM, purpose=4, channel=rng.choice([0, 2, 5], served.size),
        action=0, basis=1, version=_version(rng, served.size), source=3, point=6,
        at=after(rng, people.first_seen[served], clock.now),
    )  # fmt: skip

    # Objections to direct marketing and opt-outs of sale/share: no purpose, or 'any'.
    objecting = np.flatnonzero(rng.random(n) < 0.01)
    blank = rng.random(objecting.size) < 0.5
    events.add(
        person=objecting, subject=EMAIL, purpose=np.where(blank, NONE, 5),
        channel=np.where(blank, NONE, 5), action=5, basis=0,
        version=_version(rng, objecting.size), source=2, point=3,
        at=after(rng, people.first_seen[objecting], clock.now),
    )  # fmt: skip
    us = country == vocab.COUNTRY_CODES.index("US")
    opting_out = np.flatnonzero(rng.random(n) < np.where(us, 0.1, 0.01))
    on_browser = pc.is_valid(pc.take(accounts.anonymous_id, pa.array(opting_out))).to_numpy(
        zero_copy_only=False
    ) & (rng.random(opting_out.size) < 0.5)
    blank = rng.random(opting_out.size) < 0.4
    events.add(
        person=opting_out, subject=np.where(on_browser, ANONYMOUS, EMAIL),
        purpose=np.where(blank, NONE, 3), channel=np.where(blank, NONE, np.where(on_browser, 4, 5)),
        action=6, basis=0, version=_version(rng, opting_out.size),
        source=np.where(on_browser, 0, 2), point=np.where(on_browser, 0, 3),
        at=after(rng, people.first_seen[opting_out], clock.now),
    )  # fmt: skip
    return _land(ctx, events.done())


def _land(ctx: Context, e: dict[str, np.ndarray]) -> pa.Table:
    rng, people, accounts = ctx.rng, ctx.people, ctx.accounts
    table = "consent_events"
    person, subject, at = e["person"], e["subject"], e["at"]
    at = np.minimum(at, ctx.clock.now - 1)
    m = person.size
    country = people.country[person]
    parts = []
    for kind, typed in (
        (EMAIL, lambda rows: typist.email(ctx, table, person[rows], at[rows])),
        (PHONE, lambda rows: typist.phone(ctx, table, person[rows], at[rows], country[rows])),
        (SHOP, lambda rows: pc.take(accounts.shop_id, pa.array(person[rows]))),
        (CRM, lambda rows: pc.take(accounts.crm_id, pa.array(person[rows]))),
        (ANONYMOUS, lambda rows: pc.take(accounts.anonymous_id, pa.array(person[rows]))),
    ):
        rows = np.flatnonzero(subject == kind)
        value = typed(rows)
        ctx.truth.add(SUBJECT_TYPES[kind], person[rows], value)
        parts.append((rows, value))
    subject_value = scatter(m, parts)

    purpose = scatter(
        m, [(np.flatnonzero(e["purpose"] >= 0), pick(PURPOSES, e["purpose"][e["purpose"] >= 0]))]
    )
    channel = scatter(
        m, [(np.flatnonzero(e["channel"] >= 0), pick(CHANNELS, e["channel"][e["channel"] >= 0]))]
    )
    action = pick(ACTIONS, e["action"])
    # A few events carry a purpose, channel or action the platform's newer release invented.
    unknown = rng.random(m) < ctx.rates.unknown_consent_value
    which = rng.integers(0, 3, m)
    for k, (column, options) in enumerate(
        ((purpose, UNKNOWN_PURPOSES), (channel, UNKNOWN_CHANNELS), (action, UNKNOWN_ACTIONS))
    ):
        mask = unknown & (which == k)
        if mask.any():
            replaced = pc.replace_with_mask(
                column,
                pa.array(mask),
                pick(options, rng.integers(0, len(options), int(mask.sum()))),
            )
            if k == 0:
                purpose = replaced
            elif k == 1:
                channel = replaced
            else:
                action = replaced
    ctx.mess.add(table, "unknown_consent_value", unknown)

    us = country == vocab.COUNTRY_CODES.index("US")
    state = rng.choice(len(vocab.US_STATES), m, p=vocab.US_STATE_WEIGHTS)
    region = scatter(m, [(np.flatnonzero(us), pick(vocab.US_STATES, state[us]))])
    proof = keep(rng.random(m) < 0.9, join("prf_", from_fixed(hex_chars(rng, m, 20))))
    return deliver(
        ctx,
        table,
        {
            "event_id": uuids(rng, m),
            "subject_type": pick(SUBJECT_TYPES, subject),
            "subject_value": subject_value,
            "purpose": purpose,
            "channel": channel,
            "action": action,
            "legal_basis": pick(["consent", "contract"], e["basis"]),
            "consent_text_version": number_text(e["version"]),
            "language": pick([c.language for c in vocab.COUNTRIES], country),
            "country": pick(vocab.COUNTRY_CODES, country),
            "region": region,
            "source_system": pick(SOURCES, e["source"]),
            "collection_point": pick(POINTS, e["point"]),
            "occurred_at": at,
            "received_at": received(ctx, table, at),
            "proof_ref": proof,
        },
    )


def _privacy_requests(ctx: Context) -> pa.Table:
    rng, people, clock, accounts = ctx.rng, ctx.people, ctx.clock, ctx.accounts
    table = "privacy_requests"
    # A few per thousand persons (and a handful even in a small demo).
    share = max(0.004, min(1.0, 12 / ctx.n))
    person = np.flatnonzero(rng.random(ctx.n) < share)
    m = person.size
    country = people.country[person]
    us = country == vocab.COUNTRY_CODES.index("US")
    at = clock.between(rng, people.first_seen[person], clock.now - DAY)
    kind = rng.choice(3, m, p=[0.85, 0.1, 0.05])
    kind = np.where((kind == 2) & (accounts.shop[person] < 0), 0, kind)
    parts = []
    for k, typed in (
        (0, lambda rows: typist.email(ctx, table, person[rows], at[rows])),
        (1, lambda rows: typist.phone(ctx, table, person[rows], at[rows], country[rows])),
        (2, lambda rows: pc.take(accounts.shop_id, pa.array(person[rows]))),
    ):
        rows = np.flatnonzero(kind == k)
        value = typed(rows)
        ctx.truth.add(SUBJECT_TYPES[k], person[rows], value)
        parts.append((rows, value))
    request_type = rng.choice(4, m, p=[0.4, 0.3, 0.15, 0.15])
    request_type = np.where(us & (rng.random(m) < 0.5), 3, request_type)
    state = pick(vocab.US_STATES, rng.choice(len(vocab.US_STATES), m, p=vocab.US_STATE_WEIGHTS))
    jurisdiction = pc.if_else(pa.array(us), join("US-", state), pick(vocab.COUNTRY_CODES, country))
    verified = rng.random(m) < 0.85
    return deliver(
        ctx,
        table,
        {
            "request_id": prefixed("PR-", 1 + np.arange(m), 6),
            "subject_type": pick(SUBJECT_TYPES, kind),
            "subject_value": scatter(m, parts),
            "request_type": pick(
                ["erasure", "access", "object_direct_marketing", "opt_out_sale_share"],
                request_type,
            ),
            "jurisdiction": jurisdiction,
            "received_at": at,
            "verified_at": np.where(verified, at + rng.integers(3600, 3 * DAY, m), NO_TIME),
        },
    )


def _preferences(ctx: Context) -> pa.Table:
    rng, people, clock = ctx.rng, ctx.people, ctx.clock
    table = "preference_submissions"
    person = np.flatnonzero(rng.random(ctx.n) < 0.2)
    m = person.size
    at = clock.between(rng, people.first_seen[person], clock.now - 60)
    email = typist.email(ctx, table, person, at)
    ctx.truth.add("email", person, email)
    k = len(vocab.CATEGORIES)
    first = rng.integers(0, k, m)
    second = (first + rng.integers(1, k, m)) % k
    third = (second + rng.integers(1, k - 1, m)) % k
    third = np.where(third == first, (third + 1) % k, third)
    how_many = rng.choice(3, m, p=[0.45, 0.35, 0.2])
    interests = pick(vocab.CATEGORIES, first)
    interests = pc.if_else(
        pa.array(how_many >= 1), join(interests, ",", pick(vocab.CATEGORIES, second)), interests
    )
    interests = pc.if_else(
        pa.array(how_many >= 2), join(interests, ", ", pick(vocab.CATEGORIES, third)), interests
    )
    return deliver(
        ctx,
        table,
        {
            "submission_id": prefixed("PS-", 1 + np.arange(m), 8),
            "email": email,
            "preferred_channel": pick(
                ["email", "sms", "phone", "push"], rng.choice(4, m, p=[0.6, 0.2, 0.05, 0.15])
            ),
            "frequency": pick(
                ["weekly", "monthly", "daily", "never"], rng.choice(4, m, p=[0.45, 0.4, 0.05, 0.1])
            ),
            "interests": interests,
            "submitted_at": at,
        },
    )
