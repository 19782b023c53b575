"""`northstar generate`: write every raw table and the ground truth into a warehouse."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from orchestration.generator.contract import MARKER_TABLE, RAW_TABLES, TRUTH_TABLE
from orchestration.generator.pipeline import DEFAULT_AS_OF, Generation, TableKey, step_count
from orchestration.generator.prefetch import prefetch
from orchestration.generator.rates import MessRates, parse_overrides

MESS_HELP = "Set one mess rate, name=rate (repeatable). Names: " + ", ".join(MessRates.names())
LOADED_BY = "northstar generate"


def landed_marker(rows: dict[str, int], loaded_by: str = LOADED_BY) -> pa.Table:
    """raw.northstar_landed_tables: one row per raw table, telling the dbt project that raw
    holds landed data (the demo seeds then stay out of the way), and one for the truth table
    (person_identifiers) when it is given, so the demo's truth seed does not replace it either.
    loaded_at is the load's own wall-clock time (UTC): metadata about the load, not data."""
    names = [name for name in [*RAW_TABLES, TRUTH_TABLE[1]] if name in rows]
    loaded_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return pa.table(
        {
            "table_name": pa.array(names, pa.string()),
            "loaded_by": pa.array([loaded_by] * len(names), pa.string()),
            "loaded_at": pa.array([loaded_at] * len(names), pa.string()),
            "row_count": pa.array([rows[name] for name in names], pa.int64()),
        }
    )


@dataclass
class Outcome:
    rows: dict[TableKey, int] = field(default_factory=dict)
    mess: dict[str, dict[str, int]] = field(default_factory=dict)
    generate_seconds: float = 0.0
    load_seconds: float = 0.0
    write_seconds: float = 0.0


def run_generate(
    persons: int,
    seed: int,
    target: str | None,
    as_of: date = DEFAULT_AS_OF,
    rates: MessRates | None = None,
    output_dir: Path | None = None,
    console: Console | None = None,
) -> Outcome:
    """Generate and land each piece as it comes (target None: files only). Generation runs in
    a background thread one piece ahead of the loader, so the two overlap."""
    from orchestration.warehouse import load_pieces

    generation = Generation(persons, seed, as_of, rates)
    outcome = Outcome()
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=False,
        disable=console is None,
    )
    writers: dict[str, object] = {}

    def generated() -> Iterator[tuple[TableKey, pa.Table]]:
        """Runs in the background thread: generation (and Parquet files), timed."""
        pieces = generation.pieces(
            on_step=lambda label: progress.update(task, advance=1, description=f"Generated {label}")
        )
        while True:
            started = time.perf_counter()
            piece = next(pieces, None)
            outcome.generate_seconds += time.perf_counter() - started
            if piece is None:
                break
            key, table = piece
            if output_dir is not None and key[0] == "raw":
                started = time.perf_counter()
                _write_parquet(writers, output_dir, key[1], table)
                outcome.write_seconds += time.perf_counter() - started
            yield piece

    def landed() -> Iterator[tuple[TableKey, pa.Table]]:
        """The loader's side: each piece as soon as it is built, timed until the next is asked."""
        for piece in prefetch(generated()):
            started = time.perf_counter()
            yield piece
            outcome.load_seconds += time.perf_counter() - started
        marker = {name: n for (_, name), n in generation.rows.items()}
        yield MARKER_TABLE, landed_marker(marker)

    with progress:
        task = progress.add_task(f"Generating {persons:,} persons", total=step_count())
        try:
            if target is None:
                for _ in generated():
                    pass
            else:
                load_pieces(target, landed())
        finally:
            for writer in writers.values():
                writer.close()
    outcome.rows = dict(generation.rows)
    outcome.mess = {name: generation.mess.of(name) for name in RAW_TABLES}
    return outcome


def _write_parquet(writers: dict, directory: Path, name: str, table: pa.Table) -> None:
    import pyarrow.parquet as pq

    if name not in writers:
        directory.mkdir(parents=True, exist_ok=True)
        writers[name] = pq.ParquetWriter(directory / f"{name}.parquet", table.schema)
    writers[name].write_table(table)


def summary_table(outcome: Outcome, title: str) -> Table:
    table = Table(title=title)
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("messy rows by kind")
    total = 0
    for (schema, name), rows in outcome.rows.items():
        kinds = outcome.mess.get(name, {}) if schema == "raw" else {}
        table.add_row(
            f"{schema}.{name}", f"{rows:,}", ", ".join(f"{k} {v:,}" for k, v in kinds.items())
        )
        total += rows if schema == "raw" else 0
    table.add_row("[bold]raw total", f"[bold]{total:,}", "")
    return table


def generate_command(
    persons: int = typer.Option(..., "--persons", min=1, help="How many real persons to simulate."),
    seed: int = typer.Option(42, "--seed", help="Same seed, same data, byte for byte."),
    target: str = typer.Option(
        "duckdb", "--target", help="duckdb or postgres (settings as in profiles.yml)."
    ),
    as_of: str = typer.Option(
        DEFAULT_AS_OF.isoformat(), "--as-of", help="The generator's today (a UTC date)."
    ),
    mess_scale: float = typer.Option(1.0, "--mess-scale", min=0, help="Multiply every mess rate."),
    mess: list[str] = typer.Option([], "--mess", help=MESS_HELP),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", help="Also write one Parquet file per raw table into this folder."
    ),
    no_load: bool = typer.Option(
        False, "--no-load", help="Write only the --output-dir files, load nothing."
    ),
) -> None:
    """Generate realistic, messy raw data for every source, plus truth.person_identifiers."""
    from orchestration.warehouse import TARGETS, target_display

    if target not in TARGETS:
        raise typer.BadParameter(f"use one of {', '.join(TARGETS)}", param_hint="--target")
    if no_load and output_dir is None:
        raise typer.BadParameter("--no-load needs --output-dir", param_hint="--no-load")
    try:
        rates = MessRates().scaled(mess_scale).with_overrides(parse_overrides(mess))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--mess") from exc
    try:
        today = date.fromisoformat(as_of)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{as_of!r} is not a date (YYYY-MM-DD)", param_hint="--as-of"
        ) from exc

    console = Console(stderr=True)
    started = time.perf_counter()
    outcome = run_generate(
        persons, seed, None if no_load else target, today, rates, output_dir, console
    )
    elapsed = time.perf_counter() - started
    out = Console()
    out.print(summary_table(outcome, f"northstar generate: {persons:,} persons, seed {seed}"))
    raw_rows = sum(n for (schema, _), n in outcome.rows.items() if schema == "raw")
    where = "" if no_load else f" into {target} ({target_display(target)})"
    out.print(
        f"generated in {outcome.generate_seconds:.1f}s, loaded in {outcome.load_seconds:.1f}s"
        f"{where}; {elapsed:.1f}s in all, {raw_rows / max(elapsed, 1e-9):,.0f} raw rows/s"
    )
    if output_dir is not None:
        out.print(f"Parquet files in {output_dir} ({outcome.write_seconds:.1f}s)")
    if not no_load:
        out.print(
            "Next: [cyan]dbt build[/] (raw.northstar_landed_tables tells it raw holds landed "
            "data, so the demo seeds stay out of the way)."
        )
