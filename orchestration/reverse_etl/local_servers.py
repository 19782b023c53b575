"""Local destination servers for tests and the demo: HubSpot-, Klaviyo- and webhook-like, stateful,
with faults on demand.

One HTTP server answers the HubSpot paths (`/crm/v3/...`, `/communication-preferences/v4/...`),
the Klaviyo paths (`/api/...`, JSON:API bodies, asynchronous bulk import jobs completed at once)
and a signed webhook (`/webhook`). It keeps what arrived — contacts, profiles, list members,
unsubscribes, suppressions, deletions, webhook records — and a log of every request, so tests can
compare the destination with the audience. Faults are queued with `inject(...)`: 429 with
Retry-After, 5xx, timeouts (the answer comes late), dropped connections, and rows rejected by a
predicate (HubSpot 207, Klaviyo import errors). `rate_limit` makes it enforce a request rate the
way HubSpot does (429 once the window is full).

Run it alone with `python -m orchestration.reverse_etl.local_servers --port 8765`.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Fault:
    kind: str  # "429", "500", "503", "timeout", "drop"
    path_prefix: str = ""
    times: int = 1
    retry_after: float | None = None
    delay: float = 2.0


@dataclass
class RequestRecord:
    method: str
    path: str
    status: int
    body: Any
    at: float


@dataclass
class DestinationState:
    # HubSpot
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)  # email -> contact
    contact_creates: dict[str, int] = field(default_factory=dict)
    hubspot_lists: dict[str, set[str]] = field(default_factory=dict)  # list id -> contact ids
    unsubscribed: set[str] = field(default_factory=set)
    gdpr_deleted: set[str] = field(default_factory=set)
    # Klaviyo
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)  # email -> profile
    profile_creates: dict[str, int] = field(default_factory=dict)
    klaviyo_lists: dict[str, set[str]] = field(default_factory=dict)  # list id -> profile ids
    subscribed: set[str] = field(default_factory=set)
    suppressed: set[str] = field(default_factory=set)
    klaviyo_deleted: set[str] = field(default_factory=set)
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Webhook
    webhook_records: dict[str, dict[str, Any]] = field(default_factory=dict)
    webhook_seen_keys: set[str] = field(default_factory=set)
    webhook_repeats: int = 0
    webhook_bad_signatures: int = 0


class LocalDestinations:
    """The server, its state and its faults. Use as a context manager or start()/stop()."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        webhook_secret: str | None = None,
        log_bodies: bool = True,
    ) -> None:
        self.token = token
        self.webhook_secret = webhook_secret
        self.log_bodies = log_bodies
        self.state = DestinationState()
        self.requests: list[RequestRecord] = []
        self.faults: deque[Fault] = deque()
        self.reject_emails: set[str] = set()
        self.rate_limit: tuple[int, float] | None = None
        # Seconds every answer takes (a slow destination, for crash trials and benchmarks).
        self.latency = 0.0
        self._window: deque[float] = deque()
        self.lock = threading.RLock()
        self._ids = itertools.count(1001)
        self.server = ThreadingHTTPServer((host, port), _handler_for(self))
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LocalDestinations:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> LocalDestinations:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def inject(self, kind: str, path_prefix: str = "", times: int = 1, **kwargs: Any) -> None:
        with self.lock:
            self.faults.append(Fault(kind, path_prefix, times, **kwargs))

    def next_id(self) -> str:
        return str(next(self._ids))

    # -- views for tests ---------------------------------------------------------------------
    def hubspot_emails(self) -> set[str]:
        return set(self.state.contacts)

    def klaviyo_list_emails(self, list_id: str) -> set[str]:
        ids = self.state.klaviyo_lists.get(list_id, set())
        return {email for email, p in self.state.profiles.items() if p["id"] in ids}

    def hubspot_list_emails(self, list_id: str) -> set[str]:
        ids = self.state.hubspot_lists.get(list_id, set())
        return {email for email, c in self.state.contacts.items() if c["id"] in ids}

    def requests_to(self, path_prefix: str, method: str | None = None) -> list[RequestRecord]:
        return [
            r
            for r in self.requests
            if r.path.startswith(path_prefix) and (method is None or r.method == method)
        ]

    def all_request_text(self) -> str:
        return "\n".join(json.dumps(r.body, default=str) for r in self.requests)


