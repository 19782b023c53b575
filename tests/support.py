"""Helpers shared by the integration tests: run dbt against a chosen warehouse and query it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

PG_ENV_DEFAULTS = {
    "NORTHSTAR_PG_HOST": "127.0.0.1",
    "NORTHSTAR_PG_PORT": "5432",
    "NORTHSTAR_PG_USER": "postgres",
    "NORTHSTAR_PG_PASSWORD": "",
}


def pg_setting(name: str) -> str:
    return os.environ.get(name, PG_ENV_DEFAULTS[name])


def pg_conninfo(dbname: str) -> str:
    parts = {
        "host": pg_setting("NORTHSTAR_PG_HOST"),
        "port": pg_setting("NORTHSTAR_PG_PORT"),
        "user": pg_setting("NORTHSTAR_PG_USER"),
        "dbname": dbname,
        "connect_timeout": "5",
    }
    password = pg_setting("NORTHSTAR_PG_PASSWORD")
    if password:
        parts["password"] = password
    return " ".join(f"{k}={v}" for k, v in parts.items())


@dataclass
class Warehouse:
    """One warehouse a test builds into: the environment that selects it, and a query helper."""

    target: str
    env: dict[str, str]
    work_dir: Path
    pg_dbname: str | None = None
    runs: list[str] = field(default_factory=list)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.target == "duckdb":
            import duckdb

            con = duckdb.connect(self.env["NORTHSTAR_DUCKDB_PATH"], read_only=True)
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()
        import psycopg

        assert self.pg_dbname is not None
        with psycopg.connect(pg_conninfo(self.pg_dbname)) as con:
            return con.execute(sql).fetchall()

    def execute(self, statements: Sequence[str]) -> None:
        """Run statements in one transaction (DDL and DML for test fixtures)."""
        if self.target == "duckdb":
            import duckdb

            con = duckdb.connect(self.env["NORTHSTAR_DUCKDB_PATH"])
            try:
                con.execute("begin")
                for statement in statements:
                    con.execute(statement)
                con.execute("commit")
            finally:
                con.close()
            return
        import psycopg

        assert self.pg_dbname is not None
        with psycopg.connect(pg_conninfo(self.pg_dbname)) as con:
            for statement in statements:
                con.execute(statement)

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        assert len(rows) == 1, f"expected one row from {sql!r}, got {len(rows)}"
        return rows[0][0]

    def process_env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {**os.environ, **self.env, **(extra or {})}
        env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        return env

    def dbt(self, *args: str, vars: Mapping[str, Any] | None = None, check: bool = True):
        """Run `dbt <args>` on this warehouse with its own target and log directories."""
        command = [
            str(BIN / "dbt"),
            *args,
            "--profiles-dir",
            str(ROOT),
            "--project-dir",
            str(ROOT),
            "--target-path",
            str(self.work_dir / "target"),
            "--log-path",
            str(self.work_dir / "logs"),
        ]
        if vars:
            import json

            command += ["--vars", json.dumps(dict(vars))]
        result = subprocess.run(
            command, cwd=ROOT, env=self.process_env(), capture_output=True, text=True
        )
        self.runs.append(result.stdout)
        if check and result.returncode != 0:
            tail = "\n".join(result.stdout.splitlines()[-60:])
            raise AssertionError(f"dbt {' '.join(args)} failed on {self.target}:\n{tail}")
        return result

    def northstar(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(BIN / "northstar"), *args],
            cwd=ROOT,
            env=self.process_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            output = result.stdout[-4000:] + "\n" + result.stderr[-4000:]
            raise AssertionError(f"northstar {' '.join(args)} failed:\n{output}")
        return result


def rows_as_dicts(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]
