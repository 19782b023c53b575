"""The dbt project as Dagster assets; dbt tests arrive as asset checks."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.project import northstar_project
from orchestration.translator import NorthstarTranslator

# Everything in the DuckDB file goes through one writer: the pool keeps steps from fighting over
# its lock (see dagster.yaml / README "Concurrency").
DBT_POOL = "warehouse_writer"


@dbt_assets(
    manifest=northstar_project.manifest_path,
    project=northstar_project,
    dagster_dbt_translator=NorthstarTranslator(),
    name="northstar_dbt",
    pool=DBT_POOL,
)
def northstar_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Seeds, models and tests of the Northstar dbt project, built with `dbt build`."""
    yield from dbt.cli(["build"], context=context).stream()
