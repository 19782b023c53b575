"""Small pieces of the Dagster deployment: which dbt failures retry, landed file names, charts."""

from __future__ import annotations

from pathlib import Path

from orchestration.assets.dbt import is_transient
from orchestration.assets.landing import batch_key, pending_files, table_of
from orchestration.assets.metadata import bar_chart


def test_only_lock_and_connection_failures_are_transient():
    assert is_transient(
        'IO Error: Could not set lock on file "data/northstar.duckdb": Conflicting lock is held'
    )
    assert is_transient("could not connect to server: Connection refused")
    assert not is_transient("Failure in test not_null_dim_customers_person_id")
    assert not is_transient("Compilation Error in model dim_customers")


def test_a_landed_file_belongs_to_its_folder_or_its_name_up_to_a_double_underscore(tmp_path):
    root = tmp_path
    assert table_of(root / "consent_events.csv", root) == "consent_events"
    assert table_of(root / "shop_orders__2026-12-02.parquet", root) == "shop_orders"
    assert table_of(root / "web_events" / "part-0001.csv", root) == "web_events"


def test_pending_files_skip_loaded_rejected_and_other_suffixes(tmp_path):
    for name in ("a__1.csv", "loaded/x.csv", "rejected/y.csv", "notes.txt", ".hidden.csv"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id\n1\n")
    files = pending_files(tmp_path)
    assert [f.path.name for f in files] == ["a__1.csv"]
    key = batch_key(files)
    (tmp_path / "a__1.csv").write_text("id\n1\n2\n")  # rewritten: a new batch
    assert batch_key(pending_files(tmp_path)) != key
    assert pending_files(Path(tmp_path / "missing")) == []


def test_the_bar_chart_scales_bars_to_the_largest_value():
    chart = bar_chart([("1 ids", 10), ("2 ids", 5), ("3 ids", 0)], "sizes", width=10)
    lines = chart.split("\n")
    assert "█" * 10 + " 10" in lines[3]
    assert "█" * 5 + " 5" in lines[4]
    assert lines[5] == "3 ids |  0"
