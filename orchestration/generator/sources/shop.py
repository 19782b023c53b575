"""The web shop: customer accounts (a row per delivered version), orders and order lines."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import typist, vocab
from orchestration.generator.context import Context
from orchestration.generator.delivery import NO_TIME, deliver
from orchestration.generator.draw import increasing_ids, rank_by_time, repeat
from orchestration.generator.money import COUNTRY_CURRENCY, CURRENCIES, local_price
from orchestration.generator.population import DAY
from orchestration.generator.text import booleans, join, keep, money, number_text, pick

ORDERS_PER_ACCOUNT = 2.0
GUEST_SHARE = 0.25
STATUS_WEIGHTS = (0.85, 0.03, 0.02, 0.05, 0.03, 0.02)  # vocab.FINANCIAL_STATUSES


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    yield "shop_customers", _customers(ctx)
    orders, lines = _orders(ctx)
    yield "shop_orders", orders
    yield "shop_order_lines", lines


def _customers(ctx: Context) -> pa.Table:
    rng, people, clock = ctx.rng, ctx.people, ctx.clock
    holders = np.flatnonzero(people.has_shop)
    created = np.minimum(
        people.first_seen[holders] + rng.integers(0, 30 * DAY, holders.size), clock.now - DAY
    )
    ids = number_text(increasing_ids(rng, created, 7_010_000_000_000))
    row_of = np.full(ctx.n, -1, dtype=np.int64)
    row_of[holders] = np.arange(holders.size)
    ctx.accounts.shop = row_of
    ctx.accounts.shop_id = pc.take(ids, pa.array(row_of, mask=row_of < 0))
    ctx.accounts.shop_created_at = np.where(row_of >= 0, np.append(created, 0)[row_of], NO_TIME)

    # The first version, then a new version for each later change of email or phone.
    first_updated = created + rng.integers(60, 3600, holders.size)
    email_moved = (people.email_changed_at[holders] > first_updated) & (
        people.email_changed_at[holders] < clock.now
    )
    phone_moved = (people.phone_changed_at[holders] > first_updated) & (
        people.phone_changed_at[holders] < clock.now
    )
    base = np.arange(holders.size)
    version_of = np.concatenate([base, base[email_moved], base[phone_moved]])
    kind = np.repeat([0, 1, 2], [holders.size, int(email_moved.sum()), int(phone_moved.sum())])
    updated = np.concatenate(
        [
            first_updated,
            people.email_changed_at[holders][email_moved]
            + rng.integers(60, DAY, int(email_moved.sum())),
            people.phone_changed_at[holders][phone_moved]
            + rng.integers(60, DAY, int(phone_moved.sum())),
        ]
    )
    updated = np.minimum(updated, clock.now - 1)
    person = holders[version_of]
    table = "shop_customers"
    # Typed once per account; a version re-types only the value that changed.
    first_name, last_name = typist.person_names(ctx, table, holders)
    email_first = typist.email(ctx, table, holders, first_updated)
    region = people.country[holders]
    phone_first = typist.phone(ctx, table, holders, first_updated, region)
    has_phone = rng.random(holders.size) < 0.7
    email = pc.take(email_first, pa.array(version_of))
    phone = pc.take(keep(has_phone, phone_first), pa.array(version_of))
    # A later version carries every value the account held at that time.
    later = kind != 0
    retype_email = later & (people.email_changed_at[person] <= updated)
    retype_phone = (
        later & (people.phone_changed_at[person] <= updated) & (has_phone[version_of] | (kind == 2))
    )
    if retype_email.any():
        typed = typist.email(ctx, table, person[retype_email], updated[retype_email])
        email = pc.replace_with_mask(email, pa.array(retype_email), typed)
    if retype_phone.any():
        typed = typist.phone(
            ctx,
            table,
            person[retype_phone],
            updated[retype_phone],
            region[version_of][retype_phone],
        )
        phone = pc.replace_with_mask(phone, pa.array(retype_phone), typed)
    customer_id = pc.take(ids, pa.array(version_of))
    ctx.truth.add("shop_customer_id", person, customer_id)
    ctx.truth.add("email", person, email)
    ctx.truth.add("phone", person, phone)
    country = pick(vocab.COUNTRY_CODES, people.country[person])
    return deliver(
        ctx,
        table,
        {
            "id": customer_id,
            "email": email,
            "phone": phone,
            "first_name": pc.take(first_name, pa.array(version_of)),
            "last_name": pc.take(last_name, pa.array(version_of)),
            "accepts_marketing": booleans(people.accepts_marketing[person]),
            "country_code": country,
            "created_at": created[version_of],
            "updated_at": updated,
        },
    )


def _orders(ctx: Context) -> tuple[pa.Table, pa.Table]:
    rng, people, clock, accounts = ctx.rng, ctx.people, ctx.clock, ctx.accounts
    holders = np.flatnonzero(accounts.shop >= 0)
    guests = np.flatnonzero((accounts.shop < 0) & (rng.random(ctx.n) < GUEST_SHARE))
    buyer = np.concatenate([repeat(rng, holders, ORDERS_PER_ACCOUNT), repeat(rng, guests, 0.5, 1)])
    is_guest = accounts.shop[buyer] < 0
    m = buyer.size
    since = np.where(is_guest, people.first_seen[buyer], accounts.shop_created_at[buyer])
    created = clock.between(rng, since, clock.now - 3600)
    order_id = increasing_ids(rng, created, 5_500_000_000_000)
    order_number = join("#", number_text(1000 + rank_by_time(created)))
    shipping = people.country[buyer].copy()
    abroad = rng.random(m) < 0.03
    shipping[abroad] = rng.integers(0, len(vocab.COUNTRIES), int(abroad.sum()))
    currency = COUNTRY_CURRENCY[shipping]

    # Lines first: the order total is their sum.
    lines_per = 1 + rng.poisson(1.0, m)
    line_order = np.repeat(np.arange(m), lines_per)
    sku = ctx.catalog.draw(rng, line_order.size)
    quantity = np.where(rng.random(line_order.size) < 0.8, 1, rng.integers(2, 4, line_order.size))
    unit_price = local_price(ctx.catalog.price[sku], currency[line_order])
    total = np.bincount(line_order, weights=unit_price * quantity, minlength=m)

    status = rng.choice(len(vocab.FINANCIAL_STATUSES), m, p=STATUS_WEIGHTS)
    refunded = np.isin(status, [3, 4])
    cancelled = (status == 5) | (refunded & (rng.random(m) < 0.5))
    cancelled_at = np.where(cancelled, created + rng.integers(3600, 5 * DAY, m), NO_TIME)
    updated = np.where(cancelled, cancelled_at, created + rng.integers(60, 2 * DAY, m))
    updated = np.minimum(updated, clock.now - 1)
    cancelled_at = np.where(cancelled, np.minimum(cancelled_at, updated), NO_TIME)

    table = "shop_orders"
    has_email = rng.random(m) < np.where(is_guest, 0.97, 0.9)
    email = keep(has_email, typist.email(ctx, table, buyer, created))
    phone = keep(rng.random(m) < 0.35, typist.phone(ctx, table, buyer, created, shipping))
    customer_id = pc.take(accounts.shop_id, pa.array(buyer))
    ctx.truth.add("shop_customer_id", buyer, customer_id)
    ctx.truth.add("email", buyer, email)
    ctx.truth.add("phone", buyer, phone)
    # Refunds arrive as a second version of the order: first paid, later refunded.
    version = np.concatenate([np.arange(m), np.flatnonzero(refunded)])
    second = np.arange(version.size) >= m
    status_text = pick(
        vocab.FINANCIAL_STATUSES,
        np.where(second, status[version], np.where(refunded[version], 0, status[version])),
    )
    first_updated = np.minimum(created + rng.integers(60, 3600, m), updated)
    orders = deliver(
        ctx,
        table,
        {
            "id": number_text(order_id[version]),
            "customer_id": pc.take(customer_id, pa.array(version)),
            "email": pc.take(email, pa.array(version)),
            "phone": pc.take(phone, pa.array(version)),
            "order_number": pc.take(order_number, pa.array(version)),
            "currency": pick(CURRENCIES, currency[version]),
            "total_price": money(total[version]),
            "financial_status": status_text,
            "shipping_country": pick(vocab.COUNTRY_CODES, shipping[version]),
            "created_at": created[version],
            "updated_at": np.where(
                second | ~refunded[version], updated[version], first_updated[version]
            ),
            "cancelled_at": np.where(second | ~refunded[version], cancelled_at[version], NO_TIME),
        },
    )
    line_ids = increasing_ids(rng, created[line_order], 14_200_000_000_000)
    lines = deliver(
        ctx,
        "shop_order_lines",
        {
            "id": number_text(line_ids),
            "order_id": number_text(order_id[line_order]),
            "sku": pick(ctx.catalog.sku, sku),
            "quantity": number_text(quantity),
            "unit_price": money(unit_price),
        },
    )
    return orders, lines
