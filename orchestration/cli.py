"""The `northstar` command line."""

from __future__ import annotations

import typer
from rich.console import Console

from orchestration.generator.command import generate_command
from orchestration.reverse_etl.cli import sync_app

app = typer.Typer(
    help="Northstar: a warehouse-native customer data platform (dbt + Dagster).",
    no_args_is_help=True,
    add_completion=False,
)
app.command("generate")(generate_command)
app.add_typer(sync_app, name="sync")


@app.command()
def demo() -> None:
    """Run the whole pipeline through Dagster (job `full_build`: raw data to the syncs, which
    send to local destination servers started for the run) and print what it did."""
    from orchestration.runner import run_full_build

    run_full_build(console=Console())


@app.command()
def summary() -> None:
    """Print rows per raw table, staged, rejected (with reasons) from the last build."""
    from orchestration.summary import (
        read_reconciliation,
        read_reject_reasons,
        render_summary,
        warehouse_query,
    )

    query = warehouse_query()
    render_summary(read_reconciliation(query), read_reject_reasons(query))


@app.command()
def prepare() -> None:
    """Parse the dbt project into target/manifest.json, the manifest Dagster loads its assets
    from (run it when building a deployment; `dagster dev` re-parses on its own)."""
    from orchestration.project import northstar_project, prepare_manifest

    prepare_manifest()
    Console().print(f"Prepared [cyan]{northstar_project.manifest_path}[/]")


@app.command()
def ui(
    host: str = typer.Option("127.0.0.1", help="Interface the UI listens on."),
    port: int = typer.Option(3000, help="Port of the Dagster UI."),
    destinations_port: int = typer.Option(8765, help="Port of the local destination servers."),
    real_destinations: bool = typer.Option(
        False, help="Send syncs to the real APIs instead of the local destination servers."
    ),
) -> None:
    """Serve the Dagster UI and daemon (schedules, landing sensor) with `dagster dev`."""
    from orchestration.ui import serve_ui

    raise typer.Exit(code=serve_ui(host, port, destinations_port, real_destinations))


@app.command()
def instance(
    storage: str = typer.Option("sqlite", help="sqlite (files under DAGSTER_HOME) or postgres."),
    overwrite: bool = typer.Option(False, help="Replace an existing dagster.yaml."),
) -> None:
    """Write $DAGSTER_HOME/dagster.yaml (default .dagster_home): SQLite storage, or run/event/
    schedule storage in PostgreSQL from DAGSTER_PG_URL."""
    import os
    from pathlib import Path

    from orchestration.instance import ROOT, write_instance_config

    home = Path(os.environ.get("DAGSTER_HOME", str(ROOT / ".dagster_home")))
    try:
        config = write_instance_config(home, storage, overwrite=overwrite)
    except (ValueError, RuntimeError) as exc:
        raise typer.BadParameter(str(exc)) from None
    Console().print(f"Dagster instance: [cyan]{config}[/] ({storage} storage)")


evaluate_app = typer.Typer(help="Score the pipeline against the generator's ground truth.")
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.command("identity")
def evaluate_identity(
    min_f1: float = typer.Option(0.0, help="Exit non-zero when pairwise F1 is below this."),
    min_bcubed_f1: float = typer.Option(0.0, help="Exit non-zero when B-cubed F1 is below this."),
    max_over_merged: int = typer.Option(
        -1, help="Exit non-zero when more true persons than this are over-merged (-1: no limit)."
    ),
) -> None:
    """Compare dim_customer_identifiers with truth.person_identifiers: precision, recall, F1."""
    from rich.table import Table

    from orchestration.identity.evaluate import evaluate
    from orchestration.summary import warehouse_query

    scores, kept_out = evaluate(warehouse_query())
    table = Table(title="Identity resolution vs truth.person_identifiers")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in scores.as_dict().items():
        table.add_row(
            name.replace("_", " "), f"{value:.4f}" if isinstance(value, float) else f"{value:,}"
        )
    table.add_row("truth identifiers kept out (blocked)", f"{kept_out:,}")
    console = Console()
    console.print(table)
    failures = []
    if scores.pairwise_f1 < min_f1:
        failures.append(f"pairwise F1 {scores.pairwise_f1:.4f} < {min_f1}")
    if scores.bcubed_f1 < min_bcubed_f1:
        failures.append(f"B-cubed F1 {scores.bcubed_f1:.4f} < {min_bcubed_f1}")
    if max_over_merged >= 0 and scores.over_merged_true_persons > max_over_merged:
        failures.append(
            f"{scores.over_merged_true_persons} over-merged true persons > {max_over_merged}"
        )
    if failures:
        console.print("[red]Below threshold:[/] " + "; ".join(failures))
        raise typer.Exit(code=1)


bench_app = typer.Typer(help="Benchmarks that print figures (times, rows/s, peak memory).")
app.add_typer(bench_app, name="bench")
BENCH_OUT = "artifacts/bench"


@bench_app.command("generate")
def bench_generate_command(
    persons: list[int] = typer.Option([100_000], "--persons", help="Sizes (repeatable)."),
    target: str | None = typer.Option(None, help="duckdb or postgres (default NORTHSTAR_TARGET)."),
    out: str = typer.Option(BENCH_OUT, help="Where results (JSON) and work files go."),
) -> None:
    """Time generation+load and the staging build at each size, with peak memory."""
    from pathlib import Path

    from orchestration.bench import bench_generate

    bench_generate(persons, target, Path(out), Console())


