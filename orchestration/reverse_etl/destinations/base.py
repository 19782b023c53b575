"""What every destination offers the engine: sessions that upsert and remove batches of rows and
answer with one result per row (read from the destination's own answer)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Protocol

from orchestration.reverse_etl.delivery import RetryPolicy, TransportStats


@dataclass
class RowResult:
    record_key: str
    ok: bool
    destination_id: str | None = None
    created: bool = False
    error: str | None = None


@dataclass
class SessionInfo:
    upsert_batch_size: int
    remove_batch_size: int
    stats: TransportStats = field(default_factory=TransportStats)
    # Batches in flight at once (each committed once its own answer was read).
    concurrency: int = 1


class DestinationSession(Protocol):
    info: SessionInfo

    def upsert(self, rows: list[dict[str, Any]]) -> list[RowResult]:
        """Create or update these rows; one result per row."""

    def remove(self, rows: list[dict[str, Any]], action: str) -> list[RowResult]:
        """`action`: delete (erasure), unsubscribe (consent withdrawn) or remove (left the
        audience: list membership / mirror); one result per row."""

    def close(self) -> None: ...


def read_token(env_var: str, destination: str) -> str:
    """The API token from the environment; the error names the variable, never a value."""
    token = os.environ.get(env_var, "")
    if not token:
        raise RuntimeError(
            f"{destination}: the API token is read from the environment variable {env_var}, "
            "which is not set. Export it (or set the resource's token_env_var)."
        )
    return token


def retry_policy(
    max_retries: int, backoff_base_seconds: float, timeout_seconds: float
) -> RetryPolicy:
    return RetryPolicy(
        max_retries=max_retries,
        base_seconds=backoff_base_seconds,
        timeout_seconds=timeout_seconds,
    )


def results_for(rows: list[dict[str, Any]], ok: bool, error: str | None = None) -> list[RowResult]:
    return [
        RowResult(
            record_key=row["record_key"],
            ok=ok,
            destination_id=row.get("destination_id"),
            error=error,
        )
        for row in rows
    ]


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def text_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
