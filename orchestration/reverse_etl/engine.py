"""Run one sync: plan in the warehouse, deliver in batches, commit state per batch.

The order of a run, and why it is crash safe:
1. the planner computes adds, changes and removes from the audience, consent and `sync_state`;
2. each batch is sent and its answer read; only then is the batch's state (and changelog) written,
   in one transaction. A run killed before that commit leaves the state as it was, so the next run
   plans the same rows again; every destination call is idempotent (upsert by key, list add/remove,
   unsubscribe, delete, webhook idempotency keys), so nothing is lost and nothing is created twice.
3. a row the destination rejected keeps its reason and is retried by later runs until
   `max_attempts`; then it is a dead letter (reported, retried again when the row changes).

Removals of blocked people (withdrawn consent, suppression, erasure) always go first and never
count against the mirror-mode delete guard; removals of rows that merely left a mirrored audience
stop the run when they exceed `max_delete_share` of what Northstar has in the destination.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from orchestration.reverse_etl.db import SyncDatabase
from orchestration.reverse_etl.declarations import SyncDeclaration
from orchestration.reverse_etl.delivery import DeliveryError
from orchestration.reverse_etl.destinations.base import RowResult, chunks
from orchestration.reverse_etl.planner import SCHEMA, Plan, ensure_state, plan_sync, planned_rows

log = logging.getLogger("northstar.reverse_etl")

STATE_COLUMNS = (
    "sync_name",
    "record_key",
    "key_hash",
    "person_id",
    "row_hash",
    "destination_id",
    "status",
    "attempts",
    "last_error",
    "created_by_northstar",
    "last_synced_at",
    "updated_at",
)
CHANGELOG_COLUMNS = (
    "run_id",
    "sync_name",
    "key_hash",
    "op",
    "reason",
    "status",
    "error",
    "destination_id",
    "logged_at",
)


class SyncFailed(RuntimeError):
    """A run that did not finish (delivery failed, or the mirror delete guard stopped it)."""

    def __init__(self, summary: SyncRunSummary) -> None:
        super().__init__(f"Sync {summary.sync_name} {summary.status}: {summary.message}")
        self.summary = summary


@dataclass
class SyncRunSummary:
    run_id: str
    sync_name: str
    destination: str
    dry_run: bool
    status: str = "running"
    audience_rows: int = 0
    planned_upserts: int = 0
    planned_removes: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    rejected: int = 0
    blocked_by_consent: int = 0
    invalid: int = 0
    dead_letters: int = 0
    new_dead_letters: int = 0
    requests: int = 0
    rate_limited: int = 0
    retries: int = 0
    seconds: float = 0.0
    message: str = ""
    plan: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def remove_action(declaration: SyncDeclaration, reason: str) -> str:
    if reason == "suppressed":
        return "delete"
    if reason == "consent":
        return declaration.on_consent_withdrawn
    return "remove"


def default_destination(declaration: SyncDeclaration) -> Any:
    """The destination resource configured from the environment (production endpoints)."""
    import os

    from orchestration.reverse_etl.destinations import (
        FileDestination,
        HubSpotDestination,
        KlaviyoDestination,
        WebhookDestination,
    )

    if declaration.destination == "hubspot":
        return HubSpotDestination(
            base_url=os.environ.get("NORTHSTAR_HUBSPOT_URL", "https://api.hubapi.com")
        )
    if declaration.destination == "klaviyo":
        return KlaviyoDestination(
            base_url=os.environ.get("NORTHSTAR_KLAVIYO_URL", "https://a.klaviyo.com")
        )
    if declaration.destination == "webhook":
        url = os.environ.get("NORTHSTAR_WEBHOOK_URL") or declaration.options.get("url")
        if not url:
            raise RuntimeError(
                f"Sync {declaration.name}: no webhook URL. Set options.url in its declaration "
                "or NORTHSTAR_WEBHOOK_URL."
            )
        return WebhookDestination(url=url)
    return FileDestination(folder=os.environ.get("NORTHSTAR_EXPORT_DIR", "data/exports"))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class _Run:
    def __init__(self, db: SyncDatabase, declaration: SyncDeclaration, summary: SyncRunSummary):
        self.db = db
        self.declaration = declaration
        self.summary = summary

    def record_run(self, plan: Plan | None, finished: bool) -> None:
        s = self.summary
        values = {
            "run_id": s.run_id,
            "sync_name": s.sync_name,
            "destination": s.destination,
            "is_dry_run": s.dry_run,
            "status": s.status,
            "audience_rows": s.audience_rows,
            "planned_upserts": s.planned_upserts,
            "planned_removes": s.planned_removes,
            "added": s.added,
            "changed": s.changed,
            "removed": s.removed,
            "rejected": s.rejected,
            "blocked_by_consent": s.blocked_by_consent,
            "invalid_rows": s.invalid,
            "dead_letters": s.dead_letters,
            "requests": s.requests,
            "message": s.message,
            "plan_json": plan.as_json() if plan else None,
            "started_at": self.started_at,
            "finished_at": _now() if finished else None,
        }
        with self.db.transaction():
            self.db.execute(f"delete from {SCHEMA}.sync_runs where run_id = %s", [s.run_id])
            self.db.insert_rows(f"{SCHEMA}.sync_runs", list(values), [list(values.values())])

    def commit_batch(
        self, op: str, rows: list[dict[str, Any]], results: list[RowResult], action: str
    ) -> None:
        self.commit([(op, rows, results, action)])

    def commit(self, answered: list[tuple[str, list[dict[str, Any]], list[RowResult], str]]):
        """Write the destination's answers for batches whose answers were read: state and
        changelog in one transaction."""
        upserts: list[tuple] = []
        deletes: list[tuple] = []
        changes: list[tuple] = []
        for op, rows, results, action in answered:
            self._state_rows(op, rows, results, action, upserts, deletes, changes)
        with self.db.transaction():
            if deletes:
                self.db.executemany(
                    f"delete from {SCHEMA}.sync_state where sync_name = %s and record_key = %s",
                    deletes,
                )
            # Keys without a state row are inserted; the others updated in place.
            new_keys = {
                row["record_key"]
                for _, rows, _, _ in answered
                for row in rows
                if row.get("status_before") is None
            }
            self.db.write_rows(
                f"{SCHEMA}.sync_state",
                STATE_COLUMNS,
                [r for r in upserts if r[1] in new_keys],
                [r for r in upserts if r[1] not in new_keys],
                key=("sync_name", "record_key"),
            )
            self.db.insert_rows(f"{SCHEMA}.sync_changelog", CHANGELOG_COLUMNS, changes)

    def _state_rows(
        self,
        op: str,
        rows: list[dict[str, Any]],
        results: list[RowResult],
        action: str,
        upserts: list[tuple],
        deletes: list[tuple],
        changes: list[tuple],
    ) -> None:
        d = self.declaration
        now = _now()
        by_key = {r.record_key: r for r in results}
        for row in rows:
            result = by_key.get(row["record_key"]) or RowResult(
                row["record_key"], False, error="no result"
            )
            attempts = int(row.get("attempts") or 0)
            created = bool(row.get("created_by_northstar")) or result.created
            destination_id = result.destination_id or row.get("destination_id")
            # (row hash, status, attempts, error, synced at) of the state row after the answer.
            if op == "upsert" and result.ok:
                after = (row["row_hash"], "synced", 0, None, now)
                if row["reason"] == "new" and not row.get("destination_id"):
                    self.summary.added += 1
                else:
                    self.summary.changed += 1
            elif op == "upsert":
                attempts += 1
                status = "dead" if attempts >= d.max_attempts else "rejected"
                after = (row["row_hash"], status, attempts, result.error, None)
                self.summary.rejected += 1
                self.summary.new_dead_letters += status == "dead"
            elif result.ok:
                self.summary.removed += 1
                after = (None, "removed", 0, None, now)
            else:
                # A removal is never given up: it stays planned until the destination takes it.
                self.summary.rejected += 1
                status = row.get("status_before") or "synced"
                after = (None, status, attempts + 1, result.error, None)
            if op == "remove" and result.ok and action == "delete":
                deletes.append((d.name, row["record_key"]))  # erased: no state row stays
            else:
                row_hash, status, attempts, error, synced_at = after
                upserts.append(
                    (
                        d.name,
                        row["record_key"],
                        row["key_hash"],
                        row["person_id"],
                        row_hash,
                        destination_id,
                        status,
                        attempts,
                        error,
                        created,
                        synced_at,
                        now,
                    )
                )
            changes.append(
                (
                    self.summary.run_id,
                    d.name,
                    row["key_hash"],
                    op if op == "upsert" else action,
                    row["reason"],
                    "ok" if result.ok else "rejected",
                    result.error,
                    destination_id,
                    now,
                )
            )


def _apply_plan(summary: SyncRunSummary, plan: Plan) -> None:
    summary.audience_rows = plan.audience_rows
    summary.planned_upserts = plan.upserts
    summary.planned_removes = plan.removes
    summary.blocked_by_consent = plan.blocked_by_consent
    summary.invalid = plan.invalid
    summary.plan = {
        "counts": plan.counts,
        "unchanged": plan.unchanged,
        "messages": plan.messages,
        "sample": plan.sample,
    }
    if plan.messages:
        summary.message = " ".join(plan.messages)


def run_sync(
    declaration: SyncDeclaration,
    *,
    target: str | None = None,
    dry_run: bool = False,
    destination: Any = None,
    progress: Callable[[int, int], None] | None = None,
    raise_on_failure: bool = True,
) -> SyncRunSummary:
    """Plan and (unless `dry_run`) deliver one sync; returns what it did.

    `destination` is the destination resource (HubSpotDestination, ...); by default it is
    configured from the environment. `progress(done, total)` is called after each batch.
    Raises `SyncFailed` when delivery fails or the mirror delete guard stops the run (the
    summary is recorded in `reverse_etl.sync_runs` either way).
    """
    import os

    target = target or os.environ.get("NORTHSTAR_TARGET", "duckdb")
    started = time.perf_counter()
    summary = SyncRunSummary(
        run_id=uuid.uuid4().hex,
        sync_name=declaration.name,
        destination=declaration.destination,
        dry_run=dry_run,
    )
    db = SyncDatabase(target)
    run = _Run(db, declaration, summary)
    run.started_at = _now()
    try:
        ensure_state(db)
        run.record_run(None, finished=False)
        plan = plan_sync(db, declaration, summary.run_id)
        _apply_plan(summary, plan)
        summary.dead_letters = _dead_letters(db, declaration.name)
        log.info(
            "sync %s run %s planned: %s upserts, %s removes, %s blocked by consent, %s invalid",
            declaration.name,
            summary.run_id,
            plan.upserts,
            plan.removes,
            plan.blocked_by_consent,
            plan.invalid,
        )
        guard = _mirror_guard(db, declaration, plan)
        if guard:
            summary.status = "stopped"
            summary.message = (summary.message + " " + guard).strip()
        elif dry_run:
            summary.status = "dry_run"
        else:
            _deliver(run, declaration, destination or default_destination(declaration), progress)
            if summary.status == "running":
                summary.status = "success"
            summary.dead_letters = _dead_letters(db, declaration.name)
        summary.seconds = time.perf_counter() - started
        run.record_run(plan, finished=True)
    finally:
        db.close()
    log.info(
        "sync %s run %s %s: added %s, changed %s, removed %s, rejected %s, dead letters %s",
        declaration.name,
        summary.run_id,
        summary.status,
        summary.added,
        summary.changed,
        summary.removed,
        summary.rejected,
        summary.dead_letters,
    )
    if raise_on_failure and summary.status in ("failed", "stopped"):
        raise SyncFailed(summary)
    return summary


def _dead_letters(db: SyncDatabase, sync_name: str) -> int:
    return int(
        db.scalar(
            f"select count(*) from {SCHEMA}.sync_state where sync_name = %s and status = 'dead'",
            [sync_name],
        )
        or 0
    )


def _mirror_guard(db: SyncDatabase, declaration: SyncDeclaration, plan: Plan) -> str | None:
    leaving = plan.count("remove", "left_audience")
    if declaration.mode != "mirror" or leaving == 0:
        return None
    present = int(
        db.scalar(
            f"select count(*) from {SCHEMA}.sync_state where sync_name = %s"
            " and status <> 'removed'",
            [declaration.name],
        )
        or 0
    )
    share = leaving / present if present else 1.0
    if share > declaration.max_delete_share:
        return (
            f"Mirror guard: this run would remove {leaving} of {present} rows Northstar has in "
            f"the destination ({share:.0%} > max_delete_share {declaration.max_delete_share:.0%}). "
            "Nothing was sent. If the audience really shrank, raise max_delete_share in the "
            "sync declaration for one run."
        )
    return None


def _deliver(
    run: _Run,
    declaration: SyncDeclaration,
    destination: Any,
    progress: Callable[[int, int], None] | None,
) -> None:
    summary = run.summary
    session = destination.open_session(declaration)
    total = summary.planned_upserts + summary.planned_removes
    try:
        removes = planned_rows(run.db, summary.run_id, "remove")
        batches: list[tuple[str, str, list[dict[str, Any]]]] = []
        for action in ("delete", "unsubscribe", "remove"):
            rows = [r for r in removes if remove_action(declaration, r["reason"]) == action]
            batches += [
                ("remove", action, chunk) for chunk in chunks(rows, session.info.remove_batch_size)
            ]
        del removes
        upserts = planned_rows(run.db, summary.run_id, "upsert")
        batches += [
            ("upsert", "upsert", chunk) for chunk in chunks(upserts, session.info.upsert_batch_size)
        ]
        del upserts
        _send_batches(run, session, batches, total, progress)
    finally:
        summary.requests = session.info.stats.requests
        summary.rate_limited = session.info.stats.rate_limited
        summary.retries = session.info.stats.retries
        session.close()


def _send_batches(
    run: _Run,
    session: Any,
    batches: list[tuple[str, str, list[dict[str, Any]]]],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> int:
    """Send batches, up to `session.info.concurrency` at a time, and commit each batch's state
    once its answer was read; answers that arrive while a commit runs are committed together
    in the next transaction. A batch that cannot be delivered stops the run: no new batch is
    sent, the ones in flight are awaited and committed, the rest stays planned for next run."""
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    summary = run.summary
    done = 0

    def send(op: str, action: str, rows: list[dict[str, Any]]) -> list[RowResult]:
        return session.upsert(rows) if op == "upsert" else session.remove(rows, action)

    pending = iter(batches)
    in_flight: dict[Future, tuple[str, str, list[dict[str, Any]]]] = {}
    stopped = False
    with ThreadPoolExecutor(max_workers=max(1, session.info.concurrency)) as pool:
        while True:
            while not stopped and len(in_flight) < max(1, session.info.concurrency):
                batch = next(pending, None)
                if batch is None:
                    break
                in_flight[pool.submit(send, *batch)] = batch
            if not in_flight:
                break
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            answered = []
            for future in finished:
                op, action, rows = in_flight.pop(future)
                try:
                    results = future.result()
                except DeliveryError as exc:
                    results = [RowResult(r["record_key"], False, error=str(exc)) for r in rows]
                    if not stopped:
                        summary.status = "failed"
                        summary.message = (
                            summary.message
                            + f" Delivery stopped: {exc}. The rest is retried next run."
                        ).strip()
                    stopped = True
                answered.append((op, rows, results, action))
                done += len(rows)
            run.commit(answered)
            if progress:
                progress(done, total)
    return done
