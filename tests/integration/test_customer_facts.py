"""The incremental customer facts equal a full refresh after late events, a later identify and an
identity merge, on every warehouse.

A few hundred generated persons give the facts realistic volume; a handful of hand-written story
rows (Ada, Bob and two web visitors) make each case happen for sure. After the first build the
story continues in raw: a late web event lands between two sessions of one visitor, a shy
anonymous visitor identifies as Ada, a CRM contact bridges Bob into Ada, Ada cancels her order,
an ESP event and a store transaction arrive late, an old order gains a line, and an order, an
email event, a visitor's only event and one of another visitor's two events are deleted upstream
(as an erasure does). One incremental
run must then give exactly what a full refresh of the facts gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.rawdata import raw_columns
from tests.support import Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("customer_facts")]

INCREMENTAL_FACTS = {
    "fct_orders": "order_key",
    "fct_web_sessions": "session_id",
    "fct_email_engagement": "event_id",
}
FACTS = {
    **INCREMENTAL_FACTS,
    "fct_order_lines": "order_line_key",
    "fct_support_tickets": "ticket_id",
}
BUILD = ["--select", *(f"+{name}" for name in FACTS), "+dim_customers"]
VARS = {"northstar_demo_data": False}
# After everything the generator writes (its newest rows arrive in early November 2026).
ARRIVED = "2026-12-01 08:00:00"

ADA_EMAIL = "ada.story@example.org"
BOB_EMAIL = "bob.story@example.org"
BOB_PHONE = "+4915123456789"


def web_event(message_id: str, anonymous_id: str, sent_at: str, received_at: str, **changes):
    row = {
        "message_id": message_id,
        "type": "page",
        "event": None,
        "anonymous_id": anonymous_id,
        "user_id": None,
        "device_id": f"dev-{anonymous_id}",
        "ip": "192.0.2.7",
        "user_agent": "Mozilla/5.0",
        "traits_email": None,
        "properties": "{}",
        "sent_at": sent_at,
        "received_at": received_at,
    }
    return row | changes


def shop_order(**changes):
    row = {
        "id": "T-O1",
        "customer_id": "T-ADA",
        "email": ADA_EMAIL,
        "phone": None,
        "order_number": "#T1",
        "currency": "GBP",
        "total_price": "100.00",
        "financial_status": "paid",
        "shipping_country": "GB",
        "created_at": "2026-10-01 10:00:00",
        "updated_at": "2026-10-01 10:00:00",
        "cancelled_at": None,
    }
    return row | changes


def pos_transaction(transaction_id: str, occurred_at: str):
    return {
        "transaction_id": transaction_id,
        "store_id": "ST-BER-01",
        "loyalty_card_number": "92700000000042",
        "phone": None,
        "total_amount": "50.00",
        "currency": "EUR",
        "occurred_at": occurred_at,
    }


def esp_event(event_id: str, occurred_at: str):
    return {
        "event_id": event_id,
        "email": BOB_EMAIL,
        "campaign_id": "cmp-story",
        "event_type": "open",
        "occurred_at": occurred_at,
    }


# Before the first build: Ada (the older customer) and her order, Bob (loyalty member) with a
# store transaction and an email, a visitor with two sessions 50 minutes apart, a shy visitor.
STORY = {
    "shop_customers": [
        {
            "id": "T-ADA",
            "email": ADA_EMAIL,
            "phone": None,
            "first_name": "Ada",
            "last_name": "Story",
            "accepts_marketing": "false",
            "country_code": "GB",
            "created_at": "2024-01-01 09:00:00",
            "updated_at": "2024-01-01 09:00:00",
        }
    ],
    "shop_orders": [shop_order(), shop_order(id="T-O9", order_number="#T9")],
    "shop_order_lines": [
        {"id": "T-L1", "order_id": "T-O1", "sku": "SKU-T", "quantity": "1", "unit_price": "100.00"}
    ],
    "loyalty_members": [
        {
            "card_number": "92700000000042",
            "email": BOB_EMAIL,
            "phone": BOB_PHONE,
            "first_name": "Bob",
            "last_name": "Story",
            "tier": "silver",
            "enrolled_at": "2025-01-01 09:00:00",
        }
    ],
    "pos_transactions": [pos_transaction("T-POS1", "2026-09-01 12:00:00")],
    "esp_events": [
        esp_event("T-E1", "2026-09-02 09:00:00"),
        esp_event("T-E9", "2026-09-03 09:00:00"),
    ],
    "web_events": [
        web_event("T-W1", "t-anon-late", "2026-08-01 10:00:00", "2026-08-01 10:00:01"),
        web_event("T-W2", "t-anon-late", "2026-08-01 10:50:00", "2026-08-01 10:50:01"),
        web_event("T-W3", "t-anon-shy", "2026-08-02 09:00:00", "2026-08-02 09:00:01"),
        web_event("T-W4", "t-anon-shy", "2026-08-02 09:10:00", "2026-08-02 09:10:01"),
        web_event("T-W9", "t-anon-gone", "2026-08-03 09:00:00", "2026-08-03 09:00:01"),
        web_event("T-W10", "t-anon-shared", "2026-08-04 09:00:00", "2026-08-04 09:00:01"),
        web_event("T-W11", "t-anon-shared", "2026-08-04 09:05:00", "2026-08-04 09:05:01"),
    ],
}


def literal(value: Any) -> str:
    return "null" if value is None else "'" + str(value).replace("'", "''") + "'"


def append(warehouse: Warehouse, rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
    """Insert rows into the landed raw tables, as an EL tool's next batch would."""
    statements = []
    for table, table_rows in rows.items():
        columns = raw_columns()[table]
        for row in table_rows:
            assert set(row) <= set(columns), f"raw.{table} has no columns {set(row) - set(columns)}"
            values = ", ".join(literal(row.get(column)) for column in columns)
            statements.append(f"insert into raw.{table} ({', '.join(columns)}) values ({values})")
    warehouse.execute(statements)


