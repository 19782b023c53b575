"""`northstar sync list | plan NAME | run NAME [--dry-run] [--local] | status`, and the local
destination resources the demo, tests and benchmarks send to."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from orchestration.reverse_etl.declarations import (
    DeclarationError,
    SyncDeclaration,
    find_declaration,
    load_sync_declarations,
)
from orchestration.warehouse import ROOT

sync_app = typer.Typer(help="Reverse-ETL syncs declared next to the audiences (dbt model meta).")
LOCAL_TOKEN = "local-demo-token"


def manifest_path():
    path = ROOT / "target" / "manifest.json"
    if not path.exists():
        from orchestration.project import prepare_manifest

        prepare_manifest()
    return path


def declarations() -> list[SyncDeclaration]:
    try:
        return load_sync_declarations(manifest_path())
    except DeclarationError as exc:
        Console(stderr=True).print(f"[red]Bad sync declaration[/]: {exc}")
        raise typer.Exit(code=2) from None


@contextmanager
def local_destinations(export_dir: str | None = None) -> Iterator[dict[str, Any]]:
    """Start the local destination servers and return a resource per destination type."""
    from orchestration.reverse_etl.destinations import (
        FileDestination,
        HubSpotDestination,
        KlaviyoDestination,
        WebhookDestination,
    )
    from orchestration.reverse_etl.local_servers import LocalDestinations

    os.environ.setdefault("NORTHSTAR_LOCAL_TOKEN", LOCAL_TOKEN)
    token = os.environ["NORTHSTAR_LOCAL_TOKEN"]
    with LocalDestinations(token=token, webhook_secret=token, log_bodies=False) as servers:
        yield {
            "servers": servers,
            "hubspot": HubSpotDestination(
                base_url=servers.url, token_env_var="NORTHSTAR_LOCAL_TOKEN"
            ),
            "klaviyo": KlaviyoDestination(
                base_url=servers.url,
                token_env_var="NORTHSTAR_LOCAL_TOKEN",
                job_poll_seconds=0.05,
            ),
            "webhook": WebhookDestination(
                url=f"{servers.url}/webhook", secret_env_var="NORTHSTAR_LOCAL_TOKEN"
            ),
            "file": FileDestination(folder=export_dir or str(ROOT / "data" / "exports")),
        }


def plan_table(summary) -> Table:
    table = Table(title=f"Plan of {summary.sync_name} (run {summary.run_id[:8]})")
    table.add_column("operation")
    table.add_column("reason")
    table.add_column("rows", justify="right")
    for key, count in sorted(summary.plan.get("counts", {}).items()):
        op, reason = key.split(":")
        table.add_row(op, reason, f"{count:,}")
    table.add_row("none", "unchanged", f"{summary.plan.get('unchanged', 0):,}")
    return table


def print_plan(console: Console, summary) -> None:
    console.print(plan_table(summary))
    console.print(
        f"audience {summary.audience_rows:,} rows · upserts {summary.planned_upserts:,} · "
        f"removes {summary.planned_removes:,} · blocked by consent "
        f"{summary.blocked_by_consent:,} · invalid {summary.invalid:,}"
    )
    sample = summary.plan.get("sample") or []
    if sample:
        table = Table(title="Sample (key hashes, never raw identifiers)")
        for column in ("op", "reason", "key_hash", "person_id"):
            table.add_column(column)
        for row in sample:
            table.add_row(
                *(str(row.get(c) or "") for c in ("op", "reason", "key_hash", "person_id"))
            )
        console.print(table)
    for message in summary.plan.get("messages") or []:
        console.print(f"[yellow]{message}[/]")


RESULT_COLUMNS = (
    "sync",
    "status",
    "audience",
    "added",
    "changed",
    "removed",
    "rejected",
    "blocked",
    "invalid",
    "dead letters",
    "requests",
    "seconds",
)


def results_table(summaries: list, title: str = "Sync results") -> Table:
    table = Table(title=title)
    for column in RESULT_COLUMNS:
        table.add_column(column, justify="left" if column in ("sync", "status") else "right")
    for s in summaries:
        colour = {"success": "green", "dry_run": "cyan"}.get(s.status, "red")
        table.add_row(
            s.sync_name,
            f"[{colour}]{s.status}[/]",
            f"{s.audience_rows:,}",
            f"{s.added:,}",
            f"{s.changed:,}",
            f"{s.removed:,}",
            f"{s.rejected:,}",
            f"{s.blocked_by_consent:,}",
            f"{s.invalid:,}",
            f"{s.dead_letters:,}",
            f"{s.requests:,}",
            f"{s.seconds:.2f}",
        )
    return table


def run_many(
    syncs: list[SyncDeclaration],
    console: Console,
    dry_run: bool = False,
    resources: dict[str, Any] | None = None,
) -> list:
    """Run syncs one after another with a progress bar each; failures are reported, not raised."""
    from orchestration.reverse_etl.engine import SyncFailed, run_sync

    summaries = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        for sync in syncs:
            task = progress.add_task(sync.name, total=None)

            def advance(done: int, total: int, task=task) -> None:
                progress.update(task, completed=done, total=total)

            destination = (resources or {}).get(sync.destination)
            try:
                summary = run_sync(sync, dry_run=dry_run, destination=destination, progress=advance)
            except SyncFailed as failure:
                summary = failure.summary
            except Exception as exc:  # a missing audience, a missing token: report and go on
                from orchestration.reverse_etl.engine import SyncRunSummary

                summary = SyncRunSummary(
                    run_id="-",
                    sync_name=sync.name,
                    destination=sync.destination,
                    dry_run=dry_run,
                    status="error",
                    message=str(exc),
                )
            summaries.append(summary)
            progress.remove_task(task)
    return summaries


@sync_app.command("list")
def list_command() -> None:
    """Every declared sync: audience, destination, mode, key, consent, schedule."""
    table = Table(title="Declared syncs")
    for column in ("sync", "audience", "destination", "mode", "key", "consent", "schedule"):
        table.add_column(column)
    for d in declarations():
        table.add_row(
            d.name,
            d.model,
            f"{d.destination}:{d.object}",
            d.mode,
            d.key,
            f"{'+'.join(d.consent.purposes)} on {d.consent.channel}",
            d.schedule or "",
        )
    Console().print(table)


@sync_app.command("plan")
def plan_command(
    name: str = typer.Argument(..., help="The sync's name (see `sync list`)."),
) -> None:
    """Dry run: compute, store and print exactly what `sync run NAME` would do."""
    from orchestration.reverse_etl.engine import run_sync

    console = Console()
    try:
        sync = find_declaration(declarations(), name)
    except DeclarationError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(code=2) from None
    print_plan(console, run_sync(sync, dry_run=True, raise_on_failure=False))


@sync_app.command("run")
def run_command(
    name: str = typer.Argument(..., help="The sync's name, or `all`."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Plan and print; send nothing."),
    local: bool = typer.Option(
        False, "--local", help="Send to the local destination servers (demo/test), not the APIs."
    ),
) -> None:
    """Run one sync (or `all`) and print the result table."""
    console = Console()
    syncs = declarations()
    if name != "all":
        try:
            syncs = [find_declaration(syncs, name)]
        except DeclarationError as exc:
            console.print(f"[red]{exc}[/]")
            raise typer.Exit(code=2) from None
    if local:
        with local_destinations() as resources:
            summaries = run_many(syncs, console, dry_run, resources)
    else:
        summaries = run_many(syncs, console, dry_run)
    if dry_run and len(summaries) == 1:
        print_plan(console, summaries[0])
    console.print(results_table(summaries))
    for summary in summaries:
        if summary.message:
            console.print(f"[yellow]{summary.sync_name}[/]: {summary.message}")
    if any(s.status not in ("success", "dry_run") for s in summaries):
        raise typer.Exit(code=1)


@sync_app.command("status")
def status_command() -> None:
    """The last run of every sync and the rows in each state (synced, rejected, dead...)."""
    from orchestration.reverse_etl.db import SyncDatabase
    from orchestration.reverse_etl.planner import SCHEMA, ensure_state

    db = SyncDatabase(os.environ.get("NORTHSTAR_TARGET", "duckdb"))
    try:
        ensure_state(db)
        runs = db.fetch_dicts(
            f"""select sync_name, status, is_dry_run, added, changed, removed, rejected,
                blocked_by_consent, dead_letters, started_at, finished_at, message
            from {SCHEMA}.sync_runs as runs
            where started_at = (
                select max(latest.started_at) from {SCHEMA}.sync_runs as latest
                where latest.sync_name = runs.sync_name)
            order by sync_name"""
        )
        states = db.fetchall(
            f"select sync_name, status, count(*) from {SCHEMA}.sync_state"
            " group by sync_name, status order by sync_name, status"
        )
    finally:
        db.close()
    by_sync: dict[str, str] = {}
    for sync_name, status, count in states:
        by_sync[sync_name] = (by_sync.get(sync_name, "") + f" {status}={count:,}").strip()
    table = Table(title="Sync status (last run, rows by state)")
    for column in (
        "sync",
        "last run",
        "at",
        "added",
        "changed",
        "removed",
        "rejected",
        "blocked",
        "dead letters",
        "rows by state",
    ):
        table.add_column(column)
    for run in runs:
        table.add_row(
            run["sync_name"],
            run["status"] + (" (dry)" if run["is_dry_run"] else ""),
            str(run["started_at"])[:19],
            *(
                str(run[c] or 0)
                for c in (
                    "added",
                    "changed",
                    "removed",
                    "rejected",
                    "blocked_by_consent",
                    "dead_letters",
                )
            ),
            by_sync.get(run["sync_name"], ""),
        )
    Console().print(table)
