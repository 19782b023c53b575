"""The email service provider: campaign sends and what followed each (delivered, opened,
clicked, bounced, unsubscribed, complained)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import typist
from orchestration.generator.context import Context
from orchestration.generator.delivery import deliver
from orchestration.generator.draw import increasing_ids, repeat
from orchestration.generator.population import DAY
from orchestration.generator.text import join, number_text, pick

EVENT_TYPES = ("sent", "delivered", "open", "click", "bounce", "unsubscribe", "spam_complaint")
SENDS_PER_SUBSCRIBER = 2.2
CAMPAIGN_EVERY_DAYS = 7


def _theme(day: str, k: int) -> str:
    """A theme that fits the month (one campaign a week, so a handful of ids: no row loop)."""
    month = int(day[5:7])
    seasonal = {
        3: "spring-sale", 4: "new-arrivals", 5: "running-week", 6: "summer-outdoor",
        7: "summer-outdoor", 9: "back-to-school", 10: "autumn-trail", 11: "black-friday",
        12: "christmas-gifts", 1: "winter-sale", 2: "winter-sale",
    }  # fmt: skip
    evergreen = ("newsletter", "loyalty-bonus", "win-back", "product-care", "new-arrivals")
    return seasonal.get(month, "newsletter") if k % 2 == 0 else evergreen[k % len(evergreen)]


def campaigns(ctx: Context) -> tuple[np.ndarray, list[str]]:
    """A campaign every week over the history: its send time and id ('cmp-2026-03-12-...')."""
    clock = ctx.clock
    at = np.arange(clock.start + 9 * 3600, clock.now - DAY, CAMPAIGN_EVERY_DAYS * DAY)
    days = at.astype("datetime64[s]").astype("datetime64[D]").astype(str)
    ids = [f"cmp-{day}-{_theme(day, k)}" for k, day in enumerate(days)]
    return at, ids


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rng, people = ctx.rng, ctx.people
    table = "esp_events"
    subscribed = np.flatnonzero(people.accepts_marketing | (rng.random(ctx.n) < 0.15))
    send_person = repeat(rng, subscribed, SENDS_PER_SUBSCRIBER)
    send_at, campaign_ids = campaigns(ctx)
    # Each send is a campaign after the person first subscribed.
    first = np.searchsorted(send_at, people.first_seen[send_person])
    ok = first < send_at.size
    send_person, first = send_person[ok], first[ok]
    campaign = first + (rng.random(first.size) * (send_at.size - first)).astype(np.int64)
    sends = send_person.size
    sent = send_at[campaign] + rng.integers(0, 3600, sends)
    # The ESP holds one address per subscriber: every event of a send shows it the same way.
    email = typist.email(ctx, table, send_person, sent)
    ctx.truth.add("email", send_person, email)

    bounce = rng.random(sends) < 0.03
    delivered = ~bounce
    opened = delivered & (rng.random(sends) < 0.35)
    clicked = opened & (rng.random(sends) < 0.25)
    unsubscribed = opened & (rng.random(sends) < 0.03)
    complained = delivered & ~unsubscribed & (rng.random(sends) < 0.002)
    happened = np.stack(
        [np.ones(sends, bool), delivered, opened, clicked, bounce, unsubscribed, complained]
    )
    delay = np.stack(
        [
            np.zeros(sends),
            rng.integers(1, 90, sends),
            rng.exponential(8 * 3600, sends),
            rng.exponential(8 * 3600, sends) + rng.exponential(120, sends),
            rng.integers(1, 600, sends),
            rng.exponential(8 * 3600, sends) + rng.exponential(300, sends),
            rng.exponential(8 * 3600, sends) + rng.exponential(600, sends),
        ]
    ).astype(np.int64)
    delay[3] = np.maximum(delay[3], delay[2] + 5)  # a click follows its open
    # Events per send in funnel order.
    send_row, kind = np.nonzero(happened.T)
    occurred = np.minimum(sent[send_row] + delay[kind, send_row], ctx.clock.now - 1)
    event_id = increasing_ids(rng, occurred, 900_000_000)
    yield (
        table,
        deliver(
            ctx,
            table,
            {
                "event_id": join("evt_", number_text(event_id)),
                "email": pc.take(email, pa.array(send_row)),
                "campaign_id": pick(campaign_ids, campaign[send_row]),
                "event_type": pick(EVENT_TYPES, kind),
                "occurred_at": occurred,
            },
        ),
    )