def rows_of(warehouse: Warehouse, fact: str) -> list[tuple]:
    return warehouse.query(f"select * from marts.{fact} order by {FACTS[fact]}")


def person_of_record(warehouse: Warehouse, source_table: str, record_key: str) -> str | None:
    rows = warehouse.query(
        "select person_id from intermediate.int_identity_records_assigned"
        f" where source_table = '{source_table}' and record_key = '{record_key}'"
    )
    return rows[0][0] if rows else None


def sessions_of(warehouse: Warehouse, anonymous_id: str) -> list[tuple]:
    return warehouse.query(
        "select started_at, ended_at, event_count, person_id from marts.fct_web_sessions"
        f" where anonymous_id = '{anonymous_id}' order by started_at"
    )


def gone_rows(warehouse: Warehouse) -> list[tuple]:
    return warehouse.query(
        "select 'order', order_id from marts.fct_orders where order_id = 'T-O9'"
        " union all select 'email', event_id from marts.fct_email_engagement"
        " where event_id = 'T-E9'"
        " union all select 'session', anonymous_id from marts.fct_web_sessions"
        " where anonymous_id = 't-anon-gone'"
        " order by 1"
    )


def latest(warehouse: Warehouse, sql: str) -> datetime:
    value = warehouse.scalar(sql)
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


@pytest.fixture(scope="module")
def story(warehouse: Warehouse) -> dict[str, Any]:
    """Build, continue the story in raw, run the facts incrementally; what we saw on the way."""
    warehouse.northstar(
        "generate", "--persons", "300", "--seed", "13", "--target", warehouse.target
    )
    append(warehouse, STORY)
    warehouse.dbt("seed", vars=VARS)  # reference data (the demo seeds are off)
    warehouse.dbt("run", *BUILD, vars=VARS)

    before = {
        "gone": gone_rows(warehouse),
        "late_sessions": sessions_of(warehouse, "t-anon-late"),
        "shared_sessions": sessions_of(warehouse, "t-anon-shared"),
        "shy_sessions": sessions_of(warehouse, "t-anon-shy"),
        "ada": person_of_record(warehouse, "shop_orders", "T-O1"),
        "bob": person_of_record(warehouse, "pos_transactions", "T-POS1"),
        "old_order": warehouse.query(
            "select order_id, line_count from marts.fct_orders where source_table = 'shop_orders'"
            " and order_id <> 'T-O1' order by ordered_at, order_id limit 1"
        )[0],
    }
    esp_through = latest(warehouse, "select max(occurred_at) from marts.fct_email_engagement")
    pos_through = latest(
        warehouse,
        "select max(source_updated_at) from marts.fct_orders"
        " where source_table = 'pos_transactions'",
    )
    day_before = timedelta(days=1)
    append(
        warehouse,
        {
            "web_events": [
                # Sent between the two sessions, received months later: joins them.
                web_event("T-W5", "t-anon-late", "2026-08-01 10:25:00", ARRIVED, type="track"),
                # The shy visitor logs in as Ada: earlier anonymous sessions become hers.
                web_event(
                    "T-W6",
                    "t-anon-shy",
                    "2026-11-28 18:00:00",
                    ARRIVED,
                    type="identify",
                    user_id="T-ADA",
                ),
            ],
            # Ada's email and Bob's phone on one CRM contact: Bob merges into Ada (the older).
            "crm_contacts": [
                {
                    "contact_id": "T-CRM1",
                    "account_id": "A-T",
                    "email": ADA_EMAIL,
                    "phone": BOB_PHONE,
                    "mobile_phone": None,
                    "first_name": "Ada",
                    "last_name": "Story",
                    "mailing_country": "GB",
                    "lead_source": "web",
                    "created_date": "2026-11-30 10:00:00",
                    "last_modified_date": "2026-11-30 10:00:00",
                    "is_deleted": "false",
                }
            ],
            # A new version of Ada's order: voided.
            "shop_orders": [
                shop_order(
                    financial_status="voided",
                    updated_at="2026-11-30 11:00:00",
                    cancelled_at="2026-11-30 11:00:00",
                )
            ],
            # An old order gains a line (lines carry no time stamp).
            "shop_order_lines": [
                {
                    "id": "T-L-LATE",
                    "order_id": before["old_order"][0],
                    "sku": "SKU-T",
                    "quantity": "1",
                    "unit_price": "5.00",
                }
            ],
            # Late, but inside the lookback of their sources' watermarks.
            "esp_events": [esp_event("T-E2", str(esp_through - day_before))],
            "pos_transactions": [pos_transaction("T-POS2", str(pos_through - day_before))],
        },
    )
    warehouse.execute(
        [
            "delete from raw.shop_orders where id = 'T-O9'",
            "delete from raw.esp_events where event_id = 'T-E9'",
            "delete from raw.web_events where message_id = 'T-W9'",
            "delete from raw.web_events where message_id = 'T-W11'",
        ]
    )
    warehouse.dbt("run", *BUILD, vars=VARS)
    incremental = {fact: rows_of(warehouse, fact) for fact in FACTS}
    return {"before": before, "incremental": incremental}


