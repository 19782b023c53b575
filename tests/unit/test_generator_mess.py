"""Every kind of mess the generator claims is in the data at about its rate, and a rate of 0
removes it. Each kind is measured on the generated tables themselves (and the truth), never on
the generator's own counters."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

import pyarrow as pa
import pytest

from orchestration.generator import MessRates, names, vocab
from orchestration.generator.money import CURRENCIES
from orchestration.generator.phones import oracle_e164
from orchestration.generator.sources.consent import ACTIONS, CHANNELS, PURPOSES
from tests.unit.conftest import MEASURABLE, PERSONS, clean, messy

Tables = dict[tuple[str, str], pa.Table]
Measure = Callable[[Tables], tuple[int, int]]  # (rows showing the mess, rows it applies to)

JUNK_EMAILS = set(vocab.JUNK_EMAILS)
JUNK_PHONES = set(vocab.JUNK_PHONES)
IDD = {c.code: c.international_prefix for c in vocab.COUNTRIES}
BRACKET_COUNTRIES = {c.code for c in vocab.COUNTRIES if c.trunk_prefix == "0" and c.national_trunk}
SEPARATORS = re.compile(r"[ ()./-]")


def col(tables: Tables, table: str, column: str) -> list:
    return tables[("raw", table)][column].to_pylist()


def rows(tables: Tables, table: str) -> list[dict]:
    return tables[("raw", table)].to_pylist()


def emails(tables: Tables) -> list[str]:
    values = col(tables, "esp_events", "email") + col(tables, "shop_orders", "email")
    return [v for v in values if v is not None]


def typed_emails(tables: Tables) -> list[str]:
    """Emails that are a person's address (not staff junk, not broken)."""
    return [v for v in emails(tables) if v not in JUNK_EMAILS and not is_malformed_email(v)]


def is_malformed_email(value: str) -> bool:
    text = value.strip()
    if text in JUNK_EMAILS:
        return False
    local, at, domain = text.partition("@")
    return not at or not local or "@" in domain or "." not in domain or " " in text


def mailbox(value: str) -> str | None:
    """The mailbox an address reaches (case, blanks, Gmail dots and +tags folded)."""
    if value in JUNK_EMAILS or is_malformed_email(value):
        return None
    local, _, domain = value.strip().lower().partition("@")
    if domain in ("gmail.com", "googlemail.com"):
        return local.split("+")[0].replace(".", "") + "@gmail.com"
    return f"{local}@{domain}"


def shop_phones(tables: Tables) -> list[tuple[str, str]]:
    """(phone, country) of shop customers, without staff junk."""
    return [
        (r["phone"], r["country_code"])
        for r in rows(tables, "shop_customers")
        if r["phone"] is not None and r["phone"] not in JUNK_PHONES
    ]


def is_national(phone: str, country: str) -> bool:
    return not phone.startswith("+") and not phone.startswith(IDD[country])


def parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def truth_sets(
    tables: Tables, identifier_type: str, normalise: Callable[[str], str | None] = str.strip
) -> dict[str, set[str]]:
    """Normalised identifier value -> the true persons it belongs to."""
    truth = tables[("truth", "person_identifiers")].to_pylist()
    out: dict[str, set[str]] = defaultdict(set)
    for r in truth:
        if r["identifier_type"] == identifier_type:
            value = normalise(r["identifier_value"])
            if value is not None:
                out[value].add(r["true_person_id"])
    return out


def web_sessions(tables: Tables) -> dict[str, list[dict]]:
    """Web events per anonymous id, in landing order, without redelivered copies or kiosks."""
    seen: set[str] = set()
    sessions: dict[str, list[dict]] = defaultdict(list)
    for r in rows(tables, "web_events"):
        key = r["message_id"]
        if key and key.strip():
            if key in seen:
                continue
            seen.add(key)
        if not r["device_id"].startswith("kiosk-"):
            sessions[r["anonymous_id"]].append(r)
    return sessions


# -- one measure per kind ----------------------------------------------------------------------


def email_case(t: Tables) -> tuple[int, int]:
    values = typed_emails(t)
    return sum(v != v.lower() for v in values), len(values)


def email_whitespace(t: Tables) -> tuple[int, int]:
    values = [v for v in emails(t) if v not in JUNK_EMAILS]
    return sum(v != v.strip() for v in values), len(values)


