"""The erasure step as an asset (consent's `run_erasure`, orchestration/privacy/erasure.py).

Downstream of the suppression list: every erased person's raw rows are deleted, the models are
rebuilt (only when something was deleted), and audit.erasure_ledger proves what was found and
what is left. Rows left anywhere fail the step — and the syncs, which run after it, then do not
run. The step runs dbt with its own target path, so the project's manifest is never rewritten
under a running deployment.
"""

import json
import shutil
import tempfile
from pathlib import Path

import dagster as dg

from orchestration.assets.raw import WAREHOUSE_POOL
from orchestration.project import northstar_project
from orchestration.resources import WarehouseResource
from orchestration.translator import NorthstarTranslator

ERASURE_KEY = dg.AssetKey(["privacy", "erasure"])


def _model_key(name: str) -> dg.AssetKey | None:
    manifest = json.loads(northstar_project.manifest_path.read_text())
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"] == name:
            return NorthstarTranslator().get_asset_key(node)
    return None


def erasure_available() -> bool:
    """The consent package's erasure step and the suppression list both exist."""
    try:
        from orchestration.privacy.erasure import run_erasure  # noqa: F401
    except ImportError:  # the consent package is not in this checkout
        return False
    return _model_key("suppression_list") is not None


def erasure_assets() -> list[dg.AssetsDefinition]:
    if not erasure_available():
        return []
    suppression = _model_key("suppression_list")

    @dg.asset(
        key=ERASURE_KEY,
        deps=[suppression],
        group_name="consent",
        kinds={"python"},
        owners=["team:privacy"],
        pool=WAREHOUSE_POOL,
        description="Erase every person on the suppression list: delete their raw rows, rebuild "
        "the models, prove nothing is left (audit.erasure_ledger).",
    )
    def erasure(warehouse: WarehouseResource) -> dg.MaterializeResult:
        from orchestration.privacy.erasure import ErasureError, run_erasure

        with tempfile.TemporaryDirectory(prefix="northstar_erasure_") as work:
            shutil.copyfile(northstar_project.manifest_path, Path(work) / "manifest.json")
            try:
                result = run_erasure(
                    warehouse.resolved_target(), build=False, env={"DBT_TARGET_PATH": work}
                )
            except ErasureError as exc:
                raise dg.Failure(description=str(exc), allow_retries=False) from None
        relations = sorted({p.relation for p in result.proofs})
        return dg.MaterializeResult(
            metadata={
                "requests_erased": dg.MetadataValue.int(len(result.request_ids)),
                "persons_erased": dg.MetadataValue.int(result.persons_erased),
                "rows_found": dg.MetadataValue.int(result.rows_found),
                "raw_rows_deleted": dg.MetadataValue.int(result.raw_rows_deleted),
                "rows_left": dg.MetadataValue.int(result.rows_left),
                "relations": dg.MetadataValue.json(relations),
                "erasure_run_id": result.run_id,
            }
        )

    return [erasure]
