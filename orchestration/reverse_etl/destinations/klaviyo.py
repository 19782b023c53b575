"""Klaviyo: profile bulk import jobs (with list membership), subscription and suppression jobs,
list relationship removal and data-privacy deletion jobs.

Rate limits come from the `x-klaviyo-ratelimit` of each operation in Klaviyo's OpenAPI spec
(burst per second, steady per minute): a token bucket per endpoint holds `burst` tokens and
refills at the steady rate. Batch sizes follow the endpoint documentation (bulk import: 10,000
profiles; subscriptions: 1,000; suppressions: 100; list relationships: 1,000).

A bulk import job is asynchronous: the job is polled until it completes, then its import errors
are read; an error's `source.pointer` (/data/attributes/profiles/data/<n>) names the rejected row.
"""

from __future__ import annotations

import re
import time
from typing import Any

import dagster as dg

from orchestration.reverse_etl.declarations import SyncDeclaration
from orchestration.reverse_etl.delivery import DeliveryError, RateLimit, Transport
from orchestration.reverse_etl.destinations.base import (
    RowResult,
    SessionInfo,
    chunks,
    read_token,
    results_for,
    retry_policy,
)

REVISION = "2026-07-15"
# (requests per minute, burst per second) from x-klaviyo-ratelimit in specs/klaviyo/*.json.
RATE_LIMITS = {
    "bulk_import": RateLimit(150, 60.0, burst=10),  # POST/GET /api/profile-bulk-import-jobs
    "subscriptions": RateLimit(750, 60.0, burst=75),  # profile-subscription-bulk-create-jobs
    "suppressions": RateLimit(750, 60.0, burst=75),  # profile-suppression-bulk-create-jobs
    "lists": RateLimit(150, 60.0, burst=10),  # /api/lists/{id}/relationships/profiles
    "deletion": RateLimit(60, 60.0, burst=3),  # /api/data-privacy-deletion-jobs
}
IMPORT_BATCH = 10_000
SUBSCRIBE_BATCH = 1_000
SUPPRESS_BATCH = 100
LIST_BATCH = 1_000
# Profile attributes Klaviyo knows; every other mapped field goes under `properties`.
PROFILE_ATTRIBUTES = {
    "email",
    "phone_number",
    "external_id",
    "first_name",
    "last_name",
    "organization",
    "locale",
    "title",
    "image",
}
POINTER = re.compile(r"/data/attributes/profiles/data/(\d+)")
JSON_API = "application/vnd.api+json"


class KlaviyoDestination(dg.ConfigurableResource):
    """Klaviyo. The private API key comes from the environment variable `token_env_var`."""

    base_url: str = "https://a.klaviyo.com"
    token_env_var: str = "KLAVIYO_API_KEY"
    max_retries: int = 5
    backoff_base_seconds: float = 0.5
    timeout_seconds: float = 30.0
    job_poll_seconds: float = 1.0
    job_timeout_seconds: float = 600.0
    unthrottled: bool = False

    def open_session(self, declaration: SyncDeclaration) -> KlaviyoSession:
        token = read_token(self.token_env_var, "klaviyo")
        transport = Transport(
            self.base_url,
            {
                "authorization": f"Klaviyo-API-Key {token}",
                "revision": REVISION,
                "accept": JSON_API,
                "content-type": JSON_API,
            },
            {} if self.unthrottled else dict(RATE_LIMITS),
            retry_policy(self.max_retries, self.backoff_base_seconds, self.timeout_seconds),
        )
        return KlaviyoSession(
            declaration, transport, self.job_poll_seconds, self.job_timeout_seconds
        )


