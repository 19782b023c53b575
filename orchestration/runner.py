"""Run Dagster jobs in process against the local instance, the way `make demo` does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console

from orchestration.instance import get_instance


def run_full_build(console: Console) -> None:
    """Materialise every asset through Dagster's `full_build` job, then summarise the result."""
    instance = get_instance()
    from orchestration.project import dbt_target, prepare_manifest
    from orchestration.warehouse import duckdb_path

    prepare_manifest()  # the models may have changed since the last parse
    if dbt_target() == "duckdb":
        duckdb_path().parent.mkdir(parents=True, exist_ok=True)
    from orchestration.definitions import defs
    from orchestration.summary import (
        read_reconciliation,
        read_reject_reasons,
        render_summary,
        warehouse_query,
    )

    job = defs.resolve_job_def("full_build")
    console.print(
        f"[bold]Dagster[/]: running job [cyan]{job.name}[/] (instance {instance.root_directory})"
    )
    started = time.perf_counter()
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    with local_sync_destinations() as (destinations, servers):
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config={**quiet, **destinations}
        )
        if servers is not None:
            render_sync_results(result, servers, console)
    elapsed = time.perf_counter() - started
    materialized = [
        event.asset_key.to_user_string()
        for event in result.get_asset_materialization_events()
        if event.asset_key is not None
    ]
    checks = result.get_asset_check_evaluations()
    failed_checks = [c for c in checks if not c.passed]
    outcome = "[green]success[/]" if result.success else "[red]FAILED[/]"
    console.print(
        f"Run [cyan]{result.run_id}[/]: {outcome}"
        f" in {elapsed:.1f}s — {len(materialized)} assets materialised, "
        f"{len(checks) - len(failed_checks)}/{len(checks)} checks passed"
    )
    for check in failed_checks:
        console.print(
            f"  [red]failed check[/] {check.asset_key.to_user_string()}: {check.check_name}"
        )
    if not result.success:
        raise SystemExit("The Dagster run failed; open `make ui` (Runs) for the step logs.")
    query = warehouse_query()
    render_summary(read_reconciliation(query), read_reject_reasons(query), console=console)


@contextmanager
def local_sync_destinations() -> Iterator[tuple[dict[str, Any], Any]]:
    """The demo's syncs send to local destination servers (HubSpot, Klaviyo, webhook, files)
    started for the run: run config for the destination resources, and the servers."""
    try:
        from orchestration.reverse_etl.cli import local_destinations
    except ImportError:  # no reverse-ETL package: no syncs to run
        yield {}, None
        return
    from orchestration.assets.syncs import local_destinations_run_config

    with local_destinations() as resources:
        yield local_destinations_run_config(resources), resources["servers"]


def render_sync_results(result: Any, servers: Any, console: Console) -> None:
    """One line per sync asset materialised in the run, from its metadata."""
    from rich.table import Table

    table = Table(title="Sync results (local destinations)")
    columns = ("added", "changed", "removed", "rejected", "blocked_by_consent", "dead_letters")
    table.add_column("sync", no_wrap=True)
    table.add_column("status")
    headers = {"blocked_by_consent": "blocked", "dead_letters": "dead"}
    for column in columns:
        table.add_column(headers.get(column, column), justify="right")
    rows = 0
    for event in result.get_asset_materialization_events():
        key = event.asset_key
        if key is None or key.path[0] != "sync":
            continue
        metadata = {k: getattr(v, "value", v) for k, v in event.materialization.metadata.items()}
        table.add_row(
            key.path[-1], str(metadata.get("status")), *(f"{metadata.get(c, 0):,}" for c in columns)
        )
        rows += 1
    if rows:
        console.print(table)
        console.print(
            f"Local HubSpot holds {len(servers.state.contacts):,} contacts, Klaviyo "
            f"{len(servers.state.profiles):,} profiles, the webhook "
            f"{len(servers.state.webhook_records):,} records."
        )
