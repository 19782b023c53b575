"""Benchmark: from files landing in the landing folder to the affected rows at a destination.

    .venv/bin/python benchmarks/bench_landing_latency.py

In a temporary DuckDB, Dagster home and landing folder, with the local destination servers
playing HubSpot/Klaviyo/webhook in this process:
1. `full_build` runs in process (the demo seeds, every check, every sync to the local servers);
2. `dagster dev` starts (UI + daemon: the `landing_files` sensor is on by default);
3. a file of new consent grants (marketing by email) and a file of new orders (with their lines)
   for persons already in HubSpot land in the folder — stamped inside the data's time range so
   the as-of day does not move;
4. the clock runs until HubSpot shows the new order count of every affected person.
The sensor picks the files up, `incremental_build` loads them, runs dbt, checks and syncs.
Prints the latency and the run's own duration, and writes artifacts/bench/landing_latency.json.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PERSONS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="northstar_latency_"))
    from orchestration.reverse_etl.local_servers import LocalDestinations
    from orchestration.ui import LOCAL_TOKEN_ENV, local_destination_env

    token = "local-latency-token"
    servers = LocalDestinations(token=token, webhook_secret=token, log_bodies=False).start()
    env = {
        "NORTHSTAR_TARGET": "duckdb",
        "NORTHSTAR_DUCKDB_PATH": str(work / "northstar.duckdb"),
        "NORTHSTAR_LANDING_DIR": str(work / "landing"),
        "NORTHSTAR_EXPORT_DIR": str(work / "exports"),
        "DAGSTER_HOME": str(work / "dagster_home"),
        LOCAL_TOKEN_ENV: token,
        **local_destination_env(servers.url, token),
    }
    os.environ.update(env)
    from orchestration.instance import get_instance

    instance = get_instance()
    from orchestration.definitions import defs

    started = time.perf_counter()
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    result = defs.resolve_job_def("full_build").execute_in_process(
        instance=instance, run_config=quiet, raise_on_error=False
    )
    build_seconds = time.perf_counter() - started
    assert result.success, "full_build failed"
    print(f"full_build: {build_seconds:.1f}s; HubSpot holds {len(servers.state.contacts)} contacts")

    import duckdb

    con = duckdb.connect(env["NORTHSTAR_DUCKDB_PATH"], read_only=True)
    people = con.execute(
        "select email, order_count from marts.audience_crm_profiles"
        f" where order_count > 0 order by person_id limit {PERSONS}"
    ).fetchall()
    stamp = con.execute(
        "select strftime(max(ordered_at) - interval 1 day, '%Y-%m-%d %H:%M:%S')"
        " from marts.fct_orders"
    ).fetchall()[0][0]
    sku, price = con.execute(
        "select sku, list_price_base from marts.fct_next_best_offers limit 1"
    ).fetchall()[0]
    con.close()
    before = {
        email: servers.state.contacts[email]["properties"].get("northstar_order_count")
        for email, _ in people
    }

    port = free_port()
    log = (work / "dagster_dev.log").open("w")
    dev = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster"),
            "dev",
            "-m",
            "orchestration.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        import httpx

        for _ in range(240):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/server_info", timeout=2).is_success:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        time.sleep(20)  # the daemon's first sensor tick (nothing to do yet)
        landing = Path(env["NORTHSTAR_LANDING_DIR"])
        landing.mkdir(parents=True, exist_ok=True)
        orders = [
            "id,email,order_number,currency,total_price,financial_status,created_at,updated_at"
        ]
        lines = ["id,order_id,sku,quantity,unit_price"]
        grants = [
            "event_id,subject_type,subject_value,purpose,channel,action,legal_basis,"
            "consent_text_version,country,source_system,occurred_at,received_at"
        ]
        for index, (email, _) in enumerate(people):
            orders.append(f"lat-{index},{email},LAT-{index},EUR,{price},paid,{stamp},{stamp}")
            lines.append(f"lat-line-{index},lat-{index},{sku},1,{price}")
            grants.append(
                f"lat-grant-{index},email,{email},marketing,email,grant,consent,3,DE,"
                f"web,{stamp},{stamp}"
            )
        (landing / "shop_order_lines__latency.csv").write_text("\n".join(lines) + "\n")
        (landing / "consent_events__latency.csv").write_text("\n".join(grants) + "\n")
        landed = time.perf_counter()
        (landing / "shop_orders__latency.csv").write_text("\n".join(orders) + "\n")
        arrived = None
        while time.perf_counter() - landed < 1200:
            current = {
                email: servers.state.contacts.get(email, {})
                .get("properties", {})
                .get("northstar_order_count")
                for email, _ in people
            }
            if all(str(current[e]) != str(before[e]) for e in current):
                arrived = time.perf_counter() - landed
                break
            time.sleep(0.5)
        runs = instance.get_runs()
        landing_runs = [r for r in runs if r.tags.get("northstar/trigger") == "landing"]
        run_seconds = None
        if landing_runs:
            stats = instance.get_run_stats(landing_runs[0].run_id)
            if stats.start_time and stats.end_time:
                run_seconds = stats.end_time - stats.start_time
        figures = {
            "full_build_seconds": round(build_seconds, 1),
            "latency_seconds": round(arrived, 1) if arrived else None,
            "landing_run_seconds": round(run_seconds, 1) if run_seconds else None,
            "landing_runs": len(landing_runs),
            "persons": len(people),
            "order_count_before": before,
            "order_count_after": {
                e: servers.state.contacts.get(e, {})
                .get("properties", {})
                .get("northstar_order_count")
                for e, _ in people
            },
        }
        out = ROOT / "artifacts" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        # Emails are demo data, but keep them out of the artifact all the same.
        figures["order_count_before"] = list(figures["order_count_before"].values())
        figures["order_count_after"] = list(figures["order_count_after"].values())
        (out / "landing_latency.json").write_text(json.dumps(figures, indent=2) + "\n")
        print(json.dumps(figures, indent=2))
        if arrived is None:
            print(f"No arrival within 20 minutes; see {work / 'dagster_dev.log'}")
            raise SystemExit(1)
    finally:
        dev.terminate()
        try:
            dev.wait(timeout=30)
        except subprocess.TimeoutExpired:
            dev.kill()
        log.close()
        servers.stop()


if __name__ == "__main__":
    main()
