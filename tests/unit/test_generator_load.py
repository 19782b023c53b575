"""`northstar generate` lands every table in DuckDB and PostgreSQL through the bulk paths, with
the marker table, and runs end to end as a typer command."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest
import typer
from typer.testing import CliRunner

from orchestration.generator import RAW_TABLES, TRUTH_COLUMNS, MessRates, generate
from orchestration.generator.command import generate_command, run_generate
from orchestration.warehouse import (
    connect_duckdb,
    ensure_pg_database,
    load_tables,
    pg_conninfo,
    pg_display,
)

PG_DATABASE = "northstar_test_gen"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def duckdb_file(tmp_path, monkeypatch):
    path = tmp_path / "warehouse" / "northstar.duckdb"
    monkeypatch.setenv("NORTHSTAR_DUCKDB_PATH", str(path))
    return path


@pytest.fixture
def postgres(monkeypatch):
    """The local server's northstar_test_gen database; skipped when no server answers (a
    failure when CI=true)."""
    import psycopg

    monkeypatch.setenv("NORTHSTAR_PG_DBNAME", PG_DATABASE)
    try:
        with psycopg.connect(pg_conninfo("postgres")) as con:
            con.execute("select 1")
    except psycopg.OperationalError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL unreachable with CI=true: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    ensure_pg_database()
    return PG_DATABASE


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("generate")(generate_command)

    @app.command()
    def version() -> None:  # a second command, so `generate` stays a subcommand as in the CLI
        """Unused."""

    return app


def duckdb_rows(query: str) -> list[tuple]:
    con = connect_duckdb(read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def pg_rows(query: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(pg_conninfo()) as con:
        return con.execute(query).fetchall()


def test_generation_lands_every_table_and_the_marker_in_duckdb(duckdb_file):
    outcome = run_generate(300, seed=3, target="duckdb")
    assert duckdb_file.exists()
    tables = dict(
        duckdb_rows(
            "select table_schema || '.' || table_name, count(*) from information_schema.columns"
            " where table_schema in ('raw', 'truth') group by all"
        )
    )
    for name, columns in RAW_TABLES.items():
        assert tables[f"raw.{name}"] == len(columns)
        counted = duckdb_rows(f"select count(*) from raw.{name}")[0][0]
        assert counted == outcome.rows[("raw", name)] > 0
    assert tables["truth.person_identifiers"] == len(TRUTH_COLUMNS)
    types = {t for (t,) in duckdb_rows(
        "select distinct data_type from information_schema.columns"
        " where table_schema in ('raw', 'truth') and table_name <> 'northstar_landed_tables'"
    )}  # fmt: skip
    assert types == {"VARCHAR"}
    marker = duckdb_rows("select table_name, loaded_by, row_count from raw.northstar_landed_tables")
    landed = {name: rows for name, _, rows in marker}
    assert set(RAW_TABLES) <= set(landed)
    assert all(by == "northstar generate" for _, by, _ in marker)
    assert landed["web_events"] == outcome.rows[("raw", "web_events")]


def test_loading_again_replaces_the_tables(duckdb_file):
    run_generate(200, seed=3, target="duckdb")
    run_generate(100, seed=4, target="duckdb")
    marker = dict(duckdb_rows("select table_name, row_count from raw.northstar_landed_tables"))
    assert duckdb_rows("select count(*) from raw.shop_customers")[0][0] == marker["shop_customers"]
    assert marker["shop_customers"] < 100


def test_nulls_and_empty_strings_survive_loading(duckdb_file):
    table = pa.table({"a": pa.array(["x", "", None, " ", 'say "hi",\n'], pa.string())})
    load_tables("duckdb", {("raw", "roundtrip"): table})
    assert [r[0] for r in duckdb_rows("select a from raw.roundtrip")] == table["a"].to_pylist()


def test_the_command_runs_end_to_end_and_prints_a_summary(duckdb_file, tmp_path):
    files = tmp_path / "parquet"
    result = CliRunner().invoke(
        cli(),
        [
            "generate", "--persons", "150", "--seed", "7", "--target", "duckdb",
            "--mess-scale", "2", "--mess", "email_case=0.5", "--output-dir", str(files),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "raw.web_events" in result.output and "email_case" in result.output
    assert "loaded in" in result.output
    assert sorted(p.stem for p in files.glob("*.parquet")) == sorted(RAW_TABLES)
    emails = [e for (e,) in duckdb_rows("select email from raw.esp_events") if e]
    assert sum(e != e.lower() for e in emails) / len(emails) > 0.3


def test_the_command_refuses_an_unknown_mess_kind_naming_the_valid_ones(duckdb_file):
    result = CliRunner().invoke(cli(), ["generate", "--persons", "10", "--mess", "email_cases=0.2"])
    assert result.exit_code != 0
    assert "email_cases" in result.output and "email_case" in result.output
    assert not duckdb_file.exists()


def test_the_command_refuses_an_unknown_target(duckdb_file):
    result = CliRunner().invoke(cli(), ["generate", "--persons", "10", "--target", "spark"])
    assert result.exit_code != 0 and "duckdb" in result.output


def test_files_only_writes_parquet_and_loads_nothing(duckdb_file, tmp_path):
    import pyarrow.parquet as pq

    outcome = run_generate(120, seed=2, target=None, output_dir=tmp_path)
    assert not duckdb_file.exists()
    web = pq.read_table(tmp_path / "web_events.parquet")
    assert web.num_rows == outcome.rows[("raw", "web_events")]
    assert web.equals(generate(120, seed=2)[("raw", "web_events")].combine_chunks())


@pytest.mark.postgres
def test_generation_lands_every_table_and_the_marker_in_postgres(postgres):
    outcome = run_generate(300, seed=3, target="postgres", rates=MessRates())
    for name in RAW_TABLES:
        assert pg_rows(f"select count(*) from raw.{name}")[0][0] == outcome.rows[("raw", name)]
    truth = pg_rows("select count(*) from truth.person_identifiers")[0][0]
    assert truth == outcome.rows[("truth", "person_identifiers")]
    types = {t for (t,) in pg_rows(
        "select distinct data_type from information_schema.columns"
        " where table_schema in ('raw', 'truth') and table_name <> 'northstar_landed_tables'"
    )}  # fmt: skip
    assert types == {"text"}
    landed = dict(pg_rows("select table_name, row_count from raw.northstar_landed_tables"))
    assert landed["esp_events"] == outcome.rows[("raw", "esp_events")]
    assert "@" not in pg_display()


@pytest.mark.postgres
def test_postgres_loading_keeps_nulls_empty_strings_and_views_on_the_table(postgres):
    import psycopg

    table = pa.table({"a": pa.array(["x", "", None, 'say "hi",\n', "tab\tbed"], pa.string())})
    load_tables("postgres", {("raw", "roundtrip"): table})
    with psycopg.connect(pg_conninfo(), autocommit=True) as con:
        con.execute("create or replace view raw.roundtrip_view as select a from raw.roundtrip")
    load_tables("postgres", {("raw", "roundtrip"): table})  # same shape: truncate + copy
    assert [r[0] for r in pg_rows("select a from raw.roundtrip_view")] == table["a"].to_pylist()
