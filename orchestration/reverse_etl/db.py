"""A small connection wrapper for the sync engine: the same calls on DuckDB and PostgreSQL.

SQL is written with `%s` placeholders; DuckDB receives them as `?`. The few expressions that
differ between the warehouses are methods here (one place, like dbt's adapter.dispatch).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from orchestration.warehouse import TARGETS, connect_duckdb, ensure_pg_database, pg_conninfo


class SyncDatabase:
    def __init__(self, target: str) -> None:
        if target not in TARGETS:
            raise ValueError(f"Unknown target {target!r}: use one of {', '.join(TARGETS)}.")
        self.target = target
        if target == "duckdb":
            self.con: Any = connect_duckdb()
        else:
            import psycopg

            ensure_pg_database()
            self.con = psycopg.connect(pg_conninfo(), autocommit=True)

    # -- statements ------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self.target == "duckdb" else sql

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.con.execute(self._sql(sql), list(params) if params else None)

    def fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        cursor = self.con.execute(self._sql(sql), list(params) if params else None)
        return cursor.fetchall()

    def fetch_dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(self._sql(sql), list(params) if params else None)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.fetchall(sql, params)
        return rows[0][0] if rows else None

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.target == "duckdb":
            self.con.executemany(self._sql(sql), [list(r) for r in rows])
        else:
            with self.con.cursor() as cursor:
                cursor.executemany(sql, rows)

    def insert_rows(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        replace: bool = False,
        conflict: Sequence[str] = (),
    ) -> None:
        """Insert rows (replacing those with the same primary key when `replace`): DuckDB reads
        them as Arrow in one statement, PostgreSQL through a pipelined executemany."""
        if not rows:
            return
        names = ", ".join(quote(c) for c in columns)
        if self.target == "duckdb":
            import pyarrow as pa

            data = pa.Table.from_pylist([dict(zip(columns, r, strict=True)) for r in rows])
            self.con.register("northstar_rows_in", data)
            try:
                verb = "insert or replace into" if replace else "insert into"
                self.con.execute(f"{verb} {table} ({names}) select {names} from northstar_rows_in")
            finally:
                self.con.unregister("northstar_rows_in")
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"insert into {table} ({names}) values ({placeholders})"
        if replace:
            updates = ", ".join(
                f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in conflict
            )
            sql += f" on conflict ({', '.join(conflict)}) do update set {updates}"
        self.executemany(sql, rows)

    def write_rows(
        self,
        table: str,
        columns: Sequence[str],
        new: Sequence[Sequence[Any]],
        existing: Sequence[Sequence[Any]],
        key: Sequence[str],
    ) -> None:
        """Insert `new` rows and update `existing` ones by `key`. DuckDB's insert-or-replace
        is a delete and insert on the key index (70 ms per 100 rows on a 100k-row table): new
        rows go through a plain insert and existing ones through one UPDATE ... FROM."""
        if self.target != "duckdb":
            self.insert_rows(table, columns, [*new, *existing], replace=True, conflict=key)
            return
        self.insert_rows(table, columns, new)
        if not existing:
            return
        import pyarrow as pa

        data = pa.Table.from_pylist([dict(zip(columns, r, strict=True)) for r in existing])
        self.con.register("northstar_rows_in", data)
        try:
            updates = ", ".join(
                f"{quote(c)} = northstar_rows_in.{quote(c)}" for c in columns if c not in key
            )
            matches = " and ".join(
                f"{table}.{quote(c)} = northstar_rows_in.{quote(c)}" for c in key
            )
            self.con.execute(f"update {table} set {updates} from northstar_rows_in where {matches}")
        finally:
            self.con.unregister("northstar_rows_in")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.target == "duckdb":
            self.con.execute("begin")
            try:
                yield
            except BaseException:
                self.con.execute("rollback")
                raise
            self.con.execute("commit")
        else:
            with self.con.transaction():
                yield

    def close(self) -> None:
        self.con.close()

    # -- dialect -----------------------------------------------------------------------------
    def sha256(self, expression: str) -> str:
        """Lower-case hex SHA-256 of a text expression."""
        if self.target == "duckdb":
            return f"sha256({expression})"
        return f"encode(sha256(convert_to({expression}, 'UTF8')), 'hex')"

    def relation_exists(self, schema: str, name: str) -> bool:
        return bool(
            self.scalar(
                "select count(*) from information_schema.tables"
                " where table_schema = %s and table_name = %s",
                [schema, name],
            )
        )

    def columns_of(self, schema: str, name: str) -> list[str]:
        return [
            row[0]
            for row in self.fetchall(
                "select column_name from information_schema.columns"
                " where table_schema = %s and table_name = %s order by ordinal_position",
                [schema, name],
            )
        ]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
