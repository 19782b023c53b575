"""Benchmarks that print figures: `northstar bench generate|identity`.

Each measured step runs in its own process, so its peak memory (max RSS) is its own; times are
wall-clock seconds on this machine, next to a reference run in the same benchmark (scipy's
connected components on the same edges) where one exists.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from orchestration.project import ROOT, dbt_target

BIN = Path(sys.executable).parent


@dataclass
class Step:
    name: str
    seconds: float
    peak_rss_mib: float
    rows: int | None = None

    @property
    def rows_per_second(self) -> float | None:
        return self.rows / self.seconds if self.rows and self.seconds else None


def run_measured(name: str, command: list[str], env: dict[str, str]) -> Step:
    """Run a command in a child process; its wall time and its own peak RSS (a wrapper process
    whose only child is the command reports RUSAGE_CHILDREN, i.e. that child's max RSS)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(done.stdout[-6000:])\n"
        "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-30:])
        raise SystemExit(f"benchmark step {name!r} failed:\n{tail}")
    peak = int(next(x for x in done.stdout.splitlines() if x.startswith("PEAK ")).split()[1])
    return Step(name=name, seconds=elapsed, peak_rss_mib=peak / 1024)


def measured_python(name: str, code: str, env: dict[str, str]) -> tuple[Step, dict]:
    """Run Python code in a child that prints one JSON line of results, with its own max RSS."""
    wrapper = (
        "import json, resource, time\n"
        "started = time.perf_counter()\n"
        f"{code}\n"
        "result['seconds'] = time.perf_counter() - started\n"
        "result['peak_rss_mib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print('BENCH ' + json.dumps(result))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark step {name!r} failed:\n{done.stderr[-3000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    result = json.loads(line[6:])
    return Step(name, result["seconds"], result["peak_rss_mib"], result.get("rows")), result


def machine() -> dict[str, str | int]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count() or 0,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        # A shared machine's load changes every figure: say what it was.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def bench_env(target: str, work: Path) -> dict[str, str]:
    env = {**os.environ, "NORTHSTAR_TARGET": target, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    if target == "duckdb":
        env["NORTHSTAR_DUCKDB_PATH"] = str(work / "bench.duckdb")
    else:
        env.setdefault("NORTHSTAR_PG_DBNAME", "northstar_bench")
    return env


def generate_step(persons: int, env: dict[str, str], target: str) -> Step:
    code = (
        "from orchestration.generator.command import run_generate\n"
        f"outcome = run_generate({persons}, 7, {target!r})\n"
        "rows = sum(n for (schema, _), n in outcome.rows.items() if schema == 'raw')\n"
        "result = {'rows': rows, 'generate_seconds': outcome.generate_seconds,"
        " 'load_seconds': outcome.load_seconds}\n"
    )
    step, _ = measured_python(f"generate+load {persons:,}", code, env)
    return step


def dbt_step(name: str, args: list[str], env: dict[str, str], work: Path) -> Step:
    command = [
        str(BIN / "dbt"),
        *args,
        "--profiles-dir",
        str(ROOT),
        "--project-dir",
        str(ROOT),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    return run_measured(name, command, env)


def scipy_step(env: dict[str, str], target: str) -> tuple[Step, dict]:
    """scipy.sparse.csgraph.connected_components on the identity edges read from the warehouse;
    only the CSR build and the components are timed (reading is not)."""
    code = (
        "import numpy as np\n"
        "from scipy.sparse import coo_matrix\n"
        "from scipy.sparse.csgraph import connected_components\n"
        "from orchestration.summary import warehouse_query\n"
        f"query = warehouse_query({target!r})\n"
        "edges = np.array(query('select src_node, dst_node from intermediate.int_identity_edges'),"
        " dtype=np.int64).reshape(-1, 2)\n"
        "n = int(query('select max(node_id) from intermediate.int_identity_nodes')[0][0]) + 1\n"
        "started = time.perf_counter()\n"
        "graph = coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])),"
        " shape=(n, n)).tocsr()\n"
        "count, labels = connected_components(graph, directed=False)\n"
        "result = {'rows': int(len(edges)), 'components': int(count)}\n"
    )
    return measured_python("scipy connected_components", code, env)


def render(title: str, steps: list[Step], console: Console) -> None:
    table = Table(title=title)
    for column in ("step", "seconds", "rows", "rows/s", "peak RSS MiB"):
        table.add_column(column, justify="left" if column == "step" else "right")
    for s in steps:
        table.add_row(
            s.name,
            f"{s.seconds:.2f}",
            f"{s.rows:,}" if s.rows else "",
            f"{s.rows_per_second:,.0f}" if s.rows_per_second else "",
            f"{s.peak_rss_mib:,.0f}",
        )
    console.print(table)


def write_results(name: str, payload: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **payload}, indent=2, default=str))
    return path


def bench_generate(sizes: list[int], target: str | None, out_dir: Path, console: Console) -> None:
    target = target or dbt_target()
    steps: list[Step] = []
    for persons in sizes:
        work = out_dir / f"generate-{target}-{persons}"
        work.mkdir(parents=True, exist_ok=True)
        env = bench_env(target, work)
        steps.append(generate_step(persons, env, target))
        steps.append(
            dbt_step(
                f"dbt seed (reference) {persons:,}", ["seed", "--select", "reference"], env, work
            )
        )
        steps.append(
            dbt_step(f"dbt run staging {persons:,}", ["run", "--select", "staging"], env, work)
        )
    render(f"Generation and staging on {target}", steps, console)
    path = write_results(f"generate-{target}", {"steps": [asdict(s) for s in steps]}, out_dir)
    console.print(f"results: {path}")


def bench_identity(persons: int, target: str | None, out_dir: Path, console: Console) -> None:
    target = target or dbt_target()
    work = out_dir / f"identity-{target}-{persons}"
    work.mkdir(parents=True, exist_ok=True)
    env = bench_env(target, work)
    steps = [generate_step(persons, env, target)]
    steps.append(dbt_step("dbt seed reference", ["seed", "--select", "reference"], env, work))
    steps.append(dbt_step("dbt run staging", ["run", "--select", "staging"], env, work))
    identity = dbt_step(
        "identity layer (union, blocklist, edges, components, limits, ids)",
        ["run", "--select", "intermediate.identity"],
        env,
        work,
    )
    steps.append(identity)
    components = dbt_step(
        "components step alone", ["run", "--select", "int_identity_components_resolved"], env, work
    )
    steps.append(components)
    scipy, result = scipy_step(env, target)
    steps.append(scipy)
    from orchestration.summary import warehouse_query

    query = warehouse_query(target)
    os.environ.update({k: v for k, v in env.items() if k.startswith("NORTHSTAR_")})
    stats = query(
        "select rounds, nodes, edges, largest_component, seconds from "
        "intermediate.int_identity_components_resolved__stats"
    )[0]
    from orchestration.identity.evaluate import evaluate

    scores, kept_out = evaluate(query)
    render(f"Identity resolution on {target}, {persons:,} persons", steps, console)
    in_warehouse = float(stats[4])
    ratio = in_warehouse / scipy.seconds if scipy.seconds else float("inf")
    console.print(
        f"components: {stats[2]:,} edges, {stats[1]:,} nodes, {stats[0]} rounds, largest "
        f"component {stats[3]:,}; in the warehouse {in_warehouse:.2f}s (the `dbt run` of that "
        f"model alone: {components.seconds:.2f}s incl. dbt start-up) vs scipy "
        f"{scipy.seconds:.2f}s = {ratio:.1f}x; "
        f"{stats[2] / identity.seconds:,.0f} edges/s through the whole identity layer"
    )
    console.print(
        f"accuracy vs truth: pairwise P {scores.pairwise_precision:.4f} R "
        f"{scores.pairwise_recall:.4f} F1 {scores.pairwise_f1:.4f}, B-cubed F1 "
        f"{scores.bcubed_f1:.4f}, {scores.over_merged_true_persons:,} over-merged and "
        f"{scores.split_true_persons:,} split true persons, {kept_out:,} truth identifiers blocked"
    )
    path = write_results(
        f"identity-{target}-{persons}",
        {
            "persons": persons,
            "steps": [asdict(s) for s in steps],
            "rounds": stats[0],
            "nodes": stats[1],
            "edges": stats[2],
            "largest_component": stats[3],
            "components_seconds": in_warehouse,
            "components_over_scipy": ratio,
            "scipy": result,
            "accuracy": scores.as_dict(),
        },
        out_dir,
    )
    console.print(f"results: {path}")
