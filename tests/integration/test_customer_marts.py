"""Customer 360 marts on the demo data plus one hand-written person, on DuckDB and PostgreSQL.

Ingrid is known to three systems that disagree: the shop (priority 1 in the survivorship seed,
updated after the CRM record, last name typed as 'n/a'), the CRM (priority 2, a typo 'Ingrd',
last name Larsen) and the loyalty programme (priority 3, the newest record, a blank first name,
last name Larsson). The first names agree within one edit, so identity resolution links the
three by their shared email. Three days before the as-of day she ordered the best-margin
in-stock product of one category.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.support import ROOT, Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("customer_marts")]

MARTS = "+dim_customers +fct_next_best_offers"
CUSTOMER_360 = [
    "path:seeds/customer",
    "path:models/intermediate/customer",
    "dim_customers",
    "dim_customer_identifiers",
    "fct_next_best_offers",
]
INGRID_EMAIL = "ingrid.larsen@fjordpost.no"
DEMO = ROOT / "seeds" / "demo"
INGRID_PERSON = (
    "select person_id from marts.dim_customer_identifiers"
    " where identifier_type = 'shop_customer_id' and identifier_value = 'S-INGRID'"
)


def demo_rows(table: str) -> list[dict[str, str]]:
    with (DEMO / f"{table}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def best_offer_in_largest_category() -> tuple[str, str]:
    """(category, sku): the demo category with most in-stock active products, and its
    best-margin product (stock: latest snapshot per location, on hand minus reserved)."""
    latest: dict[tuple[str, str], dict[str, str]] = {}
    for row in demo_rows("erp_inventory"):
        key = (row["sku"], row["location_id"])
        if key not in latest or row["snapshot_at"] > latest[key]["snapshot_at"]:
            latest[key] = row
    available: dict[str, int] = {}
    for (sku, _), row in latest.items():
        if row["on_hand_qty"].isdigit() and row["reserved_qty"].isdigit():
            available[sku] = (
                available.get(sku, 0) + int(row["on_hand_qty"]) - int(row["reserved_qty"])
            )
    in_stock: dict[str, list[tuple[Decimal, str]]] = {}
    for product in demo_rows("erp_products"):
        if product["is_active"] == "true" and available.get(product["sku"], 0) > 0:
            margin = Decimal(product["list_price"]) - Decimal(product["unit_cost"])
            in_stock.setdefault(product["category"], []).append((margin, product["sku"]))
    category = max(sorted(in_stock), key=lambda name: len(in_stock[name]))
    return category, max(in_stock[category], key=lambda item: (item[0], item[1]))[1]


def insert(table: str, row: dict[str, str | None]) -> str:
    columns = ", ".join(row)
    values = ", ".join(
        "null" if v is None else "'" + v.replace("'", "''") + "'" for v in row.values()
    )
    return f"insert into raw.{table} ({columns}) values ({values})"


def ingrid(sku: str) -> list[str]:
    return [
        insert(
            "shop_customers",
            {
                "id": "S-INGRID",
                "email": INGRID_EMAIL,
                "phone": None,
                "first_name": "Ingrid",
                "last_name": "n/a",
                "accepts_marketing": "false",
                "country_code": "NO",
                "created_at": "2024-01-10 09:00:00",
                "updated_at": "2026-09-01 09:00:00",
            },
        ),
        insert(
            "crm_contacts",
            {
                "contact_id": "C-INGRID",
                "account_id": "A-INGRID",
                "email": INGRID_EMAIL.upper(),
                "phone": None,
                "mobile_phone": None,
                "first_name": "Ingrd",
                "last_name": "Larsen",
                "mailing_country": "DK",
                "lead_source": "event",
                "created_date": "2025-05-01 09:00:00",
                "last_modified_date": "2025-05-02 09:00:00",
                "is_deleted": "false",
            },
        ),
        insert(
            "loyalty_members",
            {
                "card_number": "99990000000001",
                "email": INGRID_EMAIL,
                "phone": None,
                "first_name": " ",
                "last_name": "Larsson",
                "tier": "gold",
                "enrolled_at": "2026-10-01 09:00:00",
            },
        ),
        insert(
            "shop_orders",
            {
                "id": "O-INGRID",
                "customer_id": "S-INGRID",
                "email": INGRID_EMAIL,
                "phone": None,
                "order_number": "#INGRID",
                "currency": "EUR",
                "total_price": "100.00",
                "financial_status": "paid",
                "shipping_country": "NO",
                "created_at": "2026-10-28 10:00:00",
                "updated_at": "2026-10-28 10:00:00",
                "cancelled_at": None,
            },
        ),
        insert(
            "shop_order_lines",
            {
                "id": "OL-INGRID",
                "order_id": "O-INGRID",
                "sku": sku,
                "quantity": "1",
                "unit_price": "100.00",
            },
        ),
    ]


@pytest.fixture(scope="module")
def built(warehouse: Warehouse) -> Iterator[tuple[Warehouse, str, str]]:
    category, sku = best_offer_in_largest_category()
    warehouse.dbt("seed", "--select", "tag:demo")
    warehouse.execute(ingrid(sku))
    # Everything upstream, without its tests (other modules test it); the demo seeds stay out,
    # they would replace the raw tables Ingrid was added to. Then the customer marts with their
    # contracts, data tests and unit tests.
    warehouse.dbt(
        "build",
        "--select",
        MARTS,
        "--exclude",
        "tag:demo",
        "--resource-type",
        "model",
        "--resource-type",
        "seed",
    )
    warehouse.dbt("build", "--select", *CUSTOMER_360)
    yield warehouse, category, sku


def ingrid_record(wh: Warehouse) -> dict:
    columns = [
        "first_name",
        "first_name_source",
        "last_name",
        "last_name_source",
        "email",
        "email_source",
        "country_code",
        "country_code_source",
        "loyalty_tier",
        "order_count",
        "rfm_segment",
    ]
    rows = wh.query(
        f"select {', '.join(columns)} from marts.dim_customers where person_id in ({INGRID_PERSON})"
    )
    assert len(rows) == 1
    return dict(zip(columns, rows[0], strict=True))


def test_contracts_unit_tests_and_data_tests_of_the_customer_marts_ran_and_passed(built):
    wh, _, _ = built
    results = json.loads((wh.work_dir / "target" / "run_results.json").read_text())["results"]
    mine = [
        r
        for r in results
        if any(
            name in r["unique_id"]
            for name in ("dim_customers", "fct_next_best_offers", "int_customer_")
        )
    ]
    assert {r["status"] for r in mine} <= {"success", "pass"}
    kinds = {r["unique_id"].split(".")[0] for r in mine}
    assert kinds == {"model", "test", "unit_test"}
    unit_tests = [r for r in mine if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 8


def test_every_person_has_exactly_one_golden_record(built):
    wh, _, _ = built
    identified = {
        row[0] for row in wh.query("select person_id from marts.dim_customer_identifiers")
    }
    records = [row[0] for row in wh.query("select person_id from marts.dim_customers")]
    assert len(records) == len(set(records))
    assert set(records) == identified


def test_priority_beats_recency_and_an_empty_or_placeholder_value_never_wins(built):
    wh, _, _ = built
    record = ingrid_record(wh)
    # The shop outranks the CRM's typo; its newer placeholder last name does not compete, so the
    # CRM (priority 2) wins over the newest record, the loyalty programme's (priority 3).
    assert (record["first_name"], record["first_name_source"]) == ("Ingrid", "shop_customers")
    assert (record["last_name"], record["last_name_source"]) == ("Larsen", "crm_contacts")
    assert (record["email"], record["email_source"]) == (INGRID_EMAIL, "shop_customers")
    assert (record["country_code"], record["country_code_source"]) == ("NO", "shop_customers")
    assert record["loyalty_tier"] == "gold"
    assert record["order_count"] == 1
    assert record["rfm_segment"] != "prospect"


def test_next_best_offers_skip_the_recently_bought_product_and_rank_in_stock_ones_by_margin(built):
    wh, category, sku = built
    assert wh.scalar(
        f"select is_in_stock from intermediate.int_product_stocks_summed where sku = '{sku}'"
    )
    offers = wh.query(
        "select offers.sku, offers.category, offers.offer_rank, offers.expected_margin_base,"
        " offers.may_contact_for_marketing from marts.fct_next_best_offers as offers"
        f" where offers.person_id in ({INGRID_PERSON}) order by offers.offer_rank"
    )
    expected = wh.query(
        "select products.sku from staging.stg_erp__products as products"
        " inner join intermediate.int_product_stocks_summed as stocks"
        " on products.sku = stocks.sku"
        " where products.is_active and stocks.available_qty > 0"
        f" and products.category = '{category}'"
        f" and products.sku != '{sku}'"
        " order by products.list_price - products.unit_cost desc, products.sku limit 3"
    )
    assert [row[0] for row in offers] == [row[0] for row in expected]
    assert len(offers) == 3 and sku not in {row[0] for row in offers}
    assert {row[1] for row in offers} == {category}
    assert [row[2] for row in offers] == [1, 2, 3]
    margins = [row[3] for row in offers]
    assert margins == sorted(margins, reverse=True)
    assert not any(row[4] for row in offers)


def test_offers_may_contact_exactly_the_persons_with_activatable_marketing_consent(built):
    wh, _, _ = built
    counts = wh.query(
        "select count(*), sum(case when offers.may_contact_for_marketing then 1 else 0 end),"
        " sum(case when offers.may_contact_for_marketing <> (consent.person_id is not null)"
        " then 1 else 0 end)"
        " from marts.fct_next_best_offers as offers"
        " left join (select distinct person_id from marts.dim_customer_consent"
        "  where purpose_category = 'marketing' and is_activatable) as consent"
        " on offers.person_id = consent.person_id"
    )[0]
    assert counts[0] > counts[1] > 0 and counts[2] == 0


def test_changing_the_priority_seed_changes_the_winner_without_sql_changes(built):
    wh, _, _ = built
    rules = "staging.survivorship_rules"
    loyalty = "attribute in ('first_name', 'last_name') and source_table = 'loyalty_members'"
    wh.execute([f"update {rules} set priority = 0 where {loyalty}"])
    survivorship = ["--select", "int_customer_attributes_survived", "dim_customers"]
    try:
        wh.dbt("run", *survivorship)
        record = ingrid_record(wh)
    finally:
        wh.execute([f"update {rules} set priority = 3 where {loyalty}"])
        wh.dbt("run", *survivorship)
    assert (record["last_name"], record["last_name_source"]) == ("Larsson", "loyalty_members")
    # The loyalty programme now ranks first for first names too, but its blank never competes.
    assert (record["first_name"], record["first_name_source"]) == ("Ingrid", "shop_customers")
    assert ingrid_record(wh)["last_name"] == "Larsen"
