"""The foundation on every warehouse: demo seeds and generated data build, reconcile, and every
kind of malformed row lands in the quarantine with the right reason — nothing else is lost."""

from __future__ import annotations

import pytest

from orchestration.generator.phones import oracle_e164
from tests.rawdata import land
from tests.support import Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("foundation")]

GOOD_TIME = "2026-03-01 10:00:00"


def customer(customer_id, **changes):
    row = {
        "id": customer_id,
        "email": f"{(customer_id or 'nokey').lower()}@gmx.de",
        "phone": "+4915123456789",
        "first_name": "Eva",
        "last_name": "Klein",
        "accepts_marketing": "true",
        "country_code": "DE",
        "created_at": GOOD_TIME,
        "updated_at": GOOD_TIME,
    }
    return row | changes


def order(order_id, **changes):
    row = {
        "id": order_id,
        "customer_id": "C-OK",
        "email": "eva@gmx.de",
        "phone": None,
        "order_number": f"#{order_id}",
        "currency": "EUR",
        "total_price": "19.90",
        "financial_status": "paid",
        "shipping_country": "DE",
        "created_at": GOOD_TIME,
        "updated_at": GOOD_TIME,
        "cancelled_at": None,
    }
    return row | changes


def consent_event(event_id, **changes):
    row = {
        "event_id": event_id,
        "subject_type": "email",
        "subject_value": "eva@gmx.de",
        "purpose": "marketing",
        "channel": "email",
        "action": "grant",
        "legal_basis": "consent",
        "consent_text_version": "2",
        "language": "de",
        "country": "DE",
        "region": None,
        "source_system": "cmp",
        "collection_point": "banner",
        "occurred_at": GOOD_TIME,
        "received_at": GOOD_TIME,
        "proof_ref": "p-1",
    }
    return row | changes


# One row per kind of malformed input: (raw table, row, record key, field, reason code, level).
MALFORMED = [
    ("shop_customers", customer(None), None, "id", "missing_key", "row"),
    (
        "shop_customers",
        customer("C-DATE", created_at="2026-02-30 10:00:00"),
        "C-DATE",
        "created_at",
        "not_a_timestamp",
        "row",
    ),
    (
        "shop_customers",
        customer("C-MAIL", email="anna.mueller@@gmx.de"),
        "C-MAIL",
        "email",
        "invalid_email",
        "value",
    ),
    (
        "shop_customers",
        customer("C-JUNK", email="n/a"),
        "C-JUNK",
        "email",
        "placeholder_value",
        "value",
    ),
    ("shop_orders", order("O-CUR", currency="XXX"), "O-CUR", "currency", "unknown_currency", "row"),
    (
        "consent_events",
        consent_event("E-PURPOSE", purpose="newsletter_v0"),
        "E-PURPOSE",
        "purpose",
        "unknown_value",
        "row",
    ),
    (
        "consent_events",
        consent_event("E-CHANNEL", channel="fax"),
        "E-CHANNEL",
        "channel",
        "unknown_value",
        "row",
    ),
    (
        "consent_events",
        consent_event("E-ACTION", action="maybe"),
        "E-ACTION",
        "action",
        "unknown_value",
        "row",
    ),
]
GOOD = {
    "shop_customers": [customer("C-OK"), customer("C-OK")],  # a duplicate delivery
    "shop_orders": [order("O-OK")],
    "shop_order_lines": [
        {"id": "L-OK", "order_id": "O-OK", "sku": "SKU-1", "quantity": "2", "unit_price": "9.95"},
        {"id": "L-NEG", "order_id": "O-OK", "sku": "SKU-1", "quantity": "-3", "unit_price": "9.95"},
    ],
    "consent_events": [consent_event("E-OK")],
}


def unbalanced(warehouse: Warehouse) -> list[tuple]:
    return warehouse.query("select * from audit.reconciliation where not is_balanced")


def test_demo_seeds_build_with_every_test_passing_and_reconcile(warehouse):
    warehouse.dbt("build")
    assert unbalanced(warehouse) == []
    raw, staged = warehouse.query(
        "select sum(raw_rows), sum(staged_rows) from audit.reconciliation"
    )[0]
    assert int(raw) > 5000 and int(staged) > 0.9 * int(raw)
    reasons = {r[0] for r in warehouse.query("select distinct reason_code from audit.quarantine")}
    assert {"missing_key", "not_a_timestamp", "negative_quantity", "unknown_currency"} <= reasons


def test_each_kind_of_malformed_row_is_quarantined_with_its_reason(warehouse):
    rows: dict[str, list[dict]] = {table: list(good) for table, good in GOOD.items()}
    for table, row, *_ in MALFORMED:
        rows.setdefault(table, []).append(row)
    land(warehouse, rows)
    warehouse.dbt(
        "build",
        "--select",
        "reference",
        "staging",
        "quarantine",
        "reconciliation",
        "--indirect-selection",
        "cautious",
    )
    quarantine = warehouse.query(
        "select source_table, record_key, field, reason_code, reject_level, reason, raw_values"
        " from audit.quarantine"
    )
    found = {(r[0], r[1], r[2], r[3], r[4]) for r in quarantine}
    for table, _row, key, field, code, level in MALFORMED:
        assert (table, key, field, code, level) in found, f"{table} {key}: {code} not found"
    assert ("shop_order_lines", "L-NEG", "quantity", "negative_quantity", "row") in found
    assert all(r[5] and r[6] for r in quarantine), "every reject has a reason and raw values"
    # Nothing else lost: the good rows are staged, the duplicate delivery removed, balanced.
    assert unbalanced(warehouse) == []
    assert (
        warehouse.scalar(
            "select duplicate_rows_removed from audit.reconciliation"
            " where source_table = 'shop_customers'"
        )
        == 1
    )
    staged = {r[0] for r in warehouse.query("select customer_id from staging.stg_shop__customers")}
    assert staged == {"C-OK", "C-MAIL", "C-JUNK"}
    emails = dict(warehouse.query("select customer_id, email from staging.stg_shop__customers"))
    assert emails["C-MAIL"] is None and emails["C-JUNK"] is None


def test_generated_data_builds_reconciles_and_phones_agree_with_libphonenumber(warehouse):
    warehouse.northstar(
        "generate", "--persons", "1500", "--seed", "5", "--target", warehouse.target
    )
    warehouse.dbt(
        "build",
        "--select",
        "reference",
        "staging",
        "quarantine",
        "reconciliation",
        "--indirect-selection",
        "cautious",
    )
    assert unbalanced(warehouse) == []
    assert warehouse.scalar("select count(*) from staging.stg_web__events") > 5000
    rows = warehouse.query(
        "select phone_raw, coalesce(country_code, 'DE'), phone_e164"
        " from staging.base_shop__customers where reject_code is null and phone_raw is not null"
        " union all select mobile_phone_raw, coalesce(mailing_country, 'DE'), mobile_phone_e164"
        " from staging.base_crm__contacts where reject_code is null"
        " and mobile_phone_raw is not null"
    )
    valid = [(raw, region, staged) for raw, region, staged in rows if oracle_e164(raw, region)]
    assert len(valid) > 1000
    agree = sum(oracle_e164(raw, region) == staged for raw, region, staged in valid)
    assert agree / len(valid) >= 0.999
