"""Crash trials: a sync run in a separate process is killed (SIGKILL) at a random moment, then
run again; the destination must end equal to the audience with nothing lost and no contact
created twice. 50 trials on DuckDB, 5 on PostgreSQL.

Each trial first changes the audience at random (new people, changed traits, people leaving,
consent withdrawn and granted again), so kills land in plans with adds, changes and removes.
The child is forked from the test process (modules already imported, so a trial takes well under
a second) and is a real separate process with its own warehouse connection and HTTP client.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time

import pytest

from orchestration.reverse_etl.destinations import HubSpotDestination
from orchestration.reverse_etl.engine import run_sync
from orchestration.reverse_etl.local_servers import LocalDestinations
from tests.activation_support import Person, Scenario

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reverse_etl_crash")]

TOKEN = "crash-token"
TRIALS = {"duckdb": 50, "postgres": 5}


def _child(env: dict[str, str], declaration, url: str) -> None:
    os.environ.update(env)
    destination = HubSpotDestination(base_url=url, backoff_base_seconds=0.01)
    run_sync(declaration, destination=destination, raise_on_failure=False)
    os._exit(0)


def _mutate(scenario: Scenario, rng: random.Random, serial: list[int]) -> None:
    persons = list(scenario.persons)
    for pid in rng.sample(persons, k=min(len(persons), rng.randint(0, 30))):
        scenario.persons[pid].first_name = f"N{rng.randint(0, 10**6)}"
    for pid in rng.sample(persons, k=rng.randint(0, 8)):
        scenario.persons.pop(pid)
    added = []
    for _ in range(rng.randint(0, 20)):
        serial[0] += 1
        pid = f"crash-n{serial[0]}"
        scenario.persons[pid] = Person(pid, f"crash.new{serial[0]}@example.com", "New", 1.0)
        added.append(pid)
    scenario.grant(added)
    remaining = list(scenario.persons)
    if remaining and rng.random() < 0.5:
        scenario.withdraw(rng.choice(remaining))
    if remaining and rng.random() < 0.3:
        scenario.grant([rng.choice(remaining)])
    scenario.write_audience()


def test_killed_runs_restarted_leave_the_destination_equal_to_the_audience(warehouse, monkeypatch):
    for name, value in warehouse.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HUBSPOT_TOKEN", TOKEN)
    env = {**warehouse.env, "HUBSPOT_TOKEN": TOKEN}
    scenario = Scenario(warehouse, "crash", size=400)
    declaration = scenario.declaration(
        mode="mirror", options={"list_id": "55"}, max_delete_share=1.0
    )
    rng = random.Random(20261202)
    serial = [0]
    context = multiprocessing.get_context("fork")
    killed_mid_run = 0
    with LocalDestinations(token=TOKEN) as server:
        server.latency = 0.02
        for trial in range(TRIALS[warehouse.target]):
            with scenario.batched():
                _mutate(scenario, rng, serial)
            sent_before = len(server.requests)
            child = context.Process(target=_child, args=(env, declaration, server.url))
            child.start()
            time.sleep(rng.uniform(0.0, 0.45))
            if child.is_alive():
                os.kill(child.pid, signal.SIGKILL)
                killed_mid_run += 1
            child.join()

            summary = run_sync(declaration, destination=HubSpotDestination(base_url=server.url))

            expected = scenario.eligible_emails()
            assert summary.status == "success"
            # Nobody without consent is in any upsert of this trial, killed run included.
            for request in server.requests[sent_before:]:
                if request.path.endswith("/batch/upsert") and request.body:
                    sent = {item["id"] for item in request.body["inputs"]}
                    assert sent <= expected, "a person without consent was sent"
            assert server.hubspot_list_emails("55") == expected, "list differs from audience"
            for email in expected:
                person = next(p for p in scenario.persons.values() if p.email == email)
                assert server.state.contacts[email]["properties"]["firstname"] == (
                    person.first_name
                ), "a change was lost"
            assert max(server.state.contact_creates.values()) == 1, "a contact created twice"
            if trial % 10 == 9:  # and the state agrees: a further run has nothing to do
                again = run_sync(declaration, destination=HubSpotDestination(base_url=server.url))
                assert again.requests == 0
    assert killed_mid_run >= TRIALS[warehouse.target] // 2
