"""How rows land: timestamps written as text (some in ISO forms), late arrivals, malformed
values, and duplicate deliveries — the last step of every raw table."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator.context import Context
from orchestration.generator.contract import KEYS, RAW_TABLES
from orchestration.generator.population import DAY
from orchestration.generator.text import iso_timestamps, join, pick, timestamps, where

NO_TIME = np.iinfo(np.int64).min

# The timestamp a malformed date replaces, per table.
DATE_COLUMNS = {
    "shop_customers": "created_at",
    "shop_orders": "created_at",
    "crm_contacts": "created_date",
    "web_events": "sent_at",
    "esp_events": "occurred_at",
    "pos_transactions": "occurred_at",
    "loyalty_members": "enrolled_at",
    "support_tickets": "created_at",
    "consent_events": "occurred_at",
    "privacy_requests": "received_at",
    "preference_submissions": "submitted_at",
    "erp_inventory": "snapshot_at",
}
QUANTITY_COLUMNS = {
    "shop_order_lines": "quantity",
    "pos_transaction_lines": "quantity",
    "erp_inventory": "on_hand_qty",
}
CURRENCY_COLUMNS = {"shop_orders": "currency", "pos_transactions": "currency"}
BAD_DATES = (
    "2026-02-30 10:00:00", "2025-13-01 00:00:00", "not a date", "31/12/2025 14:00",
    "2026-04-31 09:15:00", "0000-00-00 00:00:00", "2025-06-15 25:61:00",
)  # fmt: skip
BAD_CURRENCIES = ("XXX", "EURO", "€", "$", "EUE")


def received(ctx: Context, table: str, occurred: np.ndarray) -> np.ndarray:
    """When each event reached the warehouse: seconds later, or days later (late_event)."""
    rng, m = ctx.rng, occurred.size
    late = rng.random(m) < ctx.rates.late_event
    delay = rng.integers(0, 5, m)
    delay[late] = rng.integers(2 * DAY, 10 * DAY, int(late.sum()))
    ctx.mess.add(table, "late_event", late)
    return occurred + delay


def deliver(ctx: Context, table: str, columns: dict[str, pa.Array | np.ndarray]) -> pa.Table:
    """The landed raw table: every column text, in contract order, with the mess of delivery."""
    rng, rates = ctx.rng, ctx.rates
    names = RAW_TABLES[table]
    missing = set(names) - set(columns)
    if missing:
        raise ValueError(f"{table}: columns {sorted(missing)} were not built")
    n = len(next(iter(columns.values())))
    text: dict[str, pa.Array] = {}
    iso_total = np.zeros(n, dtype=bool)
    for name in names:
        value = columns[name]
        if isinstance(value, np.ndarray):
            value, iso = _timestamp_text(ctx, value)
            iso_total |= iso
        text[name] = value
    ctx.mess.add(table, "timestamp_iso", iso_total)

    if table in DATE_COLUMNS:
        bad = rng.random(n) < rates.malformed_date
        text[DATE_COLUMNS[table]] = _replace(rng, text[DATE_COLUMNS[table]], bad, BAD_DATES)
        ctx.mess.add(table, "malformed_date", bad)
    if table in QUANTITY_COLUMNS:
        column = QUANTITY_COLUMNS[table]
        bad = rng.random(n) < rates.negative_quantity
        if bad.any():
            negative = join("-", pc.utf8_ltrim(text[column], characters="-"))
            text[column] = where(bad, negative, text[column])
        ctx.mess.add(table, "negative_quantity", bad)
    if table in CURRENCY_COLUMNS:
        bad = rng.random(n) < rates.unknown_currency
        text[CURRENCY_COLUMNS[table]] = _replace(
            rng, text[CURRENCY_COLUMNS[table]], bad, BAD_CURRENCIES
        )
        ctx.mess.add(table, "unknown_currency", bad)
    bad = rng.random(n) < rates.empty_key
    if bad.any():
        how = rng.integers(0, 3, n)
        key = KEYS[table]
        text[key] = where(bad & (how == 0), "", text[key])
        text[key] = where(bad & (how == 1), " ", text[key])
        text[key] = where(bad & (how == 2), None, text[key])
    ctx.mess.add(table, "empty_key", bad)

    landed = pa.table([text[name] for name in names], names=names)
    again = np.flatnonzero(rng.random(n) < rates.duplicate_delivery)
    ctx.mess.add(table, "duplicate_delivery", again.size)
    if again.size:
        # A redelivery arrives with a later batch: the exact same row, appended.
        landed = pa.concat_tables([landed, landed.take(pa.array(again))])
    return landed


def _timestamp_text(ctx: Context, seconds: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    present = seconds != NO_TIME
    safe = np.where(present, seconds, ctx.clock.now)
    iso = present & (ctx.rng.random(seconds.size) < ctx.rates.timestamp_iso)
    text = timestamps(safe)
    if iso.any():
        style = ctx.rng.integers(0, 3, int(iso.sum()))
        text = pc.replace_with_mask(text, pa.array(iso), iso_timestamps(safe[iso], style))
    if not present.all():
        text = where(~present, None, text)
    return text, iso


def _replace(
    rng: np.random.Generator, values: pa.Array, mask: np.ndarray, options: tuple[str, ...]
) -> pa.Array:
    if not mask.any():
        return values
    picked = pick(options, rng.integers(0, len(options), int(mask.sum())))
    return pc.replace_with_mask(values, pa.array(mask), picked)
