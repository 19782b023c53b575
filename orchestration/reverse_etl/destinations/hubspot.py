"""HubSpot: contacts batch upsert by email, list memberships, unsubscribe-all, GDPR delete.

Documented limits: batch endpoints take at most 100 inputs; private apps may send 100 requests per
10 seconds (Free/Starter; 190 on Professional/Enterprise) — set `requests_per_10s` to your tier.
A 207 answer lists the rows it rejected in `errors`; each input carries an `objectWriteTraceId`
(a prefix of the row's key hash, never the email) so results and errors map back to rows.
"""

from __future__ import annotations

from typing import Any

import dagster as dg

from orchestration.reverse_etl.declarations import SyncDeclaration
from orchestration.reverse_etl.delivery import RateLimit, SlidingWindow, Transport
from orchestration.reverse_etl.destinations.base import (
    RowResult,
    SessionInfo,
    chunks,
    read_token,
    results_for,
    retry_policy,
    text_value,
)

BATCH_SIZE = 100


class HubSpotDestination(dg.ConfigurableResource):
    """HubSpot CRM. The private-app token comes from the environment variable `token_env_var`."""

    base_url: str = "https://api.hubapi.com"
    token_env_var: str = "HUBSPOT_TOKEN"
    requests_per_10s: int = 100
    max_retries: int = 5
    backoff_base_seconds: float = 0.5
    timeout_seconds: float = 30.0
    # Batches in flight at once; the rate limit still holds across them.
    concurrency: int = 8

    def open_session(self, declaration: SyncDeclaration) -> HubSpotSession:
        token = read_token(self.token_env_var, "hubspot")
        transport = Transport(
            self.base_url,
            {"authorization": f"Bearer {token}", "content-type": "application/json"},
            {"default": SlidingWindow(RateLimit(self.requests_per_10s, 10.0))},
            retry_policy(self.max_retries, self.backoff_base_seconds, self.timeout_seconds),
        )
        session = HubSpotSession(declaration, transport)
        session.info.concurrency = max(1, self.concurrency)
        return session


def _trace_id(row: dict[str, Any]) -> str:
    return row["key_hash"][:24]


def _error_text(error: dict[str, Any]) -> str:
    category = error.get("category") or "ERROR"
    # HubSpot messages can quote the submitted value (an email): keep the category and the
    # first detail code only.
    codes = [d.get("code") for d in error.get("errors") or [] if d.get("code")]
    return f"{category}{' ' + codes[0] if codes else ''} (HTTP {error.get('status', '?')})"


class HubSpotSession:
    def __init__(self, declaration: SyncDeclaration, transport: Transport) -> None:
        self.declaration = declaration
        self.transport = transport
        self.list_id = declaration.options.get("list_id")
        self.info = SessionInfo(BATCH_SIZE, BATCH_SIZE, transport.stats, concurrency=8)

    def close(self) -> None:
        self.transport.close()

    def upsert(self, rows: list[dict[str, Any]]) -> list[RowResult]:
        inputs = [
            {
                "id": row["record_key"],
                "idProperty": "email",
                "objectWriteTraceId": _trace_id(row),
                "properties": {
                    name: text_value(value)
                    for name, value in row["fields"].items()
                    if value is not None
                },
            }
            for row in rows
        ]
        response = self.transport.request(
            "POST", "/crm/v3/objects/contacts/batch/upsert", json={"inputs": inputs}
        )
        if response.status_code not in (200, 201, 207):
            return results_for(rows, False, f"batch rejected: HTTP {response.status_code}")
        body = response.json()
        by_trace = {_trace_id(row): row for row in rows}
        results: dict[str, RowResult] = {}
        for item in body.get("results") or []:
            row = by_trace.get(item.get("objectWriteTraceId") or "")
            if row is None:
                continue
            results[row["record_key"]] = RowResult(
                row["record_key"], True, str(item.get("id")), bool(item.get("new"))
            )
        for error in body.get("errors") or []:
            for trace in (error.get("context") or {}).get("objectWriteTraceId", []):
                row = by_trace.get(trace)
                if row is not None:
                    results[row["record_key"]] = RowResult(
                        row["record_key"], False, error=_error_text(error)
                    )
        out = [
            results.get(row["record_key"])
            or RowResult(row["record_key"], False, error="no result for this row in the answer")
            for row in rows
        ]
        if self.list_id:
            self._list_membership("add", [r for r in out if r.ok and r.destination_id], out)
        return out

    def _list_membership(self, verb: str, ok: list[RowResult], out: list[RowResult]) -> None:
        ids = [r.destination_id for r in ok if r.destination_id]
        if not ids:
            return
        response = self.transport.request(
            "PUT", f"/crm/v3/lists/{self.list_id}/memberships/{verb}", json=ids
        )
        if response.status_code >= 300:
            for result in ok:
                result.ok = False
                result.error = f"list membership {verb}: HTTP {response.status_code}"

    def remove(self, rows: list[dict[str, Any]], action: str) -> list[RowResult]:
        if action == "delete":
            out = []
            for row in rows:
                response = self.transport.request(
                    "POST",
                    "/crm/v3/objects/contacts/gdpr-delete",
                    json={"objectId": row["record_key"], "idProperty": "email"},
                )
                ok = response.status_code in (200, 204, 404)
                out.append(
                    RowResult(
                        row["record_key"],
                        ok,
                        row.get("destination_id"),
                        error=None if ok else f"gdpr-delete: HTTP {response.status_code}",
                    )
                )
            return out
        out = results_for(rows, True)
        if action == "unsubscribe":
            response = self.transport.request(
                "POST",
                "/communication-preferences/v4/statuses/batch/unsubscribe-all",
                params={"channel": "EMAIL"},
                json={"inputs": [row["record_key"] for row in rows]},
            )
            if response.status_code >= 300:
                return results_for(rows, False, f"unsubscribe-all: HTTP {response.status_code}")
        if self.list_id:
            for chunk_rows, chunk_results in zip(
                chunks(rows, BATCH_SIZE), chunks(out, BATCH_SIZE), strict=True
            ):
                del chunk_rows
                self._list_membership("remove", chunk_results, chunk_results)
        return out
