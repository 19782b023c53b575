"""Consent and privacy end to end on DuckDB and PostgreSQL: consent at merge time, then erasure (a
verified request, `northstar erase`, the ledger) and a late event that must not bring the person
back.

Erik is known to the shop (customer S-ERIK, email, phone), browsed anonymously (anon-erik) before
logging in, gave profiling consent under that anonymous id, opened a campaign email, ordered once
and wrote a support ticket. Mia is another customer who stays. Erik asks for erasure by email
(verified). After the erasure run no relation the manifest tags as personal data holds a row of
his; the ledger proves it per relation; a web event and a consent event arriving later with his
email create no profile. Mia gave profiling consent (Sweden allows no legitimate interest):
her behavioural traits are filled until she withdraws, cleared on the next build, filled again
when she grants again. Noah never consented: his traits stay null.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from orchestration.privacy.erasure import pii_relations
from tests.rawdata import land
from tests.support import BIN, ROOT, Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("consent_privacy")]

ERIK_EMAIL = "Erik.Lund@Gmail.com"
ERIK_VALUES = [
    "erik.lund@gmail.com",
    "eriklund@gmail.com",
    "s-erik",
    "+46701234567",
    "070-123 45 67",
    "anon-erik",
    "dev-erik",
]
MIA_EMAIL = "mia.berg@example.org"
MIA_TRAITS = (
    "select behaviour_traits_basis, web_sessions_90d, email_opens_90d from marts.dim_customers"
    f" where email = '{MIA_EMAIL}'"
)


def fixtures() -> dict[str, list[dict[str, str | None]]]:
    return {
        "shop_customers": [
            {
                "id": "S-ERIK",
                "email": f" {ERIK_EMAIL} ",
                "phone": "070-123 45 67",
                "first_name": "Erik",
                "last_name": "Lund",
                "accepts_marketing": "true",
                "country_code": "SE",
                "created_at": "2026-01-05 10:00:00",
                "updated_at": "2026-01-05 10:00:00",
            },
            {
                "id": "S-MIA",
                "email": MIA_EMAIL,
                "phone": None,
                "first_name": "Mia",
                "last_name": "Berg",
                "accepts_marketing": "false",
                "country_code": "SE",
                "created_at": "2026-02-01 10:00:00",
                "updated_at": "2026-02-01 10:00:00",
            },
            {
                "id": "S-NOAH",
                "email": "noah@example.org",
                "phone": None,
                "first_name": "Noah",
                "last_name": "Ek",
                "accepts_marketing": "false",
                "country_code": "SE",
                "created_at": "2026-02-01 10:00:00",
                "updated_at": "2026-02-01 10:00:00",
            },
        ],
        "shop_orders": [
            {
                "id": "O-1",
                "customer_id": "S-ERIK",
                "email": ERIK_EMAIL,
                "phone": None,
                "order_number": "1001",
                "currency": "EUR",
                "total_price": "40.00",
                "financial_status": "paid",
                "shipping_country": "SE",
                "created_at": "2026-03-01 10:00:00",
                "updated_at": "2026-03-01 10:00:00",
            },
            {
                "id": "O-2",
                "customer_id": "S-MIA",
                "email": MIA_EMAIL,
                "phone": None,
                "order_number": "1002",
                "currency": "EUR",
                "total_price": "25.00",
                "financial_status": "paid",
                "shipping_country": "SE",
                "created_at": "2026-03-02 10:00:00",
                "updated_at": "2026-03-02 10:00:00",
            },
        ],
        "shop_order_lines": [
            {"id": "L-1", "order_id": "O-1", "sku": "SKU-1", "quantity": "1", "unit_price": "40"},
            {"id": "L-2", "order_id": "O-2", "sku": "SKU-1", "quantity": "1", "unit_price": "25"},
        ],
        "web_events": [
            web_event("w1", "page", anonymous_id="anon-erik", sent_at="2026-02-20 09:00:00"),
            web_event(
                "w2",
                "identify",
                anonymous_id="anon-erik",
                user_id="S-ERIK",
                traits_email=ERIK_EMAIL,
                sent_at="2026-02-20 09:05:00",
            ),
            web_event("w3", "page", anonymous_id="anon-mia", user_id="S-MIA", sent_at="2026-02-21"),
            web_event(
                "w4", "page", anonymous_id="anon-noah", user_id="S-NOAH", sent_at="2026-02-22"
            ),
        ],
        "esp_events": [
            {
                "event_id": "m1",
                "email": ERIK_EMAIL,
                "campaign_id": "c1",
                "event_type": "open",
                "occurred_at": "2026-03-03 08:00:00",
            },
        ],
        "support_tickets": [
            {
                "ticket_id": "T-1",
                "requester_email": ERIK_EMAIL,
                "requester_phone": None,
                "channel": "email",
                "subject": "Where is my order?",
                "status": "open",
                "priority": "normal",
                "csat_score": None,
                "created_at": "2026-03-04 08:00:00",
                "solved_at": None,
            },
        ],
        "consent_events": [
            consent_event("c1", "anonymous_id", "anon-erik", "profiling", "2026-02-20 09:00:00"),
            consent_event("c2", "email", MIA_EMAIL, "profiling", "2026-02-21 09:00:00"),
        ],
        "privacy_requests": [
            {
                "request_id": "PR-ERIK",
                "subject_type": "email",
                "subject_value": ERIK_EMAIL.upper(),
                "request_type": "erasure",
                "jurisdiction": "SE",
                "received_at": "2026-04-01 10:00:00",
                "verified_at": "2026-04-02 10:00:00",
            },
        ],
    }


def web_event(message_id: str, kind: str, **values: str) -> dict[str, str | None]:
    return {
        "message_id": message_id,
        "type": kind,
        "event": None,
        "anonymous_id": values.get("anonymous_id"),
        "user_id": values.get("user_id"),
        "device_id": "dev-erik" if values.get("anonymous_id") == "anon-erik" else None,
        "ip": None,
        "user_agent": None,
        "traits_email": values.get("traits_email"),
        "properties": "{}",
        "sent_at": values["sent_at"],
        "received_at": values["sent_at"],
    }


def consent_event(
    event_id: str, subject_type: str, subject: str, purpose: str, at: str, action: str = "grant"
) -> dict[str, str | None]:
    return {
        "event_id": event_id,
        "subject_type": subject_type,
        "subject_value": subject,
        "purpose": purpose,
        "channel": "web",
        "action": action,
        "legal_basis": "consent",
        "consent_text_version": "3",
        "language": "sv",
        "country": "SE",
        "region": None,
        "source_system": "cmp_web",
        "collection_point": "cookie_banner",
        "occurred_at": at,
        "received_at": at,
        "proof_ref": f"prf-{event_id}",
    }


def erase(wh: Warehouse) -> str:
    env = wh.process_env({"DBT_TARGET_PATH": str(wh.work_dir / "target")})
    done = subprocess.run(
        [str(BIN / "northstar"), "erase", "--no-build"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def erik_rows(wh: Warehouse, person_ids: list[str]) -> dict[str, int]:
    """Rows holding one of Erik's values (or person ids), per PII-tagged relation of the
    manifest; written independently of the erasure step's own matching."""
    values = ", ".join(f"'{v}'" for v in ERIK_VALUES)
    persons = ", ".join(f"'{p}'" for p in person_ids) or "''"
    counts = {}
    for relation in pii_relations(wh.work_dir / "target" / "manifest.json"):
        schema, name = relation.schema, relation.identifier
        columns = {
            row[0]
            for row in wh.query(
                "select column_name from information_schema.columns"
                f" where table_schema = '{schema}' and table_name = '{name}'"
            )
        }
        if not columns:
            continue
        terms = [
            f"lower(trim(cast({c} as varchar))) in ({values})"
            for c in relation.pii_columns
            if c in columns
        ]
        terms += [
            f"lower(cast({c} as varchar)) like '%{v}%'"
            for c in relation.pii_columns
            if c == "raw_values" and c in columns
            for v in ERIK_VALUES
        ]
        if relation.has_person_id and "person_id" in columns:
            terms.append(f"person_id in ({persons})")
        counts[f"{schema}.{name}"] = wh.scalar(
            f"select count(*) from {schema}.{name} where {' or '.join(terms)}"
        )
    return counts


