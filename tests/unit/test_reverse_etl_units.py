"""Sync declarations (errors name the file, field and fix), platform hashing vectors, the token
bucket and Retry-After handling."""

from __future__ import annotations

import hashlib
import json

import pytest

from orchestration.reverse_etl.declarations import (
    DeclarationError,
    load_sync_declarations,
    parse_declaration,
)
from orchestration.reverse_etl.delivery import RateLimit, TokenBucket
from orchestration.reverse_etl.hashing import hashed_identifier, normalise_email, normalise_phone
from tests.support import ROOT

GOOD = {
    "name": "vip_hubspot",
    "destination": "hubspot",
    "object": "contacts",
    "key": "email",
    "fields": {"email": "email", "firstname": "first_name"},
    "consent": {"purposes": ["marketing"], "channel": "email"},
}
COLUMNS = {"person_id", "email", "first_name", "phone"}
YAML = "models/marts/activation/_activation__models.yml"


def parse(**changes):
    raw = {**GOOD, **changes}
    return parse_declaration(raw, model="audience_vip", yaml_path=YAML, columns=COLUMNS)


def test_a_good_declaration_parses_with_suppression_identifiers_defaulted():
    declaration = parse()
    assert declaration.mode == "upsert"
    assert declaration.suppression_identifiers == {"email": "email", "phone": "phone"}


@pytest.mark.parametrize(
    ("changes", "field", "fix"),
    [
        ({"destination": "salesforce"}, "destination", "use one of 'hubspot'"),
        ({"mode": "replace"}, "mode", "use one of 'upsert' or 'mirror'"),
        ({"consent": {"purposes": ["marketing"]}}, "consent.channel", "add it"),
        ({"consent": {"purposes": [], "channel": "email"}}, "consent.purposes", "correct it"),
        ({"consent": {"purposes": ["marketing"], "channel": "any"}}, "consent.channel", "concrete"),
        ({"schedule": "daily"}, "schedule", "five-field cron"),
        ({"colour": "red"}, "colour", "remove it"),
        ({"key": "mail"}, "key", "use one of email, first_name, person_id, phone"),
        ({"fields": {"email": "e_mail"}}, "fields", "does not document"),
        ({"mode": "mirror"}, "(the declaration)", "set options.list_id"),
        ({"object": "deals"}, "(the declaration)", "use one of contacts"),
    ],
)
def test_a_bad_declaration_names_the_file_the_field_and_the_fix(changes, field, fix):
    with pytest.raises(DeclarationError) as error:
        parse(**changes)
    message = str(error.value)
    assert message.startswith(f"{YAML}: model audience_vip, sync vip_hubspot")
    assert f"'{field}'" in message
    assert fix in message


def test_declarations_are_read_from_the_manifest_and_duplicates_are_refused(tmp_path):
    manifest = {
        "nodes": {
            f"model.northstar.audience_{i}": {
                "resource_type": "model",
                "name": f"audience_{i}",
                "schema": "marts",
                "alias": f"audience_{i}",
                "patch_path": f"northstar://models/marts/activation/_{i}.yml",
                "columns": {c: {} for c in COLUMNS},
                "config": {"meta": {"northstar_syncs": [GOOD]}},
            }
            for i in (1, 2)
        }
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    with pytest.raises(DeclarationError, match="declared twice"):
        load_sync_declarations(path)
    del manifest["nodes"]["model.northstar.audience_2"]
    path.write_text(json.dumps(manifest))
    (declaration,) = load_sync_declarations(path)
    assert (declaration.relation_schema, declaration.relation_name) == ("marts", "audience_1")
    assert declaration.yaml_path == "models/marts/activation/_1.yml"


def test_the_projects_audiences_declare_valid_syncs():
    manifest = ROOT / "target" / "manifest.json"
    if not manifest.exists():
        pytest.skip("no manifest: run `dbt parse` (make test does)")
    declarations = load_sync_declarations(manifest)
    assert {d.model for d in declarations} >= {
        "audience_lapsed_high_value",
        "audience_cart_browse_abandoners",
        "audience_new_loyalty_members",
        "audience_open_ticket_low_csat",
        "audience_next_best_offer_email",
        "audience_crm_profiles",
    }
    crm = next(d for d in declarations if d.name == "crm_profiles_hubspot")
    assert crm.consent.purposes == ["customer_service"]  # the contract legal basis


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_google_folds_gmail_and_meta_does_not():
    raw = " John.Doe+x@GMail.com "
    assert normalise_email(raw, "google") == "johndoe@gmail.com"
    assert normalise_email(raw, "meta") == "john.doe+x@gmail.com"
    assert hashed_identifier("email", raw, "google") == sha("johndoe@gmail.com")
    assert hashed_identifier("email", raw, "meta") == sha("john.doe+x@gmail.com")
    assert (
        hashed_identifier("email", raw, "google")
        == "06a240d11cc201676da976f7b49341181fd180da37cbe40a77432c0a366c80c3"
    )
    # Other domains keep their dots and tags on both platforms.
    assert normalise_email("A.B+c@Example.com", "google") == "a.b+c@example.com"


def test_phones_are_e164_with_plus_for_google_and_digits_for_meta():
    assert normalise_phone("+44 20 7946 0958", "google") == "+442079460958"
    assert normalise_phone("+44 20 7946 0958", "meta") == "442079460958"
    assert hashed_identifier("phone", "+1 (612) 317-9043", "meta") == sha("16123179043")


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_token_bucket_allows_the_burst_then_the_documented_rate():
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(150, 60.0, burst=10), clock=clock, sleep=clock.sleep)
    for _ in range(10):
        bucket.take()
    assert clock.now == 0.0
    for _ in range(25):
        bucket.take()
    # 25 more requests at 150/min = 2.5/s take 10 s.
    assert clock.now == pytest.approx(10.0)


def test_token_bucket_drained_by_a_429_waits_for_refill():
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(100, 10.0), clock=clock, sleep=clock.sleep)
    bucket.take()
    bucket.drain()
    bucket.take()
    assert clock.now == pytest.approx(0.1)
