"""Generated data built on DuckDB and on PostgreSQL: identity accurate against the truth, the same
person_ids on both, and every mart identical on both (sorted, compared value by value)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from orchestration.identity.evaluate import evaluate
from tests.conftest import drop_pg_database, make_warehouse

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.xdist_group("evaluation")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The same 3,000 generated persons, every model built, on DuckDB and on PostgreSQL."""
    root = tmp_path_factory.mktemp("cross")
    duck = make_warehouse("duckdb", root / "duckdb")
    pg = make_warehouse("postgres", root / "postgres")
    try:
        for wh in (duck, pg):
            wh.northstar("generate", "--persons", "3000", "--seed", "9", "--target", wh.target)
            wh.dbt("seed")
            wh.dbt("run")
        yield duck, pg
    finally:
        if pg.pg_dbname:
            drop_pg_database(pg.pg_dbname)


# Columns that hold the time of the build itself, which differs between the two builds.
BUILD_TIME_COLUMNS = {"suppression_list": {"suppressed_at"}}


def comparable(value: Any) -> Any:
    """One spelling per value across warehouses: numbers to 6 decimals, instants naive UTC."""
    if isinstance(value, Decimal | float):
        return round(float(value), 6)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def test_every_mart_is_identical_on_duckdb_and_postgres(built):
    duck, pg = built
    marts = [
        name
        for (name,) in duck.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
            " order by table_name"
        )
    ]
    assert len(marts) >= 10, marts
    pg_marts = [
        name
        for (name,) in pg.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
            " order by table_name"
        )
    ]
    assert pg_marts == marts
    differences, empty = [], []
    for mart in marts:
        columns = [
            name
            for (name,) in duck.query(
                "select column_name from information_schema.columns where table_schema ="
                f" 'marts' and table_name = '{mart}' order by ordinal_position"
            )
            if name not in BUILD_TIME_COLUMNS.get(mart, set())
        ]
        select = f"select {', '.join(columns)} from marts.{mart}"
        rows = {}
        for wh in (duck, pg):
            rows[wh.target] = sorted(
                (tuple(comparable(v) for v in row) for row in wh.query(select)),
                key=lambda row: tuple((v is None, str(v)) for v in row),
            )
        if not rows["duckdb"]:
            empty.append(mart)  # an audience can be empty for 3,000 persons; compared anyway
        if rows["duckdb"] != rows["postgres"]:
            only_duck = set(rows["duckdb"]) - set(rows["postgres"])
            only_pg = set(rows["postgres"]) - set(rows["duckdb"])
            differences.append(
                f"marts.{mart}: {len(rows['duckdb'])} rows on DuckDB, {len(rows['postgres'])} on"
                f" PostgreSQL; e.g. DuckDB only {sorted(only_duck, key=str)[:1]},"
                f" PostgreSQL only {sorted(only_pg, key=str)[:1]} (columns {columns})"
            )
    assert not differences, "\n".join(differences)
    assert len(empty) <= len(marts) // 4, f"too many empty marts to compare: {empty}"


def test_generated_persons_are_resolved_accurately_and_identically_on_both_warehouses(built):
    duck, pg = built
    results = {}
    for wh in (duck, pg):
        results[wh.target] = sorted(
            wh.query(
                "select person_id, identifier_type, identifier_value"
                " from intermediate.int_identity_persons_assigned"
            )
        )
    assert results["duckdb"] == results["postgres"]
    scores, _ = evaluate(duck.query)
    assert scores.pairwise_precision >= 0.995, scores
    assert scores.pairwise_f1 >= 0.985, scores
    assert scores.bcubed_f1 >= 0.985, scores
    # Nobody is joined through a blocked value: blocked values are not in any person.
    joined_by_blocked = duck.scalar(
        "select count(*) from intermediate.int_identity_persons_assigned as persons"
        " inner join audit.identity_blocked_values as blocked"
        " on persons.identifier_type = blocked.identifier_type"
        " and persons.identifier_value = blocked.identifier_value"
    )
    assert joined_by_blocked == 0
    assert duck.scalar("select count(*) from audit.identity_blocked_values") > 0