@pytest.fixture(scope="module")
def erased(warehouse: Warehouse) -> Iterator[tuple[Warehouse, list[str], dict[str, int]]]:
    land(warehouse, fixtures())
    warehouse.dbt("seed", "--exclude", "tag:demo")
    warehouse.dbt("run")
    person_ids = [
        row[0]
        for row in warehouse.query(
            "select distinct person_id from marts.dim_customer_identifiers"
            " where identifier_type = 'shop_customer_id' and identifier_value = 'S-ERIK'"
        )
    ]
    before = erik_rows(warehouse, person_ids)
    erase(warehouse)
    yield warehouse, person_ids, before


def test_before_the_erasure_run_erik_is_suppressed_everywhere_consent_is_read(erased):
    _, person_ids, before = erased
    assert len(person_ids) == 1
    assert before["raw.shop_customers"] == 1 and before["marts.dim_customers"] == 1
    assert before["raw.web_events"] == 2 and before["staging.stg_consent__events"] == 1


def test_after_the_erasure_run_no_pii_relation_holds_a_row_of_erik(erased):
    wh, person_ids, before = erased
    after = erik_rows(wh, person_ids)
    assert sum(before.values()) > 20
    assert {name: rows for name, rows in after.items() if rows} == {}
    assert wh.scalar(f"select count(*) from marts.dim_customers where email = '{MIA_EMAIL}'") == 1


