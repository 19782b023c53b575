"""Webhook: JSON batches signed with HMAC-SHA256, one idempotency key per row version.

Each request carries `X-Northstar-Timestamp` and `X-Northstar-Signature: sha256=<hex>`, the
HMAC-SHA256 of `<timestamp>.<body>` with the secret from `secret_env_var`. Each event's
`idempotency_key` is SHA-256 of sync, key hash, row hash and operation: a retried or re-sent row
version carries the same key, so the receiver can drop the repeat.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import dagster as dg

from orchestration.reverse_etl.declarations import SyncDeclaration
from orchestration.reverse_etl.delivery import RateLimit, Transport
from orchestration.reverse_etl.destinations.base import (
    RowResult,
    SessionInfo,
    read_token,
    results_for,
    retry_policy,
)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def idempotency_key(sync: str, row: dict[str, Any], op: str) -> str:
    material = f"{sync}:{row['key_hash']}:{row.get('row_hash') or ''}:{op}"
    return hashlib.sha256(material.encode()).hexdigest()


class WebhookDestination(dg.ConfigurableResource):
    """POSTs signed JSON batches to `url`; the signing secret comes from `secret_env_var`."""

    url: str
    secret_env_var: str = "NORTHSTAR_WEBHOOK_SECRET"
    batch_size: int = 500
    requests_per_second: float = 0.0  # 0: unthrottled
    max_retries: int = 5
    backoff_base_seconds: float = 0.5
    timeout_seconds: float = 30.0

    def open_session(self, declaration: SyncDeclaration) -> WebhookSession:
        secret = read_token(self.secret_env_var, "webhook")
        limits = (
            {"default": RateLimit(self.requests_per_second, 1.0)}
            if self.requests_per_second > 0
            else {}
        )
        transport = Transport(
            "",
            {"content-type": "application/json"},
            limits,
            retry_policy(self.max_retries, self.backoff_base_seconds, self.timeout_seconds),
        )
        return WebhookSession(declaration, transport, secret, self.batch_size, self.url)


class WebhookSession:
    def __init__(
        self,
        declaration: SyncDeclaration,
        transport: Transport,
        secret: str,
        batch_size: int,
        url: str,
    ) -> None:
        self.url = url
        self.declaration = declaration
        self.transport = transport
        self.secret = secret
        self.info = SessionInfo(batch_size, batch_size, transport.stats, concurrency=4)

    def close(self) -> None:
        self.transport.close()

    def _send(self, rows: list[dict[str, Any]], op: str) -> list[RowResult]:
        events = [
            {
                "op": op,
                "idempotency_key": idempotency_key(self.declaration.name, row, op),
                "key": row["record_key"],
                "fields": row["fields"] if op == "upsert" else {},
            }
            for row in rows
        ]
        body = json.dumps(
            {"sync": self.declaration.name, "events": events}, default=str, separators=(",", ":")
        ).encode()
        timestamp = str(int(time.time()))
        response = self.transport.request(
            "POST",
            self.url,
            content=body,
            headers={
                "x-northstar-timestamp": timestamp,
                "x-northstar-signature": sign(self.secret, timestamp, body),
            },
        )
        if response.status_code >= 300:
            return results_for(rows, False, f"webhook answered HTTP {response.status_code}")
        return [
            RowResult(row["record_key"], True, row["key_hash"][:24], created=True) for row in rows
        ]

    def upsert(self, rows: list[dict[str, Any]]) -> list[RowResult]:
        return self._send(rows, "upsert")

    def remove(self, rows: list[dict[str, Any]], action: str) -> list[RowResult]:
        return self._send(rows, action)
