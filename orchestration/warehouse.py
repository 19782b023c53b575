"""Connections to the warehouses, configured exactly like profiles.yml, and bulk loading.

DuckDB: NORTHSTAR_DUCKDB_PATH (default data/northstar.duckdb, relative to the repository root).
PostgreSQL: NORTHSTAR_PG_HOST/PORT/USER/PASSWORD/DBNAME (default 127.0.0.1:5432, user postgres,
no password, database northstar). Loading is bulk only: DuckDB reads Arrow directly (register +
CREATE TABLE AS), PostgreSQL receives CSV through COPY ... FROM STDIN. Passwords never reach a
message or a log.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.csv as pacsv

# Computed once: this file lives in <root>/orchestration/.
ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("duckdb", "postgres")
COPY_BATCH_ROWS = 100_000


def duckdb_path() -> Path:
    path = Path(os.environ.get("NORTHSTAR_DUCKDB_PATH", "data/northstar.duckdb"))
    return path if path.is_absolute() else ROOT / path


def connect_duckdb(read_only: bool = False):
    """A DuckDB connection to the configured file (its directory is created when writing)."""
    import duckdb

    path = duckdb_path()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set enable_progress_bar = false")
    return con


def pg_settings(dbname: str | None = None) -> dict[str, str]:
    """libpq settings from the environment (the password only when one is set)."""
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
    """A libpq connection string. It may hold the password: never print or log it."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(**pg_settings(dbname))


def pg_display() -> str:
    """Where PostgreSQL is, for messages: host, port and database, no credentials."""
    s = pg_settings()
    return f"postgresql://{s['host']}:{s['port']}/{s['dbname']}"


def target_display(target: str) -> str:
    return str(duckdb_path()) if target == "duckdb" else pg_display()


def ensure_pg_database(dbname: str | None = None) -> None:
    """Create the configured database if it does not exist (connecting to `postgres`)."""
    import psycopg
    from psycopg import sql

    name = dbname or pg_settings()["dbname"]
    with psycopg.connect(pg_conninfo("postgres"), autocommit=True) as con:
        exists = con.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if not exists:
            con.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


class Loader(Protocol):
    def replace(self, schema: str, table: str, data: pa.Table) -> None:
        """Replace schema.table with `data` (Arrow strings land as text, integers as bigint)."""

    def append(self, schema: str, table: str, data: pa.Table) -> None:
        """Add `data` to schema.table, created by `replace` before."""


@contextmanager
def open_loader(target: str) -> Iterator[Loader]:
    """A bulk loader for the target. On DuckDB each table is committed once all its pieces
    are in (bounded memory); on PostgreSQL everything is committed when the block ends. Either
    way, a table is never seen half-loaded."""
    if target == "duckdb":
        loader: _DuckDBLoader | _PostgresLoader = _DuckDBLoader()
    elif target == "postgres":
        loader = _PostgresLoader()
    else:
        raise ValueError(f"Unknown target {target!r}: use one of {', '.join(TARGETS)}.")
    try:
        yield loader
        loader.commit()
    finally:
        loader.close()


def load_tables(target: str, tables: Mapping[tuple[str, str], pa.Table]) -> None:
    """Replace each (schema, table) with its Arrow table, through the target's bulk path."""
    with open_loader(target) as loader:
        for (schema, name), data in tables.items():
            loader.replace(schema, name, data)


def load_pieces(target: str, pieces: Iterable[tuple[tuple[str, str], pa.Table]]) -> None:
    """Land a stream of (schema, table) pieces: the first piece of a table replaces it, the
    next ones are appended; each piece can be freed once landed."""
    seen: set[tuple[str, str]] = set()
    with open_loader(target) as loader:
        for key, data in pieces:
            if key in seen:
                loader.append(*key, data)
            else:
                loader.replace(*key, data)
                seen.add(key)


def _sql_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_integer(arrow_type):
        return "bigint"
    if pa.types.is_floating(arrow_type):
        return "double precision"
    return "text"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _DuckDBLoader:
    """Each table is replaced in its own transaction (its first piece and the appended ones):
    DuckDB keeps an open transaction's new rows in memory, so one transaction for millions of
    rows in every table would hold them all at once."""

    def __init__(self) -> None:
        self.con = connect_duckdb()
        self.schemas: set[str] = set()
        self.open = False

    def _run(self, statement: str, data: pa.Table) -> None:
        self.con.register("northstar_arrow_input", data)
        try:
            self.con.execute(statement)
        finally:
            self.con.unregister("northstar_arrow_input")

    def replace(self, schema: str, table: str, data: pa.Table) -> None:
        self.commit()
        self.con.execute("begin")
        self.open = True
        if schema not in self.schemas:
            self.con.execute(f"create schema if not exists {_quote(schema)}")
            self.schemas.add(schema)
        self._run(
            f"create or replace table {_quote(schema)}.{_quote(table)} as "
            "select * from northstar_arrow_input",
            data,
        )

    def append(self, schema: str, table: str, data: pa.Table) -> None:
        self._run(
            f"insert into {_quote(schema)}.{_quote(table)} select * from northstar_arrow_input",
            data,
        )

    def commit(self) -> None:
        if self.open:
            self.con.execute("commit")
            self.open = False

    def close(self) -> None:
        self.con.close()


class _PostgresLoader:
    def __init__(self) -> None:
        import psycopg

        ensure_pg_database()
        self.con = psycopg.connect(pg_conninfo())
        self.schemas: set[str] = set()

    def replace(self, schema: str, table: str, data: pa.Table) -> None:
        from psycopg import sql

        if schema not in self.schemas:
            self.con.execute(
                sql.SQL("create schema if not exists {}").format(sql.Identifier(schema))
            )
            self.schemas.add(schema)
        ident = sql.Identifier(schema, table)
        columns = [(f.name, _sql_type(f.type)) for f in data.schema]
        existing = self.con.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = %s and table_name = %s order by ordinal_position",
            [schema, table],
        ).fetchall()
        same = [(c, "text" if t == "text" else t) for c, t in existing] == columns
        if same:
            # Keep the table (and views on it, e.g. staging): empty it and copy again.
            self.con.execute(sql.SQL("truncate table {}").format(ident))
        else:
            # Views built on an old shape go too; the next dbt build recreates them.
            self.con.execute(sql.SQL("drop table if exists {} cascade").format(ident))
            self.con.execute(
                sql.SQL("create table {} ({})").format(
                    ident,
                    sql.SQL(", ").join(
                        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(kind))
                        for name, kind in columns
                    ),
                )
            )
        self.append(schema, table, data)

    def append(self, schema: str, table: str, data: pa.Table) -> None:
        from psycopg import sql

        statement = sql.SQL("copy {} ({}) from stdin with (format csv)").format(
            sql.Identifier(schema, table),
            sql.SQL(", ").join(sql.Identifier(name) for name in data.column_names),
        )
        # CSV from Arrow: a null is an unquoted empty field and an empty string a quoted one,
        # exactly how COPY tells them apart.
        options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
        with self.con.cursor().copy(statement) as copy:
            for batch in data.to_batches(max_chunksize=COPY_BATCH_ROWS):
                buffer = io.BytesIO()
                pacsv.write_csv(batch, buffer, options)
                copy.write(buffer.getbuffer())

    def commit(self) -> None:
        self.con.commit()

    def close(self) -> None:
        self.con.close()
