"""The landing sensor: files dropped in the landing folder start an incremental build that
loads them (orchestration/assets/landing.py says where files go and how they are named).

Each evaluation lists the files waiting; files it has not requested before (by path, size and
modification time, kept in the cursor) become one run of `incremental_build` whose config names
them, with a run key made of their fingerprints so a file is never requested twice.
"""

import json

import dagster as dg

from orchestration.assets.landing import batch_key, landing_dir, pending_files
from orchestration.jobs import incremental_build_job

# Fingerprints remembered in the cursor (files move out once loaded; this only bounds it).
CURSOR_LIMIT = 5000


@dg.sensor(
    name="landing_files",
    job=incremental_build_job,
    minimum_interval_seconds=15,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Loads files dropped in the landing folder (CSV/Parquet per raw table) and "
    "triggers the incremental build.",
)
def landing_files_sensor(context: dg.SensorEvaluationContext):
    seen: list[str] = json.loads(context.cursor) if context.cursor else []
    known = set(seen)
    new = [file for file in pending_files() if file.fingerprint not in known]
    if not new:
        return dg.SkipReason(f"No new files in {landing_dir()}.")
    fingerprints = [file.fingerprint for file in new]
    context.update_cursor(json.dumps((seen + fingerprints)[-CURSOR_LIMIT:]))
    tables = sorted({file.table for file in new})
    return dg.RunRequest(
        run_key=f"landing-{batch_key(new)}",
        run_config={
            "ops": {"raw_landing": {"config": {"files": [str(file.path) for file in new]}}}
        },
        tags={"northstar/landed_tables": ",".join(tables)[:200], "northstar/trigger": "landing"},
    )


sensors = [landing_files_sensor]
