"""The dbt project as Dagster assets; dbt tests arrive as asset checks.

One step runs `dbt build` (or `dbt build --full-refresh` with config `full_refresh`). Its
materialisations are held until dbt has finished, then given each model's row count and the
metadata of orchestration/assets/metadata.py read from the warehouse (the DuckDB file has one
writer: nothing reads it while dbt writes). A transient failure (the DuckDB lock held by another
process, a dropped PostgreSQL connection) retries the step; a failing model or test does not.
"""

import json
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.assets.metadata import node_metadata
from orchestration.assets.raw import WAREHOUSE_POOL
from orchestration.project import northstar_project
from orchestration.resources import WarehouseResource
from orchestration.translator import NorthstarTranslator

# Messages of failures worth trying again: another writer holds the DuckDB file, or the
# PostgreSQL server went away for a moment.
TRANSIENT_MARKERS = (
    "could not set lock on file",
    "conflicting lock is held",
    "could not connect to server",
    "connection refused",
    "server closed the connection unexpectedly",
    "connection timed out",
    "the database system is starting up",
    "terminating connection due to administrator command",
)
TRANSIENT_RETRIES = 3


class DbtBuildConfig(dg.Config):
    """`full_refresh` rebuilds incremental models from scratch (the daily full refresh)."""

    full_refresh: bool = False


def failure_text(invocation: Any) -> str:
    parts = []
    error = invocation.get_error()
    if error is not None:
        parts.append(str(error))
    try:
        results = invocation.get_artifact("run_results.json").get("results", [])
        parts += [str(r.get("message") or "") for r in results if r.get("status") == "error"]
    except Exception:  # no run_results.json when dbt failed before running anything
        pass
    return "\n".join(parts)


def is_transient(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in TRANSIENT_MARKERS)


def _nodes_by_unique_id() -> dict[str, dict[str, Any]]:
    manifest = json.loads(northstar_project.manifest_path.read_text())
    return manifest["nodes"]


@dbt_assets(
    manifest=northstar_project.manifest_path,
    project=northstar_project,
    dagster_dbt_translator=NorthstarTranslator(),
    name="northstar_dbt",
    pool=WAREHOUSE_POOL,
)
def northstar_dbt_assets(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtBuildConfig,
):
    """Seeds, models and tests of the Northstar dbt project, built with `dbt build`."""
    args = ["build", *(["--full-refresh"] if config.full_refresh else [])]
    invocation = dbt.cli(args, context=context, raise_on_error=False)
    events = list(invocation.stream())
    if not invocation.is_successful():
        text = failure_text(invocation)
        if is_transient(text) and context.retry_number < TRANSIENT_RETRIES:
            context.log.warning(f"dbt failed transiently; retrying: {text.splitlines()[0][:200]}")
            raise dg.RetryRequested(
                max_retries=TRANSIENT_RETRIES, seconds_to_wait=5 * 2**context.retry_number
            )
    nodes = _nodes_by_unique_id()
    enriched = []
    with warehouse.session() as session:
        for event in events:
            if isinstance(event, dg.Output):
                unique_id = getattr(event.metadata.get("unique_id"), "text", None)
                node = nodes.get(unique_id or "")
                if node is not None and node["config"].get("materialized") != "ephemeral":
                    key = context.asset_key_for_output(event.output_name)
                    previous = _previous_metadata(context, key)
                    event = event.with_metadata(
                        {**event.metadata, **node_metadata(session, node, previous)}
                    )
            enriched.append(event)
    yield from enriched
    if not invocation.is_successful():
        raise dg.Failure(
            description="dbt build failed: " + failure_text(invocation)[:2000],
            allow_retries=False,
        )


def _previous_metadata(context: dg.AssetExecutionContext, key: dg.AssetKey) -> dict[str, Any]:
    try:
        event = context.instance.get_latest_materialization_event(key)
    except Exception:
        return {}
    if event is None or event.asset_materialization is None:
        return {}
    return dict(event.asset_materialization.metadata)
