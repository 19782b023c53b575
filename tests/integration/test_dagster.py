"""The Dagster deployment: definitions derived from the manifest, every asset materialised in
process on DuckDB and PostgreSQL (demo seeds), GX suites that fail on a bad row, the landing
sensor, jobs, schedules."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import make_warehouse
from tests.support import ROOT, Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dagster")]
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def manifest() -> dict:
    return json.loads((ROOT / "target" / "manifest.json").read_text())


def asset_graph():
    from orchestration.definitions import defs

    return defs.get_repository_def().asset_graph


def test_definitions_load_with_every_dbt_model_and_seed_as_an_asset():
    from orchestration.translator import NorthstarTranslator

    graph = asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    translator = NorthstarTranslator()
    expected = {
        translator.get_asset_key(node).to_user_string()
        for node in manifest()["nodes"].values()
        if node["resource_type"] in ("model", "seed")
        and node["config"].get("materialized") != "ephemeral"
    }
    assert expected, "the manifest has no models or seeds"
    assert expected <= keys, f"missing assets: {sorted(expected - keys)[:10]}"
    groups = {
        graph.get(key).group_name
        for key in graph.get_all_asset_keys()
        if graph.get(key).is_materializable
    }
    assert {"raw", "reference", "staging", "audit", "identity", "customer"} <= groups


def test_every_raw_source_is_a_loadable_asset_with_a_freshness_policy():
    graph = asset_graph()
    sources = [s for s in manifest()["sources"].values() if s["schema"] == "raw"]
    assert sources
    for source in sources:
        node = graph.get(dg.AssetKey(["raw", source["name"]]))
        assert node.is_materializable, source["name"]
        assert node.group_name == "raw"
        assert node.freshness_policy is not None, f"raw/{source['name']} has no freshness policy"


def test_every_mart_has_a_blocking_great_expectations_check_and_a_suite():
    from orchestration.checks.marts import GX_CHECK_NAME
    from orchestration.quality.expectations import load_suite, suite_models
    from orchestration.translator import NorthstarTranslator

    graph = asset_graph()
    marts = [
        node
        for node in manifest()["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    ]
    assert marts
    translator = NorthstarTranslator()
    for node in marts:
        key = dg.AssetCheckKey(translator.get_asset_key(node), GX_CHECK_NAME)
        assert key in graph.asset_check_keys, f"no GX check for {node['name']}"
        assert graph.get(key).blocking, f"the GX check of {node['name']} does not block"
        assert load_suite(node["name"]).expectations  # the file exists and is valid
    stale = set(suite_models()) - {node["name"] for node in marts}
    assert not stale, f"suites for models that are not marts: {sorted(stale)}"


def test_identity_health_and_every_dbt_test_are_asset_checks():
    graph = asset_graph()
    names = {key.name for key in graph.asset_check_keys}
    assert {"largest_person_under_limit", "over_merges_not_growing"} <= names
    # Every dbt data test, generic or singular (those reading several models name theirs in
    # meta.dagster.ref), is an asset check.
    dbt_tests = {
        node["name"] for node in manifest()["nodes"].values() if node["resource_type"] == "test"
    }
    assert any(name.startswith("assert_") for name in dbt_tests)
    assert dbt_tests <= names, sorted(dbt_tests - names)[:10]


def test_jobs_schedules_and_the_landing_sensor_are_defined():
    from orchestration.definitions import defs

    for name in ("full_build", "daily_full_refresh", "incremental_build"):
        assert defs.resolve_job_def(name) is not None
    schedules = {s.name: s for s in defs.schedules}
    assert schedules["daily_full_refresh_schedule"].cron_schedule == "0 3 * * *"
    assert schedules["hourly_incremental_schedule"].cron_schedule == "15 * * * *"
    assert [s.name for s in defs.sensors] == ["landing_files"]
    job = defs.resolve_job_def("incremental_build")
    keys = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert not any(key.startswith(("demo/", "truth/")) for key in keys)


def test_lineage_runs_from_the_raw_table_and_its_demo_seed_into_staging():
    graph = asset_graph()
    parents = graph.get(dg.AssetKey(["staging", "base_shop__customers"])).parent_keys
    assert dg.AssetKey(["raw", "shop_customers"]) in parents
    assert dg.AssetKey(["demo", "shop_customers"]) in parents


class Built:
    """A warehouse after `full_build`, the result of that run and its instance."""

    def __init__(self, warehouse: Warehouse, result, instance, seconds, env, servers):
        self.servers = servers
        self.warehouse = warehouse
        self.result = result
        self.instance = instance
        self.seconds = seconds
        self.env = env


@pytest.fixture(
    scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def built(request, tmp_path_factory) -> Iterator[Built]:
    from tests.conftest import drop_pg_database

    work = tmp_path_factory.mktemp(f"dagster_{request.param}")
    warehouse = make_warehouse(request.param, work)
    env = {**warehouse.env, "NORTHSTAR_LANDING_DIR": str(work / "landing")}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        from orchestration.definitions import defs
        from orchestration.runner import local_sync_destinations

        instance = dg.DagsterInstance.ephemeral()
        with local_sync_destinations() as (destinations, servers):
            if destinations:
                destinations["resources"]["file_export"]["config"]["folder"] = str(work / "out")
            started = time.perf_counter()
            result = defs.resolve_job_def("full_build").execute_in_process(
                instance=instance, raise_on_error=False, run_config={**QUIET, **destinations}
            )
            seconds = time.perf_counter() - started
            print(f"full_build on {request.param}: {seconds:.1f}s")
            try:
                yield Built(warehouse, result, instance, seconds, env, servers)
            finally:
                if warehouse.pg_dbname:
                    drop_pg_database(warehouse.pg_dbname)


def test_materialising_everything_succeeds_and_every_check_passes(built: Built):
    result = built.result
    failed = [
        f"{c.asset_key.to_user_string()}:{c.check_name} {dict(c.metadata)}"
        for c in result.get_asset_check_evaluations()
        if not c.passed
    ]
    assert result.success, failed
    assert not failed
    materialised = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"marts/dim_customers", "raw/shop_customers", "audit/quarantine"} <= materialised
    gx = [c for c in result.get_asset_check_evaluations() if c.check_name == "great_expectations"]
    assert len(gx) == len(
        [
            n
            for n in manifest()["nodes"].values()
            if n["resource_type"] == "model" and n["fqn"][1] == "marts"
        ]
    )
    assert (
        built.warehouse.scalar("select count(*) from audit.reconciliation where not is_balanced")
        == 0
    )


def materialization_metadata(result, key: str) -> dict:
    for event in result.get_asset_materialization_events():
        if event.asset_key.to_user_string() == key:
            return {k: getattr(v, "value", v) for k, v in event.materialization.metadata.items()}
    raise AssertionError(f"{key} was not materialised")


def test_materialisations_carry_row_counts_rejects_identity_scores_and_a_histogram(built: Built):
    result = built.result
    customers = materialization_metadata(result, "marts/dim_customers")
    # Read back after dbt built it; the erasure step may remove persons afterwards.
    erased = materialization_metadata(result, "privacy/erasure")["persons_erased"]
    now = built.warehouse.scalar("select count(*) from marts.dim_customers")
    assert now <= customers["dagster/row_count"] <= now + erased
    quarantine = materialization_metadata(result, "audit/quarantine")
    assert quarantine["rows_rejected"] > 0
    assert "| raw table |" in quarantine["rejects_by_reason"]
    identifiers = materialization_metadata(result, "marts/dim_customer_identifiers")
    assert 0.5 < identifiers["identity_pairwise_f1"] <= 1.0  # the demo ships its truth
    sizes = materialization_metadata(result, "audit/identity_component_sizes")
    assert "█" in sizes["component_size_histogram"]
    merges = materialization_metadata(result, "audit/identity_merges_and_splits")
    assert {"persons_merged", "persons_split"} <= set(merges)
    consent = materialization_metadata(result, "marts/dim_activatable_persons")
    assert consent["activatable_marketing"] > 0
    assert "| purpose | channel |" in consent["consent_by_purpose_and_channel"]
    audience = materialization_metadata(result, "marts/audience_crm_profiles")
    assert audience["audience_size"] == audience["dagster/row_count"] > 0


def test_the_erasure_step_ran_before_the_syncs_and_left_nothing(built: Built):
    erasure = materialization_metadata(built.result, "privacy/erasure")
    assert erasure["rows_left"] == 0
    assert erasure["requests_erased"] > 0  # the demo holds verified erasure requests
    assert (
        dg.AssetKey(["privacy", "erasure"])
        in asset_graph().get(dg.AssetKey(["sync", declarations()[0].name])).parent_keys
    )


def run_checks(built: Built, asset_key: dg.AssetKey, check_name: str):
    from orchestration.definitions import defs

    job = defs.resolve_job_def("full_build").get_subset(
        asset_selection=set(), asset_check_selection={dg.AssetCheckKey(asset_key, check_name)}
    )
    with pytest.MonkeyPatch.context() as patch:
        for name, value in built.env.items():
            patch.setenv(name, value)
        return job.execute_in_process(
            instance=built.instance, raise_on_error=False, run_config=QUIET
        )


def declarations() -> list:
    from orchestration.reverse_etl.declarations import load_sync_declarations

    return load_sync_declarations(ROOT / "target" / "manifest.json")


def test_every_declared_sync_is_an_asset_downstream_of_its_audience_with_health_checks():
    from orchestration.translator import NorthstarTranslator

    graph = asset_graph()
    nodes = {n["name"]: n for n in manifest()["nodes"].values() if n["resource_type"] == "model"}
    syncs = declarations()
    assert syncs, "no sync is declared in the manifest"
    for sync in syncs:
        key = dg.AssetKey(["sync", sync.name])
        audience = NorthstarTranslator().get_asset_key(nodes[sync.model])
        assert audience in graph.get(key).parent_keys
        assert graph.get(key).group_name == "activation"
        for check in ("rejected_share_under_threshold", "no_dead_letters"):
            assert dg.AssetCheckKey(key, check) in graph.asset_check_keys


def test_the_syncs_ran_in_the_build_and_report_what_they_sent(built: Built):
    sent = 0
    for sync in declarations():
        metadata = materialization_metadata(built.result, f"sync/{sync.name}")
        assert metadata["status"] == "success", (sync.name, metadata.get("message"))
        assert {"added", "changed", "removed", "rejected", "blocked_by_consent"} <= set(metadata)
        sent += metadata["added"]
    assert sent > 0
    assert len(built.servers.state.contacts) + len(built.servers.state.profiles) > 0


def run_assets(built: Built, keys: set):
    from orchestration.definitions import defs

    job = defs.resolve_job_def("full_build").get_subset(asset_selection=keys)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in built.env.items():
            patch.setenv(name, value)
        return job.execute_in_process(
            instance=built.instance, raise_on_error=False, run_config=QUIET
        )


def test_a_bad_row_in_an_audience_fails_its_suite_and_blocks_its_sync(built: Built):
    sync = declarations()[0]
    audience = dg.AssetKey(["marts", sync.model])
    requests_before = len(built.servers.requests)
    built.warehouse.execute([f"insert into marts.{sync.model} (person_id) values ('nobody')"])
    try:
        checked = run_checks(built, audience, "great_expectations")
        (evaluation,) = checked.get_asset_check_evaluations()
        assert not evaluation.passed
        result = run_assets(built, {dg.AssetKey(["sync", sync.name])})
        assert not result.success
        failure = result.get_step_failure_events()[0].step_failure_data.error
        assert "blocked" in failure.message and f"marts/{sync.model}" in failure.message
        assert not result.get_asset_materialization_events()
        assert len(built.servers.requests) == requests_before  # nothing was sent
    finally:
        built.warehouse.execute([f"delete from marts.{sync.model} where person_id = 'nobody'"])
        assert run_checks(built, audience, "great_expectations").success


def test_a_bad_row_fails_the_great_expectations_check_of_its_mart(built: Built):
    key = dg.AssetKey(["marts", "fct_support_tickets"])
    assert run_checks(built, key, "great_expectations").success
    built.warehouse.execute(
        [
            "insert into marts.fct_support_tickets (ticket_id, person_id, channel, status,"
            " priority, csat_score) values ('bad-ticket', 'p_bad', 'carrier_pigeon', 'open',"
            " 'low', 9)"
        ]
    )
    try:
        result = run_checks(built, key, "great_expectations")
        (evaluation,) = result.get_asset_check_evaluations()
        assert not evaluation.passed
        failures = evaluation.metadata["failures"].value
        assert "expect_column_values_to_be_in_set on channel" in failures
        assert "expect_column_values_to_be_between on csat_score" in failures
        assert "carrier_pigeon" not in str(evaluation.metadata)  # counts, never values
    finally:
        built.warehouse.execute(
            ["delete from marts.fct_support_tickets where ticket_id = 'bad-ticket'"]
        )


def test_a_suite_that_cannot_run_fails_instead_of_passing(tmp_path):
    import pandas as pd

    from orchestration.quality.expectations import run_suite

    frame = pd.DataFrame({"unrelated": [1, 2]})
    outcome = run_suite("fct_support_tickets", schema="marts", target="duckdb", frame=frame)
    assert not outcome.success
    missing = run_suite("no_such_mart", schema="marts", target="duckdb", frame=frame)
    assert not missing.success
    assert "expectations/no_such_mart.json" in (missing.error or "")


def write_consent_file(folder: Path, name: str = "consent_events__drop.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        "event_id,subject_type,subject_value,purpose,channel,action,legal_basis,occurred_at\n"
        "landed-1,email,landed.person@example.com,marketing,email,grant,consent,"
        "2026-11-30 10:00:00\n"
    )
    return path


def test_a_dropped_file_makes_the_sensor_request_a_run_that_loads_it(built: Built):
    from orchestration.definitions import defs
    from orchestration.sensors import landing_files_sensor

    landing = Path(built.env["NORTHSTAR_LANDING_DIR"])
    with pytest.MonkeyPatch.context() as patch:
        for name, value in built.env.items():
            patch.setenv(name, value)
        context = dg.build_sensor_context(instance=built.instance, definitions=defs)
        assert isinstance(landing_files_sensor(context), dg.SkipReason)
        dropped = write_consent_file(landing)
        context = dg.build_sensor_context(instance=built.instance, definitions=defs)
        request = landing_files_sensor(context)
        assert isinstance(request, dg.RunRequest), request
        files = request.run_config["ops"]["raw_landing"]["config"]["files"]
        assert files == [str(dropped)]
        # The same file is not requested twice.
        again = dg.build_sensor_context(
            instance=built.instance, definitions=defs, cursor=context.cursor
        )
        assert isinstance(landing_files_sensor(again), dg.SkipReason)
        before = built.warehouse.scalar("select count(*) from raw.consent_events")
        result = defs.resolve_job_def("incremental_build").execute_in_process(
            instance=built.instance,
            run_config={**request.run_config, **QUIET},
            asset_selection=[dg.AssetKey(["raw", "consent_events"])],
            tags=request.tags,
        )
    assert result.success
    after = built.warehouse.scalar("select count(*) from raw.consent_events")
    assert after == before + 1
    assert (
        built.warehouse.scalar(
            "select count(*) from raw.consent_events where event_id = 'landed-1'"
        )
        == 1
    )
    assert not dropped.exists()
    assert list((landing / "loaded").glob("*consent_events__drop.csv"))
    marker = built.warehouse.scalar(
        "select loaded_by from raw.northstar_landed_tables where table_name = 'consent_events'"
    )
    assert marker == "landing folder"
    metadata = materialization_metadata(result, "raw/consent_events")
    assert metadata["rows_loaded"] == 1


def test_a_file_with_a_column_outside_the_contract_is_rejected_with_the_reason(tmp_path):
    from orchestration.assets.landing import LandingError, pending_files, read_landed_file

    (tmp_path / "shop_orders.csv").write_text("id,total_price,colour\n1,10.00,red\n")
    (file,) = pending_files(tmp_path)
    with pytest.raises(LandingError, match=r"shop_orders\.csv: column\(s\) colour"):
        read_landed_file(file)
    (tmp_path / "shop_orders.csv").unlink()
    (tmp_path / "orders.csv").write_text("id\n1\n")
    (file,) = pending_files(tmp_path)
    with pytest.raises(LandingError, match="'orders' is not a raw table"):
        read_landed_file(file)
