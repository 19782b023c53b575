"""The help desk: tickets by email, phone, chat and web form."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from orchestration.generator import typist, vocab
from orchestration.generator.context import Context
from orchestration.generator.delivery import NO_TIME, deliver
from orchestration.generator.draw import increasing_ids, repeat
from orchestration.generator.population import DAY
from orchestration.generator.text import keep, number_text, pick, prefixed

TICKETS_PER_PERSON = 0.2


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rng, people, clock = ctx.rng, ctx.people, ctx.clock
    table = "support_tickets"
    person = repeat(rng, np.arange(ctx.n), TICKETS_PER_PERSON)
    m = person.size
    created = clock.between(rng, people.first_seen[person], clock.now - 3600)
    channel = rng.choice(len(vocab.TICKET_CHANNELS), m, p=[0.5, 0.2, 0.2, 0.1])
    by_phone = channel == 1
    email = keep(~by_phone | (rng.random(m) < 0.7), typist.email(ctx, table, person, created))
    phone = keep(by_phone | (rng.random(m) < 0.15), typist.phone(ctx, table, person, created))
    ctx.truth.add("email", person, email)
    ctx.truth.add("phone", person, phone)
    age = clock.now - created
    status = rng.choice(len(vocab.TICKET_STATUSES), m, p=[0.05, 0.1, 0.05, 0.3, 0.5])
    status = np.where(age > 14 * DAY, np.maximum(status, 3), status)  # old tickets are done
    solved = status >= 3
    solved_at = np.where(
        solved, np.minimum(created + rng.integers(600, 6 * DAY, m), clock.now - 1), NO_TIME
    )
    rated = solved & (rng.random(m) < 0.45)
    csat = rng.choice(5, m, p=[0.06, 0.06, 0.13, 0.3, 0.45]) + 1
    ticket = increasing_ids(rng, created, 100_000)
    yield (
        table,
        deliver(
            ctx,
            table,
            {
                "ticket_id": prefixed("T-", ticket, 8),
                "requester_email": email,
                "requester_phone": phone,
                "channel": pick(vocab.TICKET_CHANNELS, channel),
                "subject": pick(
                    vocab.TICKET_SUBJECTS, rng.integers(0, len(vocab.TICKET_SUBJECTS), m)
                ),
                "status": pick(vocab.TICKET_STATUSES, status),
                "priority": pick(
                    vocab.TICKET_PRIORITIES, rng.choice(4, m, p=[0.3, 0.5, 0.15, 0.05])
                ),
                "csat_score": keep(rated, number_text(csat)),
                "created_at": created,
                "solved_at": solved_at,
            },
        ),
    )
