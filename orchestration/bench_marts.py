"""`northstar bench marts`: the customer marts' full build, then an incremental run after one
more day of events against a full refresh of the same data.

Steps: generate N persons, build everything the customer marts read (untimed), time the full
build of the customer marts (with peak RSS), land about one day of new events (copies of the
newest ~1% of web, email, shop and store events with new ids, moved forward to start one day
after the latest stamp loaded; the same visitors and recipients), rebuild staging and identity
(untimed), then time the incremental run and a full refresh of the customer marts. The
incremental facts are checked to equal the full refresh's.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from orchestration.bench import Step, bench_env, dbt_step, generate_step, render, write_results
from orchestration.generator.contract import RAW_TABLES
from orchestration.project import dbt_target

MARTS = ["intermediate.activity", "intermediate.customer", "marts.customer"]
INCREMENTAL_FACTS = ["fct_orders", "fct_web_sessions", "fct_email_engagement"]
VARS = ["--vars", json.dumps({"northstar_demo_data": False})]
DAY_PREFIX = "d1-"
DAY_SHARE = 0.01


@dataclass(frozen=True)
class EventTable:
    """A raw event table copied for the new day: its staged model, how keys map, which columns
    are timestamps (moved forward, from the staged typed value), the event time that picks the
    newest rows, and the stamp an incremental fact keeps as its watermark."""

    raw: str
    staged: str
    raw_key: str
    staged_key: str
    timestamps: tuple[str, ...]
    event_time: str
    watermark: str


EVENT_TABLES = (
    EventTable(
        "web_events",
        "stg_web__events",
        "message_id",
        "message_id",
        ("sent_at", "received_at"),
        "sent_at",
        "received_at",
    ),
    EventTable(
        "esp_events",
        "stg_esp__events",
        "event_id",
        "event_id",
        ("occurred_at",),
        "occurred_at",
        "occurred_at",
    ),
    EventTable(
        "shop_orders",
        "stg_shop__orders",
        "id",
        "order_id",
        ("created_at", "updated_at", "cancelled_at"),
        "created_at",
        "greatest(created_at, coalesce(updated_at, created_at),"
        " coalesce(cancelled_at, created_at))",
    ),
    EventTable(
        "pos_transactions",
        "stg_pos__transactions",
        "transaction_id",
        "transaction_id",
        ("occurred_at",),
        "occurred_at",
        "occurred_at",
    ),
)
# Lines follow their copied order: (raw line table, its key, the order column, parent table).
LINE_TABLES = (
    ("shop_order_lines", "id", "order_id", "shop_orders", "id"),
    ("pos_transaction_lines", None, "transaction_id", "pos_transactions", "transaction_id"),
)


def execute(target: str, statements: list[str]) -> None:
    if target == "duckdb":
        from orchestration.warehouse import connect_duckdb

        con = connect_duckdb()
        try:
            con.execute("begin")
            for statement in statements:
                con.execute(statement)
            con.execute("commit")
        finally:
            con.close()
        return
    import psycopg

    from orchestration.warehouse import pg_conninfo

    with psycopg.connect(pg_conninfo()) as con:
        for statement in statements:
            con.execute(statement)


def copy_event_sql(table: EventTable, offset: int) -> str:
    """Insert copies of the newest staged rows of `table` by event time (one raw row per key),
    with new ids and every timestamp moved forward by the same amount, so that the copies start
    one day after the latest stamp already loaded: the next day's data, arriving after the last
    load, as a collector or an EL tool would deliver it."""
    exprs = []
    for column in RAW_TABLES[table.raw]:
        if column == table.raw_key:
            exprs.append(f"'{DAY_PREFIX}' || trim(picked.{column})")
        elif column in table.timestamps:
            exprs.append(f"cast(newest.{column} + bounds.shift as varchar)")
        else:
            exprs.append(f"picked.{column}")
    columns = ", ".join(RAW_TABLES[table.raw])
    return f"""
        insert into raw.{table.raw} ({columns})
        with threshold as (
            select {table.event_time} as newest_from from staging.{table.staged}
            order by {table.event_time} desc limit 1 offset {offset}
        ),

        bounds as (
            select
                threshold.newest_from,
                (select max({table.watermark}) from staging.{table.staged})
                - threshold.newest_from + interval '1 day' as shift
            from threshold
        )

        select {", ".join(exprs)}
        from (
            select
                raw_rows.*,
                row_number() over (
                    partition by trim(raw_rows.{table.raw_key}) order by raw_rows.{table.raw_key}
                ) as copy_rank
            from raw.{table.raw} as raw_rows
        ) as picked
        inner join staging.{table.staged} as newest
            on trim(picked.{table.raw_key}) = newest.{table.staged_key}
        cross join bounds
        where picked.copy_rank = 1 and newest.{table.event_time} >= bounds.newest_from
    """


def copy_lines_sql(line_table: str, line_key: str | None, order_column: str, parent: str,
                   parent_key: str) -> str:  # fmt: skip
    exprs = []
    for column in RAW_TABLES[line_table]:
        if column in (line_key, order_column):
            exprs.append(f"'{DAY_PREFIX}' || trim(line_rows.{column})")
        else:
            exprs.append(f"line_rows.{column}")
    return f"""
        insert into raw.{line_table} ({", ".join(RAW_TABLES[line_table])})
        select {", ".join(exprs)}
        from raw.{line_table} as line_rows
        where trim(line_rows.{order_column}) in (
            select substr({parent_key}, {len(DAY_PREFIX) + 1}) from raw.{parent}
            where {parent_key} like '{DAY_PREFIX}%'
        )
    """


def land_one_day(target: str) -> int:
    """Land the new day in raw; returns the rows added."""
    from orchestration.summary import warehouse_query

    query = warehouse_query(target)
    before = {
        name: query(f"select count(*) from raw.{name}")[0][0]
        for name in [t.raw for t in EVENT_TABLES] + [t[0] for t in LINE_TABLES]
    }
    statements = []
    for table in EVENT_TABLES:
        staged_rows = query(f"select count(*) from staging.{table.staged}")[0][0]
        statements.append(copy_event_sql(table, max(int(staged_rows * DAY_SHARE) - 1, 0)))
    statements += [copy_lines_sql(*line_table) for line_table in LINE_TABLES]
    execute(target, statements)
    return sum(query(f"select count(*) from raw.{name}")[0][0] - n for name, n in before.items())


def fact_checksums(target: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every incremental fact."""
    from orchestration.summary import warehouse_query

    query = warehouse_query(target)
    row_hash = "hash(facts)" if target == "duckdb" else "hashtext(facts::text)::bigint"
    sums = {}
    for fact in INCREMENTAL_FACTS:
        count, total = query(
            f"select count(*), sum(cast({row_hash} as decimal(38, 0))) from marts.{fact} as facts"
        )[0]
        sums[fact] = (int(count), str(total))
    return sums