def test_a_late_event_joins_two_sessions_into_one(warehouse, story):
    before = story["before"]["late_sessions"]
    assert [row[2] for row in before] == [1, 1], before
    after = sessions_of(warehouse, "t-anon-late")
    assert len(after) == 1 and after[0][2] == 3, after
    assert str(after[0][0]).startswith("2026-08-01 10:00:00")
    assert str(after[0][1]).startswith("2026-08-01 10:50:00")


def test_a_later_identify_attributes_earlier_anonymous_sessions(warehouse, story):
    ada = story["before"]["ada"]
    assert ada is not None
    assert [row[3] for row in story["before"]["shy_sessions"]] == [None]
    assert [row[3] for row in sessions_of(warehouse, "t-anon-shy")] == [ada]


def test_a_merge_moves_store_orders_and_emails_to_the_older_person(warehouse, story):
    ada, bob = story["before"]["ada"], story["before"]["bob"]
    assert bob is not None and bob != ada
    orders = warehouse.query(
        "select order_id, person_id from marts.fct_orders"
        " where order_id in ('T-POS1', 'T-POS2') order by order_id"
    )
    assert orders == [("T-POS1", ada), ("T-POS2", ada)]
    emails = warehouse.query(
        "select event_id, person_id from marts.fct_email_engagement"
        " where event_id in ('T-E1', 'T-E2') order by event_id"
    )
    assert emails == [("T-E1", ada), ("T-E2", ada)]


def test_changed_orders_are_rewritten(warehouse, story):
    assert warehouse.query(
        "select is_cancelled, is_revenue, financial_status from marts.fct_orders"
        " where order_key = 'shop_orders:T-O1'"
    ) == [(True, False, "voided")]
    order_id, line_count = story["before"]["old_order"]
    assert (
        warehouse.scalar(
            f"select line_count from marts.fct_orders where order_key = 'shop_orders:{order_id}'"
        )
        == line_count + 1
    )


def test_rows_deleted_upstream_leave_the_facts(warehouse, story):
    assert story["before"]["gone"] == [
        ("email", "T-E9"),
        ("order", "T-O9"),
        ("session", "t-anon-gone"),
    ]
    assert gone_rows(warehouse) == []
    # One of a visitor's two events is gone (nothing new arrived for it): recomputed.
    assert [row[2] for row in story["before"]["shared_sessions"]] == [2]
    assert [row[2] for row in sessions_of(warehouse, "t-anon-shared")] == [1]


def test_incremental_facts_equal_a_full_refresh(warehouse, story):
    incremental = story["incremental"]
    warehouse.dbt("run", "--full-refresh", "--select", *FACTS, vars=VARS)
    for fact in FACTS:
        full = rows_of(warehouse, fact)
        assert len(full) > 20, f"{fact}: {len(full)} rows are too few to prove anything"
        missing = set(full) - set(incremental[fact])
        extra = set(incremental[fact]) - set(full)
        assert not missing and not extra, (
            f"{fact} incremental differs from a full refresh:\n"
            f"  only in the full refresh: {sorted(missing, key=str)[:5]}\n"
            f"  only in the incremental run: {sorted(extra, key=str)[:5]}"
        )
        assert incremental[fact] == full, f"{fact}: same rows, different multiplicity or order"


def test_facts_pass_their_contracts_and_tests(warehouse, story):
    warehouse.dbt("test", "--select", *FACTS, vars=VARS)