def test_the_ledger_proves_each_relation_found_and_left_empty(erased):
    wh, _, before = erased
    ledger = {
        row[0]: (row[1], row[2], row[3])
        for row in wh.query(
            "select relation_name, relation_kind, rows_found, rows_left from audit.erasure_ledger"
            " where request_id = 'PR-ERIK'"
        )
    }
    assert ledger["raw.shop_customers"] == ("source", 1, 0)
    assert ledger["raw.privacy_requests"] == ("source", 1, 0)
    assert ledger["marts.dim_customers"] == ("model", 1, 0)
    assert all(rows_left == 0 for _, _, rows_left in ledger.values())
    assert {name for name, rows in before.items() if rows} <= set(ledger)
    assert wh.query(
        "select status, erased_rows_found > 0, subject_hash is not null"
        " from marts.fct_privacy_requests where request_id = 'PR-ERIK'"
    ) == [("completed", True, True)]


def test_the_suppression_list_holds_only_hashes_of_every_identifier_of_erik(erased):
    wh, _, _ = erased
    rows = wh.query("select identifier_type, identifier_hash from marts.suppression_list")
    assert {t for t, _ in rows} >= {"email", "phone", "shop_customer_id", "anonymous_id"}
    assert all(len(h) == 64 and h == h.lower() for _, h in rows)
    import hashlib

    # The email as identity folds it and as staged (what golden records and audiences carry).
    for email in (b"eriklund@gmail.com", b"erik.lund@gmail.com"):
        assert ("email", hashlib.sha256(email).hexdigest()) in rows


def insert_raw(wh: Warehouse, table: str, row: dict[str, str | None]) -> None:
    values = ", ".join("null" if v is None else f"'{v}'" for v in row.values())
    wh.execute([f"insert into raw.{table} ({', '.join(row)}) values ({values})"])


