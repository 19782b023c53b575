"""The Dagster instance: $DAGSTER_HOME, defaulting to .dagster_home in the repository.

Two templates: orchestration/dagster.yaml (SQLite files under $DAGSTER_HOME, for a laptop) and
orchestration/dagster.postgres.yaml (run, event and schedule storage in PostgreSQL from
DAGSTER_PG_URL, for a deployment). NORTHSTAR_DAGSTER_STORAGE=postgres, or `northstar instance
--storage postgres`, picks the second when $DAGSTER_HOME has no dagster.yaml yet.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

from orchestration.project import ROOT

TEMPLATES = {
    "sqlite": ROOT / "orchestration" / "dagster.yaml",
    "postgres": ROOT / "orchestration" / "dagster.postgres.yaml",
}
INSTANCE_TEMPLATE = TEMPLATES["sqlite"]
PG_URL_SCHEME = "postgresql+psycopg2://"


def write_instance_config(home: Path, storage: str, overwrite: bool = False) -> Path:
    """Write $DAGSTER_HOME/dagster.yaml from the template of `storage` (sqlite or postgres)."""
    if storage not in TEMPLATES:
        raise ValueError(f"Unknown storage {storage!r}: use sqlite or postgres.")
    if storage == "postgres":
        url = os.environ.get("DAGSTER_PG_URL", "")
        if not url.startswith(PG_URL_SCHEME):
            raise RuntimeError(
                "PostgreSQL storage reads its database from DAGSTER_PG_URL, which is "
                + ("not set" if not url else f"not a {PG_URL_SCHEME} URL")
                + f". Export it, e.g. DAGSTER_PG_URL={PG_URL_SCHEME}postgres@127.0.0.1:5432/"
                "dagster (dagster-postgres speaks psycopg2; SQLAlchemy's default driver for a "
                "plain postgresql:// URL is psycopg 3, which it cannot use)."
            )
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if overwrite or not config.exists():
        shutil.copyfile(TEMPLATES[storage], config)
    return config


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at a directory holding a dagster.yaml, creating the local default."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(ROOT / ".dagster_home")))
    write_instance_config(home, os.environ.get("NORTHSTAR_DAGSTER_STORAGE", "sqlite"))
    return home


def get_instance() -> dg.DagsterInstance:
    ensure_dagster_home()
    return dg.DagsterInstance.get()
