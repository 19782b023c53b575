"""The generator: deterministic, every kind of mess present at its rate, rates settable."""

from __future__ import annotations

import re
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from orchestration.datagen import RAW_TABLES, MessRates, generate

PERSONS = 3000


@cache
def tables(seed: int = 11, **overrides: float) -> dict[tuple[str, str], pa.Table]:
    return generate(PERSONS, seed=seed, rates=MessRates().with_overrides(overrides))


def column(table: str, name: str) -> list[str | None]:
    return tables()[("raw", table)][name].to_pylist()


def share(values: list, predicate) -> float:
    present = [v for v in values if v is not None]
    return sum(1 for v in present if predicate(v)) / len(present)


def test_same_seed_gives_identical_tables_and_another_seed_does_not():
    first, again, other = tables(), generate(PERSONS, seed=11), tables(seed=12)
    assert first.keys() == again.keys()
    for key in first:
        assert first[key].equals(again[key]), key
    assert not first[("raw", "shop_customers")].equals(other[("raw", "shop_customers")])


def test_every_raw_table_of_the_contract_is_written_as_text_with_its_columns():
    written = {name for schema, name in tables() if schema == "raw"}
    assert written == set(RAW_TABLES)
    for name, columns in RAW_TABLES.items():
        table = tables()[("raw", name)]
        assert table.column_names == columns
        assert all(pa.types.is_string(field.type) for field in table.schema)
        assert table.num_rows > 0, name


def test_truth_names_a_person_for_every_identifier_type():
    truth = tables()[("truth", "person_identifiers")]
    types = set(truth["identifier_type"].to_pylist())
    assert types == {
        "shop_customer_id",
        "crm_contact_id",
        "loyalty_card_number",
        "email",
        "phone",
        "anonymous_id",
        "device_id",
    }
    assert pc.count_distinct(truth["true_person_id"]).as_py() > PERSONS * 0.9


def test_emails_arrive_in_mixed_case_with_blanks_gmail_variants_and_junk():
    emails = column("shop_orders", "email") + column("esp_events", "email")
    assert 0.05 < share(emails, lambda v: v != v.lower()) < 0.3
    assert 0.01 < share(emails, lambda v: v != v.strip()) < 0.12
    assert share(emails, lambda v: re.search(r"\+\w+@gmail\.com$", v.lower())) > 0.005
    assert share(emails, lambda v: v.lower().endswith("@googlemail.com")) > 0.0005
    assert share(emails, lambda v: v in ("test@test.com", "n/a", "null", "unknown")) > 0.0005


def test_phones_arrive_in_national_international_and_punctuated_formats():
    phones = column("shop_customers", "phone") + column("crm_contacts", "mobile_phone")
    assert share(phones, lambda v: v.startswith("+")) > 0.2
    assert share(phones, lambda v: v.startswith("00") or v.startswith("011")) > 0.03
    assert share(phones, lambda v: v.startswith("0") and not v.startswith("00")) > 0.1
    assert share(phones, lambda v: "(" in v or "-" in v) > 0.1
    assert share(phones, lambda v: "(0)" in v) > 0.005


def test_duplicate_deliveries_are_exact_copies_of_a_row():
    events = tables()[("raw", "esp_events")]
    ids = [v for v in events["event_id"].to_pylist() if v]
    duplicated = len(ids) - len(set(ids))
    assert 0.005 < duplicated / len(ids) < 0.05


def test_malformed_rows_of_every_kind_appear():
    assert any(v in (None, "", " ") for v in column("shop_orders", "id"))
    assert any(v and v.startswith("-") for v in column("shop_order_lines", "quantity"))
    assert any(v in ("XXX", "EURO", "$") for v in column("shop_orders", "currency"))
    assert any(
        v in ("2026-02-30 10:00:00", "not a date", "2026-13-01 00:00:00")
        for v in column("web_events", "sent_at")
    )
    assert any((v and "@@" in v) or v == "info@" for v in column("esp_events", "email"))
    assert any(v in ("fax", "carrier_pigeon") for v in column("consent_events", "channel"))


def test_late_events_are_received_days_after_they_were_sent():
    from datetime import datetime

    def parse(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("T", " ")[:19])

    late = 0
    pairs = zip(column("web_events", "sent_at"), column("web_events", "received_at"), strict=True)
    total = 0
    for sent, received in pairs:
        try:
            delay = (parse(received) - parse(sent)).total_seconds()
        except (ValueError, AttributeError):
            continue
        total += 1
        late += delay > 86400
    assert 0.02 < late / total < 0.1


def test_shared_devices_join_several_customers():
    events = tables()[("raw", "web_events")]
    kiosk = pc.starts_with(events["device_id"], "kiosk-")
    users = pc.filter(events["user_id"], kiosk)
    assert pc.count_distinct(users).as_py() > 10


def test_a_rate_of_zero_removes_that_mess():
    clean = tables(11, email_case=0.0, duplicate_delivery=0.0, malformed_row=0.0)
    emails = [v for v in clean[("raw", "esp_events")]["email"].to_pylist() if v]
    assert all(v == v.lower() for v in emails)
    ids = clean[("raw", "esp_events")]["event_id"].to_pylist()
    assert len(ids) == len(set(ids)) and None not in ids


def test_an_unknown_mess_kind_is_refused_with_the_valid_names():
    with pytest.raises(ValueError, match=r"Unknown mess kind.*email_case"):
        MessRates().with_overrides({"email_cases": 0.2})
