"""Where the project lives and which dbt project/target Dagster runs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject
from dagster_dbt.dbt_project import using_dagster_dev

# Computed once: the repository root holds dbt_project.yml and profiles.yml.
ROOT = Path(__file__).resolve().parent.parent

# dagster-dbt runs `dbt` from PATH: make it the one installed beside this interpreter, so
# `.venv/bin/northstar` and `.venv/bin/dagster` work without an activated virtualenv.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


def dbt_target() -> str:
    """The dbt target: `NORTHSTAR_TARGET` (duckdb by default), as in profiles.yml."""
    return os.environ.get("NORTHSTAR_TARGET", "duckdb")


northstar_project = DbtProject(
    project_dir=ROOT,
    profiles_dir=ROOT,
    # No --target: dbt reads NORTHSTAR_TARGET through profiles.yml when each step runs, so one
    # set of definitions serves DuckDB and PostgreSQL.
)


def prepare_manifest() -> None:
    """Parse the dbt project into target/manifest.json (what Dagster builds its assets from)."""
    northstar_project.preparer.prepare(northstar_project)


# Under `dagster dev` the manifest is re-parsed on every load; elsewhere a prepared manifest is
# used (`make` prepares it; a deployment ships one from `dagster-dbt project prepare-and-package`,
# see README "Production settings"), parsed here only when none exists yet.
if using_dagster_dev() or not northstar_project.manifest_path.exists():
    prepare_manifest()
