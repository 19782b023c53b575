"""The sync engine against the local HubSpot/Klaviyo/webhook servers, on DuckDB and PostgreSQL:
consent enforcement, the warehouse diff, dry runs, rejected rows and dead letters, the mirror
guard, and faults (429 with Retry-After, 5xx, timeouts, dropped connections, partial 207)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from orchestration.reverse_etl.destinations import (
    HubSpotDestination,
    KlaviyoDestination,
    WebhookDestination,
)
from orchestration.reverse_etl.engine import SyncFailed, run_sync
from orchestration.reverse_etl.local_servers import LocalDestinations
from tests.activation_support import Scenario
from tests.support import Warehouse

pytestmark = [pytest.mark.xdist_group("reverse_etl")]

TOKEN = "pat-na1-TESTTOKEN-0f3c9b7e"
SECRET = "whsec-TESTSECRET-91ab"


@pytest.fixture
def env(warehouse: Warehouse, monkeypatch) -> Warehouse:
    for name, value in warehouse.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HUBSPOT_TOKEN", TOKEN)
    monkeypatch.setenv("KLAVIYO_API_KEY", TOKEN)
    monkeypatch.setenv("NORTHSTAR_WEBHOOK_SECRET", SECRET)
    return warehouse


@pytest.fixture
def server() -> Iterator[LocalDestinations]:
    with LocalDestinations(token=TOKEN, webhook_secret=SECRET) as servers:
        yield servers


def hubspot(server: LocalDestinations, **kwargs) -> HubSpotDestination:
    options = {"backoff_base_seconds": 0.01, "timeout_seconds": 2.0, **kwargs}
    return HubSpotDestination(base_url=server.url, **options)


def klaviyo(server: LocalDestinations) -> KlaviyoDestination:
    return KlaviyoDestination(
        base_url=server.url, backoff_base_seconds=0.01, job_poll_seconds=0.01, unthrottled=True
    )


def test_only_consented_rows_arrive_and_an_unchanged_audience_sends_nothing(env, server):
    scenario = Scenario(env, "first")
    scenario.withdraw("first-p3")
    scenario.suppress("first.user5@example.com")
    sync = scenario.declaration()

    summary = run_sync(sync, destination=hubspot(server))

    assert server.hubspot_emails() == scenario.eligible_emails()
    assert len(server.hubspot_emails()) == 8
    assert (summary.added, summary.blocked_by_consent, summary.status) == (8, 2, "success")
    assert "first.user3@example.com" not in server.all_request_text()
    assert "first.user5@example.com" not in server.all_request_text()
    sent = len(server.requests)

    again = run_sync(sync, destination=hubspot(server))

    assert (again.planned_upserts, again.planned_removes, again.requests) == (0, 0, 0)
    assert len(server.requests) == sent


def test_dry_run_stores_the_plan_and_sends_nothing(env, server):
    scenario = Scenario(env, "dry")
    scenario.withdraw("dry-p2")
    sync = scenario.declaration()

    summary = run_sync(sync, dry_run=True, destination=hubspot(server))

    assert server.requests == []
    assert summary.status == "dry_run"
    assert summary.plan["counts"] == {"skip:blocked_by_consent": 1, "upsert:new": 9}
    stored = env.query(
        f"select status, planned_upserts, blocked_by_consent, plan_json from reverse_etl.sync_runs"
        f" where run_id = '{summary.run_id}'"
    )[0]
    assert stored[:3] == ("dry_run", 9, 1)
    assert json.loads(stored[3])["counts"]["upsert:new"] == 9
    planned = env.scalar(
        f"select count(*) from reverse_etl.sync_plan where run_id = '{summary.run_id}'"
        " and op = 'upsert'"
    )
    assert planned == 9
    # The real run does exactly what the dry run planned.
    real = run_sync(sync, destination=hubspot(server))
    assert real.plan["counts"] == summary.plan["counts"]
    assert real.added == 9


def test_withdrawal_after_a_sync_unsubscribes_and_is_never_sent_again(env, server):
    scenario = Scenario(env, "withdraw")
    sync = scenario.declaration()
    run_sync(sync, destination=hubspot(server))
    scenario.withdraw("withdraw-p4")
    scenario.persons["withdraw-p4"].first_name = "Renamed"
    scenario.write_audience()
    upserts_before = len(server.requests_to("/crm/v3/objects/contacts/batch/upsert"))

    summary = run_sync(sync, destination=hubspot(server))

    assert server.state.unsubscribed == {"withdraw.user4@example.com"}
    assert summary.removed == 1
    assert len(server.requests_to("/crm/v3/objects/contacts/batch/upsert")) == upserts_before
    later = run_sync(sync, destination=hubspot(server))
    assert (later.requests, later.blocked_by_consent) == (0, 1)


def test_erased_person_gets_a_delete_request_and_is_never_added_again(env, server):
    scenario = Scenario(env, "erase")
    sync = scenario.declaration()
    run_sync(sync, destination=hubspot(server))
    email = scenario.erase("erase-p6")

    summary = run_sync(sync, destination=hubspot(server))

    assert server.state.gdpr_deleted == {email}
    assert email not in server.hubspot_emails()
    assert summary.plan["counts"] == {"remove:suppressed": 1}
    # A late record re-creates the person upstream: still suppressed, never sent again.
    scenario.persons["erase-p6"] = type(next(iter(scenario.persons.values())))(
        "erase-p6", email, "Late", 1.0
    )
    scenario.grant(["erase-p6"])
    scenario.write_audience()
    later = run_sync(sync, destination=hubspot(server))
    assert later.requests == 0 and later.blocked_by_consent == 1
    assert email not in server.hubspot_emails()


def test_missing_consent_mart_fails_closed(env, server):
    scenario = Scenario(env, "closed")
    env.execute(["alter table marts.dim_activatable_persons rename to dim_activatable_hidden"])
    try:
        summary = run_sync(scenario.declaration(), destination=hubspot(server))
    finally:
        env.execute(["alter table marts.dim_activatable_hidden rename to dim_activatable_persons"])
    assert server.requests == []
    assert summary.blocked_by_consent == 10
    assert "dim_activatable_persons does not exist: failing closed" in summary.message


def test_rejected_rows_are_retried_up_to_the_cap_then_reported_as_dead_letters(env, server):
    scenario = Scenario(env, "reject")
    sync = scenario.declaration(max_attempts=2)
    server.reject_emails = {"reject.user2@example.com"}

    first = run_sync(sync, destination=hubspot(server))
    second = run_sync(sync, destination=hubspot(server))
    third = run_sync(sync, destination=hubspot(server))

    assert (first.added, first.rejected, first.dead_letters) == (9, 1, 0)
    assert (second.planned_upserts, second.rejected, second.dead_letters) == (1, 1, 1)
    assert (third.requests, third.dead_letters) == (0, 1)
    changelog = env.query(
        "select status, error from reverse_etl.sync_changelog"
        f" where sync_name = '{sync.name}' and status = 'rejected'"
    )
    assert len(changelog) == 2
    assert all("VALIDATION_ERROR" in error for _, error in changelog)
    # Once the destination accepts it (the row changed), it is sent again and lands.
    server.reject_emails = set()
    scenario.persons["reject-p2"].first_name = "Fixed"
    scenario.write_audience()
    fourth = run_sync(sync, destination=hubspot(server))
    assert fourth.dead_letters == 0
    assert server.hubspot_emails() == scenario.eligible_emails()


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("429", {"retry_after": 0.2, "times": 8}),
        ("500", {"times": 2}),
        ("503", {"times": 1, "retry_after": 0.1}),
        ("timeout", {"times": 1, "delay": 2.5}),
        ("drop", {"times": 2}),
    ],
)
def test_faults_are_retried_and_the_destination_ends_equal_to_the_audience(
    env, server, kind, options
):
    scenario = Scenario(env, f"fault{kind}", size=250)
    sync = scenario.declaration()
    server.inject(kind, "/crm/v3/objects/contacts/batch/upsert", **options)

    # Eight 429s in a row with a retry budget of two: rate-limit waits do not spend it.
    # One batch at a time, so the Retry-After waits add up and can be measured.
    destination = hubspot(server, max_retries=2, timeout_seconds=1.0, concurrency=1)
    summary = run_sync(sync, destination=destination)

    assert summary.status == "success"
    assert server.hubspot_emails() == scenario.eligible_emails()
    assert all(count == 1 for count in server.state.contact_creates.values())
    if kind == "429":
        assert summary.rate_limited == 8
        waits = [r.at for r in server.requests_to("/crm/v3/objects/contacts/batch/upsert")]
        assert waits[8] - waits[0] >= 8 * 0.2 * 0.9  # Retry-After honoured


def test_a_destination_that_keeps_failing_stops_the_run_and_loses_nothing(env, server):
    scenario = Scenario(env, "down", size=250)
    sync = scenario.declaration()
    server.inject("500", "/crm/v3/objects/contacts/batch/upsert", times=4)

    with pytest.raises(SyncFailed) as failure:
        run_sync(sync, destination=hubspot(server, max_retries=1))

    assert failure.value.summary.status == "failed"
    recovered = run_sync(sync, destination=hubspot(server))
    assert recovered.status == "success"
    assert server.hubspot_emails() == scenario.eligible_emails()


def test_mirror_guard_stops_a_run_that_would_remove_too_much(env, server):
    scenario = Scenario(env, "mirror")
    sync = scenario.declaration(mode="mirror", options={"list_id": "77"}, max_delete_share=0.3)
    run_sync(sync, destination=hubspot(server))
    assert server.hubspot_list_emails("77") == scenario.eligible_emails()
    for pid in ["mirror-p1", "mirror-p2"]:
        scenario.persons.pop(pid)
    scenario.write_audience()
    run_sync(sync, destination=hubspot(server))
    assert server.hubspot_list_emails("77") == scenario.eligible_emails()
    # Contacts stay: mirror mode only removes the list memberships Northstar added.
    assert "mirror.user1@example.com" in server.hubspot_emails()
    for pid in ["mirror-p3", "mirror-p4", "mirror-p5", "mirror-p6"]:
        scenario.persons.pop(pid)
    scenario.write_audience()
    requests = len(server.requests)

    with pytest.raises(SyncFailed, match="Mirror guard"):
        run_sync(sync, destination=hubspot(server))
    assert len(server.requests) == requests


def test_klaviyo_import_errors_list_membership_suppression_and_deletion(env, server):
    scenario = Scenario(env, "klav")
    sync = scenario.declaration(
        "klaviyo", mode="mirror", options={"list_id": "LstA", "subscribe": True}
    )
    server.reject_emails = {"klav.user9@example.com"}

    first = run_sync(sync, destination=klaviyo(server))

    assert (first.added, first.rejected) == (9, 1)
    expected = scenario.eligible_emails() - {"klav.user9@example.com"}
    assert server.klaviyo_list_emails("LstA") == expected
    assert server.state.subscribed == expected
    scenario.withdraw("klav-p2")
    email = scenario.erase("klav-p3")
    server.reject_emails = set()

    second = run_sync(sync, destination=klaviyo(server))

    assert second.status == "success"
    assert "klav.user2@example.com" in server.state.suppressed
    assert server.state.klaviyo_deleted == {email}
    assert server.klaviyo_list_emails("LstA") == scenario.eligible_emails()
    assert "klav.user2@example.com" not in server.state.subscribed


def test_webhook_batches_are_signed_and_repeats_carry_the_same_idempotency_key(env, server):
    scenario = Scenario(env, "hook")
    sync = scenario.declaration("webhook", mode="mirror")
    destination = WebhookDestination(url=f"{server.url}/webhook", backoff_base_seconds=0.01)
    run_sync(sync, destination=destination)
    assert set(server.state.webhook_records) == scenario.eligible_emails()
    assert server.state.webhook_bad_signatures == 0
    # The state is lost (as after a crash before the commit): the same versions are re-sent.
    env.execute([f"delete from reverse_etl.sync_state where sync_name = '{sync.name}'"])
    run_sync(sync, destination=destination)
    assert server.state.webhook_repeats == 10
    wrong = WebhookDestination(url=f"{server.url}/webhook", secret_env_var="HUBSPOT_TOKEN")
    env.execute([f"delete from reverse_etl.sync_state where sync_name = '{sync.name}'"])
    refused = run_sync(sync, destination=wrong)
    assert (refused.rejected, server.state.webhook_bad_signatures) == (10, 1)


def test_no_token_or_raw_identifier_reaches_logs_run_records_or_errors(env, server, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    scenario = Scenario(env, "secret")
    sync = scenario.declaration()
    server.reject_emails = {"secret.user1@example.com"}
    server.inject("429", "/crm", retry_after=0.05)
    server.inject("500", "/crm")
    run_sync(sync, destination=hubspot(server))
    scenario.withdraw("secret-p2")
    run_sync(sync, destination=hubspot(server))
    with pytest.raises(SyncFailed) as failure:
        server.inject("500", "/crm", times=20)
        scenario.persons["secret-p3"].first_name = "Changed"
        scenario.write_audience()
        run_sync(sync, destination=hubspot(server, max_retries=1))

    captured = capsys.readouterr()
    stored = " ".join(
        str(row)
        for table in ("sync_runs", "sync_changelog")
        for row in env.query(f"select * from reverse_etl.{table} where sync_name = '{sync.name}'")
    )
    haystacks = {
        "log": caplog.text,
        "output": captured.out + captured.err,
        "exception": str(failure.value) + repr(failure.value.summary),
        "run records": stored,
    }
    assert any("secret" in text for text in (caplog.text,))  # the logs did say something
    for where, text in haystacks.items():
        assert TOKEN not in text, f"token in {where}"
        for person in scenario.persons.values():
            assert person.email not in text, f"raw email in {where}"


def test_suppression_matches_gmail_addresses_as_identity_folds_them(env, server):
    scenario = Scenario(env, "fold", size=3)
    scenario.persons["fold-p1"].email = "Ana.Lima+shop@gmail.com".lower()
    scenario.persons["fold-p2"].email = "bo.ek@gmail.com"
    scenario.write_audience()
    sync = scenario.declaration()
    run_sync(sync, destination=hubspot(server))
    assert "bo.ek@gmail.com" in server.hubspot_emails()
    # Identity hashed the folded mailboxes: one person still in the audience, one gone.
    scenario.suppress("analima@gmail.com")
    scenario.suppress("boek@gmail.com")
    scenario.persons.pop("fold-p2")
    scenario.write_audience()

    summary = run_sync(sync, destination=hubspot(server))

    assert summary.plan["counts"] == {"remove:suppressed": 2}
    assert server.state.gdpr_deleted == {"ana.lima+shop@gmail.com", "bo.ek@gmail.com"}


@pytest.mark.parametrize(("object_", "platform"), [("parquet", "google"), ("csv", "meta")])
def test_file_export_holds_the_audience_with_identifiers_hashed_per_platform(
    env, tmp_path, object_, platform
):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from orchestration.reverse_etl.destinations import FileDestination
    from orchestration.reverse_etl.hashing import hashed_identifier

    scenario = Scenario(env, f"file{platform}", size=4)
    scenario.persons[f"file{platform}-p1"].email = "john.doe+x@gmail.com"
    scenario.write_audience()
    sync = scenario.declaration(
        "file",
        object=object_,
        mode="mirror",
        fields={"email": "email", "first_name": "first_name"},
        options={"platform": platform},
        max_delete_share=0.5,
    )
    destination = FileDestination(folder=str(tmp_path))
    run_sync(sync, destination=destination)
    scenario.persons.pop(f"file{platform}-p2")
    scenario.write_audience()
    run_sync(sync, destination=destination)

    path = tmp_path / f"{sync.name}.{object_}"
    table = pq.read_table(path) if object_ == "parquet" else pacsv.read_csv(path)
    hashes = set(table.column("email_sha256").to_pylist())
    assert hashes == {hashed_identifier("email", e, platform) for e in scenario.eligible_emails()}
    assert "email" not in table.column_names
    written = path.read_bytes()
    assert not any(p.email.encode() in written for p in scenario.persons.values())
