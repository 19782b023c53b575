"""The landing folder: files dropped per raw table are loaded into schema `raw`.

Layout: `<landing>/<raw table>.csv|.parquet`, `<landing>/<raw table>__<anything>.csv|.parquet`
or `<landing>/<raw table>/<anything>.csv|.parquet` (landing = NORTHSTAR_LANDING_DIR, default
`data/landing`). A file's columns must be columns of the raw contract (DESIGN.md "Raw sources");
every value lands as text, as EL tools land it, and staging types it. Loaded files move to
`<landing>/loaded/`; a file that cannot be loaded moves to `<landing>/rejected/` with a
`.error.txt` beside it naming the file, the column and the fix. Each table loaded is recorded in
raw.northstar_landed_tables, so the demo seeds never overwrite landed data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from orchestration.generator.contract import MARKER_COLUMNS, MARKER_TABLE, RAW_TABLES
from orchestration.project import ROOT

SUFFIXES = (".csv", ".parquet")
LOADED_BY = "landing folder"


class LandingError(ValueError):
    """A landed file that cannot be loaded; the message names the file, the column and the fix."""


def landing_dir() -> Path:
    path = Path(os.environ.get("NORTHSTAR_LANDING_DIR", "data/landing"))
    return path if path.is_absolute() else ROOT / path


@dataclass(frozen=True)
class LandedFile:
    path: Path
    table: str

    @property
    def fingerprint(self) -> str:
        """Path, size and modification time: a file rewritten in place counts as new."""
        stat = self.path.stat()
        return f"{self.path}:{stat.st_size}:{stat.st_mtime_ns}"


def table_of(path: Path, root: Path) -> str | None:
    """The raw table a landed file belongs to (its folder, or its name up to `__`)."""
    relative = path.relative_to(root)
    if len(relative.parts) == 2:
        return relative.parts[0]
    return path.name.split(".")[0].split("__")[0]


def pending_files(root: Path | None = None) -> list[LandedFile]:
    """Files waiting in the landing folder (not in loaded/ or rejected/), oldest first."""
    root = root or landing_dir()
    if not root.is_dir():
        return []
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if (
            not path.is_file()
            or path.suffix.lower() not in SUFFIXES
            or relative.parts[0] in ("loaded", "rejected")
            or len(relative.parts) > 2
            or path.name.startswith(".")
        ):
            continue
        table = table_of(path, root)
        if table is not None:
            found.append(LandedFile(path=path, table=table))
    return sorted(found, key=lambda f: (f.path.stat().st_mtime_ns, str(f.path)))


def batch_key(files: list[LandedFile]) -> str:
    """A stable id for a set of files (the sensor's run key)."""
    digest = hashlib.sha256("\n".join(sorted(f.fingerprint for f in files)).encode())
    return digest.hexdigest()[:16]


def read_landed_file(file: LandedFile) -> pa.Table:
    """The file as an all-text Arrow table, its columns checked against the raw contract."""
    if file.table not in RAW_TABLES:
        raise LandingError(
            f"{file.path}: '{file.table}' is not a raw table. Name the file after one of "
            f"{', '.join(sorted(RAW_TABLES))} (e.g. consent_events__2026-12-02.csv) or put it "
            "in a folder of that name."
        )
    try:
        if file.path.suffix.lower() == ".csv":
            import pyarrow.csv as pacsv

            # Every column as text, empty fields as nulls: staging casts and rejects.
            head = pacsv.read_csv(file.path, read_options=pacsv.ReadOptions(block_size=1 << 16))
            data = pacsv.read_csv(
                file.path,
                convert_options=pacsv.ConvertOptions(
                    column_types={name: pa.string() for name in head.column_names},
                    strings_can_be_null=True,
                ),
            )
        else:
            import pyarrow.parquet as pq

            data = pq.read_table(file.path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise LandingError(
            f"{file.path}: cannot be read as {file.path.suffix[1:]} ({exc})."
        ) from None
    contract = RAW_TABLES[file.table]
    unknown = [name for name in data.column_names if name not in contract]
    if unknown:
        raise LandingError(
            f"{file.path}: column(s) {', '.join(unknown)} are not in the contract of raw."
            f"{file.table}. Rename or drop them; the contract's columns are {', '.join(contract)}."
        )
    if not data.column_names:
        raise LandingError(f"{file.path}: no columns. Write a header row with contract columns.")
    return pa.table(
        {
            name: data.column(name).cast(pa.string())
            if name in data.column_names
            else pa.nulls(data.num_rows, pa.string())
            for name in contract
        }
    )


@dataclass
class LoadResult:
    table: str
    files: list[str]
    rows_loaded: int
    rows_in_table: int


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    destination = folder / f"{stamp}_{path.parent.name}_{path.name}"
    shutil.move(str(path), destination)
    return destination


def reject_file(file: LandedFile, error: Exception, root: Path | None = None) -> Path:
    root = root or landing_dir()
    moved = _move(file.path, root / "rejected")
    moved.with_name(moved.name + ".error.txt").write_text(str(error) + "\n")
    return moved


def load_files(target: str, files: list[LandedFile], root: Path | None = None) -> list[LoadResult]:
    """Append each file to its raw table (created with the contract's columns when missing),
    record the table in the landed marker, move the file to loaded/. All tables of a call are
    loaded before any file moves, so a failed load leaves the files to be tried again."""
    root = root or landing_dir()
    by_table: dict[str, list[tuple[LandedFile, pa.Table]]] = {}
    for file in files:
        by_table.setdefault(file.table, []).append((file, read_landed_file(file)))
    counts = _append(target, {t: [data for _, data in items] for t, items in by_table.items()})
    results = []
    for table, items in by_table.items():
        for file, _ in items:
            _move(file.path, root / "loaded")
        results.append(
            LoadResult(
                table=table,
                files=[str(file.path.relative_to(root)) for file, _ in items],
                rows_loaded=sum(data.num_rows for _, data in items),
                rows_in_table=counts[table],
            )
        )
    return results


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _append(target: str, tables: dict[str, list[pa.Table]]) -> dict[str, int]:
    """Append Arrow tables to raw tables by column name in one transaction; rows after."""
    schema, marker = MARKER_TABLE
    loaded_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    counts: dict[str, int] = {}
    if target == "duckdb":
        from orchestration.warehouse import connect_duckdb

        con = connect_duckdb()
        try:
            con.execute("begin")
            con.execute(f"create schema if not exists {schema}")
            con.execute(
                f"create table if not exists {schema}.{marker} ("
                + ", ".join(
                    f"{c} {'bigint' if c == 'row_count' else 'varchar'}" for c in MARKER_COLUMNS
                )
                + ")"
            )
            for table, pieces in tables.items():
                columns = RAW_TABLES[table]
                con.execute(
                    f"create table if not exists {schema}.{table} ("
                    + ", ".join(f"{_quote(c)} varchar" for c in columns)
                    + ")"
                )
                for data in pieces:
                    con.register("northstar_landed", data)
                    con.execute(
                        f"insert into {schema}.{table} by name select * from northstar_landed"
                    )
                    con.unregister("northstar_landed")
                counts[table] = con.execute(f"select count(*) from {schema}.{table}").fetchall()[0][
                    0
                ]
                con.execute(f"delete from {schema}.{marker} where table_name = ?", [table])
                con.execute(
                    f"insert into {schema}.{marker} values (?, ?, ?, ?)",
                    [table, LOADED_BY, loaded_at, counts[table]],
                )
            con.execute("commit")
        finally:
            con.close()
        return counts
    import io

    import psycopg
    import pyarrow.csv as pacsv
    from psycopg import sql

    from orchestration.warehouse import ensure_pg_database, pg_conninfo

    ensure_pg_database()
    with psycopg.connect(pg_conninfo()) as con:
        con.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
        con.execute(
            sql.SQL("create table if not exists {} ({})").format(
                sql.Identifier(schema, marker),
                sql.SQL(", ").join(
                    sql.SQL("{} {}").format(
                        sql.Identifier(c), sql.SQL("bigint" if c == "row_count" else "text")
                    )
                    for c in MARKER_COLUMNS
                ),
            )
        )
        for table, pieces in tables.items():
            ident = sql.Identifier(schema, table)
            con.execute(
                sql.SQL("create table if not exists {} ({})").format(
                    ident,
                    sql.SQL(", ").join(
                        sql.SQL("{} text").format(sql.Identifier(c)) for c in RAW_TABLES[table]
                    ),
                )
            )
            for data in pieces:
                statement = sql.SQL("copy {} ({}) from stdin with (format csv)").format(
                    ident, sql.SQL(", ").join(sql.Identifier(c) for c in data.column_names)
                )
                buffer = io.BytesIO()
                pacsv.write_csv(
                    data,
                    buffer,
                    pacsv.WriteOptions(include_header=False, quoting_style="needed"),
                )
                with con.cursor().copy(statement) as copy:
                    copy.write(buffer.getbuffer())
            counts[table] = con.execute(
                sql.SQL("select count(*) from {}").format(ident)
            ).fetchone()[0]
            con.execute(
                sql.SQL("delete from {} where table_name = %s").format(
                    sql.Identifier(schema, marker)
                ),
                [table],
            )
            con.execute(
                sql.SQL("insert into {} values (%s, %s, %s, %s)").format(
                    sql.Identifier(schema, marker)
                ),
                [table, LOADED_BY, loaded_at, counts[table]],
            )
    return counts


def table_row_count(target: str, table: str) -> int | None:
    """Rows in raw.<table>, or None when it does not exist yet."""
    from orchestration.resources import WarehouseResource

    warehouse = WarehouseResource(target=target)
    if not warehouse.relation_exists("raw", table):
        return None
    return int(warehouse.scalar(f'select count(*) from raw."{table}"'))
