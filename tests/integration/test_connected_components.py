"""The connected_components materialization agrees with scipy, converges fast on long chains,
and fails loudly at its round cap — on DuckDB and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager

import numpy as np
import pyarrow as pa
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tests.support import BIN, ROOT, Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("components")]

PROJECT = ROOT / "tests" / "fixtures" / "cc_project"


@contextmanager
def warehouse_env(warehouse: Warehouse):
    saved = {k: os.environ.get(k) for k in warehouse.env}
    os.environ.update(warehouse.env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_edges(warehouse: Warehouse, edges: np.ndarray) -> None:
    from orchestration.warehouse import load_tables

    table = pa.table(
        {"src_node": edges[:, 0].astype(np.int64), "dst_node": edges[:, 1].astype(np.int64)}
    )
    with warehouse_env(warehouse):
        load_tables(warehouse.target, {("cc_input", "edges"): table})


def run_components(warehouse: Warehouse, max_rounds: int = 64) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(BIN / "dbt"),
            "run",
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(ROOT),
            "--target-path",
            str(warehouse.work_dir / "cc_target"),
            "--log-path",
            str(warehouse.work_dir / "cc_logs"),
            "--vars",
            f"{{cc_max_rounds: {max_rounds}}}",
        ],
        cwd=PROJECT,
        env=warehouse.process_env(),
        capture_output=True,
        text=True,
    )


def schema(warehouse: Warehouse) -> str:
    return "main" if warehouse.target == "duckdb" else "public"


def components(warehouse: Warehouse, edges: np.ndarray) -> tuple[dict[int, int], int]:
    load_edges(warehouse, edges)
    result = run_components(warehouse)
    assert result.returncode == 0, result.stdout[-3000:]
    rows = warehouse.query(f"select node_id, component_id from {schema(warehouse)}.components")
    rounds = warehouse.scalar(f"select rounds from {schema(warehouse)}.components__stats")
    return {int(n): int(c) for n, c in rows}, int(rounds)


def scipy_components(edges: np.ndarray) -> dict[int, int]:
    nodes = np.unique(edges)
    index = {int(n): i for i, n in enumerate(nodes)}
    src = np.array([index[int(n)] for n in edges[:, 0]])
    dst = np.array([index[int(n)] for n in edges[:, 1]])
    graph = coo_matrix((np.ones(len(src)), (src, dst)), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    smallest: dict[int, int] = {}
    for node, label in zip(nodes, labels, strict=True):
        smallest[label] = min(smallest.get(label, int(node)), int(node))
    return {int(node): smallest[label] for node, label in zip(nodes, labels, strict=True)}


def random_graph(seed: int) -> np.ndarray:
    """Identity-shaped: many small components, a few stars and chains, self loops, duplicates."""
    rng = np.random.default_rng(seed)
    ids = rng.permutation(np.arange(1, 20_001))  # node ids shuffled: order must not matter
    small = rng.integers(0, 6000, size=(4000, 2))
    star = np.column_stack([np.full(300, 6500), rng.integers(6000, 9000, 300)])
    chain = np.column_stack([np.arange(9000, 11000), np.arange(9001, 11001)])
    loops = np.column_stack([np.arange(12000, 12050), np.arange(12000, 12050)])
    edges = np.concatenate([small, star, chain, loops, small[:100][:, ::-1]])
    return ids[edges]


@pytest.mark.parametrize("seed", [1, 2])
def test_components_equal_scipy_on_identity_shaped_graphs(warehouse, seed):
    edges = random_graph(seed)
    ours, _ = components(warehouse, edges)
    assert ours == scipy_components(edges)


def test_a_chain_of_twenty_thousand_hops_converges_in_few_rounds(warehouse):
    rng = np.random.default_rng(3)
    ids = rng.permutation(np.arange(1, 20_002))
    edges = np.column_stack([ids[:-1], ids[1:]])
    ours, rounds = components(warehouse, edges)
    assert set(ours.values()) == {1}
    assert len(ours) == 20_001
    assert rounds <= 40


def test_at_its_round_cap_it_fails_and_writes_nothing(warehouse):
    edges = np.column_stack([np.arange(1, 5000), np.arange(2, 5001)])
    load_edges(warehouse, edges)
    warehouse.execute([f"drop table if exists {schema(warehouse)}.components"])
    result = run_components(warehouse, max_rounds=2)
    assert result.returncode != 0
    assert "did not converge in max_rounds=2" in result.stdout
    exists = warehouse.query(
        "select count(*) from information_schema.tables where table_name = 'components'"
        f" and table_schema = '{schema(warehouse)}'"
    )
    assert exists == [(0,)]
