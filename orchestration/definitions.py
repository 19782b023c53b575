"""The Northstar Dagster deployment: `dagster dev -m orchestration.definitions`.

Assets: raw tables (landing folder loads), the dbt project (groups per layer), syncs.
Checks: dbt tests (through dagster-dbt), a Great Expectations suite per mart, identity health,
sync health. Jobs, schedules and the landing sensor: orchestration/jobs.py, schedules.py,
sensors.py.
"""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets.dbt import northstar_dbt_assets
from orchestration.assets.erasure import erasure_assets
from orchestration.assets.raw import raw_landing
from orchestration.assets.syncs import destination_resources, sync_assets
from orchestration.checks.identity import identity_checks
from orchestration.checks.marts import mart_checks
from orchestration.jobs import full_build_job, jobs
from orchestration.project import northstar_project
from orchestration.resources import WarehouseResource
from orchestration.schedules import schedules
from orchestration.sensors import sensors

__all__ = ["defs", "full_build_job"]

destinations = destination_resources()

defs = dg.Definitions(
    assets=[raw_landing, northstar_dbt_assets, *erasure_assets(), *sync_assets()],
    asset_checks=[*mart_checks, *identity_checks],
    jobs=jobs,
    # Every step in one process, one after the other: the DuckDB file has one writer, and a
    # process per step (the default) costs seconds each for ~30 check steps.
    executor=dg.in_process_executor,
    schedules=schedules,
    sensors=sensors,
    resources={
        "dbt": DbtCliResource(project_dir=northstar_project),
        "warehouse": WarehouseResource(),
        **destinations,
    },
)