def gmail_variant(t: Tables) -> tuple[int, int]:
    # Two of the four variants are visible without the truth: a +tag, @googlemail.com.
    gmail = [
        v.strip().lower()
        for v in typed_emails(t)
        if v.strip().lower().endswith(("@gmail.com", "@googlemail.com"))
    ]
    hits = sum("+" in v or v.endswith("@googlemail.com") for v in gmail)
    return 2 * hits, len(gmail)


def phone_national(t: Tables) -> tuple[int, int]:
    phones = shop_phones(t)
    return sum(is_national(p, c) for p, c in phones), len(phones)


def phone_idd(t: Tables) -> tuple[int, int]:
    international = [(p, c) for p, c in shop_phones(t) if not is_national(p, c)]
    return sum(p.startswith(IDD[c]) for p, c in international), len(international)


def phone_punctuated(t: Tables) -> tuple[int, int]:
    phones = [p for p, _ in shop_phones(t) if "(0)" not in p]
    return sum(bool(SEPARATORS.search(p)) for p in phones), len(phones)


def phone_trunk_bracket(t: Tables) -> tuple[int, int]:
    plus = [p for p, c in shop_phones(t) if c in BRACKET_COUNTRIES and p.startswith("+")]
    return sum("(0)" in p for p in plus), len(plus)


def name_typo(t: Tables) -> tuple[int, int]:
    firsts = set(names.first_names().values) | set(names.nicknames())
    lasts = set(names.last_names().values)
    people = rows(t, "shop_customers")
    hits = sum(r["first_name"] not in firsts or r["last_name"] not in lasts for r in people)
    return hits, len(people)


def nickname(t: Tables) -> tuple[int, int]:
    full = set(names.first_names().values)
    has_nick = {n for n in full if vocab.NICKNAMES.get(n, n) not in (n, *full)}
    nicks = {vocab.NICKNAMES[n] for n in has_nick}
    firsts = col(t, "shop_customers", "first_name")
    hits = sum(f in nicks for f in firsts)
    return hits, hits + sum(f in has_nick for f in firsts)


def household_email(t: Tables) -> tuple[int, int]:
    shared = [persons for persons in truth_sets(t, "email", mailbox).values() if len(persons) > 1]
    # A household is a leader and a follower: count the followers.
    return sum(len(p) - 1 for p in shared), PERSONS


def family_device(t: Tables) -> tuple[int, int]:
    devices = truth_sets(t, "device_id")
    visitors = set().union(*truth_sets(t, "anonymous_id").values())
    on_tablets = set().union(
        *(p for d, p in devices.items() if len(p) > 1 and not d.startswith("kiosk-"))
    )
    return len(on_tablets), len(visitors)


def kiosk_login(t: Tables) -> tuple[int, int]:
    users = {
        r["user_id"]
        for r in rows(t, "web_events")
        if r["device_id"].startswith("kiosk-") and r["user_id"]
    }
    holders = {v for v in col(t, "shop_customers", "id") if v and v.strip()}
    return len(users), len(holders)


def junk_value(t: Tables) -> tuple[int, int]:
    values = emails(t)
    return sum(v in JUNK_EMAILS for v in values), len(values)


def anonymous_identify(t: Tables) -> tuple[int, int]:
    identified = [
        [r["type"] for r in events]
        for events in web_sessions(t).values()
        if any(r["type"] == "identify" for r in events)
    ]
    return sum(types.index("identify") > 0 for types in identified), len(identified)


def anonymous_only(t: Tables) -> tuple[int, int]:
    sessions = web_sessions(t).values()
    never = sum(all(r["type"] != "identify" for r in events) for events in sessions)
    return never, len(sessions)


def _distinct_per_key(t: Tables, normalise: Callable[[str], str | None], column: str) -> tuple:
    values: dict[str, set[str]] = defaultdict(set)
    for r in rows(t, "shop_customers"):
        if r["id"] and r["id"].strip() and r[column] is not None:
            value = normalise(r[column])
            if value is not None:
                values[r["id"]].add(value)
    return sum(len(v) > 1 for v in values.values()), len(values)


def email_change(t: Tables) -> tuple[int, int]:
    return _distinct_per_key(t, mailbox, "email")


