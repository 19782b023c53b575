"""Benchmark: the `connected_components` materialization on DuckDB against scipy.

    .venv/bin/python benchmarks/bench_connected_components.py --edges 1000000 10000000

For each size it generates an identity-shaped graph (many components of 2-20 nodes, a few long
chains, a few big stars, repeated and reversed edges, self loops for lone nodes, node ids
shuffled), loads it into a fresh DuckDB file, builds the real materialization with `dbt run` on
the test project tests/fixtures/cc_project, and runs scipy's connected_components on the same
edge arrays (building the CSR matrix included). It checks that both give every node the same
smallest-node-id label, and prints times, rounds, edges per second, CPU, peak RSS and the ratio.

- `warehouse s`: the materialization's own time (`components__stats.seconds`: reading the edges,
  every round, the composition, the result); `dbt run s` adds dbt's start-up and parsing.
- `scipy s`: CSR build + connected_components, timed inside its own process.
- `ratio` = warehouse s / scipy s. CPU seconds (user + system) are printed too: on a shared
  machine they move less than wall time.
- Peak RSS is each process's own (dbt with DuckDB inside it; scipy's process, edge arrays
  included), from wait4.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "tests" / "fixtures" / "cc_project"
BIN = Path(sys.executable).parent


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    output: str


@dataclass
class Result:
    edges: int
    nodes: int
    components: int
    largest_component: int
    rounds: int
    warehouse_seconds: float
    dbt_run_seconds: float
    dbt_cpu_seconds: float
    dbt_peak_rss_mib: float
    scipy_seconds: float
    scipy_cpu_seconds: float
    scipy_peak_rss_mib: float

    @property
    def ratio(self) -> float:
        return self.warehouse_seconds / self.scipy_seconds


def identity_graph(edges: int, seed: int = 7) -> np.ndarray:
    """About `edges` undirected edges shaped like identity data, as an (n, 2) int64 array."""
    rng = np.random.default_rng(seed)
    chains = [min(100_000, edges // 50)] * 3  # a few long chains (hops)
    stars = [max(10, edges // 200)] * 5  # a few big stars (leaves)
    extra = edges // 20  # repeats of earlier edges, reversed
    budget = edges - sum(chains) - sum(stars) - extra
    # Small components: sizes 2..20, mostly small; a random tree each.
    sizes = np.minimum(2 + rng.geometric(0.3, size=budget), 20)
    sizes = sizes[np.cumsum(sizes - 1) <= budget]
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    position = np.arange(sizes.sum()) - starts
    child = position > 0
    parent = starts[child] + (rng.random(child.sum()) * position[child]).astype(np.int64)
    parts = [np.column_stack([np.flatnonzero(child), parent])]
    next_id = int(sizes.sum())
    for hops in chains:
        ids = np.arange(next_id, next_id + hops + 1)
        parts.append(np.column_stack([ids[:-1], ids[1:]]))
        next_id += hops + 1
    for leaves in stars:
        hub = np.full(leaves, next_id)
        parts.append(np.column_stack([hub, np.arange(1, leaves + 1) + next_id]))
        next_id += leaves + 1
    lone = np.arange(next_id, next_id + max(1, edges // 100))  # nodes known only by a self loop
    next_id += len(lone)
    graph = np.concatenate(parts)
    repeats = graph[rng.integers(0, len(graph), size=extra)][:, ::-1]
    graph = np.concatenate([graph, repeats, np.column_stack([lone, lone])])
    # Shuffle the numbering (nothing may depend on ids following the structure), the edge
    # order and the direction of half the edges.
    numbering = rng.permutation(next_id).astype(np.int64) + 1
    graph = numbering[graph]
    graph = graph[rng.permutation(len(graph))]
    flip = rng.random(len(graph)) < 0.5
    graph[flip] = graph[flip][:, ::-1]
    return graph


def scipy_worker(graph_path: Path, labels_path: Path) -> None:
    """In its own process: CSR build + connected_components on the saved edges (timed), then
    the smallest node id of each node's component (not timed) for the comparison."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    graph = np.load(graph_path)
    started = time.perf_counter()
    size = int(graph.max()) + 1
    matrix = csr_matrix(
        (np.ones(len(graph), dtype=np.int8), (graph[:, 0], graph[:, 1])), shape=(size, size)
    )
    _, labels = connected_components(matrix, directed=False)
    seconds = time.perf_counter() - started
    nodes = np.unique(graph)
    smallest = np.full(labels.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(smallest, labels[nodes], nodes)
    np.save(labels_path, np.column_stack([nodes, smallest[labels[nodes]]]))
    print(json.dumps({"seconds": seconds}))


def measure(command: list[str], env: dict[str, str], log: Path) -> Measured:
    """Runs a command; its wall time, and its own CPU time and peak RSS (wait4)."""
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = log.read_text()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed:\n" + "\n".join(output.splitlines()[-40:]))
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(seconds, cpu, usage.ru_maxrss / 1024, output)


def load_edges(database: Path, graph: np.ndarray) -> None:
    import duckdb
    import pyarrow as pa

    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    con.register("graph", pa.table({"src_node": graph[:, 0], "dst_node": graph[:, 1]}))
    con.execute("create schema cc_input")
    con.execute("create table cc_input.edges as select src_node, dst_node from graph")
    con.close()


def bench(edges: int, work: Path) -> Result:
    import duckdb

    graph = identity_graph(edges)
    database = work / f"cc_{edges}.duckdb"
    load_edges(database, graph)
    env = {
        **os.environ,
        "NORTHSTAR_TARGET": "duckdb",
        "NORTHSTAR_DUCKDB_PATH": str(database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    dbt = measure(
        [
            str(BIN / "dbt"),
            "run",
            "--select",
            "components",
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(ROOT),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        env,
        work / f"dbt_{edges}.log",
    )

    graph_path, labels_path = work / f"graph_{edges}.npy", work / f"labels_{edges}.npy"
    np.save(graph_path, graph)
    del graph
    scipy = measure(
        [sys.executable, __file__, "--scipy-worker", str(graph_path), str(labels_path)],
        env,
        work / f"scipy_{edges}.log",
    )
    scipy_seconds = json.loads(scipy.output.strip().splitlines()[-1])["seconds"]
    expected = np.load(labels_path)

    con = duckdb.connect(str(database), read_only=True)
    stats = con.execute(
        "select rounds, seconds, edges, nodes, components, largest_component"
        " from main.components__stats"
    ).fetchone()
    ours = con.execute("select node_id, component_id from main.components order by node_id")
    ours = np.array(ours.fetchall(), dtype=np.int64).reshape(-1, 2)
    con.close()
    if not np.array_equal(ours, expected):
        raise SystemExit(f"{edges:,} edges: the materialization disagrees with scipy")
    for path in (database, graph_path, labels_path):
        path.unlink()
    return Result(
        edges=int(stats[2]),
        nodes=int(stats[3]),
        components=int(stats[4]),
        largest_component=int(stats[5]),
        rounds=int(stats[0]),
        warehouse_seconds=float(stats[1]),
        dbt_run_seconds=dbt.seconds,
        dbt_cpu_seconds=dbt.cpu_seconds,
        dbt_peak_rss_mib=dbt.peak_rss_mib,
        scipy_seconds=scipy_seconds,
        scipy_cpu_seconds=scipy.cpu_seconds,
        scipy_peak_rss_mib=scipy.peak_rss_mib,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edges", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--work-dir", type=Path, default=None, help="scratch directory")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--scipy-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scipy_worker:
        scipy_worker(*args.scipy_worker)
        return
    import duckdb

    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench_cc_"))
    work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(f"DuckDB {duckdb.__version__}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print(
        f"{'edges':>11} {'nodes':>11} {'comps':>10} {'rounds':>6} {'warehouse s':>11} "
        f"{'dbt run s':>9} {'scipy s':>7} {'ratio':>5} {'edges/s':>10} {'dbt cpu s':>9} "
        f"{'scipy cpu s':>11} {'dbt RSS MiB':>11} {'scipy RSS MiB':>13}"
    )
    results = []
    for edges in args.edges:
        r = bench(edges, work)
        results.append(r)
        print(
            f"{r.edges:>11,} {r.nodes:>11,} {r.components:>10,} {r.rounds:>6} "
            f"{r.warehouse_seconds:>11.2f} {r.dbt_run_seconds:>9.2f} {r.scipy_seconds:>7.2f} "
            f"{r.ratio:>5.1f} {r.edges / r.warehouse_seconds:>10,.0f} "
            f"{r.dbt_cpu_seconds:>9.1f} {r.scipy_cpu_seconds:>11.1f} "
            f"{r.dbt_peak_rss_mib:>11,.0f} {r.scipy_peak_rss_mib:>13,.0f}",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps([{**asdict(r), "ratio": r.ratio} for r in results]))


if __name__ == "__main__":
    main()