@bench_app.command("identity")
def bench_identity_command(
    persons: int = typer.Option(100_000, "--persons", help="How many persons to generate."),
    target: str | None = typer.Option(None, help="duckdb or postgres (default NORTHSTAR_TARGET)."),
    out: str = typer.Option(BENCH_OUT, help="Where results (JSON) and work files go."),
) -> None:
    """Time the identity layer, and scipy's connected components on the same edges."""
    from pathlib import Path

    from orchestration.bench import bench_identity

    bench_identity(persons, target, Path(out), Console())


@bench_app.command("marts")
def bench_marts_command(
    persons: int = typer.Option(100_000, "--persons", help="How many persons to generate."),
    target: str | None = typer.Option(None, help="duckdb or postgres (default NORTHSTAR_TARGET)."),
    out: str = typer.Option(BENCH_OUT, help="Where results (JSON) and work files go."),
) -> None:
    """Time the customer marts' full build, then an incremental run after one new day of events
    against a full refresh."""
    from pathlib import Path

    from orchestration.bench_marts import bench_marts

    bench_marts(persons, target, Path(out), Console())


@bench_app.command("sync")
def bench_sync_command(
    rows: int = typer.Option(100_000, "--rows", help="Rows delivered to the unthrottled fake."),
    plan_rows: int = typer.Option(1_000_000, "--plan-rows", help="Unchanged audience size."),
    rate_rows: int = typer.Option(
        30_000, "--rate-rows", help="Rows sent at HubSpot's documented rate (0: skip)."
    ),
    target: str | None = typer.Option(None, help="duckdb or postgres (default NORTHSTAR_TARGET)."),
    out: str = typer.Option(BENCH_OUT, help="Where results (JSON) and the bench warehouse go."),
) -> None:
    """Reverse ETL: rows/s to the local HubSpot, the plan time of an unchanged audience (and
    that it sends nothing), throughput at HubSpot's rate as a share of the ceiling."""
    import os
    from pathlib import Path

    from orchestration.reverse_etl.bench import bench_sync

    chosen = target or os.environ.get("NORTHSTAR_TARGET", "duckdb")
    bench_sync(chosen, rows, plan_rows, rate_rows, Path(out), Console())


@bench_app.command("suite")
def bench_suite_command(
    persons: list[int] = typer.Option(
        [10_000, 100_000], "--persons", help="Sizes in persons (repeat the option)."
    ),
    target: list[str] = typer.Option(
        ["duckdb", "postgres"], "--target", help="Targets from profiles.yml (repeat the option)."
    ),
    out: str = typer.Option(BENCH_OUT, help="Where results (JSON, markdown, SVG) and work go."),
    benchmarks_md: bool = typer.Option(
        False, "--benchmarks-md", help="Also write the tables into BENCHMARKS.md."
    ),
) -> None:
    """The whole pipeline per target and size: generation+load, seeds, every layer, identity vs
    scipy, the reverse-ETL plan of an unchanged audience, peak memory; markdown, JSON and a plot."""
    from pathlib import Path

    from orchestration.bench_suite import bench_suite
    from orchestration.project import ROOT

    bench_suite(
        persons, target, Path(out), Console(), ROOT / "BENCHMARKS.md" if benchmarks_md else None
    )


if __name__ == "__main__":
    app()


@app.command()
def erase(
    target: str = typer.Option(
        None, help="duckdb or postgres (default: NORTHSTAR_TARGET, else duckdb)."
    ),
    build: bool = typer.Option(
        True, "--build/--no-build", help="Run `dbt build` first (skip only right after one)."
    ),
) -> None:
    """Erase every person on the suppression list (verified erasure requests): delete their raw
    rows, rebuild, and prove in audit.erasure_ledger that no PII-tagged relation holds them."""
    import os

    from rich.table import Table

    from orchestration.privacy.erasure import ErasureError, run_erasure

    console = Console()
    chosen = target or os.environ.get("NORTHSTAR_TARGET", "duckdb")
    try:
        result = run_erasure(chosen, build=build)
    except ErasureError as error:
        console.print(f"[bold red]Erasure failed[/]: {error}")
        raise typer.Exit(1) from error
    if not result.request_ids:
        console.print("No erasure to do: every request on the suppression list is proven done.")
        return
    table = Table(title=f"Erasure run {result.run_id} on {chosen}")
    for column in ("request", "relation", "kind", "rows found", "rows left"):
        table.add_column(column, justify="right" if column.startswith("rows") else "left")
    for proof in result.proofs:
        table.add_row(
            proof.request_id,
            proof.relation,
            proof.kind,
            str(proof.rows_found),
            str(proof.rows_left),
        )
    console.print(table)
    console.print(
        f"{len(result.request_ids)} request(s), {result.persons_erased} person id(s): "
        f"{result.rows_found} rows found, {result.raw_rows_deleted} raw rows deleted, "
        f"{result.rows_left} left (audit.erasure_ledger)."
    )
