"""The Northstar Dagster deployment: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets.dbt import northstar_dbt_assets
from orchestration.assets.raw import raw_tables
from orchestration.project import northstar_project

full_build_job = dg.define_asset_job(
    name="full_build",
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.assets(*[spec.key for spec in raw_tables]),
    description="Build every asset: raw (demo seeds) through staging, audit and marts.",
)

defs = dg.Definitions(
    assets=[*raw_tables, northstar_dbt_assets],
    jobs=[full_build_job],
    resources={"dbt": DbtCliResource(project_dir=northstar_project)},
)
