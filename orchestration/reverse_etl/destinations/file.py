"""File export: the synced audience as CSV or Parquet in a folder, identifiers hashed per platform.

The file always holds exactly the synced rows (`northstar_key` is the key's SHA-256). With
`options.platform` (google or meta) the mapped `email`/`phone` fields are written as
`email_sha256`/`phone_sha256`, normalised the platform's way, and never in clear. Each batch
rewrites the file through a temporary file and an atomic rename, so a crash leaves the old or
the new file, never half of one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from orchestration.reverse_etl.declarations import SyncDeclaration
from orchestration.reverse_etl.delivery import TransportStats
from orchestration.reverse_etl.destinations.base import RowResult, SessionInfo, results_for
from orchestration.reverse_etl.hashing import hashed_identifier

HASHED_KINDS = ("email", "phone")


class FileDestination(dg.ConfigurableResource):
    """Writes `<folder>/<sync name>.csv|parquet`."""

    folder: str = "data/exports"

    def open_session(self, declaration: SyncDeclaration) -> FileSession:
        return FileSession(declaration, Path(self.folder))


class FileSession:
    def __init__(self, declaration: SyncDeclaration, folder: Path) -> None:
        self.declaration = declaration
        self.format = declaration.object
        self.platform = declaration.options.get("platform")
        self.path = folder / f"{declaration.name}.{self.format}"
        # One batch: the whole change is one rewrite of the file.
        self.info = SessionInfo(10_000_000, 10_000_000, TransportStats())

    def close(self) -> None:
        pass

    def _read(self) -> dict[str, dict[str, Any]]:
        if not self.path.exists():
            return {}
        table = (
            pq.read_table(self.path)
            if self.format == "parquet"
            else pacsv.read_csv(
                self.path, convert_options=pacsv.ConvertOptions(strings_can_be_null=True)
            )
        )
        table = table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))
        return {row["northstar_key"]: row for row in table.to_pylist()}

    def _write(self, rows: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        records = [rows[key] for key in sorted(rows)]
        table = pa.Table.from_pylist(records) if records else pa.table({"northstar_key": []})
        temporary = self.path.with_suffix(self.path.suffix + ".tmp")
        if self.format == "parquet":
            pq.write_table(table, temporary)
        else:
            pacsv.write_csv(table, temporary)
        os.replace(temporary, self.path)
        self.info.stats.requests += 1

    def _record(self, row: dict[str, Any]) -> dict[str, Any]:
        record: dict[str, Any] = {"northstar_key": row["key_hash"]}
        for name, value in row["fields"].items():
            if self.platform and name in HASHED_KINDS:
                record[f"{name}_sha256"] = (
                    hashed_identifier(name, str(value), self.platform) if value else None
                )
            else:
                record[name] = None if value is None else str(value)
        return record

    def upsert(self, rows: list[dict[str, Any]]) -> list[RowResult]:
        current = self._read()
        for row in rows:
            current[row["key_hash"]] = self._record(row)
        self._write(current)
        return [
            RowResult(row["record_key"], True, row["key_hash"][:24], created=True) for row in rows
        ]

    def remove(self, rows: list[dict[str, Any]], action: str) -> list[RowResult]:
        current = self._read()
        for row in rows:
            current.pop(row["key_hash"], None)
        self._write(current)
        return results_for(rows, True)
