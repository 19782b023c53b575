"""What a build did, read back from the warehouse: rows per raw table, staged, rejected and why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from orchestration.project import dbt_target

Query = Callable[[str], list[tuple[Any, ...]]]


def warehouse_query(target: str | None = None) -> Query:
    """A function running one SQL query on the configured warehouse and returning its rows."""
    target = target or dbt_target()
    if target == "duckdb":
        from orchestration.warehouse import connect_duckdb

        def run_duckdb(sql: str) -> list[tuple[Any, ...]]:
            con = connect_duckdb(read_only=True)
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()

        return run_duckdb
    if target == "postgres":
        import psycopg

        from orchestration.warehouse import pg_conninfo

        def run_postgres(sql: str) -> list[tuple[Any, ...]]:
            with psycopg.connect(pg_conninfo()) as con:
                return con.execute(sql).fetchall()

        return run_postgres
    raise ValueError(f"Unknown target {target!r}: use duckdb or postgres (NORTHSTAR_TARGET).")


@dataclass(frozen=True)
class Reconciliation:
    source_table: str
    raw_rows: int
    staged_rows: int
    rejected_rows: int
    duplicate_rows_removed: int
    is_balanced: bool


def read_reconciliation(query: Query) -> list[Reconciliation]:
    rows = query(
        "select source_table, raw_rows, staged_rows, rejected_rows, duplicate_rows_removed,"
        " is_balanced from audit.reconciliation order by source_table"
    )
    return [Reconciliation(str(r[0]), *(int(v) for v in r[1:5]), bool(r[5])) for r in rows]


def read_reject_reasons(query: Query, limit: int = 30) -> list[tuple[str, str, str, str, int]]:
    """(source_table, level, field, reason_code, rows) — reason codes, never the raw values."""
    return [
        (str(r[0]), str(r[1]), str(r[2] or ""), str(r[3]), int(r[4]))
        for r in query(
            "select source_table, reject_level, field, reason_code, count(*) as n"
            " from audit.quarantine group by 1, 2, 3, 4"
            f" order by n desc, source_table, field limit {int(limit)}"
        )
    ]


def render_summary(
    reconciliation: Sequence[Reconciliation],
    reasons: Sequence[tuple[str, str, str, str, int]],
    console: Console | None = None,
) -> None:
    console = console or Console()
    table = Table(title="Raw → staging, per raw table", show_footer=True)
    totals = [
        sum(getattr(r, f) for r in reconciliation)
        for f in ("raw_rows", "staged_rows", "rejected_rows", "duplicate_rows_removed")
    ]
    table.add_column("raw table", footer="total")
    for name, total in zip(
        ("raw rows", "staged", "rejected", "duplicates removed"), totals, strict=True
    ):
        table.add_column(name, justify="right", footer=f"{total:,}")
    table.add_column("balanced")
    for r in reconciliation:
        table.add_row(
            r.source_table,
            f"{r.raw_rows:,}",
            f"{r.staged_rows:,}",
            f"{r.rejected_rows:,}",
            f"{r.duplicate_rows_removed:,}",
            "[green]yes[/]" if r.is_balanced else "[red]NO[/]",
        )
    console.print(table)
    if reasons:
        why = Table(title="Quarantined (audit.quarantine), by reason")
        for col in ("raw table", "level", "field", "reason"):
            why.add_column(col)
        why.add_column("rows", justify="right")
        for source_table, level, field, reason, n in reasons:
            why.add_row(source_table, level, field, reason, f"{n:,}")
        console.print(why)
