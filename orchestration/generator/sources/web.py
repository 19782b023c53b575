"""Web analytics events (Segment-style page/track/identify) from browsers, family tablets and
in-store kiosks.

A session is one person on one device with one anonymous id (apps reset it at logout, so a
shared tablet or kiosk gives every user their own anonymous id but the same device id).
Account holders identify — after some anonymous page views (anonymous_identify) or at once;
other visitors stay anonymous unless a newsletter form identifies them by email.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import typist, vocab
from orchestration.generator.context import Context
from orchestration.generator.delivery import deliver, received
from orchestration.generator.draw import within_group_index
from orchestration.generator.money import COUNTRY_CURRENCY, CURRENCIES, local_price
from orchestration.generator.population import DAY
from orchestration.generator.text import from_fixed as fixed
from orchestration.generator.text import (
    hex_chars,
    join,
    money,
    number_text,
    pick,
    prefixed,
    scatter,
    uuids,
)

OWN, TABLET, KIOSK = 0, 1, 2
TRACK_WEIGHTS = (0.5, 0.25, 0.15, 0.1)  # vocab.TRACK_EVENTS
CHUNK_SESSIONS = 200_000  # events are built and landed in slices of sessions (bounded memory)


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rng, people, clock, accounts = ctx.rng, ctx.people, ctx.clock, ctx.accounts
    table = "web_events"
    holder = accounts.shop >= 0

    # -- sessions: (person, device) ------------------------------------------------------------
    visitor = np.flatnonzero(rng.random(ctx.n) < np.where(holder, 0.85, 0.5))
    own = np.repeat(visitor, 1 + (rng.random(visitor.size) < 0.35))
    family = rng.permutation(visitor[rng.random(visitor.size) < ctx.rates.family_device])
    kiosk_users = np.flatnonzero(holder & (rng.random(ctx.n) < ctx.rates.kiosk_login))
    kiosks = len(vocab.STORES) * vocab.KIOSKS_PER_STORE
    person = np.concatenate([own, family, kiosk_users])
    kind = np.repeat([OWN, TABLET, KIOSK], [own.size, family.size, kiosk_users.size])
    s = person.size
    tablet = np.arange(family.size) // 3  # three people to a family tablet
    # Flagship kiosks see most logins (one device id, many customers).
    popularity = 1.0 / np.arange(1, kiosks + 1) ** 1.2
    kiosk = rng.choice(kiosks, kiosk_users.size, p=popularity / popularity.sum())

    own_device = join("dev-", fixed(hex_chars(rng, own.size, 16)))
    tablet_device = join("dev-", fixed(hex_chars(rng, int(tablet.max(initial=-1)) + 1, 16)))
    kiosk_names = [
        f"kiosk-{store}-{k + 1}" for store, _ in vocab.STORES for k in range(vocab.KIOSKS_PER_STORE)
    ]
    device_id = pa.concat_arrays(
        [own_device, pc.take(tablet_device, pa.array(tablet)), pick(kiosk_names, kiosk)]
    )
    anonymous_id = uuids(rng, s)
    user_agent = np.where(
        kind == OWN,
        rng.integers(0, len(vocab.USER_AGENTS), s),
        np.where(kind == TABLET, len(vocab.USER_AGENTS), len(vocab.USER_AGENTS) + 1),
    )
    # One address per browser; a family tablet shares the home's, a kiosk the store's.
    ip_key = np.concatenate([np.arange(own.size), own.size + tablet, own.size + s + kiosk])
    ip_octets = rng.integers(1, 255, (own.size + s + kiosks, 4))
    ip_octets[:, 0] = rng.choice(
        [31, 46, 62, 77, 79, 84, 88, 91, 93, 109, 176, 185, 213], ip_octets.shape[0]
    )
    ip = join(
        number_text(ip_octets[ip_key, 0]), ".", number_text(ip_octets[ip_key, 1]), ".",
        number_text(ip_octets[ip_key, 2]), ".", number_text(ip_octets[ip_key, 3]),
    )  # fmt: skip

    can_login = holder[person]
    views = np.select(
        [kind == OWN, kind == TABLET], [1 + rng.poisson(4.5, s), 1 + rng.poisson(3.0, s)],
        2 + rng.poisson(1.5, s),
    )  # fmt: skip
    # Where in the session the identify call comes (-1: never). Account holders log in (user id
    # and email traits); other visitors identify by email (newsletter form, guest checkout, a
    # tracked link from an email). After some anonymous views, or at once.
    later = (kind == OWN) & (rng.random(s) < ctx.rates.anonymous_identify)
    never = (kind == OWN) & (rng.random(s) < ctx.rates.anonymous_only)
    after_views = 1 + np.minimum(rng.poisson(1.5, s), views - 1)
    identify_at = np.where(later, after_views, 0)
    identify_at[kind == KIOSK] = 1
    identify_at[never] = -1
    newsletter = ~can_login & (identify_at >= 0)
    identifies_later = later & ~never
    start = clock.between(rng, people.first_seen[person], clock.now - DAY)
    sessions = Sessions(
        person=person,
        kind=kind,
        device_id=device_id,
        anonymous_id=anonymous_id,
        ip=ip,
        user_agent=user_agent,
        views=views,
        identify_at=identify_at,
        can_login=can_login,
        identifies_later=identifies_later,
        newsletter=newsletter,
        start=start,
    )
    ctx.truth.add("anonymous_id", person, anonymous_id)
    ctx.truth.add("device_id", person, device_id)
    first_browser = np.full(ctx.n, -1)
    first_browser[own[::-1]] = np.arange(own.size)[::-1]
    accounts.anonymous_id = pc.take(anonymous_id, pa.array(first_browser, mask=first_browser < 0))
    for chunk in range(0, s, CHUNK_SESSIONS):
        yield table, _events(ctx, sessions.slice(chunk, chunk + CHUNK_SESSIONS))


@dataclass
class Sessions:
    person: np.ndarray
    kind: np.ndarray
    device_id: pa.Array
    anonymous_id: pa.Array
    ip: pa.Array
    user_agent: np.ndarray
    views: np.ndarray
    identify_at: np.ndarray
    can_login: np.ndarray
    identifies_later: np.ndarray
    newsletter: np.ndarray
    start: np.ndarray

    def slice(self, lo: int, hi: int) -> Sessions:
        return Sessions(**{f.name: getattr(self, f.name)[lo:hi] for f in fields(self)})


def _events(ctx: Context, sessions: Sessions) -> pa.Table:
    rng, people, clock, accounts = ctx.rng, ctx.people, ctx.clock, ctx.accounts
    table = "web_events"
    person, kind, identify_at = sessions.person, sessions.kind, sessions.identify_at
    s = person.size
    length = sessions.views + (identify_at >= 0)
    session = np.repeat(np.arange(s), length)
    m = session.size
    position = within_group_index(length)
    is_identify = position == identify_at[session]
    logged_in = (
        sessions.can_login[session]
        & (identify_at[session] >= 0)
        & (position >= identify_at[session])
    )
    ctx.mess.add(table, "anonymous_identify", sessions.identifies_later[session] & is_identify)
    ctx.mess.add(table, "anonymous_only", identify_at[session] < 0)
    ctx.mess.add(table, "family_device", kind[session] == TABLET)
    ctx.mess.add(table, "kiosk_login", kind[session] == KIOSK)

    new_visit = rng.random(m) < np.where(kind[session] == OWN, 0.3, 0.0)
    gap = np.where(new_visit, rng.exponential(4 * DAY, m), 1 + rng.exponential(40, m))
    gap[position == 0] = 0
    offset = np.cumsum(gap)
    offset -= np.repeat(offset[np.cumsum(length) - length], length)
    span = np.zeros(s)
    np.maximum.at(span, session, offset)
    start = sessions.start
    room = np.maximum(clock.now - 60 - start, 1)
    squeeze = np.minimum(1.0, room / np.maximum(span, 1))
    sent = start[session] + (offset * squeeze[session]).astype(np.int64)

    event_type = np.where(is_identify, 2, (rng.random(m) < 0.4).astype(np.int64))  # page, track
    track = event_type == 1
    track_name = rng.choice(len(vocab.TRACK_EVENTS), m, p=TRACK_WEIGHTS)
    who = person[session]
    logged_rows = np.flatnonzero(logged_in)
    user_id = scatter(m, [(logged_rows, pc.take(accounts.shop_id, pa.array(who[logged_rows])))])

    identify_rows = np.flatnonzero(is_identify)
    with_traits = rng.random(identify_rows.size) < np.where(
        sessions.newsletter[session[identify_rows]], 1.0, 0.9
    )
    traits_rows = identify_rows[with_traits]
    typed = typist.email(ctx, table, who[traits_rows], sent[traits_rows])
    traits_email = scatter(m, [(traits_rows, typed)])
    ctx.truth.add("email", who[traits_rows], typed)
    logged = np.zeros(s, dtype=bool)
    logged[session[logged_in]] = True
    ctx.truth.add(
        "shop_customer_id", person[logged], pc.take(accounts.shop_id, pa.array(person[logged]))
    )

    currency = COUNTRY_CURRENCY[people.country[who]]
    properties = _properties(ctx, event_type, track_name, currency)
    agents = [*vocab.USER_AGENTS, vocab.TABLET_AGENT, vocab.KIOSK_AGENT]
    session_rows = pa.array(session)
    return deliver(
        ctx,
        table,
        {
            "message_id": uuids(rng, m),
            "type": pick(["page", "track", "identify"], event_type),
            "event": scatter(
                m, [(np.flatnonzero(track), pick(vocab.TRACK_EVENTS, track_name[track]))]
            ),
            "anonymous_id": pc.take(sessions.anonymous_id, session_rows),
            "user_id": user_id,
            "device_id": pc.take(sessions.device_id, session_rows),
            "ip": pc.take(sessions.ip, session_rows),
            "user_agent": pick(agents, sessions.user_agent[session]),
            "traits_email": traits_email,
            "properties": properties,
            "sent_at": sent,
            "received_at": received(ctx, table, sent),
        },
    )


def _properties(
    ctx: Context, event_type: np.ndarray, track_name: np.ndarray, currency: np.ndarray
) -> pa.Array:
    """JSON text: product pages and product events name the SKU, category and price; other
    pages their path; completed orders an id and revenue; identify calls carry none."""
    rng, catalog, m = ctx.rng, ctx.catalog, event_type.size
    sku = catalog.draw(rng, m)
    on_product = rng.random(m) < 0.5
    page = event_type == 0
    product_page = np.flatnonzero(page & on_product)
    other_page = np.flatnonzero(page & ~on_product)
    order = np.flatnonzero((event_type == 1) & (track_name == 3))
    product_event = np.flatnonzero((event_type == 1) & (track_name != 3))

    def sku_text(rows):
        return pick(catalog.sku, sku[rows])

    def category(rows):
        return pick(vocab.CATEGORIES, catalog.category[sku[rows]])

    def price(rows, quantity=1):
        return money(local_price(catalog.price[sku[rows]], currency[rows]) * quantity)

    paths = pick(vocab.PAGE_PATHS, rng.integers(0, len(vocab.PAGE_PATHS), other_page.size))
    order_ids = prefixed("W", rng.integers(0, 10**9, order.size), 9)
    quantity = 1 + rng.poisson(1.2, order.size)
    return scatter(
        m,
        [
            (
                product_page,
                join(
                    '{"path": "/p/', sku_text(product_page), '", "sku": "',
                    sku_text(product_page), '", "category": "', category(product_page), '"}',
                ),
            ),
            (other_page, join('{"path": "', paths, '"}')),
            (
                product_event,
                join(
                    '{"sku": "', sku_text(product_event), '", "category": "',
                    category(product_event), '", "price": ', price(product_event),
                    ', "currency": "', pick(CURRENCIES, currency[product_event]), '"}',
                ),
            ),
            (
                order,
                join(
                    '{"order_id": "', order_ids, '", "revenue": ', price(order, quantity),
                    ', "currency": "', pick(CURRENCIES, currency[order]), '"}',
                ),
            ),
        ],
    )  # fmt: skip