def model_seconds(work: Path) -> dict[str, float]:
    """Execution time per model of the last dbt command (from its run_results.json)."""
    results = json.loads((work / "target" / "run_results.json").read_text())
    return {
        r["unique_id"].split(".")[-1]: float(r["execution_time"])
        for r in results["results"]
        if r["unique_id"].startswith("model.")
    }


def event_rows(target: str) -> int:
    from orchestration.summary import warehouse_query

    query = warehouse_query(target)
    return sum(query(f"select count(*) from raw.{t.raw}")[0][0] for t in EVENT_TABLES)


def bench_marts(persons: int, target: str | None, out_dir: Path, console: Console) -> None:
    target = target or dbt_target()
    work = out_dir / f"marts-{target}-{persons}"
    work.mkdir(parents=True, exist_ok=True)
    env = bench_env(target, work)
    os.environ.update({k: v for k, v in env.items() if k.startswith("NORTHSTAR_")})
    upstream = ["--select", "+marts.customer", "--exclude", *MARTS]
    marts = ["--select", *MARTS]

    steps: list[Step] = [generate_step(persons, env, target)]
    steps.append(dbt_step("dbt seed", ["seed", *VARS], env, work))
    # The first build runs everything the marts read, the marts included: the consent marts sit
    # between the customer models (they read the survived attributes; dim_customers reads them).
    steps.append(
        dbt_step(
            "dbt run up to the marts (staging, identity, consent)",
            ["run", "--select", "+marts.customer", *VARS],
            env,
            work,
        )
    )
    full_build = dbt_step(
        "customer marts: full build", ["run", "--full-refresh", *marts, *VARS], env, work
    )
    steps.append(full_build)
    full_build_models = model_seconds(work)

    raw_events = event_rows(target)
    landed = land_one_day(target)
    steps.append(
        dbt_step("dbt run staging, identity with the new day", ["run", *upstream, *VARS], env, work)
    )
    incremental = dbt_step("customer marts: incremental run", ["run", *marts, *VARS], env, work)
    steps.append(incremental)
    incremental_models = model_seconds(work)
    incremental_sums = fact_checksums(target)
    refresh = dbt_step(
        "customer marts: full refresh", ["run", "--full-refresh", *marts, *VARS], env, work
    )
    steps.append(refresh)
    refresh_models = model_seconds(work)
    refresh_sums = fact_checksums(target)
    identical = incremental_sums == refresh_sums

    render(f"Customer marts on {target}, {persons:,} persons", steps, console)
    table = Table(title="Customer marts, seconds per model (in the warehouse, from run_results)")
    for column in ("model", "full build", "incremental", "full refresh", "incr / refresh"):
        table.add_column(column, justify="left" if column == "model" else "right")
    for model in sorted(refresh_models, key=lambda m: -refresh_models[m]):
        ratio = (
            incremental_models.get(model, 0) / refresh_models[model] if refresh_models[model] else 0
        )
        table.add_row(
            model + (" (incremental)" if model in INCREMENTAL_FACTS else ""),
            f"{full_build_models.get(model, 0):.2f}",
            f"{incremental_models.get(model, 0):.2f}",
            f"{refresh_models[model]:.2f}",
            f"{ratio:.0%}",
        )
    console.print(table)

    def facts_total(models: dict[str, float]) -> float:
        return sum(models.get(m, 0.0) for m in INCREMENTAL_FACTS)

    facts_ratio = facts_total(incremental_models) / max(facts_total(refresh_models), 1e-9)
    wall_ratio = incremental.seconds / max(refresh.seconds, 1e-9)
    console.print(
        f"one new day: {landed:,} raw rows ({landed / max(raw_events, 1):.1%} of {raw_events:,}"
        f" event rows, lines included); incremental run {incremental.seconds:.1f}s vs full"
        f" refresh {refresh.seconds:.1f}s = {wall_ratio:.0%} (wall, dbt start-up included);"
        f" the incremental facts alone {facts_total(incremental_models):.2f}s vs"
        f" {facts_total(refresh_models):.2f}s = {facts_ratio:.0%}; incremental facts"
        f" {'identical to' if identical else 'DIFFERENT from'} the full refresh"
    )
    path = write_results(
        f"marts-{target}-{persons}",
        {
            "persons": persons,
            "steps": [asdict(s) for s in steps],
            "landed_rows": landed,
            "event_rows_before": raw_events,
            "model_seconds": {
                "full_build": full_build_models,
                "incremental": incremental_models,
                "full_refresh": refresh_models,
            },
            "incremental_over_refresh_wall": wall_ratio,
            "incremental_facts_over_refresh": facts_ratio,
            "incremental_equals_refresh": identical,
            "checksums": {"incremental": incremental_sums, "full_refresh": refresh_sums},
        },
        out_dir,
    )
    console.print(f"results: {path}")
    if not identical:
        raise SystemExit("the incremental facts differ from the full refresh")
