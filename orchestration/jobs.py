"""Jobs: the demo's full build, the daily full refresh and the hourly incremental build.

The scheduled jobs leave out the demo seeds and the ground truth (`demo/*`, `truth/*`): in a
warehouse fed by an EL tool, `northstar generate` or the landing folder, raw data is not theirs
to replace. Each job includes the asset checks of its assets and the syncs downstream.
"""

from __future__ import annotations

import dagster as dg

DEMO_DATA = dg.AssetSelection.key_prefixes(["demo"], ["truth"])
WAREHOUSE = dg.AssetSelection.all() - DEMO_DATA

full_build_job = dg.define_asset_job(
    name="full_build",
    selection=dg.AssetSelection.all(),
    description="Build every asset: files waiting in the landing folder and the demo seeds, "
    "staging, identity, marts, audiences, checks and syncs (what `make demo` runs).",
)

daily_full_refresh_job = dg.define_asset_job(
    name="daily_full_refresh",
    selection=WAREHOUSE,
    config={"ops": {"northstar_dbt": {"config": {"full_refresh": True}}}},
    description="Rebuild every model from scratch (`dbt build --full-refresh`: incremental "
    "facts too), run every check, then the syncs.",
)

incremental_build_job = dg.define_asset_job(
    name="incremental_build",
    selection=WAREHOUSE,
    description="Load files waiting in the landing folder, `dbt build` (incremental facts add "
    "what is new), run the checks, then the syncs. Run hourly and by the landing sensor.",
)

jobs = [full_build_job, daily_full_refresh_job, incremental_build_job]
