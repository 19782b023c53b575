"""Contract tests: every request the HubSpot and Klaviyo destinations send goes through Stoplight
Prism in proxy mode, which validates it against the official OpenAPI spec (../shared/specs) and
forwards it to the local destination server; Prism also validates the local server's answers,
so the fake speaks the same contract. A violation is a 422 (request) or a 500 with
`sl-violations` (response); the test fails on either.

Prism comes from npm into the git-ignored `.tools/` folder, installed by this module on first
use. HubSpot's specs carry `example: null` everywhere, which Prism refuses: a copy without them
is written to the test's temporary folder (the specs are never copied into the repository).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from orchestration.reverse_etl.destinations import HubSpotDestination, KlaviyoDestination
from orchestration.reverse_etl.engine import run_sync
from orchestration.reverse_etl.local_servers import LocalDestinations
from tests.activation_support import Scenario
from tests.conftest import IN_CI, make_warehouse
from tests.support import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reverse_etl_contract")]

SPECS = Path(os.environ.get("NORTHSTAR_SPECS_DIR", ROOT.parent / "shared" / "specs"))
TOOLS = ROOT / ".tools"
PRISM = TOOLS / "node_modules" / ".bin" / "prism"
TOKEN = "contract-token"
# Path prefix -> (spec file, the spec paths Northstar calls); the longest prefix wins. Each spec
# is cut down to those paths and the components they reference (Prism hangs on the recursive
# filter schemas of the full HubSpot lists spec); the operations themselves are unchanged.
ROUTES = {
    "/crm/v3/objects/contacts": ("hubspot/crm-contacts-v3.json", ["/crm/v3/objects/contacts"]),
    "/crm/v3/lists": ("hubspot/crm-lists-v3.json", ["/crm/v3/lists/{listId}/memberships"]),
    "/communication-preferences/v4": (
        "hubspot/communication-preferences-v4.json",
        ["/communication-preferences/v4/statuses/batch"],
    ),
    "/api/lists": ("klaviyo/lists.json", ["/api/lists/{id}/relationships/profiles"]),
    "/api/data-privacy-deletion-jobs": (
        "klaviyo/data_privacy.json",
        ["/api/data-privacy-deletion-jobs"],
    ),
    "/api/": (
        "klaviyo/profiles.json",
        [
            "/api/profile-bulk-import-jobs",
            "/api/profile-subscription-bulk-create-jobs",
            "/api/profile-suppression-bulk-create-jobs",
        ],
    ),
}


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; with CI=true the contract tests must run.", pytrace=False)
    pytest.skip(reason)


def ensure_prism() -> Path:
    if PRISM.exists():
        return PRISM
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm is not installed (needed for @stoplight/prism-cli)")
    TOOLS.mkdir(exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(TOOLS),
            "@stoplight/prism-cli@5",
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return PRISM


def without_null_examples(node):
    if isinstance(node, dict):
        return {
            key: without_null_examples(value)
            for key, value in node.items()
            if not (key == "example" and value is None)
        }
    if isinstance(node, list):
        return [without_null_examples(value) for value in node]
    return node


def cut_to(spec: dict, keep: list[str]) -> dict:
    """The spec with only the paths under `keep` and the components they reach."""
    paths = {p: v for p, v in spec["paths"].items() if any(p.startswith(k) for k in keep)}
    components = spec.get("components", {})
    reached: set[tuple[str, str]] = set()
    pending: list = [paths]
    while pending:
        for kind, name in re.findall(r'"#/components/([^/"]+)/([^"]+)"', json.dumps(pending.pop())):
            if (kind, name) not in reached:
                reached.add((kind, name))
                pending.append(components.get(kind, {}).get(name, {}))
    return {
        **spec,
        "paths": paths,
        "components": {
            kind: {
                name: value
                for name, value in items.items()
                if (kind, name) in reached or kind == "securitySchemes"
            }
            for kind, items in components.items()
        },
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Router:
    """Forwards each request to the Prism proxy of its spec and records Prism's verdicts."""

    def __init__(self, targets: dict[str, str]) -> None:
        self.targets = sorted(targets.items(), key=lambda item: -len(item[0]))
        self.verdicts: list[tuple[str, str, int, str]] = []
        self.client = httpx.Client(timeout=30)
        router = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                return

            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                base = next(url for prefix, url in router.targets if self.path.startswith(prefix))
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length", "connection")
                }
                answer = router.client.request(
                    self.command, base + self.path, content=body, headers=headers
                )
                violations = answer.headers.get("sl-violations", "")
                if answer.status_code == 422:
                    violations = violations or answer.text
                router.verdicts.append(
                    (self.command, self.path.split("?")[0], answer.status_code, violations)
                )
                data = answer.content
                self.send_response(answer.status_code)
                for name in ("content-type", "retry-after"):
                    if name in answer.headers:
                        self.send_header(name, answer.headers[name])
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def violations(self) -> list[tuple[str, str, int, str]]:
        return [v for v in self.verdicts if v[2] == 422 or v[3]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.client.close()


@pytest.fixture(scope="module")
def contract(tmp_path_factory) -> Iterator[tuple[Router, LocalDestinations]]:
    if not SPECS.exists():
        unavailable(f"the official specs are not at {SPECS}")
    prism = ensure_prism()
    work = tmp_path_factory.mktemp("specs")
    upstream = LocalDestinations(token=TOKEN).start()
    processes, targets = [], {}
    try:
        for prefix, (spec, keep) in ROUTES.items():
            copy = work / spec.replace("/", "__")
            official = json.loads((SPECS / spec).read_text())
            copy.write_text(json.dumps(cut_to(without_null_examples(official), keep)))
            port = free_port()
            log = open(work / f"{copy.stem}.log", "w")  # noqa: SIM115 - closed with the process
            processes.append(
                (
                    subprocess.Popen(
                        [
                            str(prism),
                            "proxy",
                            str(copy),
                            upstream.url,
                            "--errors",
                            "--port",
                            str(port),
                            "--host",
                            "127.0.0.1",
                        ],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    ),
                    log,
                )
            )
            targets[prefix] = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        for url in targets.values():
            while True:
                try:
                    httpx.get(url + "/northstar-ready", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        pytest.fail("Prism did not start within 120 s", pytrace=False)
                    time.sleep(0.3)
        router = Router(targets)
        yield router, upstream
        router.close()
    finally:
        for process, log in processes:
            process.terminate()
            process.wait(timeout=10)
            log.close()
        upstream.stop()


@pytest.fixture(scope="module")
def duckdb_warehouse(tmp_path_factory):
    return make_warehouse("duckdb", tmp_path_factory.mktemp("contract_duckdb"))


@pytest.fixture
def env(duckdb_warehouse, monkeypatch):
    for name, value in duckdb_warehouse.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HUBSPOT_TOKEN", TOKEN)
    monkeypatch.setenv("KLAVIYO_API_KEY", TOKEN)
    return duckdb_warehouse


def test_prism_rejects_a_request_that_breaks_the_hubspot_contract(contract):
    router, _ = contract
    answer = httpx.post(
        router.url + "/crm/v3/objects/contacts/batch/upsert",
        json={"inputs": [{"idProperty": "email", "properties": {"firstname": 1}}]},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 422
    router.verdicts.clear()


def test_every_hubspot_request_follows_the_official_spec(env, contract):
    router, upstream = contract
    scenario = Scenario(env, "hscontract", size=120)
    sync = scenario.declaration(mode="mirror", options={"list_id": "12"})
    destination = HubSpotDestination(base_url=router.url, backoff_base_seconds=0.01)
    upstream.reject_emails = {"hscontract.user7@example.com"}  # a 207 with an error
    run_sync(sync, destination=destination, raise_on_failure=False)
    assert router.violations() == []
    upstream.reject_emails = set()
    scenario.withdraw("hscontract-p2")  # unsubscribe-all and list removal
    scenario.erase("hscontract-p3")  # GDPR delete
    scenario.persons.pop("hscontract-p4")  # leaves the audience: list removal
    scenario.write_audience()
    summary = run_sync(sync, destination=destination, raise_on_failure=False)

    paths = {(method, path.split("/12/")[-1]) for method, path, _, _ in router.verdicts}
    assert {
        ("POST", "/crm/v3/objects/contacts/batch/upsert"),
        ("PUT", "memberships/add"),
        ("PUT", "memberships/remove"),
        ("POST", "/communication-preferences/v4/statuses/batch/unsubscribe-all"),
        ("POST", "/crm/v3/objects/contacts/gdpr-delete"),
    } <= paths
    assert router.violations() == []
    assert summary.status == "success"
    assert upstream.hubspot_list_emails("12") == scenario.eligible_emails()


def test_every_klaviyo_request_follows_the_official_spec(env, contract):
    router, upstream = contract
    router.verdicts.clear()
    scenario = Scenario(env, "kcontract", size=60)
    sync = scenario.declaration(
        "klaviyo", mode="mirror", options={"list_id": "KList", "subscribe": True}
    )
    destination = KlaviyoDestination(
        base_url=router.url, backoff_base_seconds=0.01, job_poll_seconds=0.01, unthrottled=True
    )
    upstream.reject_emails = {"kcontract.user5@example.com"}  # an import error
    first = run_sync(sync, destination=destination, raise_on_failure=False)
    assert router.violations() == []
    upstream.reject_emails = set()
    scenario.withdraw("kcontract-p2")  # suppression job and list removal
    scenario.erase("kcontract-p3")  # data-privacy deletion job
    scenario.persons.pop("kcontract-p4")  # list removal
    scenario.write_audience()
    second = run_sync(sync, destination=destination, raise_on_failure=False)
    assert router.violations() == []

    methods_paths = {(method, path) for method, path, _, _ in router.verdicts}
    assert {
        ("POST", "/api/profile-bulk-import-jobs"),
        ("POST", "/api/profile-subscription-bulk-create-jobs"),
        ("POST", "/api/profile-suppression-bulk-create-jobs"),
        ("DELETE", "/api/lists/KList/relationships/profiles"),
        ("POST", "/api/data-privacy-deletion-jobs"),
    } <= methods_paths
    assert any(path.endswith("/import-errors") for _, path in methods_paths)
    assert router.violations() == []
    assert (first.rejected, second.status) == (1, "success")
    assert upstream.klaviyo_list_emails("KList") == scenario.eligible_emails()
