"""The Dagster instance: $DAGSTER_HOME, defaulting to .dagster_home in the repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

from orchestration.project import ROOT

INSTANCE_TEMPLATE = ROOT / "orchestration" / "dagster.yaml"


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at a directory holding a dagster.yaml, creating the local default."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(ROOT / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(INSTANCE_TEMPLATE, config)
    return home


def get_instance() -> dg.DagsterInstance:
    ensure_dagster_home()
    return dg.DagsterInstance.get()
