"""The raw tables of the contract as assets: the start of every lineage.

They are declared from the dbt sources in the manifest, so a new raw table in a
`_<source>__sources.yml` appears here with no Python change. Data lands in them from an EL tool,
`northstar generate`, the demo seeds (as `demo/<table>`), or files dropped in the landing folder:
materialising `raw/<table>` loads the files waiting for it (see orchestration/assets/landing.py;
the `landing_files` sensor does it as files arrive) and reports the table's rows. Each raw table
carries a freshness policy: a source that has not landed for a day is late.
"""

import json
from datetime import timedelta

import dagster as dg
import pydantic

from orchestration.assets.landing import (
    LandedFile,
    LandingError,
    load_files,
    pending_files,
    read_landed_file,
    reject_file,
    table_row_count,
)
from orchestration.project import northstar_project
from orchestration.resources import WarehouseResource
from orchestration.translator import NorthstarTranslator

# Everything in the DuckDB file goes through one writer: the pool keeps steps from fighting over
# its lock (see dagster.yaml / README "Orchestration and data quality").
WAREHOUSE_POOL = "warehouse_writer"

# Raw data is expected at least daily: warn after 26 hours without a load, fail after 50.
RAW_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=50), warn_window=timedelta(hours=26)
)
RAW_OWNER = "team:data-platform"


def raw_table_specs() -> list[dg.AssetSpec]:
    manifest = json.loads(northstar_project.manifest_path.read_text())
    translator = NorthstarTranslator()
    specs = []
    for source in sorted(manifest["sources"].values(), key=lambda s: s["unique_id"]):
        if source["schema"] != "raw":
            continue
        specs.append(
            dg.AssetSpec(
                key=translator.get_asset_key(source),
                group_name="raw",
                description=source.get("description") or source["source_description"],
                metadata={"source": source["source_name"], "relation": source["relation_name"]},
                kinds={"table"},
                owners=[RAW_OWNER],
                freshness_policy=RAW_FRESHNESS,
                skippable=False,
            )
        )
    return specs


raw_tables = raw_table_specs()


class LandingConfig(dg.Config):
    """Which landed files to load (paths); empty = every file waiting for the selected tables."""

    files: list[str] = pydantic.Field(default_factory=list)


@dg.multi_asset(
    specs=raw_tables,
    name="raw_landing",
    can_subset=True,
    pool=WAREHOUSE_POOL,
    retry_policy=dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL),
    description="Load files waiting in the landing folder into their raw tables.",
)
def raw_landing(
    context: dg.AssetExecutionContext, config: LandingConfig, warehouse: WarehouseResource
):
    target = warehouse.resolved_target()
    tables = {key.path[-1]: key for key in context.selected_asset_keys}
    waiting = [f for f in pending_files() if f.table in tables]
    if config.files:
        wanted = set(config.files)
        waiting = [f for f in waiting if str(f.path) in wanted]
    loadable: list[LandedFile] = []
    rejected: dict[str, list[str]] = {}
    for file in waiting:
        try:
            read_landed_file(file)
            loadable.append(file)
        except LandingError as exc:
            # A bad file goes to rejected/ with its reason; the good ones still land.
            context.log.error(str(exc))
            reject_file(file, exc)
            rejected.setdefault(file.table, []).append(str(exc))
    results = {r.table: r for r in load_files(target, loadable)} if loadable else {}
    for table, key in sorted(tables.items()):
        result = results.get(table)
        rows = result.rows_in_table if result else table_row_count(target, table)
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "dagster/row_count": dg.MetadataValue.int(rows or 0),
                "rows_loaded": dg.MetadataValue.int(result.rows_loaded if result else 0),
                "files_loaded": dg.MetadataValue.json(result.files if result else []),
                "files_rejected": dg.MetadataValue.json(rejected.get(table, [])),
            },
        )
