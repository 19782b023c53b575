"""One Great Expectations check per mart (every model under models/marts), from the manifest.

The suite is `expectations/<model>.json`. A missing suite, a GX exception or an expectation that
raised fails the check; it never passes. The checks are blocking: a sync does not send an
audience whose data failed (in the same run Dagster skips it; in a later run the sync asset
reads the latest results itself, see orchestration/assets/syncs.py).
"""

import json
from typing import Any

import dagster as dg

from orchestration.assets.raw import WAREHOUSE_POOL
from orchestration.project import ROOT, northstar_project
from orchestration.quality.expectations import run_suite, suite_path
from orchestration.resources import WarehouseResource
from orchestration.translator import NorthstarTranslator

GX_CHECK_NAME = "great_expectations"


def mart_nodes() -> list[dict[str, Any]]:
    """dbt models under models/marts that are built as relations."""
    manifest = json.loads(northstar_project.manifest_path.read_text())
    return sorted(
        (
            node
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model"
            and node["fqn"][1:2] == ["marts"]
            and node["config"].get("materialized") != "ephemeral"
        ),
        key=lambda node: node["name"],
    )


def _gx_check(node: dict[str, Any]) -> dg.AssetChecksDefinition:
    key = NorthstarTranslator().get_asset_key(node)
    model = node["name"]
    schema = node["schema"]
    relation = f'"{schema}"."{node.get("alias") or model}"'

    @dg.asset_check(
        asset=key,
        name=GX_CHECK_NAME,
        description=f"Great Expectations suite {suite_path(model).relative_to(ROOT)} on "
        f"{schema}.{model}.",
        blocking=True,
        pool=WAREHOUSE_POOL,
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        target = warehouse.resolved_target()
        if target == "postgres":
            outcome = run_suite(model, schema=schema, target=target)
        else:
            try:
                frame = warehouse.dataframe(f"select * from {relation}")
            except Exception as exc:  # a mart that cannot be read fails its suite
                return dg.AssetCheckResult(
                    passed=False,
                    metadata={"error": f"cannot read {schema}.{model}: {type(exc).__name__}"},
                )
            outcome = run_suite(model, schema=schema, target=target, frame=frame)
        metadata: dict[str, Any] = {
            "suite": f"expectations/{model}.json",
            "evaluated_expectations": outcome.evaluated,
            "failed_expectations": len(outcome.failed),
            "summary": outcome.summary(),
        }
        if outcome.rows is not None:
            metadata["rows_validated"] = outcome.rows
        if outcome.failed:
            metadata["failures"] = dg.MetadataValue.md(
                "\n".join(f"- {failure.describe()}" for failure in outcome.failed)
            )
        if outcome.error:
            metadata["error"] = outcome.error
        return dg.AssetCheckResult(passed=outcome.success, metadata=metadata)

    return _check


mart_checks = [_gx_check(node) for node in mart_nodes()]