def _profile(fields: dict[str, Any]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        (attributes if name in PROFILE_ATTRIBUTES else properties)[name] = value
    if properties:
        attributes["properties"] = properties
    return {"type": "profile", "attributes": attributes}


class KlaviyoSession:
    def __init__(
        self,
        declaration: SyncDeclaration,
        transport: Transport,
        poll_seconds: float,
        timeout_seconds: float,
    ) -> None:
        self.declaration = declaration
        self.transport = transport
        self.poll_seconds = poll_seconds
        self.timeout_seconds = timeout_seconds
        self.list_id = declaration.options.get("list_id")
        self.subscribe = bool(declaration.options.get("subscribe", False))
        self.info = SessionInfo(IMPORT_BATCH, SUPPRESS_BATCH, transport.stats, concurrency=2)

    def close(self) -> None:
        self.transport.close()

    def _wait_for_job(self, job_id: str) -> str:
        deadline = time.monotonic() + self.timeout_seconds
        while True:
            response = self.transport.request(
                "GET", f"/api/profile-bulk-import-jobs/{job_id}", bucket="bulk_import"
            )
            if response.status_code >= 300:
                raise DeliveryError(f"GET bulk import job: HTTP {response.status_code}")
            status = response.json()["data"]["attributes"]["status"]
            if status in ("complete", "cancelled"):
                return status
            if time.monotonic() > deadline:
                raise DeliveryError("bulk import job did not complete in time")
            time.sleep(self.poll_seconds)

    def _paged(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while path:
            response = self.transport.request("GET", path, params=params, bucket="bulk_import")
            if response.status_code >= 300:
                raise DeliveryError(f"GET {path.split('?')[0]}: HTTP {response.status_code}")
            body = response.json()
            items.extend(body.get("data") or [])
            following = (body.get("links") or {}).get("next")
            path, params = (following, {}) if following else ("", {})
        return items

    def upsert(self, rows: list[dict[str, Any]]) -> list[RowResult]:
        job: dict[str, Any] = {
            "type": "profile-bulk-import-job",
            "attributes": {"profiles": {"data": [_profile(row["fields"]) for row in rows]}},
        }
        if self.list_id:
            job["relationships"] = {"lists": {"data": [{"type": "list", "id": self.list_id}]}}
        response = self.transport.request(
            "POST", "/api/profile-bulk-import-jobs", json={"data": job}, bucket="bulk_import"
        )
        if response.status_code >= 300:
            return results_for(rows, False, f"bulk import rejected: HTTP {response.status_code}")
        job_id = response.json()["data"]["id"]
        status = self._wait_for_job(job_id)
        if status != "complete":
            return results_for(rows, False, f"bulk import job {status}")
        errors: dict[int, str] = {}
        for error in self._paged(f"/api/profile-bulk-import-jobs/{job_id}/import-errors", {}):
            attributes = error.get("attributes") or {}
            match = POINTER.search((attributes.get("source") or {}).get("pointer") or "")
            if match:
                errors[int(match.group(1))] = f"{attributes.get('code', 'invalid')}: " + (
                    attributes.get("title") or "rejected"
                )
        ids: dict[str, str] = {}
        for profile in self._paged(
            f"/api/profile-bulk-import-jobs/{job_id}/profiles", {"fields[profile]": "email"}
        ):
            email = (profile.get("attributes") or {}).get("email")
            if email:
                ids[email.lower()] = profile["id"]
        out = []
        for index, row in enumerate(rows):
            if index in errors:
                out.append(RowResult(row["record_key"], False, error=errors[index]))
                continue
            email = str(row["fields"].get("email") or row["record_key"]).lower()
            out.append(RowResult(row["record_key"], True, ids.get(email), created=True))
        if self.subscribe:
            self._subscribe(rows, out)
        return out

    def _subscribe(self, rows: list[dict[str, Any]], out: list[RowResult]) -> None:
        """Subscribe the consented rows to email marketing (they are eligible by construction)."""
        accepted = [row for row, result in zip(rows, out, strict=True) if result.ok]
        for chunk in chunks(accepted, SUBSCRIBE_BATCH):
            body: dict[str, Any] = {
                "data": {
                    "type": "profile-subscription-bulk-create-job",
                    "attributes": {
                        "custom_source": "Northstar",
                        "profiles": {
                            "data": [
                                {
                                    "type": "profile",
                                    "attributes": {
                                        "email": row["fields"].get("email") or row["record_key"],
                                        "subscriptions": {
                                            "email": {"marketing": {"consent": "SUBSCRIBED"}}
                                        },
                                    },
                                }
                                for row in chunk
                            ]
                        },
                    },
                }
            }
            if self.list_id:
                body["data"]["relationships"] = {
                    "list": {"data": {"type": "list", "id": self.list_id}}
                }
            response = self.transport.request(
                "POST",
                "/api/profile-subscription-bulk-create-jobs",
                json=body,
                bucket="subscriptions",
            )
            if response.status_code >= 300:
                keys = {row["record_key"] for row in chunk}
                for result in out:
                    if result.record_key in keys:
                        result.ok = False
                        result.error = f"subscription job: HTTP {response.status_code}"

    def remove(self, rows: list[dict[str, Any]], action: str) -> list[RowResult]:
        if action == "delete":
            out = []
            for row in rows:
                body = {
                    "data": {
                        "type": "data-privacy-deletion-job",
                        "attributes": {
                            "profile": {
                                "data": {
                                    "type": "profile",
                                    "attributes": {"email": row["record_key"]},
                                }
                            }
                        },
                    }
                }
                response = self.transport.request(
                    "POST", "/api/data-privacy-deletion-jobs", json=body, bucket="deletion"
                )
                ok = response.status_code < 300
                out.append(
                    RowResult(
                        row["record_key"],
                        ok,
                        row.get("destination_id"),
                        error=None if ok else f"deletion job: HTTP {response.status_code}",
                    )
                )
            return out
        if action == "unsubscribe":
            body = {
                "data": {
                    "type": "profile-suppression-bulk-create-job",
                    "attributes": {
                        "profiles": {
                            "data": [
                                {"type": "profile", "attributes": {"email": row["record_key"]}}
                                for row in rows
                            ]
                        }
                    },
                }
            }
            response = self.transport.request(
                "POST",
                "/api/profile-suppression-bulk-create-jobs",
                json=body,
                bucket="suppressions",
            )
            if response.status_code >= 300:
                return results_for(rows, False, f"suppression job: HTTP {response.status_code}")
        out = results_for(rows, True)
        if self.list_id:
            members = [
                {"type": "profile", "id": row["destination_id"]}
                for row in rows
                if row.get("destination_id")
            ]
            for chunk in chunks(members, LIST_BATCH):
                response = self.transport.request(
                    "DELETE",
                    f"/api/lists/{self.list_id}/relationships/profiles",
                    json={"data": chunk},
                    bucket="lists",
                )
                if response.status_code >= 300:
                    return results_for(rows, False, f"list removal: HTTP {response.status_code}")
        return out
