"""Benchmark `northstar generate`: wall time of generation and load, rows, rows/s, peak RSS.

    python benchmarks/bench_generate.py --persons 100000 1000000 --target duckdb

Each size runs in its own process (so its peak RSS is its own) against a fresh warehouse: a
temporary DuckDB file, or for postgres the database NORTHSTAR_PG_DBNAME (default
northstar_bench_gen), replaced table by table. Generation runs one table ahead of the load in a
background thread, so "generate s" + "load s" exceed "total s" (the wall time). "CPU s" is the
process's user + system time, a figure that stays meaningful on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from orchestration.generator.command import run_generate
persons, seed, target = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
started = time.perf_counter()
outcome = run_generate(persons, seed, target)
total = time.perf_counter() - started
raw = sum(n for (schema, _), n in outcome.rows.items() if schema == "raw")
print("BENCH " + json.dumps({
    "persons": persons,
    "generate_s": outcome.generate_seconds,
    "load_s": outcome.load_seconds,
    "total_s": total,
    "raw_rows": raw,
    "truth_rows": outcome.rows[("truth", "person_identifiers")],
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime
    + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
}))
"""


def run_size(persons: int, seed: int, target: str, work: Path) -> dict:
    env = dict(os.environ)
    if target == "duckdb":
        database = work / f"bench_{persons}.duckdb"
        database.unlink(missing_ok=True)
        env["NORTHSTAR_DUCKDB_PATH"] = str(database)
    else:
        env.setdefault("NORTHSTAR_PG_DBNAME", "northstar_bench_gen")
    root = Path(__file__).resolve().parent.parent
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(persons), str(seed), target],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{persons:,} persons failed:\n{done.stderr[-4000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    result = json.loads(line[len("BENCH ") :])
    result["process_wall_s"] = wall
    if target == "duckdb":
        result["duckdb_file_mib"] = (work / f"bench_{persons}.duckdb").stat().st_size / 2**20
        (work / f"bench_{persons}.duckdb").unlink()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[100_000])
    parser.add_argument("--target", choices=["duckdb", "postgres"], default="duckdb")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    header = (
        f"{'persons':>10} {'generate s':>11} {'load s':>8} {'total s':>8} {'raw rows':>12}"
        f" {'rows/s':>11} {'CPU s':>7} {'peak RSS MiB':>13}"
    )
    print(f"northstar generate -> {args.target} (seed {args.seed}, {os.cpu_count()} CPUs)")
    print(header)
    with tempfile.TemporaryDirectory(prefix="northstar_bench_") as tmp:
        for persons in args.persons:
            r = run_size(persons, args.seed, args.target, Path(tmp))
            print(
                f"{persons:>10,} {r['generate_s']:>11.1f} {r['load_s']:>8.1f}"
                f" {r['total_s']:>8.1f} {r['raw_rows']:>12,}"
                f" {r['raw_rows'] / r['total_s']:>11,.0f} {r['cpu_s']:>7.1f}"
                f" {r['peak_rss_mib']:>13,.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
