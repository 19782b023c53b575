"""The warehouse as a Dagster resource: which target, a read query, a DataFrame, a GX connection.

The target is read when a step runs (NORTHSTAR_TARGET, as profiles.yml does), so the same
definitions serve DuckDB and PostgreSQL; connection settings come from the environment and the
PostgreSQL password never reaches a message or a log.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dagster as dg

from orchestration.project import dbt_target


class WarehouseResource(dg.ConfigurableResource):
    """Read access to the warehouse the dbt project builds (DuckDB file or PostgreSQL)."""

    target: str | None = None

    def resolved_target(self) -> str:
        return self.target or dbt_target()

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        from orchestration.summary import warehouse_query

        return warehouse_query(self.resolved_target())(sql)

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        return rows[0][0] if rows else None

    def relation_exists(self, schema: str, name: str) -> bool:
        if self.resolved_target() == "duckdb":
            from orchestration.warehouse import duckdb_path

            if not duckdb_path().exists():
                return False
        count = self.scalar(
            "select count(*) from information_schema.tables"
            f" where table_schema = '{schema}' and table_name = '{name}'"
        )
        return bool(count)

    @contextmanager
    def session(self) -> Iterator[WarehouseSession]:
        """One read connection for many small queries (metadata after a build)."""
        if self.resolved_target() == "duckdb":
            from orchestration.warehouse import connect_duckdb, duckdb_path

            if not duckdb_path().exists():
                yield WarehouseSession(lambda sql: [], lambda schema, name: False)
                return
            con = connect_duckdb(read_only=True)
        else:
            import psycopg

            from orchestration.warehouse import pg_conninfo

            con = psycopg.connect(pg_conninfo(), autocommit=True)
        try:
            yield WarehouseSession(
                lambda sql: con.execute(sql).fetchall(),
                lambda schema, name: bool(
                    con.execute(
                        "select count(*) from information_schema.tables"
                        f" where table_schema = '{schema}' and table_name = '{name}'"
                    ).fetchall()[0][0]
                ),
            )
        finally:
            con.close()

    def dataframe(self, sql: str):
        """A pandas DataFrame of the query (decimals as floats, as GX compares numbers)."""
        import pandas as pd

        if self.resolved_target() == "duckdb":
            from orchestration.warehouse import connect_duckdb

            con = connect_duckdb(read_only=True)
            try:
                cursor = con.execute(sql)
                columns = [d[0] for d in cursor.description]
                frame = pd.DataFrame(cursor.fetchall(), columns=columns)
            finally:
                con.close()
        else:
            import psycopg

            from orchestration.warehouse import pg_conninfo

            with psycopg.connect(pg_conninfo()) as con:
                cursor = con.execute(sql)
                columns = [d.name for d in cursor.description or []]
                frame = pd.DataFrame(cursor.fetchall(), columns=columns)
        return _numeric_decimals(frame)


class WarehouseSession:
    """query / scalar / relation_exists over one open connection."""

    def __init__(self, query, relation_exists) -> None:
        self.query = query
        self.relation_exists = relation_exists

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        return rows[0][0] if rows else None


def _numeric_decimals(frame):
    """Decimal columns as float64 (pandas keeps them as Python objects otherwise)."""
    import decimal

    import pandas as pd

    for column in frame.columns:
        sample = frame[column].dropna()
        if len(sample) and isinstance(sample.iloc[0], decimal.Decimal):
            frame[column] = pd.to_numeric(frame[column].astype(object), errors="coerce")
    return frame