def _handler_for(app: LocalDestinations) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body leave in separate writes: without NODELAY, Nagle's algorithm
            # and the client's delayed ACK add ~40 ms to every answer.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: bodies hold PII
            return

        def _read(self) -> bytes:
            length = int(self.headers.get("content-length") or 0)
            return self.rfile.read(length) if length else b""

        def _answer(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if data:
                json_api = self.path.startswith("/api/")
                self.send_header(
                    "content-type", "application/vnd.api+json" if json_api else "application/json"
                )
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            if data:
                self.wfile.write(data)

        def _handle(self, method: str) -> None:
            raw = self._read()
            parsed = urlparse(self.path)
            path, query = parsed.path, parse_qs(parsed.query)
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            fault = None
            with app.lock:
                for candidate in list(app.faults):
                    if path.startswith(candidate.path_prefix):
                        candidate.times -= 1
                        if candidate.times <= 0:
                            app.faults.remove(candidate)
                        fault = candidate
                        break
                limited = False
                if app.rate_limit and fault is None:
                    count, seconds = app.rate_limit
                    now = time.monotonic()
                    while app._window and app._window[0] <= now - seconds:
                        app._window.popleft()
                    if len(app._window) >= count:
                        limited = True
                        retry_after = seconds - (now - app._window[0])
                    else:
                        app._window.append(now)
            if fault is not None:
                self._fault(method, path, body, fault)
                return
            if limited:
                self._record(method, path, 429, body)
                self._answer(
                    429,
                    {"status": "error", "category": "RATE_LIMITS"},
                    {"retry-after": f"{max(retry_after, 0.01):.3f}"},
                )
                return
            if app.token and not path.startswith("/webhook"):
                expected = {f"Bearer {app.token}", f"Klaviyo-API-Key {app.token}"}
                if self.headers.get("authorization") not in expected:
                    self._record(method, path, 401, None)
                    self._answer(401, {"status": "error", "category": "INVALID_AUTHENTICATION"})
                    return
            if app.latency:
                time.sleep(app.latency)
            status, answer = route(app, method, path, query, body, raw, self.headers)
            self._record(method, path, status, body)
            self._answer(status, answer)

        def _record(self, method: str, path: str, status: int, body: Any) -> None:
            with app.lock:
                app.requests.append(
                    RequestRecord(
                        method, path, status, body if app.log_bodies else None, time.time()
                    )
                )

        def _fault(self, method: str, path: str, body: Any, fault: Fault) -> None:
            self._record(method, path, int(fault.kind) if fault.kind.isdigit() else 0, body)
            if fault.kind == "429":
                headers = {}
                if fault.retry_after is not None:
                    headers["retry-after"] = str(fault.retry_after)
                self._answer(429, {"status": "error", "category": "RATE_LIMITS"}, headers)
            elif fault.kind.isdigit():
                self._answer(int(fault.kind), {"status": "error", "category": "INTERNAL"})
            elif fault.kind == "timeout":
                time.sleep(fault.delay)
                self._answer(504, {"status": "error"})
            elif fault.kind == "drop":
                self.close_connection = True
                self.connection.close()

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PUT(self) -> None:
            self._handle("PUT")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

    return Handler


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


def route(app: LocalDestinations, method: str, path: str, query, body, raw, headers):
    s = app.state
    with app.lock:
        # ---------------- HubSpot -----------------------------------------------------------
        if method == "POST" and path == "/crm/v3/objects/contacts/batch/upsert":
            results, errors = [], []
            for item in (body or {}).get("inputs", []):
                email = str(item.get("id", "")).lower()
                trace = item.get("objectWriteTraceId")
                if email in app.reject_emails or "@" not in email:
                    errors.append(
                        {
                            "status": "error",
                            "category": "VALIDATION_ERROR",
                            "message": "Property values were not valid",
                            "context": {"objectWriteTraceId": [trace]},
                            "errors": [{"message": "invalid email", "code": "INVALID_EMAIL"}],
                            "links": {},
                        }
                    )
                    continue
                contact = s.contacts.get(email)
                new = contact is None
                if new:
                    contact = {"id": app.next_id(), "properties": {}, "createdAt": _now_iso()}
                    s.contacts[email] = contact
                    s.contact_creates[email] = s.contact_creates.get(email, 0) + 1
                contact["properties"].update(item.get("properties") or {})
                contact["properties"]["email"] = email
                result = {
                    "id": contact["id"],
                    "new": new,
                    "archived": False,
                    "createdAt": contact["createdAt"],
                    "updatedAt": _now_iso(),
                    "properties": dict(contact["properties"]),
                }
                if trace is not None:
                    result["objectWriteTraceId"] = trace
                results.append(result)
            answer = {
                "status": "COMPLETE",
                "results": results,
                "startedAt": _now_iso(),
                "completedAt": _now_iso(),
            }
            if errors:
                answer["errors"] = errors
                answer["numErrors"] = len(errors)
                return 207, answer
            return 200, answer
        if method == "PUT" and path.startswith("/crm/v3/lists/") and "/memberships/" in path:
            list_id = path.split("/")[4]
            verb = path.rsplit("/", 1)[1]
            members = s.hubspot_lists.setdefault(list_id, set())
            ids = [str(i) for i in body or []]
            if verb == "add":
                members.update(ids)
                return 200, {"recordsIdsAdded": ids, "recordIdsRemoved": [], "recordIdsMissing": []}
            members.difference_update(ids)
            return 200, {"recordsIdsAdded": [], "recordIdsRemoved": ids, "recordIdsMissing": []}
        if (
            method == "POST"
            and path == "/communication-preferences/v4/statuses/batch/unsubscribe-all"
        ):
            emails = [str(e).lower() for e in (body or {}).get("inputs", [])]
            s.unsubscribed.update(emails)
            return 200, {
                "status": "COMPLETE",
                "results": [{"subscriberIdString": e, "statuses": []} for e in emails],
                "startedAt": _now_iso(),
                "completedAt": _now_iso(),
            }
        if method == "POST" and path == "/crm/v3/objects/contacts/gdpr-delete":
            email = str((body or {}).get("objectId", "")).lower()
            contact = s.contacts.pop(email, None)
            if contact:
                for members in s.hubspot_lists.values():
                    members.discard(contact["id"])
            s.gdpr_deleted.add(email)
            return 204, None
        # ---------------- Klaviyo ------------------------------------------------------------
        if method == "POST" and path == "/api/profile-bulk-import-jobs":
            data = (body or {}).get("data", {})
            profiles = data.get("attributes", {}).get("profiles", {}).get("data", [])
            lists = [
                x["id"] for x in data.get("relationships", {}).get("lists", {}).get("data", [])
            ]
            job_id = uuid.uuid4().hex[:20]
            errors, ids = [], []
            for index, profile in enumerate(profiles):
                attributes = profile.get("attributes", {})
                email = str(attributes.get("email") or "").lower()
                if not email or "@" not in email or email in app.reject_emails:
                    errors.append(
                        {
                            "type": "import-error",
                            "id": uuid.uuid4().hex,
                            "attributes": {
                                "code": "invalid",
                                "title": "Invalid email",
                                "detail": "The email is not valid.",
                                "source": {"pointer": f"/data/attributes/profiles/data/{index}"},
                            },
                        }
                    )
                    continue
                existing = s.profiles.get(email)
                if existing is None:
                    existing = {"id": uuid.uuid4().hex[:26].upper(), "attributes": {}}
                    s.profiles[email] = existing
                    s.profile_creates[email] = s.profile_creates.get(email, 0) + 1
                existing["attributes"].update(attributes)
                existing["attributes"]["email"] = email
                ids.append(existing["id"])
                for list_id in lists:
                    s.klaviyo_lists.setdefault(list_id, set()).add(existing["id"])
            s.jobs[job_id] = {"errors": errors, "profile_ids": ids, "total": len(profiles)}
            return 202, _job(app.url, job_id, s.jobs[job_id])
        if method == "GET" and path.startswith("/api/profile-bulk-import-jobs/"):
            parts = path.split("/")
            job = s.jobs.get(parts[3])
            if job is None:
                return 404, {"errors": [{"status": 404, "code": "not_found", "title": "Not found"}]}
            if len(parts) == 4:
                return 200, _job(app.url, parts[3], job)
            if parts[4] == "import-errors":
                return 200, {"data": job["errors"], "links": {"self": app.url + path}}
            if parts[4] == "profiles":
                by_id = {p["id"]: e for e, p in s.profiles.items()}
                return 200, {
                    "data": [
                        {"type": "profile", "id": pid, "attributes": {"email": by_id.get(pid)}}
                        for pid in job["profile_ids"]
                    ],
                    "links": {"self": app.url + path},
                }
        if method == "POST" and path == "/api/profile-subscription-bulk-create-jobs":
            profiles = (body or {}).get("data", {}).get("attributes", {}).get("profiles", {})
            for profile in profiles.get("data", []):
                email = str(profile.get("attributes", {}).get("email", "")).lower()
                s.subscribed.add(email)
                s.suppressed.discard(email)
            return 202, None
        if method == "POST" and path == "/api/profile-suppression-bulk-create-jobs":
            profiles = (body or {}).get("data", {}).get("attributes", {}).get("profiles", {})
            for profile in profiles.get("data", []):
                email = str(profile.get("attributes", {}).get("email", "")).lower()
                s.suppressed.add(email)
                s.subscribed.discard(email)
            job_id = uuid.uuid4().hex[:20]
            link = {"self": f"{app.url}/api/profile-suppression-bulk-create-jobs/{job_id}"}
            return 202, {
                "data": {
                    "type": "profile-suppression-bulk-create-job",
                    "id": job_id,
                    "attributes": {
                        "status": "complete",
                        "created_at": _now_iso(),
                        "total_count": len(profiles.get("data", [])),
                    },
                    "links": link,
                },
                "links": link,
            }
        if (
            method == "DELETE"
            and path.startswith("/api/lists/")
            and path.endswith("/relationships/profiles")
        ):
            list_id = path.split("/")[3]
            members = s.klaviyo_lists.setdefault(list_id, set())
            for item in (body or {}).get("data", []):
                members.discard(item.get("id"))
            return 204, None
        if method == "POST" and path == "/api/data-privacy-deletion-jobs":
            profile = (body or {}).get("data", {}).get("attributes", {}).get("profile", {})
            email = str(profile.get("data", {}).get("attributes", {}).get("email", "")).lower()
            existing = s.profiles.pop(email, None)
            if existing:
                for members in s.klaviyo_lists.values():
                    members.discard(existing["id"])
            s.subscribed.discard(email)
            s.klaviyo_deleted.add(email)
            return 202, None
        # ---------------- Webhook ------------------------------------------------------------
        if method == "POST" and path.rstrip("/") == "/webhook":
            timestamp = headers.get("x-northstar-timestamp", "")
            signature = headers.get("x-northstar-signature", "")
            if app.webhook_secret:
                expected = (
                    "sha256="
                    + hmac.new(
                        app.webhook_secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256
                    ).hexdigest()
                )
                if not hmac.compare_digest(expected, signature):
                    s.webhook_bad_signatures += 1
                    return 401, {"error": "bad signature"}
            for event in (body or {}).get("events", []):
                if event["idempotency_key"] in s.webhook_seen_keys:
                    s.webhook_repeats += 1
                    continue
                s.webhook_seen_keys.add(event["idempotency_key"])
                if event["op"] == "upsert":
                    s.webhook_records[event["key"]] = event["fields"]
                else:
                    s.webhook_records.pop(event["key"], None)
            return 200, {"accepted": len((body or {}).get("events", []))}
    return 404, {"status": "error", "message": f"no route for {method} {path}"}


def _job(base: str, job_id: str, job: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": {
            "type": "profile-bulk-import-job",
            "id": job_id,
            "attributes": {
                "status": "complete",
                "total_count": job["total"],
                "completed_count": job["total"] - len(job["errors"]),
                "failed_count": len(job["errors"]),
                "created_at": _now_iso(),
                "completed_at": _now_iso(),
            },
            "links": {"self": f"{base}/api/profile-bulk-import-jobs/{job_id}"},
        },
        "links": {"self": f"{base}/api/profile-bulk-import-jobs/{job_id}"},
    }


def main() -> None:  # pragma: no cover - manual use
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with LocalDestinations(port=args.port) as servers:
        print(f"Local destinations on {servers.url} (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
