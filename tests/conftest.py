"""Fixtures: a temporary DuckDB file or a fresh PostgreSQL database per test module."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import Warehouse, pg_conninfo

IN_CI = os.environ.get("CI", "").lower() == "true"


def postgres_unavailable_reason() -> str | None:
    try:
        import psycopg

        with psycopg.connect(pg_conninfo("postgres")) as con:
            con.execute("select 1")
    except Exception as exc:  # any failure to reach the server
        return f"PostgreSQL is not reachable ({type(exc).__name__}: {exc})"
    return None


def require_postgres() -> None:
    """Skip when no server answers — except in CI, where a missing server is a failure."""
    reason = postgres_unavailable_reason()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"{reason}; with CI=true the PostgreSQL tests must run.", pytrace=False)
    pytest.skip(reason)


def create_pg_database(prefix: str) -> str:
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_conninfo("postgres"), autocommit=True) as con:
        con.execute(f'create database "{name}"')
    return name


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(pg_conninfo("postgres"), autocommit=True) as con:
        con.execute(f'drop database if exists "{name}" with (force)')


def make_warehouse(target: str, work_dir: Path) -> Warehouse:
    work_dir.mkdir(parents=True, exist_ok=True)
    if target == "duckdb":
        return Warehouse(
            target="duckdb",
            env={
                "NORTHSTAR_TARGET": "duckdb",
                "NORTHSTAR_DUCKDB_PATH": str(work_dir / "northstar.duckdb"),
            },
            work_dir=work_dir,
        )
    require_postgres()
    dbname = create_pg_database("northstar_test")
    return Warehouse(
        target="postgres",
        # PostgreSQL runs the independent models of a layer side by side.
        env={
            "NORTHSTAR_TARGET": "postgres",
            "NORTHSTAR_PG_DBNAME": dbname,
            "NORTHSTAR_THREADS": "4",
        },
        work_dir=work_dir,
        pg_dbname=dbname,
    )


@pytest.fixture(
    scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def warehouse(request, tmp_path_factory) -> Iterator[Warehouse]:
    """An empty warehouse of each target; the tests of one module share it."""
    wh = make_warehouse(request.param, tmp_path_factory.mktemp(request.param))
    try:
        yield wh
    finally:
        if wh.pg_dbname:
            drop_pg_database(wh.pg_dbname)
