"""ERP: the product master and stock snapshots per SKU and location."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from orchestration.generator import vocab
from orchestration.generator.context import Context
from orchestration.generator.delivery import deliver
from orchestration.generator.population import DAY
from orchestration.generator.text import booleans, join, money, number_text, pick, prefixed


def sku_count(persons: int) -> int:
    """A few hundred SKUs for a small shop, a few thousand at millions of persons."""
    return int(200 + 3 * np.sqrt(persons))


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rng = ctx.rng
    k = sku_count(ctx.n)
    number = 10_000 + np.cumsum(rng.integers(1, 8, k))
    sku = prefixed("SKU-", number, 6)
    weights = np.array(vocab.CATEGORY_WEIGHTS, dtype=np.float64)
    category = rng.choice(len(vocab.CATEGORIES), k, p=weights / weights.sum())
    brand = rng.integers(0, len(vocab.BRANDS), k)
    cost = np.round(rng.gamma(2.2, 12.0, k) + 1.5, 2)
    price = np.round(cost * rng.uniform(1.35, 2.8, k), 2) + 0.0
    price = np.floor(price) + 0.95  # list prices end in .95
    ctx.catalog.sku = sku.to_pylist()
    ctx.catalog.price = price
    ctx.catalog.category = category
    ctx.catalog.popularity = rng.pareto(1.2, k) + 0.05
    products = {
        "sku": sku,
        "product_name": join(
            pick(vocab.BRANDS, brand),
            " ",
            pick(vocab.PRODUCT_LINES, rng.integers(0, len(vocab.PRODUCT_LINES), k)),
            " ",
            pick(vocab.PRODUCT_NOUNS, rng.integers(0, len(vocab.PRODUCT_NOUNS), k)),
        ),
        "category": pick(vocab.CATEGORIES, category),
        "brand": pick(vocab.BRANDS, brand),
        "unit_cost": money(cost),
        "list_price": money(price),
        "currency": pick(["EUR"], np.zeros(k, dtype=np.int64)),
        "is_active": booleans(rng.random(k) < 0.93),
    }

    # Every warehouse holds every SKU (snapshots of yesterday and today); stores stock a share.
    warehouses, stores = len(vocab.WAREHOUSES), len(vocab.STORES)
    locations = [*vocab.WAREHOUSES, *(store for store, _ in vocab.STORES)]
    grid_sku = np.repeat(np.arange(k), warehouses + stores)
    grid_location = np.tile(np.arange(warehouses + stores), k)
    stocked = (grid_location < warehouses) | (rng.random(grid_sku.size) < 0.4)
    grid_sku, grid_location = grid_sku[stocked], grid_location[stocked]
    twice = grid_location < warehouses
    sku_row = np.concatenate([grid_sku, grid_sku[twice]])
    location = np.concatenate([grid_location, grid_location[twice]])
    snapshot = np.concatenate(
        [
            np.full(grid_sku.size, ctx.clock.now - 3600),
            np.full(int(twice.sum()), ctx.clock.now - DAY),
        ]
    )
    m = sku_row.size
    # Stock: some sold out (0), some over-reserved (availability below zero).
    on_hand = rng.poisson(14, m) * (rng.random(m) > 0.12)
    reserved = np.minimum(on_hand, rng.poisson(2, m))
    over = rng.random(m) < 0.04
    reserved[over] = on_hand[over] + rng.integers(1, 4, int(over.sum()))
    inventory = {
        "sku": sku.take(pa.array(sku_row)),
        "location_id": pick(locations, location),
        "on_hand_qty": number_text(on_hand),
        "reserved_qty": number_text(reserved),
        "snapshot_at": snapshot.astype(np.int64),
    }
    yield "erp_products", deliver(ctx, "erp_products", products)
    yield "erp_inventory", deliver(ctx, "erp_inventory", inventory)
