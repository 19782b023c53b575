"""`northstar ui`: the Dagster UI and daemon (`dagster dev`) on localhost, with the syncs of
scheduled and sensor-triggered runs sent to local destination servers unless told otherwise.

The local servers (orchestration/reverse_etl/local_servers.py) play HubSpot, Klaviyo and the
webhook in this process; `dagster dev` gets their address and a local token through the
environment the destination resources read (NORTHSTAR_HUBSPOT_URL, HUBSPOT_TOKEN, ...). With
`--real-destinations` nothing is overridden and the resources use the real APIs and tokens.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from orchestration.instance import ensure_dagster_home
from orchestration.project import ROOT

LOCAL_TOKEN_ENV = "NORTHSTAR_LOCAL_TOKEN"


def local_destination_env(url: str, token: str) -> dict[str, str]:
    """Environment pointing every destination resource at the local servers."""
    return {
        "NORTHSTAR_HUBSPOT_URL": url,
        "NORTHSTAR_KLAVIYO_URL": url,
        "NORTHSTAR_WEBHOOK_URL": f"{url}/webhook",
        "HUBSPOT_TOKEN": token,
        "KLAVIYO_API_KEY": token,
        "NORTHSTAR_WEBHOOK_SECRET": token,
    }


def dagster_dev_command(host: str, port: int) -> list[str]:
    return [
        str(Path(sys.executable).parent / "dagster"),
        "dev",
        "-m",
        "orchestration.definitions",
        "-h",
        host,
        "-p",
        str(port),
    ]


def serve_ui(host: str, port: int, destinations_port: int, real_destinations: bool) -> int:
    console = Console()
    home = ensure_dagster_home()
    env = dict(os.environ)
    command = dagster_dev_command(host, port)
    if real_destinations:
        console.print("Syncs go to the real destination APIs (tokens from the environment).")
        return subprocess.call(command, cwd=ROOT, env=env)
    from orchestration.reverse_etl.local_servers import LocalDestinations

    token = env.setdefault(LOCAL_TOKEN_ENV, "local-demo-token")
    with LocalDestinations(
        port=destinations_port, token=token, webhook_secret=token, log_bodies=False
    ) as servers:
        env.update(local_destination_env(servers.url, token))
        console.print(
            f"Dagster UI on [cyan]http://{host}:{port}[/] (instance {home}); syncs of runs "
            f"started there go to the local destinations on [cyan]{servers.url}[/]."
        )
        try:
            return subprocess.call(command, cwd=ROOT, env=env)
        except KeyboardInterrupt:
            return 0
