"""The generator: deterministic, the contract's tables as text, truth for every identifier type,
realistic values, and rates a user can set."""

from __future__ import annotations

import csv
import hashlib
import json
import re

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from orchestration.generator import RAW_TABLES, TRUTH_COLUMNS, MessRates, generate, vocab
from orchestration.generator.contract import IDENTIFIER_TYPES
from orchestration.generator.money import CURRENCIES, RATE_TO_EUR
from orchestration.generator.rates import parse_overrides
from orchestration.generator.sources.erp import sku_count
from orchestration.warehouse import ROOT
from tests.unit.conftest import PERSONS, SEED, clean, messy

SMALL = 600


def digest(table: pa.Table) -> str:
    """A hash of the table's bytes (Arrow IPC stream of its combined chunks)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table.combine_chunks())
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


def digests(tables: dict[tuple[str, str], pa.Table]) -> dict[tuple[str, str], str]:
    return {key: digest(table) for key, table in tables.items()}


def test_the_same_seed_gives_byte_identical_tables():
    assert digests(generate(SMALL, seed=5)) == digests(generate(SMALL, seed=5))


def test_another_seed_gives_other_tables():
    first, other = digests(generate(SMALL, seed=5)), digests(generate(SMALL, seed=6))
    assert all(first[key] != other[key] for key in first)


def test_timestamps_end_before_the_as_of_date():
    from datetime import date

    no_bad_dates = MessRates(malformed_date=0)
    early = generate(SMALL, 5, date(2025, 1, 1), no_bad_dates)[("raw", "shop_customers")]
    late = generate(SMALL, 5, date(2026, 11, 1), no_bad_dates)[("raw", "shop_customers")]
    assert "2024-06-01" < max(early["updated_at"].to_pylist()) < "2025-01-01"
    assert "2026-06-01" < max(late["updated_at"].to_pylist()) < "2026-11-01"


def test_every_raw_table_of_the_contract_is_text_with_its_columns_in_order():
    tables = messy()
    assert [name for schema, name in tables if schema == "raw"] == list(RAW_TABLES)
    for name, columns in RAW_TABLES.items():
        table = tables[("raw", name)]
        assert table.column_names == columns, name
        assert all(pa.types.is_string(field.type) for field in table.schema), name
        assert table.num_rows > 0, name


def test_the_contract_matches_the_staging_sources_yaml():
    import yaml

    declared = {}
    for path in sorted((ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                declared[table["name"]] = [column["name"] for column in table["columns"]]
    for name, columns in RAW_TABLES.items():
        assert declared[name][: len(columns)] == columns, name


def test_sources_scale_to_about_fifteen_to_twenty_raw_rows_per_person():
    tables = messy()
    per_person = {
        name: tables[("raw", name)].num_rows / PERSONS
        for name in RAW_TABLES
        if name not in ("erp_products", "erp_inventory")
    }
    assert 14 <= sum(per_person.values()) <= 21, per_person
    assert 0.5 <= per_person["shop_customers"] <= 0.8
    assert 1.2 <= per_person["shop_orders"] <= 1.8
    assert 2.4 <= per_person["shop_order_lines"] <= 3.6
    assert 5 <= per_person["web_events"] <= 7.5
    assert 2.5 <= per_person["esp_events"] <= 3.5
    assert 0.001 <= per_person["privacy_requests"] <= 0.01
    assert tables[("raw", "erp_products")].num_rows == pytest.approx(sku_count(PERSONS), rel=0.05)


def test_every_person_has_a_truth_record_and_every_identifier_type_appears():
    truth = messy()[("truth", "person_identifiers")]
    assert truth.column_names == TRUTH_COLUMNS
    assert set(truth["identifier_type"].to_pylist()) == set(IDENTIFIER_TYPES)
    assert pc.count_distinct(truth["true_person_id"]).as_py() >= 0.97 * PERSONS
    assert truth.num_rows == len(set(zip(*truth.to_pydict().values(), strict=True)))


def test_truth_holds_identifier_values_exactly_as_they_appear_raw():
    tables = messy()
    truth = tables[("truth", "person_identifiers")].to_pylist()

    def of_type(kind: str) -> set[str]:
        return {r["identifier_value"] for r in truth if r["identifier_type"] == kind}

    def raw(table: str, column: str) -> set[str]:
        return set(tables[("raw", table)][column].to_pylist()) - {None}

    assert raw("esp_events", "email") | raw("shop_orders", "email") <= of_type("email")
    assert raw("crm_contacts", "mobile_phone") | raw("pos_transactions", "phone") <= of_type(
        "phone"
    )
    assert raw("web_events", "user_id") <= of_type("shop_customer_id")
    assert raw("web_events", "device_id") <= of_type("device_id")
    assert raw("pos_transactions", "loyalty_card_number") <= of_type("loyalty_card_number")


def test_emails_use_real_world_domains_never_example_com_except_staff_junk():
    emails = [v for v in messy()[("raw", "esp_events")]["email"].to_pylist() if v]
    domains = {v.strip().lower().rsplit("@", 1)[-1] for v in emails if "@" in v}
    assert {"gmail.com", "gmx.de", "web.de", "outlook.com", "yahoo.co.uk", "orange.fr"} <= domains
    assert all(v == "test@example.com" for v in emails if "example.com" in v.lower())


def test_products_cost_less_than_their_price_and_lines_reference_them():
    tables = messy()
    products = tables[("raw", "erp_products")].to_pylist()
    assert all(float(p["unit_cost"]) < float(p["list_price"]) for p in products if p["sku"])
    skus = {p["sku"] for p in products}
    for table in ("shop_order_lines", "pos_transaction_lines"):
        referenced = set(tables[("raw", table)]["sku"].to_pylist())
        # All but the few products whose key was lost (empty_key) are in the product master.
        assert len(referenced - skus) <= 0.03 * len(referenced), table
    assert set(clean()[("raw", "shop_order_lines")]["sku"].to_pylist()) <= set(
        clean()[("raw", "erp_products")]["sku"].to_pylist()
    )


def test_inventory_has_sold_out_and_over_reserved_stock():
    rows = messy()[("raw", "erp_inventory")].to_pylist()
    available = [
        int(r["on_hand_qty"]) - int(r["reserved_qty"])
        for r in rows
        if not r["on_hand_qty"].startswith("-")
    ]
    assert any(a == 0 for a in available) and any(a < 0 for a in available)


def test_order_totals_are_the_sum_of_their_lines():
    tables = messy()
    lines = {tuple(line.items()): line for line in tables[("raw", "shop_order_lines")].to_pylist()}
    totals: dict[str, float] = {}
    negative: set[str] = set()
    for line in lines.values():  # each delivered line once (redeliveries are exact copies)
        if line["quantity"].startswith("-"):
            negative.add(line["order_id"])
        totals.setdefault(line["order_id"], 0.0)
        totals[line["order_id"]] += abs(int(line["quantity"])) * float(line["unit_price"])
    orders = [
        o
        for o in tables[("raw", "shop_orders")].to_pylist()
        if o["id"] in totals and o["id"] not in negative
    ]
    agree = sum(abs(float(o["total_price"]) - totals[o["id"]]) < 0.005 for o in orders)
    assert agree / len(orders) > 0.995  # a line whose id was lost (empty key) still counts


def test_web_events_carry_json_properties_and_the_tracked_events():
    events = messy()[("raw", "web_events")].to_pylist()
    assert {e["type"] for e in events} == {"page", "track", "identify"}
    assert {e["event"] for e in events if e["type"] == "track"} == set(vocab.TRACK_EVENTS)
    for e in events[:2000]:
        if e["properties"] is not None:
            json.loads(e["properties"])
    product_pages = [json.loads(e["properties"]) for e in events if e["type"] == "page"]
    assert any(p.get("path", "").startswith("/p/SKU-") and "category" in p for p in product_pages)
    identified = [e for e in events if e["type"] == "identify"]
    assert any(e["user_id"] for e in identified) and any(e["traits_email"] for e in identified)


def test_esp_events_follow_the_funnel():
    events = messy()[("raw", "esp_events")]["event_type"].to_pylist()
    counts = {kind: events.count(kind) for kind in set(events)}
    assert set(counts) == {
        "sent", "delivered", "open", "click", "bounce", "unsubscribe", "spam_complaint",
    }  # fmt: skip
    assert counts["sent"] > counts["delivered"] > counts["open"] > counts["click"]


def test_consent_events_follow_the_purposes_seed_with_double_opt_in_and_old_versions():
    events = messy()[("raw", "consent_events")].to_pylist()
    with (ROOT / "seeds" / "reference" / "consent_purposes.csv").open() as f:
        purposes = {row["purpose"]: row for row in csv.DictReader(f)}
    known = [e for e in events if e["purpose"] in purposes]
    assert {e["purpose"] for e in known} == set(purposes)
    assert {e["subject_type"] for e in events} == {
        "email", "phone", "shop_customer_id", "crm_contact_id", "anonymous_id",
    }  # fmt: skip
    actions = {e["action"] for e in events}
    assert {"grant", "deny", "withdraw", "doi_pending", "doi_confirm"} <= actions
    assert {"object_direct_marketing", "opt_out_sale_share"} <= actions
    doi = [e for e in events if e["action"] in ("doi_pending", "doi_confirm")]
    assert doi and {e["country"] for e in doi} <= {"DE", "AT", "CH"}
    below = [
        e
        for e in known
        if e["consent_text_version"].isdigit()
        and int(e["consent_text_version"]) < int(purposes[e["purpose"]]["min_consent_text_version"])
    ]
    assert below, "some consent is given on a text version below the purpose's minimum"
    service = [e for e in events if e["purpose"] == "customer_service"]
    assert service and all(e["legal_basis"] == "contract" for e in service)
    blanket = [e for e in events if e["action"] == "object_direct_marketing"]
    assert any(e["purpose"] is None for e in blanket) and any(
        e["purpose"] == "any" for e in blanket
    )


def test_privacy_requests_have_every_type_with_a_jurisdiction():
    requests = generate(3000, seed=SEED)[("raw", "privacy_requests")].to_pylist()
    assert {r["request_type"] for r in requests} == {
        "erasure", "access", "object_direct_marketing", "opt_out_sale_share",
    }  # fmt: skip
    assert all(re.fullmatch(r"[A-Z]{2}(-[A-Z]{2})?", r["jurisdiction"]) for r in requests)


def test_money_and_numbering_facts_match_the_reference_seeds():
    with (ROOT / "seeds" / "reference" / "currencies.csv").open() as f:
        seeded = {row["currency_code"]: float(row["rate_to_base"]) for row in csv.DictReader(f)}
    assert seeded == RATE_TO_EUR and set(CURRENCIES) == set(seeded)
    with (ROOT / "seeds" / "reference" / "country_dialing_rules.csv").open() as f:
        rules = {row["country_code"]: row for row in csv.DictReader(f)}
    assert set(rules) == set(vocab.COUNTRY_CODES)
    for country in vocab.COUNTRIES:
        rule = rules[country.code]
        assert country.calling_code == rule["calling_code"], country.code
        assert country.trunk_prefix == rule["trunk_prefix"], country.code
        assert country.international_prefix == rule["international_prefix"], country.code


def test_scaling_multiplies_every_rate_and_caps_at_one():
    rates = MessRates().scaled(2.0)
    assert rates.email_case == pytest.approx(2 * MessRates().email_case)
    assert MessRates().scaled(100).phone_national == 1.0
    assert all(v == 0 for v in MessRates().scaled(0).model_dump().values())


def test_one_rate_can_be_set_and_an_unknown_name_is_refused_with_the_valid_names():
    assert MessRates().with_overrides(parse_overrides(["email_case=0.2"])).email_case == 0.2
    with pytest.raises(
        ValueError, match=r"Unknown mess kind.*email_cases.*Valid kinds:.*email_case"
    ):
        MessRates().with_overrides({"email_cases": 0.2})
    with pytest.raises(ValueError, match="name=rate"):
        parse_overrides(["email_case"])
    with pytest.raises(ValueError):
        MessRates().with_overrides({"email_case": 1.5})
