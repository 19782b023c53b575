"""Physical stores: the loyalty programme's members and point-of-sale transactions with lines."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import typist, vocab
from orchestration.generator.context import Context
from orchestration.generator.delivery import deliver
from orchestration.generator.draw import increasing_ids, rank_by_time, repeat, within_group_index
from orchestration.generator.money import CURRENCIES, local_price
from orchestration.generator.population import DAY
from orchestration.generator.text import digits, from_fixed, keep, money, number_text, pick

MEMBER_SHARE = 0.3
REPLACEMENT_CARD = 0.03
VISITS_PER_MEMBER = 1.3
WALK_IN_SHARE = 0.1


def _cards(rank: np.ndarray) -> pa.Array:
    """Card numbers '9276' + 10 digits, distinct for distinct ranks."""
    scrambled = (rank * 7_368_787 + 1_000_003) % 10**10
    chars = np.concatenate(
        [np.tile(np.frombuffer(b"9276", np.uint8), (rank.size, 1)), digits(scrambled, 10)], axis=1
    )
    return from_fixed(chars)


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rng, people, clock, accounts = ctx.rng, ctx.people, ctx.clock, ctx.accounts
    table = "loyalty_members"
    members = np.flatnonzero(rng.random(ctx.n) < MEMBER_SHARE)
    replaced = members[rng.random(members.size) < REPLACEMENT_CARD]
    person = np.concatenate([members, replaced])
    enrolled = clock.between(rng, people.first_seen[person], clock.now - DAY)
    second = np.arange(person.size) >= members.size
    # A replacement card is issued after the first one.
    first_enrolled = np.zeros(ctx.n, dtype=np.int64)
    first_enrolled[members] = enrolled[: members.size]
    enrolled[second] = clock.between(rng, first_enrolled[replaced], clock.now - 1)
    card = _cards(rank_by_time(enrolled) + 1)
    first_name, last_name = typist.person_names(ctx, table, person)
    email = typist.email(ctx, table, person, enrolled)
    has_email = rng.random(person.size) < 0.95
    email = keep(has_email, email)
    phone = keep(
        ~has_email | (rng.random(person.size) < 0.7), typist.phone(ctx, table, person, enrolled)
    )
    ctx.truth.add("loyalty_card_number", person, card)
    ctx.truth.add("email", person, email)
    ctx.truth.add("phone", person, phone)
    tier = rng.choice(len(vocab.TIERS), person.size, p=vocab.TIER_WEIGHTS)
    yield (
        table,
        deliver(
            ctx,
            table,
            {
                "card_number": card,
                "email": email,
                "phone": phone,
                "first_name": first_name,
                "last_name": last_name,
                "tier": pick(vocab.TIERS, tier),
                "enrolled_at": enrolled,
            },
        ),
    )
    card_row = np.full(ctx.n, -1, dtype=np.int64)
    card_row[members] = np.arange(members.size)
    new_card_row = card_row.copy()
    new_card_row[replaced] = members.size + np.arange(replaced.size)
    replaced_at = np.full(ctx.n, np.iinfo(np.int64).max)
    replaced_at[replaced] = enrolled[second]
    accounts.loyalty_card = pc.take(card, pa.array(new_card_row, mask=new_card_row < 0))
    yield from _transactions(ctx, card, card_row, new_card_row, replaced_at, first_enrolled)


def _transactions(
    ctx: Context,
    card: pa.Array,
    card_row: np.ndarray,
    new_card_row: np.ndarray,
    replaced_at: np.ndarray,
    first_enrolled: np.ndarray,
) -> Iterator[tuple[str, pa.Table]]:
    rng, people, clock = ctx.rng, ctx.people, ctx.clock
    table = "pos_transactions"
    members = np.flatnonzero(card_row >= 0)
    walk_ins = np.flatnonzero((card_row < 0) & (rng.random(ctx.n) < WALK_IN_SHARE))
    shopper = np.concatenate([repeat(rng, members, VISITS_PER_MEMBER), walk_ins])
    member = card_row[shopper] >= 0
    t = shopper.size
    since = np.where(member, first_enrolled[shopper], people.first_seen[shopper])
    at = clock.between(rng, since, clock.now - 3600)
    # Shoppers use a store in their country where there is one, else one in Germany.
    store_country = np.array([vocab.COUNTRY_CODES.index(c) for _, c in vocab.STORES])
    store = rng.integers(0, len(vocab.STORES), t)
    country_stores = [np.flatnonzero(store_country == c) for c in range(len(vocab.COUNTRIES))]
    german = country_stores[vocab.COUNTRY_CODES.index("DE")]
    for c, options in enumerate(country_stores):
        rows = np.flatnonzero(people.country[shopper] == c)
        pool = options if options.size else german
        store[rows] = pool[rng.integers(0, pool.size, rows.size)]
    currency = np.array([CURRENCIES.index(vocab.COUNTRIES[c].currency) for c in store_country])[
        store
    ]

    with_card = member & (rng.random(t) < 0.92)
    use_new = at >= replaced_at[shopper]
    row = np.where(use_new, new_card_row[shopper], card_row[shopper])
    tx_card = keep(with_card, pc.take(card, pa.array(np.maximum(row, 0))))
    asks_phone = ~with_card & (rng.random(t) < np.where(member, 0.5, 0.15))
    phone = keep(asks_phone, typist.phone(ctx, table, shopper, at))
    ctx.truth.add("loyalty_card_number", shopper, tx_card)
    ctx.truth.add("phone", shopper, phone)

    lines_per = 1 + rng.poisson(1.0, t)
    line_tx = np.repeat(np.arange(t), lines_per)
    sku = ctx.catalog.draw(rng, line_tx.size)
    quantity = np.where(rng.random(line_tx.size) < 0.85, 1, 2)
    amount = local_price(ctx.catalog.price[sku], currency[line_tx]) * quantity
    total = np.bincount(line_tx, weights=amount, minlength=t)
    tx_id = number_text(increasing_ids(rng, at, 40_000_000))
    store_text = pick([s for s, _ in vocab.STORES], store)
    tx_key = pc.binary_join_element_wise(store_text, tx_id, "-")
    yield (
        table,
        deliver(
            ctx,
            table,
            {
                "transaction_id": tx_key,
                "store_id": store_text,
                "loyalty_card_number": tx_card,
                "phone": phone,
                "total_amount": money(total),
                "currency": pick(CURRENCIES, currency),
                "occurred_at": at,
            },
        ),
    )
    yield (
        "pos_transaction_lines",
        deliver(
            ctx,
            "pos_transaction_lines",
            {
                "transaction_id": pc.take(tx_key, pa.array(line_tx)),
                "line_number": number_text(1 + within_group_index(lines_per)),
                "sku": pick(ctx.catalog.sku, sku),
                "quantity": number_text(quantity),
                "amount": money(amount),
            },
        ),
    )
