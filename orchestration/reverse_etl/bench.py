"""`northstar bench sync`: the sync engine's figures on a synthetic audience.

1. Delivery: `--rows` rows (100k by default) upserted to the local HubSpot server, unthrottled
   (HubSpot's batches of 100, state committed per batch): rows per second end to end.
2. Unchanged plan: an audience of `--plan-rows` rows (1M by default) whose state says every row
   was delivered (written by SQL from a first plan, as a delivery would leave it): the time to
   plan it again, and the proof that it plans and sends nothing.
3. Rate limited: `--rate-rows` rows to a local server that enforces HubSpot's documented 100
   requests per 10 seconds (429 + Retry-After beyond it): rows per second as a share of the
   theoretical ceiling (the fewest windows the requests fit in), and that nothing was lost.

Everything runs in its own warehouse (artifacts/bench/sync.duckdb, or the PostgreSQL database
northstar_bench_sync) with its own consent interface tables, so no real mart is touched.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from orchestration.reverse_etl.db import SyncDatabase
from orchestration.reverse_etl.declarations import SyncDeclaration
from orchestration.reverse_etl.planner import SCHEMA, ensure_state

BENCH_TOKEN = "bench-token"


def _declaration(name: str, table: str) -> SyncDeclaration:
    return SyncDeclaration.model_validate(
        {
            "name": name,
            "destination": "hubspot",
            "object": "contacts",
            "key": "email",
            "fields": {"email": "email", "firstname": "first_name", "ltv": "lifetime_value"},
            "consent": {"purposes": ["marketing"], "channel": "email"},
            "suppression_identifiers": {"email": "email"},
            "model": table,
            "relation_schema": "marts",
            "relation_name": table,
        }
    )


def _audience(db: SyncDatabase, table: str, rows: int) -> None:
    """A synthetic audience of `rows` persons, all with marketing consent on email."""
    series = (
        f"range(1, {rows} + 1) as series(i)"
        if db.target == "duckdb"
        else f"generate_series(1, {rows}) as series(i)"
    )
    with db.transaction():
        db.execute("create schema if not exists marts")
        db.execute(f"drop table if exists marts.{table}")
        db.execute(
            f"""create table marts.{table} as
            select
                'p' || cast(i as varchar) as person_id,
                'person' || cast(i as varchar) || '@example.com' as email,
                'Name' || cast(i % 1000 as varchar) as first_name,
                cast(i % 5000 as decimal(18, 2)) as lifetime_value
            from {series}"""
        )
        db.execute(
            """create table if not exists marts.dim_activatable_persons (
                person_id varchar, purpose varchar, purpose_category varchar,
                channel varchar, legal_basis varchar, effective_at timestamp)"""
        )
        db.execute(
            """create table if not exists marts.suppression_list (
                identifier_type varchar, identifier_hash varchar, reason varchar,
                suppressed_at timestamp)"""
        )
        db.execute(
            f"""insert into marts.dim_activatable_persons
            select person_id, 'marketing', 'marketing', 'email', 'consent', current_timestamp
            from marts.{table} as audience
            where not exists (
                select 1 from marts.dim_activatable_persons as granted
                where granted.person_id = audience.person_id)"""
        )


def _reset(db: SyncDatabase, sync: str) -> None:
    ensure_state(db)
    for table in ("sync_state", "sync_plan", "sync_changelog", "sync_runs"):
        db.execute(f"delete from {SCHEMA}.{table} where sync_name = %s", [sync])


def _prepare(target: str, name: str, rows: int) -> SyncDeclaration:
    """A fresh audience of `rows` persons and no state for the sync `name`."""
    sync = _declaration(name, f"{name}_audience")
    db = SyncDatabase(target)
    try:
        _audience(db, sync.relation_name, rows)
        _reset(db, sync.name)
    finally:
        db.close()
    return sync


def bench_env(target: str, out: Path) -> None:
    os.environ["NORTHSTAR_TARGET"] = target
    if target == "duckdb":
        os.environ["NORTHSTAR_DUCKDB_PATH"] = str((out / "sync.duckdb").resolve())
    else:
        os.environ["NORTHSTAR_PG_DBNAME"] = "northstar_bench_sync"
    os.environ["NORTHSTAR_BENCH_TOKEN"] = BENCH_TOKEN


def bench_delivery(target: str, rows: int) -> dict[str, Any]:
    from orchestration.reverse_etl.destinations import HubSpotDestination
    from orchestration.reverse_etl.engine import run_sync
    from orchestration.reverse_etl.local_servers import LocalDestinations

    sync = _prepare(target, "bench_delivery", rows)
    with LocalDestinations(token=BENCH_TOKEN, log_bodies=False) as server:
        destination = HubSpotDestination(
            base_url=server.url, token_env_var="NORTHSTAR_BENCH_TOKEN", requests_per_10s=10**9
        )
        began = time.perf_counter()
        summary = run_sync(sync, target=target, destination=destination)
        seconds = time.perf_counter() - began
        arrived = len(server.state.contacts)
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(summary.added / seconds),
        "requests": summary.requests,
        "arrived": arrived,
        "lost": rows - arrived,
    }


def bench_unchanged_plan(target: str, rows: int) -> dict[str, Any]:
    from orchestration.reverse_etl.engine import run_sync

    sync = _prepare(target, "bench_plan", rows)
    first = run_sync(sync, target=target, dry_run=True)
    db = SyncDatabase(target)
    try:
        # The state a complete delivery leaves: every planned row synced with its hash.
        with db.transaction():
            db.execute(
                f"""insert into {SCHEMA}.sync_state
                select sync_name, record_key, key_hash, person_id, row_hash,
                    'hs-' || key_hash, 'synced', 0, null, true,
                    current_timestamp, current_timestamp
                from {SCHEMA}.sync_plan where run_id = %s and op = 'upsert'""",
                [first.run_id],
            )
    finally:
        db.close()
    began = time.perf_counter()
    again = run_sync(sync, target=target, dry_run=True)
    seconds = time.perf_counter() - began
    return {
        "rows": rows,
        "plan_seconds": round(seconds, 2),
        "planned_operations": again.planned_upserts + again.planned_removes,
        "requests": again.requests,
    }


def bench_rate_limited(target: str, rows: int) -> dict[str, Any]:
    from orchestration.reverse_etl.destinations import HubSpotDestination
    from orchestration.reverse_etl.engine import run_sync
    from orchestration.reverse_etl.local_servers import LocalDestinations

    sync = _prepare(target, "bench_rate", rows)
    with LocalDestinations(token=BENCH_TOKEN, log_bodies=False) as server:
        server.rate_limit = (100, 10.0)  # HubSpot: 100 requests per 10 seconds
        destination = HubSpotDestination(
            base_url=server.url, token_env_var="NORTHSTAR_BENCH_TOKEN", requests_per_10s=100
        )
        began = time.perf_counter()
        summary = run_sync(sync, target=target, destination=destination)
        seconds = time.perf_counter() - began
        arrived = len(server.state.contacts)
        refused = sum(1 for r in server.requests if r.status == 429)
        # Delivery time: from the first request to the last answer the server gave (the plan
        # before it is its own figure).
        delivering = server.requests[-1].at - server.requests[0].at
    requests = math.ceil(rows / 100)
    # The fewest seconds `requests` fit in at 100 per rolling 10 s: the last window starts
    # 10 s after the one before it; a run shorter than one window is bound by nothing.
    minimum = max((requests - 1) // 100 * 10.0, 1e-9)
    ceiling = rows / minimum
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(summary.added / seconds),
        "ceiling_rows_per_second": round(ceiling),
        "delivery_seconds": round(delivering, 2),
        "share_of_ceiling": round(minimum / max(delivering, 1e-9), 3),
        "refused_429": refused,
        "arrived": arrived,
        "lost": rows - arrived,
    }


def bench_sync(
    target: str, rows: int, plan_rows: int, rate_rows: int, out: Path, console: Console
) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    bench_env(target, out)
    if target == "postgres":
        from orchestration.warehouse import ensure_pg_database

        ensure_pg_database()
    results: dict[str, Any] = {"target": target}
    console.print(f"[bold]Sync benchmark[/] on {target}")
    results["delivery"] = bench_delivery(target, rows)
    console.print(f"delivery: {results['delivery']}")
    results["unchanged_plan"] = bench_unchanged_plan(target, plan_rows)
    console.print(f"unchanged plan: {results['unchanged_plan']}")
    if rate_rows:
        results["rate_limited"] = bench_rate_limited(target, rate_rows)
        console.print(f"rate limited: {results['rate_limited']}")
    table = Table(title=f"Reverse-ETL benchmark ({target})")
    table.add_column("figure")
    table.add_column("value", justify="right")
    d, p = results["delivery"], results["unchanged_plan"]
    table.add_row(
        f"rows/s to the unthrottled local HubSpot ({d['rows']:,} rows)",
        f"{d['rows_per_second']:,}",
    )
    table.add_row("rows lost", f"{d['lost']:,}")
    table.add_row(f"plan of an unchanged {p['rows']:,}-row audience (s)", f"{p['plan_seconds']}")
    table.add_row(
        "operations planned / requests sent", f"{p['planned_operations']} / {p['requests']}"
    )
    if rate_rows:
        r = results["rate_limited"]
        table.add_row(
            f"rows/s while delivering at HubSpot's 100 req/10 s ({r['rows']:,} rows)",
            f"{round(r['rows'] / r['delivery_seconds']):,} of "
            f"{r['ceiling_rows_per_second']:,} ({r['share_of_ceiling']:.0%})",
        )
        table.add_row("429s received / rows lost", f"{r['refused_429']} / {r['lost']}")
    console.print(table)
    (out / f"sync-{target}.json").write_text(json.dumps(results, indent=2))
    return results