def phone_change(t: Tables) -> tuple[int, int]:
    country = {r["id"]: r["country_code"] for r in rows(t, "shop_customers")}
    values: dict[str, set[str]] = defaultdict(set)
    for r in rows(t, "shop_customers"):
        e164 = oracle_e164(r["phone"], country[r["id"]]) if r["phone"] else None
        if r["id"] and e164:
            values[r["id"]].add(e164)
    return sum(len(v) > 1 for v in values.values()), len(values)


def crm_duplicate(t: Tables) -> tuple[int, int]:
    per_person = Counter(
        r["true_person_id"]
        for r in t[("truth", "person_identifiers")].to_pylist()
        if r["identifier_type"] == "crm_contact_id"
    )
    return sum(n > 1 for n in per_person.values()), len(per_person)


def duplicate_delivery(t: Tables) -> tuple[int, int]:
    table = t[("raw", "esp_events")]
    counts = Counter(zip(*(table[c].to_pylist() for c in table.column_names), strict=True))
    return sum(n - 1 for n in counts.values()), len(counts)


def late_event(t: Tables) -> tuple[int, int]:
    delays = [
        (parse_time(r["received_at"]) - parse_time(r["sent_at"])).total_seconds()
        for r in rows(t, "web_events")
        if parse_time(r["sent_at"]) and parse_time(r["received_at"])
    ]
    return sum(d > 86400 for d in delays), len(delays)


def timestamp_iso(t: Tables) -> tuple[int, int]:
    values = [v for v in col(t, "web_events", "received_at") if parse_time(v)]
    return sum("T" in v for v in values), len(values)


def malformed_email(t: Tables) -> tuple[int, int]:
    values = [v for v in emails(t) if v not in JUNK_EMAILS]
    return sum(is_malformed_email(v) for v in values), len(values)


def malformed_date(t: Tables) -> tuple[int, int]:
    values = col(t, "web_events", "sent_at")
    return sum(parse_time(v) is None for v in values), len(values)


def negative_quantity(t: Tables) -> tuple[int, int]:
    values = col(t, "shop_order_lines", "quantity")
    return sum(v.startswith("-") for v in values), len(values)


def unknown_currency(t: Tables) -> tuple[int, int]:
    values = col(t, "shop_orders", "currency")
    return sum(v not in CURRENCIES for v in values), len(values)


def empty_key(t: Tables) -> tuple[int, int]:
    values = col(t, "esp_events", "event_id")
    return sum(v is None or not v.strip() for v in values), len(values)


def unknown_consent_value(t: Tables) -> tuple[int, int]:
    events = rows(t, "consent_events")
    unknown = sum(
        (e["purpose"] is not None and e["purpose"] not in PURPOSES)
        or (e["channel"] is not None and e["channel"] not in CHANNELS)
        or e["action"] not in ACTIONS
        for e in events
    )
    return unknown, len(events)


MEASURES: dict[str, Measure] = {
    name: globals()[name] for name in MessRates.names() if callable(globals().get(name))
}
# How far a measured share may sit from its rate: some measures see a diluted population
# (tablet sessions always identify at once, a typo may swap two equal letters, a change may
# fall on a version without a phone).
LOOSE = {"anonymous_identify", "phone_change", "email_change", "family_device", "nickname"}


def test_every_mess_kind_has_a_measure():
    assert set(MEASURES) == set(MessRates.names())


@pytest.mark.parametrize("kind", MessRates.names())
def test_each_kind_of_mess_is_in_the_data_at_about_its_rate(kind):
    hits, total = MEASURES[kind](messy())
    rate = MEASURABLE[kind]
    assert total > 0, f"{kind}: nothing to measure"
    share = hits / total
    sigma = math.sqrt(rate * (1 - rate) / total)
    slack = (0.5 if kind in LOOSE else 0.3) * rate + 4 * sigma
    assert abs(share - rate) <= slack, f"{kind}: {hits}/{total} = {share:.4f}, rate {rate}"


@pytest.mark.parametrize("kind", MessRates.names())
def test_a_rate_of_zero_removes_that_kind_of_mess(kind):
    hits, total = MEASURES[kind](clean())
    assert total > 0, f"{kind}: nothing to measure"
    assert hits == 0, f"{kind}: {hits} of {total} with its rate at 0"
