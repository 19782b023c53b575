"""Production settings: a Dagster instance whose runs and events live in PostgreSQL
(orchestration/dagster.postgres.yaml) runs a small job on a fresh database."""

from __future__ import annotations

import pytest

from tests.conftest import create_pg_database, drop_pg_database, require_postgres
from tests.support import pg_conninfo

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("dagster_instance")]


def test_an_instance_on_a_fresh_postgres_database_stores_a_run_of_a_small_job(
    tmp_path, monkeypatch
):
    require_postgres()
    import dagster as dg
    import psycopg

    dbname = create_pg_database("northstar_dagster")
    try:
        from orchestration.warehouse import pg_settings

        settings = pg_settings(dbname)
        password = f":{settings['password']}" if settings.get("password") else ""
        url = f"postgresql+psycopg2://{settings['user']}{password}@{settings['host']}:{settings['port']}/{dbname}"
        home = tmp_path / "dagster_home"
        landing = tmp_path / "landing"
        landing.mkdir()
        (landing / "erp_products.csv").write_text(
            "sku,product_name,category,brand,unit_cost,list_price,currency,is_active\n"
            "SKU-1,Mug,kitchen,Acme,2.00,9.90,EUR,true\n"
        )
        for name, value in {
            "DAGSTER_HOME": str(home),
            "DAGSTER_PG_URL": url,
            "NORTHSTAR_DAGSTER_STORAGE": "postgres",
            "NORTHSTAR_TARGET": "duckdb",
            "NORTHSTAR_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
            "NORTHSTAR_LANDING_DIR": str(landing),
        }.items():
            monkeypatch.setenv(name, value)
        from orchestration.definitions import defs
        from orchestration.instance import get_instance

        instance = get_instance()
        assert "postgres" in type(instance.run_storage).__module__
        job = defs.resolve_job_def("incremental_build").get_subset(
            asset_selection={dg.AssetKey(["raw", "erp_products"])}
        )
        result = job.execute_in_process(instance=instance)
        assert result.success
        with psycopg.connect(pg_conninfo(dbname)) as con:
            runs = con.execute("select run_id, status from runs").fetchall()
            materialised = con.execute(
                "select count(*) from event_logs where dagster_event_type = "
                "'ASSET_MATERIALIZATION' and asset_key like '%erp_products%'"
            ).fetchone()[0]
        assert (result.run_id, "SUCCESS") in runs
        assert materialised == 1
        assert "DAGSTER_PG_URL" in (home / "dagster.yaml").read_text()
        assert settings.get("password", "<none>") not in (home / "dagster.yaml").read_text()
        instance.dispose()
    finally:
        drop_pg_database(dbname)
