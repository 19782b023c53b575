"""Property test: random consent histories through the real consent models vs a Python reference.

Hypothesis draws one person's consent events (purposes of the seed, channels incl. 'any',
every action, few distinct instants so ties are common, text versions, countries). The events
go into intermediate.int_consent_events_validated of a DuckDB warehouse built once; the compiled
SQL of int_consent_decisions_expanded, dim_consent_history and dim_customer_consent runs on
them, and the current state per purpose x channel must equal `reference_state`, a small
independent statement of the rules (DESIGN "Consent and privacy", README "Consent and privacy").
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import make_warehouse
from tests.rawdata import land
from tests.support import ROOT, Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("consent_properties")]

SEEDS = ROOT / "seeds" / "reference"
CHAIN = ["int_consent_decisions_expanded", "dim_consent_history", "dim_customer_consent"]
RESTRICTIVENESS = {
    "object_direct_marketing": 7,
    "opt_out_sale_share": 6,
    "withdraw": 5,
    "deny": 4,
    "doi_pending": 3,
    "doi_confirm": 2,
    "grant": 1,
}
NEGATIVE = {"deny", "withdraw", "object_direct_marketing", "opt_out_sale_share"}
POSITIVE = {"grant", "doi_pending", "doi_confirm"}
STATUS = {
    "grant": "granted",
    "doi_confirm": "granted",
    "doi_pending": "doi_pending",
    "deny": "denied",
    "withdraw": "withdrawn",
    "object_direct_marketing": "objected",
    "opt_out_sale_share": "opted_out",
}
CONCRETE = ["email", "sms", "phone", "push", "web"]
START = datetime(2026, 1, 1, 12, 0, 0)


def read_seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


PURPOSES = {row["purpose"]: row for row in read_seed("consent_purposes")}
DOI_COUNTRIES = {
    row["country_code"]
    for row in read_seed("jurisdictions")
    if not row["region"] and row["email_double_opt_in_required"] == "true"
}
KNOWN_COUNTRIES = {row["country_code"] for row in read_seed("jurisdictions") if not row["region"]}


def channels_of(purpose: str) -> list[str]:
    allowed = PURPOSES[purpose]["allowed_channels"].split("|")
    return [c for c in CONCRETE if c in allowed]


@st.composite
def events(draw) -> list[dict]:
    count = draw(st.integers(min_value=1, max_value=8))
    drawn = []
    for index in range(count):
        # Positive actions and the marketing purpose (double opt-in, minimum version 2) are
        # drawn more often: they carry most of the rules.
        action = draw(st.sampled_from([*sorted(RESTRICTIVENESS), *sorted(POSITIVE) * 2]))
        if action in POSITIVE:
            purpose = draw(st.sampled_from([*sorted(PURPOSES), "marketing", "marketing"]))
        elif action in ("object_direct_marketing", "opt_out_sale_share"):
            purpose = draw(st.sampled_from([None, "any", *sorted(PURPOSES)]))
        else:
            purpose = draw(st.sampled_from(["any", *sorted(PURPOSES)]))
        if purpose in PURPOSES:
            channel = draw(st.sampled_from(["any", *channels_of(purpose)]))
        else:
            channel = draw(st.sampled_from([None, "any"]))
        drawn.append(
            {
                "event_id": f"e{index:02d}",
                "purpose": purpose,
                "channel": channel,
                "consent_action": action,
                "version": draw(st.sampled_from([None, 1, 2, 3])),
                "country": draw(st.sampled_from([None, "DE", "FR", "XX"])),
                "occurred_at": START + timedelta(days=draw(st.integers(0, 3))),
            }
        )
    return drawn


def targets(event: dict) -> list[tuple[str, str]]:
    """(purpose, channel) pairs an event applies to."""
    action, purpose = event["consent_action"], event["purpose"]
    if purpose in PURPOSES:
        purposes = [purpose]
    elif action == "object_direct_marketing":
        purposes = [p for p, row in PURPOSES.items() if row["category"] == "marketing"]
    elif action == "opt_out_sale_share":
        purposes = [p for p, row in PURPOSES.items() if row["category"] == "sale_share"]
    elif action in ("withdraw", "deny"):
        purposes = list(PURPOSES)
    else:
        purposes = []
    pairs = []
    for name in purposes:
        for channel in channels_of(name):
            if event["channel"] in (None, "any") or event["channel"] == channel:
                pairs.append((name, channel))
    return pairs


def last_at(history: list[dict], actions: set[str]) -> datetime | None:
    times = [e["occurred_at"] for e in history if e["consent_action"] in actions]
    return max(times) if times else None


def reference_state(drawn: list[dict]) -> dict[tuple[str, str], tuple[str, bool, str]]:
    """(purpose, channel) -> (status, is_activatable, reason_code) of the current state."""
    per_key: dict[tuple[str, str], list[dict]] = {}
    for event in drawn:
        for key in targets(event):
            per_key.setdefault(key, []).append(event)
    state = {}
    for (purpose, channel), evs in per_key.items():
        # One decision per instant: the most restrictive (then the smallest id).
        instants: dict[datetime, dict] = {}
        for ev in sorted(evs, key=lambda e: (-RESTRICTIVENESS[e["consent_action"]], e["event_id"])):
            instants.setdefault(ev["occurred_at"], ev)
        history = [instants[t] for t in sorted(instants)]
        current = history[-1]
        status = STATUS[current["consent_action"]]

        last_negative = last_at(history, NEGATIVE)
        pending = last_at(history, {"doi_pending"})
        confirmed = last_at(history, {"doi_confirm"})
        episode = [
            e
            for e in history
            if e["consent_action"] in POSITIVE
            and (last_negative is None or e["occurred_at"] > last_negative)
        ]
        versions = [e["version"] for e in episode if e["version"] is not None]
        countries = [e["country"] for e in episode if e["country"] is not None]
        version = versions[-1] if versions else None
        country = countries[-1] if countries else None
        seed = PURPOSES[purpose]
        doi_required = (
            seed["requires_double_opt_in"] == "true"
            and channel == "email"
            and (country in DOI_COUNTRIES or country not in KNOWN_COUNTRIES)
        )
        doi_confirmed = (
            confirmed is not None
            and (pending is None or confirmed > pending)
            and (last_negative is None or confirmed > last_negative)
        )
        if seed["required_legal_basis"] == "contract":
            reason = "contract_basis"
        elif status == "objected":
            reason = "objected_to_direct_marketing"
        elif status == "opted_out":
            reason = "opted_out_of_sale_share"
        elif status in ("withdrawn", "denied"):
            reason = status
        elif version is None or version < int(seed["min_consent_text_version"]):
            reason = "text_version_below_minimum"
        elif doi_required and status == "doi_pending":
            reason = "double_opt_in_pending"
        elif doi_required and not doi_confirmed:
            reason = "double_opt_in_missing"
        else:
            reason = "granted"
        state[(purpose, channel)] = (status, reason in ("granted", "contract_basis"), reason)
    return state


@pytest.fixture(scope="module")
def consent_chain(tmp_path_factory) -> Iterator[tuple[Warehouse, list[str]]]:
    wh = make_warehouse("duckdb", tmp_path_factory.mktemp("consent_properties"))
    land(wh, {})
    wh.dbt("seed", "--exclude", "tag:demo")
    wh.dbt("run", "--select", "+dim_customer_consent")
    compiled = wh.work_dir / "target" / "compiled" / "northstar" / "models"
    sql = []
    for name in CHAIN:
        path = next(compiled.rglob(f"{name}.sql"))
        schema = "intermediate" if name.startswith("int_") else "marts"
        sql.append(f"create or replace table {schema}.{name} as {Path(path).read_text()}")
    yield wh, sql


def run_chain(wh: Warehouse, chain_sql: list[str], drawn: list[dict]) -> dict:
    import duckdb

    con = duckdb.connect(wh.env["NORTHSTAR_DUCKDB_PATH"])
    try:
        con.execute("delete from intermediate.int_consent_events_validated")
        for event in drawn:
            con.execute(
                "insert into intermediate.int_consent_events_validated"
                " (event_id, person_id, subject_type, purpose, channel, consent_action,"
                " consent_text_version_number, country, invalid_reason_code, restrictiveness,"
                " occurred_at) values (?, 'p1', 'email', ?, ?, ?, ?, ?, null, ?, ?)",
                [
                    event["event_id"],
                    event["purpose"],
                    event["channel"],
                    event["consent_action"],
                    event["version"],
                    event["country"],
                    RESTRICTIVENESS[event["consent_action"]],
                    event["occurred_at"],
                ],
            )
        for statement in chain_sql:
            con.execute(statement)
        rows = con.execute(
            "select purpose, channel, status, is_activatable, reason_code"
            " from marts.dim_customer_consent where person_id = 'p1'"
        ).fetchall()
    finally:
        con.close()
    return {(p, c): (s, a, r) for p, c, s, a, r in rows}


def event(event_id: str, action: str, purpose: str | None, channel: str | None, **more) -> dict:
    return {
        "event_id": event_id,
        "purpose": purpose,
        "channel": channel,
        "consent_action": action,
        "version": more.get("version", 3),
        "country": more.get("country"),
        "occurred_at": START + timedelta(days=more.get("day", 0)),
    }


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=events())
@example(drawn=[event("a", "grant", "marketing", "email", country="DE")])
@example(drawn=[event("a", "grant", "marketing", "any", version=1, country="FR")])
@example(
    drawn=[
        event("a", "doi_pending", "marketing", "email", country="DE"),
        event("b", "doi_confirm", "marketing", "email", day=1),
        event("c", "object_direct_marketing", None, None, day=2),
        event("d", "grant", "marketing", "sms", day=3),
    ]
)
@example(
    drawn=[
        event("a", "grant", "profiling", "any", day=1),
        event("b", "withdraw", "any", "any", day=1),
        event("c", "grant", "ads_sale_share", "web"),
        event("d", "opt_out_sale_share", None, None, day=2),
    ]
)
def test_current_consent_state_matches_the_reference_rules(consent_chain, drawn):
    wh, chain_sql = consent_chain
    assert run_chain(wh, chain_sql, drawn) == reference_state(drawn)


def test_the_reference_itself_fails_closed_and_breaks_ties_restrictively():
    at = START
    tie = [
        {
            "event_id": "a",
            "purpose": "profiling",
            "channel": "web",
            "consent_action": "grant",
            "version": 3,
            "country": "FR",
            "occurred_at": at,
        },
        {
            "event_id": "b",
            "purpose": "profiling",
            "channel": "web",
            "consent_action": "withdraw",
            "version": None,
            "country": None,
            "occurred_at": at,
        },
    ]
    assert reference_state(tie) == {("profiling", "web"): ("withdrawn", False, "withdrawn")}
    assert reference_state([]) == {}
