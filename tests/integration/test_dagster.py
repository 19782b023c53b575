"""The Dagster entry point loads the dbt project and materialises it in a temporary DuckDB."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dagster")]


def manifest_nodes() -> dict:
    return json.loads((ROOT / "target" / "manifest.json").read_text())


def test_definitions_load_with_every_dbt_model_and_seed_as_an_asset():
    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    keys = {key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()}
    from orchestration.translator import NorthstarTranslator

    manifest = manifest_nodes()
    translator = NorthstarTranslator()
    expected = {
        translator.get_asset_key(node).to_user_string()
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed")
        and node["config"].get("materialized") != "ephemeral"
    }
    assert expected, "the manifest has no models or seeds"
    assert expected <= keys, f"missing assets: {sorted(expected - keys)[:10]}"
    groups = {
        repo.asset_graph.get(key).group_name
        for key in repo.asset_graph.get_all_asset_keys()
        if repo.asset_graph.get(key).is_materializable
    }
    assert {"raw", "reference", "staging", "audit"} <= groups


def test_lineage_runs_from_the_raw_table_and_its_demo_seed_into_staging():
    from dagster import AssetKey

    from orchestration.definitions import defs

    graph = defs.get_repository_def().asset_graph
    base = AssetKey(["staging", "base_shop__customers"])
    parents = graph.get(base).parent_keys
    assert AssetKey(["raw", "shop_customers"]) in parents
    assert AssetKey(["demo", "shop_customers"]) in parents


def test_materialising_every_asset_in_a_temporary_duckdb_succeeds(tmp_path):
    env_file = tmp_path / "northstar.duckdb"
    script = (
        "from rich.console import Console;"
        "from orchestration.runner import run_full_build;"
        "run_full_build(Console(width=160))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **__import__("os").environ,
            "NORTHSTAR_TARGET": "duckdb",
            "NORTHSTAR_DUCKDB_PATH": str(env_file),
            "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        },
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "success" in result.stdout
    assert "Raw → staging, per raw table" in result.stdout
    import duckdb

    con = duckdb.connect(str(env_file), read_only=True)
    unbalanced = con.execute(
        "select count(*) from audit.reconciliation where not is_balanced"
    ).fetchone()[0]
    staged = con.execute("select count(*) from staging.stg_shop__customers").fetchone()[0]
    assert unbalanced == 0
    assert staged > 0
