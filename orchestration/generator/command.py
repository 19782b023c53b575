"""`northstar generate`: write every raw table and the ground truth into a warehouse."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from orchestration.generator.rates import MessRates
from orchestration.generator.world import RAW_TABLES, STEPS, generate

MESS_HELP = "Override one mess rate: name=rate (repeatable). Names: " + ", ".join(
    MessRates.model_fields
)

console = Console(stderr=True)


def parse_mess(values: list[str]) -> dict[str, float]:
    overrides: dict[str, float] = {}
    for item in values:
        name, sep, rate = item.partition("=")
        try:
            overrides[name.strip()] = float(rate)
        except ValueError:
            sep = ""
        if not sep:
            raise typer.BadParameter(f"--mess {item!r}: write it as name=rate, e.g. email_case=0.2")
    return overrides


def landed_marker(tables: dict[tuple[str, str], pa.Table], loaded_by: str) -> pa.Table:
    """raw.northstar_landed_tables: tells the dbt project raw holds landed (non-demo) data."""
    names = [name for (schema, name) in tables if schema == "raw"]
    return pa.table(
        {
            "table_name": pa.array(names, pa.string()),
            "loaded_by": pa.array([loaded_by] * len(names), pa.string()),
            "loaded_at": pa.array(
                [datetime.now().strftime("%Y-%m-%d %H:%M:%S")] * len(names), pa.string()
            ),
            "row_count": pa.array([tables[("raw", n)].num_rows for n in names], pa.int64()),
        }
    )


def generate_command(
    persons: int = typer.Option(..., "--persons", min=1, help="How many real persons to simulate."),
    seed: int = typer.Option(42, "--seed", help="Same seed, same data, byte for byte."),
    target: str = typer.Option(
        "duckdb", "--target", help="duckdb or postgres (settings as in profiles.yml)."
    ),
    as_of: str = typer.Option("2026-11-01", "--as-of", help="The generator's today (UTC date)."),
    mess_scale: float = typer.Option(1.0, "--mess-scale", min=0, help="Multiply every mess rate."),
    mess: list[str] = typer.Option(
        [],
        "--mess",
        help=MESS_HELP,
    ),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", help="Also write one Parquet file per raw table here."
    ),
    no_load: bool = typer.Option(False, "--no-load", help="Only write --output-dir files."),
) -> None:
    """Generate realistic, messy raw data for every source, plus truth.person_identifiers."""
    from orchestration.warehouse import duckdb_path, load_tables, pg_display

    if target not in ("duckdb", "postgres"):
        raise typer.BadParameter("--target must be duckdb or postgres")
    try:
        rates = MessRates().scaled(mess_scale).with_overrides(parse_mess(mess))
        today = date.fromisoformat(as_of)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc

    started = time.perf_counter()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task(f"Generating {persons:,} persons", total=len(STEPS) + 1)

        def step(label: str) -> None:
            progress.update(task, advance=1, description=f"Generated {label}")

        tables = generate(persons, seed=seed, as_of=today, rates=rates, on_step=step)
        generated = time.perf_counter()
        if output_dir is not None:
            import pyarrow.parquet as pq

            output_dir.mkdir(parents=True, exist_ok=True)
            for (schema, name), table in tables.items():
                if schema == "raw":
                    pq.write_table(table, output_dir / f"{name}.parquet")
        if not no_load:
            progress.update(task, description=f"Loading into {target}")
            tables[("raw", "northstar_landed_tables")] = landed_marker(tables, "northstar generate")
            load_tables(target, tables)
        progress.update(task, advance=1, description="Done")
    loaded = time.perf_counter()

    summary = Table(title=f"northstar generate — {persons:,} persons, seed {seed}")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    total = 0
    for (schema, name), table in tables.items():
        if name == "northstar_landed_tables":
            continue
        summary.add_row(f"{schema}.{name}", f"{table.num_rows:,}")
        total += table.num_rows if schema == "raw" else 0
    summary.add_row("[bold]raw total", f"[bold]{total:,}")
    console.print(summary)
    where = duckdb_path() if target == "duckdb" else pg_display()
    console.print(
        f"generated in {generated - started:.1f}s, loaded in {loaded - generated:.1f}s "
        f"({total / max(loaded - started, 1e-9):,.0f} raw rows/s)"
        + ("" if no_load else f" into {where}")
    )
    if not no_load:
        console.print(
            "Next: [cyan]dbt build --profiles-dir .[/] (the demo seeds stay out of the way of "
            "these tables: see raw.northstar_landed_tables)."
        )


__all__ = ["RAW_TABLES", "generate_command"]
