"""The CRM: contacts, a row per delivered version, some persons entered twice."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import typist, vocab
from orchestration.generator.context import Context
from orchestration.generator.delivery import deliver
from orchestration.generator.draw import rank_by_time, salesforce_ids
from orchestration.generator.population import DAY, NEVER
from orchestration.generator.text import booleans, keep, pick


def build(ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rng, people, clock = ctx.rng, ctx.people, ctx.clock
    table = "crm_contacts"
    persons = np.flatnonzero(people.has_crm)
    twice = persons[rng.random(persons.size) < ctx.rates.crm_duplicate]
    person = np.concatenate([persons, twice])
    duplicate = np.arange(person.size) >= persons.size
    ctx.mess.add(table, "crm_duplicate", duplicate)
    # Contacts are created early in the relationship; a duplicate any time later.
    early = np.minimum(people.first_seen[person] + 30 * DAY, clock.now - DAY)
    created = clock.between(
        rng, people.first_seen[person], np.where(duplicate, clock.now - DAY, early)
    )
    contact_id = salesforce_ids("003", 1 + rank_by_time(created))
    first_contact = np.full(ctx.n, -1, dtype=np.int64)
    first_contact[persons] = np.arange(persons.size)
    ctx.accounts.crm_id = pc.take(contact_id, pa.array(first_contact, mask=first_contact < 0))
    # Accounts: households and small companies, several contacts each.
    accounts = max(persons.size // 3, 1)
    account_id = salesforce_ids("001", 7_000_000 + rng.integers(0, accounts, person.size))

    first_modified = np.minimum(created + rng.integers(60, DAY, person.size), clock.now - 1)
    email_at, phone_at = people.email_changed_at[person], people.phone_changed_at[person]
    moved = ((email_at > first_modified) & (email_at < clock.now)) | (
        (phone_at > first_modified) & (phone_at < clock.now)
    )
    base = np.arange(person.size)
    version_of = np.concatenate([base, base[moved]])
    later = np.arange(version_of.size) >= person.size
    who = person[version_of]
    after_first = first_modified[version_of]
    change_at = np.minimum(
        np.where(people.email_changed_at[who] > after_first, people.email_changed_at[who], NEVER),
        np.where(people.phone_changed_at[who] > after_first, people.phone_changed_at[who], NEVER),
    )
    change_at = np.where(later, change_at, after_first)
    modified = np.where(later, change_at + rng.integers(60, 5 * DAY, version_of.size), after_first)
    modified = np.minimum(modified, clock.now - 1)

    region = people.country[who]
    first_name, last_name = typist.person_names(ctx, table, person)
    email = keep(rng.random(version_of.size) < 0.95, typist.email(ctx, table, who, modified))
    has_phone = (rng.random(person.size) < 0.35)[version_of]
    has_mobile = (rng.random(person.size) < 0.8)[version_of]
    phone = keep(has_phone, typist.phone(ctx, table, who, modified, region))
    mobile = keep(has_mobile, typist.phone(ctx, table, who, modified, region))
    ctx.truth.add("crm_contact_id", who, pc.take(contact_id, pa.array(version_of)))
    ctx.truth.add("email", who, email)
    ctx.truth.add("phone", who, phone)
    ctx.truth.add("phone", who, mobile)
    deleted = (rng.random(person.size) < 0.02)[version_of]
    lead = rng.integers(0, len(vocab.LEAD_SOURCES), person.size)[version_of]
    yield (
        table,
        deliver(
            ctx,
            table,
            {
                "contact_id": pc.take(contact_id, pa.array(version_of)),
                "account_id": pc.take(account_id, pa.array(version_of)),
                "email": email,
                "phone": phone,
                "mobile_phone": mobile,
                "first_name": pc.take(first_name, pa.array(version_of)),
                "last_name": pc.take(last_name, pa.array(version_of)),
                "mailing_country": pick(vocab.COUNTRY_CODES, region),
                "lead_source": pick(vocab.LEAD_SOURCES, lead),
                "created_date": created[version_of],
                "last_modified_date": modified,
                "is_deleted": booleans(deleted & later | deleted & ~moved[version_of]),
            },
        ),
    )