def test_behaviour_traits_follow_profiling_consent_on_each_build(erased):
    wh, _, _ = erased
    assert wh.query(MIA_TRAITS) == [("profiling_consent", 1, 0)]
    assert wh.query(
        "select behaviour_traits_basis, web_sessions_90d, email_opens_30d"
        " from marts.dim_customers where email = 'noah@example.org'"
    ) == [("no_profiling_consent", None, None)]
    rebuild = ["run", "--select", "base_consent__events+"]
    insert_raw(
        wh,
        "consent_events",
        consent_event("c3", "email", MIA_EMAIL, "profiling", "2026-03-10", "withdraw"),
    )
    wh.dbt(*rebuild)
    assert wh.query(MIA_TRAITS) == [("profiling_withdrawn", None, None)]
    insert_raw(
        wh, "consent_events", consent_event("c4", "email", MIA_EMAIL, "profiling", "2026-03-11")
    )
    wh.dbt(*rebuild)
    assert wh.query(MIA_TRAITS) == [("profiling_consent", 1, 0)]


def test_a_late_event_with_erik_s_email_creates_no_profile(erased):
    wh, person_ids, _ = erased
    late_web = web_event(
        "w-late",
        "identify",
        anonymous_id="anon-late",
        traits_email=ERIK_EMAIL.lower(),
        sent_at="2026-05-01 10:00:00",
    )
    late_consent = consent_event("c-late", "email", ERIK_EMAIL, "profiling", "2026-05-01 10:00:00")
    columns_web = ", ".join(late_web)
    columns_consent = ", ".join(late_consent)

    def values(row: dict[str, str | None]) -> str:
        return ", ".join("null" if v is None else f"'{v}'" for v in row.values())

    wh.execute(
        [
            f"insert into raw.web_events ({columns_web}) values ({values(late_web)})",
            f"insert into raw.consent_events ({columns_consent}) values ({values(late_consent)})",
        ]
    )
    wh.dbt("run")
    assert (
        wh.scalar(
            "select count(*) from marts.dim_customer_identifiers"
            " where identifier_value in ('eriklund@gmail.com', 'anon-late')"
        )
        == 0
    )
    assert wh.scalar("select count(*) from marts.dim_customers") == 2
    assert wh.scalar("select count(*) from marts.fct_consent_events where event_id = 'c-late'") == 0
    # The next erasure run deletes the late raw rows too (the same step on either target:
    # checked once, to keep the suite quick).
    if wh.target != "duckdb":
        return
    erase(wh)
    assert wh.scalar("select count(*) from raw.web_events where message_id = 'w-late'") == 0
    assert wh.scalar("select count(*) from raw.consent_events where event_id = 'c-late'") == 0
    assert {n: r for n, r in erik_rows(wh, person_ids).items() if r} == {}


def test_the_bi_role_reads_every_mart_and_nothing_else(erased):
    wh, _, _ = erased
    if wh.target != "postgres":
        pytest.skip("roles are PostgreSQL's; a DuckDB file is guarded by its file permissions")
    import psycopg
    from psycopg.conninfo import make_conninfo

    from tests.support import pg_conninfo

    wh.execute(
        [
            "do $$ begin create role northstar_bi_reader login in role northstar_bi;"
            " exception when duplicate_object or unique_violation then null; end $$"
        ]
    )
    marts = [
        row[0]
        for row in wh.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        )
    ]
    assert {"dim_customers", "dim_customer_consent", "dim_activatable_persons"} <= set(marts)
    refused = [
        "raw.shop_customers",
        "staging.stg_shop__customers",
        "intermediate.int_identity_persons_assigned",
        "audit.quarantine",
        "audit.erasure_ledger",
    ]
    conninfo = make_conninfo(pg_conninfo(wh.pg_dbname), user="northstar_bi_reader")
    with psycopg.connect(conninfo, autocommit=True) as con:
        for name in marts:
            con.execute(f'select count(*) from marts."{name}"').fetchall()
        for relation in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(f"select count(*) from {relation}").fetchall()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("delete from marts.dim_customers")
