"""Land small, hand-written raw datasets in a test warehouse, the way an EL tool would.

Every raw table of the contract is created (all columns text), the rows given are inserted and
the tables are recorded in raw.northstar_landed_tables, so the demo seeds stay out of the way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import yaml

from tests.support import ROOT, Warehouse


@cache
def raw_columns() -> dict[str, list[str]]:
    """{raw table: [columns]} from the sources YAML files (the contract)."""
    tables: dict[str, list[str]] = {}
    for path in sorted((ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                tables[table["name"]] = [column["name"] for column in table["columns"]]
    return tables


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    return "'" + str(value).replace("'", "''") + "'"


def land(warehouse: Warehouse, rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
    """Replace every raw table with the given rows (tables not given are left empty)."""
    statements = ["create schema if not exists raw"]
    # Staging views may read the raw tables: PostgreSQL drops them too (dbt rebuilds them).
    cascade = " cascade" if warehouse.target == "postgres" else ""
    for table, columns in raw_columns().items():
        statements.append(f"drop table if exists raw.{table}{cascade}")
        statements.append(
            f"create table raw.{table} (" + ", ".join(f"{c} varchar" for c in columns) + ")"
        )
        table_rows = list(rows.get(table, []))
        unknown = {key for row in table_rows for key in row} - set(columns)
        assert not unknown, f"raw.{table} has no columns {sorted(unknown)}"
        for start in range(0, len(table_rows), 500):
            values = ",\n".join(
                "(" + ", ".join(_literal(row.get(c)) for c in columns) + ")"
                for row in table_rows[start : start + 500]
            )
            statements.append(f"insert into raw.{table} values {values}")
    statements.append("drop table if exists raw.northstar_landed_tables")
    statements.append(
        "create table raw.northstar_landed_tables (table_name varchar, loaded_by varchar,"
        " loaded_at varchar, row_count bigint)"
    )
    statements.append(
        "insert into raw.northstar_landed_tables values "
        + ", ".join(f"('{t}', 'tests', '2026-11-01 00:00:00', 0)" for t in raw_columns())
    )
    warehouse.execute(statements)
