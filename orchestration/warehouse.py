"""Connections to the warehouses, configured exactly like profiles.yml, and bulk loading."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from orchestration.project import ROOT


def duckdb_path() -> Path:
    path = Path(os.environ.get("NORTHSTAR_DUCKDB_PATH", "data/northstar.duckdb"))
    return path if path.is_absolute() else ROOT / path


def connect_duckdb(read_only: bool = False):
    import duckdb

    path = duckdb_path()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def pg_settings(dbname: str | None = None) -> dict[str, str]:
    settings = {
        "host": os.environ.get("NORTHSTAR_PG_HOST", "127.0.0.1"),
        "port": os.environ.get("NORTHSTAR_PG_PORT", "5432"),
        "user": os.environ.get("NORTHSTAR_PG_USER", "postgres"),
        "dbname": dbname or os.environ.get("NORTHSTAR_PG_DBNAME", "northstar"),
        "connect_timeout": "10",
    }
    password = os.environ.get("NORTHSTAR_PG_PASSWORD", "")
    if password:
        settings["password"] = password
    return settings


def pg_conninfo(dbname: str | None = None) -> str:
    """A libpq connection string (never log it: it may hold the password)."""
    return " ".join(f"{key}={value}" for key, value in pg_settings(dbname).items())


def pg_display() -> str:
    """Where Postgres is, for messages: host, port, database — no credentials."""
    s = pg_settings()
    return f"postgresql://{s['host']}:{s['port']}/{s['dbname']}"


def ensure_pg_database() -> None:
    """Create the configured database if it does not exist yet."""
    import psycopg
    from psycopg import sql

    name = pg_settings()["dbname"]
    with psycopg.connect(pg_conninfo("postgres"), autocommit=True) as con:
        exists = con.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if not exists:
            con.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def load_tables(target: str, tables: Mapping[tuple[str, str], pa.Table]) -> None:
    """Replace each (schema, table) with the Arrow table, through the bulk path of the target."""
    if target == "duckdb":
        _load_duckdb(tables)
    elif target == "postgres":
        _load_postgres(tables)
    else:
        raise ValueError(f"Unknown target {target!r}: use duckdb or postgres.")


def _load_duckdb(tables: Mapping[tuple[str, str], pa.Table]) -> None:
    con = connect_duckdb()
    try:
        con.execute("begin")
        for (schema, name), table in tables.items():
            con.execute(f"create schema if not exists {schema}")
            con.register("arrow_input", table)
            con.execute(f"create or replace table {schema}.{name} as select * from arrow_input")
            con.unregister("arrow_input")
        con.execute("commit")
    finally:
        con.close()


def _load_postgres(tables: Mapping[tuple[str, str], pa.Table]) -> None:
    import psycopg
    from psycopg import sql

    ensure_pg_database()
    with psycopg.connect(pg_conninfo()) as con:
        for (schema, name), table in tables.items():
            ident = sql.Identifier(schema, name)
            con.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            # Views built on the raw table (staging) go too; the next dbt build recreates them.
            con.execute(sql.SQL("drop table if exists {} cascade").format(ident))
            columns = sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(f.name), sql.SQL(_pg_type(f.type)))
                for f in table.schema
            )
            con.execute(sql.SQL("create table {} ({})").format(ident, columns))
            # CSV from Arrow: a null is an unquoted empty field, an empty string is quoted,
            # which is exactly how COPY tells them apart.
            copy = sql.SQL("copy {} from stdin with (format csv)").format(ident)
            with con.cursor().copy(copy) as writer:
                for batch in table.to_batches(max_chunksize=200_000):
                    buffer = io.BytesIO()
                    pacsv.write_csv(
                        batch,
                        buffer,
                        pacsv.WriteOptions(include_header=False, quoting_style="needed"),
                    )
                    writer.write(buffer.getvalue())
        con.commit()


def _pg_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_integer(arrow_type):
        return "bigint"
    if pa.types.is_floating(arrow_type):
        return "double precision"
    return "text"
