"""The connected_components materialization: the same components as scipy, few rounds on long
chains, a loud failure at its round cap or on bad node ids — on DuckDB and PostgreSQL.

The graphs are written to schema cc_input and built by the small project tests/fixtures/cc_project
(which uses the main project's macros): one `dbt run` builds every good model, a second one runs
the models that must fail.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tests.support import BIN, ROOT, Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("connected_components")]

PROJECT = ROOT / "tests" / "fixtures" / "cc_project"
MAX_NODE = 2**31 - 2
CHAIN_HOPS = 10_000
SEEDS = (1, 2, 3)

# A story small enough to read: edges, and the component every node must end in.
STORY_EDGES = [
    (12, 11), (11, 13), (13, 11), (11, 13), (13, 13),  # one person: repeats, reversed, a loop
    (40, 40), (41, 41), (41, 41),  # two identifiers only ever seen alone (self loops)
    (MAX_NODE, 70), (71, MAX_NODE - 1), (MAX_NODE - 1, MAX_NODE),  # the top of the id range
    (90, 95), (90, 94), (90, 93), (90, 92), (91, 90),  # a star whose centre is not the minimum
]  # fmt: skip
STORY_COMPONENTS = {
    11: 11, 12: 11, 13: 11,
    40: 40, 41: 41,
    70: 70, 71: 70, MAX_NODE - 1: 70, MAX_NODE: 70,
    90: 90, 91: 90, 92: 90, 93: 90, 94: 90, 95: 90,
}  # fmt: skip


def random_graph(seed: int) -> np.ndarray:
    """Identity-shaped, a few thousand nodes, numbered at random inside the seed's own id range
    (so the graphs of all seeds can share one input): many small components, a giant one, a star
    and a chain, lone nodes, repeated and reversed edges."""
    rng = np.random.default_rng(seed)
    sparse = rng.integers(0, 4000, size=(2600, 2))  # many small trees, a few cycles
    dense = rng.integers(4000, 5000, size=(1500, 2))  # one giant component
    star = np.column_stack([np.full(300, 5500), rng.integers(5000, 6000, 300)])
    chain = np.column_stack([np.arange(6000, 7500), np.arange(6001, 7501)])
    lone = np.repeat(np.arange(7600, 7650), 2).reshape(-1, 2)
    edges = np.concatenate([sparse, dense, star, chain, lone, sparse[:200, ::-1], dense[:50]])
    numbering = 1_000_000 * seed + rng.permutation(8000)
    return numbering[edges[rng.permutation(len(edges))]]


def chain_graph() -> np.ndarray:
    """CHAIN_HOPS hops through the ids 1 .. CHAIN_HOPS + 1 in a random order."""
    ids = np.random.default_rng(10).permutation(np.arange(1, CHAIN_HOPS + 2))
    return np.column_stack([ids[:-1], ids[1:]])


def scipy_components(edges: np.ndarray) -> dict[int, int]:
    """node -> smallest node id of its component, by scipy.sparse.csgraph."""
    nodes, index = np.unique(edges, return_inverse=True)
    index = index.reshape(-1, 2)
    graph = coo_matrix(
        (np.ones(len(index)), (index[:, 0], index[:, 1])), shape=(len(nodes), len(nodes))
    )
    _, labels = connected_components(graph, directed=False)
    smallest = np.full(labels.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(smallest, labels, nodes)
    return dict(zip(nodes.tolist(), smallest[labels].tolist(), strict=True))


@contextmanager
def warehouse_env(warehouse: Warehouse) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in warehouse.env}
    os.environ.update(warehouse.env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def edge_table(edges: list[tuple[int | None, int | None]] | np.ndarray) -> pa.Table:
    array = np.asarray(edges, dtype=object)
    return pa.table(
        {
            "src_node": pa.array(array[:, 0].tolist(), type=pa.int64()),
            "dst_node": pa.array(array[:, 1].tolist(), type=pa.int64()),
        }
    )


def dbt_run(warehouse: Warehouse, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN / "dbt"),
            "run",
            *args,
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(ROOT),
            "--target-path",
            str(warehouse.work_dir / "cc_target"),
            "--log-path",
            str(warehouse.work_dir / "cc_logs"),
        ],
        cwd=PROJECT,
        env=warehouse.process_env(),
        capture_output=True,
        text=True,
    )


@dataclass
class Built:
    warehouse: Warehouse
    schema: str
    edges: np.ndarray  # everything written to cc_input.edges
    good_run: subprocess.CompletedProcess[str]
    bad_run: subprocess.CompletedProcess[str]
    capped_after_good_run: dict[int, int]

    def components(self, model: str) -> dict[int, int]:
        rows = self.warehouse.query(f"select node_id, component_id from {self.schema}.{model}")
        return {int(node): int(component) for node, component in rows}

    def stats(self, model: str) -> dict[str, int]:
        columns = ("rounds", "input_rows", "edges", "nodes", "components", "largest_component")
        row = self.warehouse.query(f"select {', '.join(columns)} from {self.schema}.{model}__stats")
        assert len(row) == 1
        return {column: int(value) for column, value in zip(columns, row[0], strict=True)}

    def tables(self) -> list[str]:
        rows = self.warehouse.query(
            "select table_name from information_schema.tables"
            f" where table_schema = '{self.schema}' order by table_name"
        )
        return [name for (name,) in rows]


@pytest.fixture(scope="module")
def built(warehouse: Warehouse) -> Built:
    """Writes the graphs, builds every good model (the capped one under a generous cap), then
    runs the capped model under a cap of 3 and the model with bad node ids: both must fail."""
    from orchestration.warehouse import load_tables

    edges = np.concatenate([np.array(STORY_EDGES), *(random_graph(seed) for seed in SEEDS)])
    invalid = [(1, 2), (2, None), (3, 4), (-5, 6), (7, MAX_NODE + 1)]
    with warehouse_env(warehouse):
        load_tables(
            warehouse.target,
            {
                ("cc_input", "edges"): edge_table(edges),
                ("cc_input", "chain_edges"): edge_table(chain_graph()),
                ("cc_input", "invalid_edges"): edge_table(invalid),
            },
        )
    schema = "main" if warehouse.target == "duckdb" else "public"
    good_run = dbt_run(warehouse, "--exclude", "invalid_components")
    assert good_run.returncode == 0, good_run.stdout[-4000:]
    partial = Built(warehouse, schema, edges, good_run, good_run, {})
    capped = partial.components("capped_components")
    bad_run = dbt_run(
        warehouse,
        "--select",
        "capped_components",
        "invalid_components",
        "--vars",
        "{cc_capped_rounds: 3}",
    )
    return Built(warehouse, schema, edges, good_run, bad_run, capped)


def test_the_story_graph_gets_the_smallest_id_of_each_component(built):
    ours = built.components("components")
    assert {node: ours[node] for node in STORY_COMPONENTS} == STORY_COMPONENTS


@pytest.mark.parametrize("seed", SEEDS)
def test_components_equal_scipy_on_random_graphs(built, seed):
    edges = random_graph(seed)
    expected = scipy_components(edges)
    ours = built.components("components")
    assert {node: ours.get(node) for node in expected} == expected


def test_every_input_node_appears_exactly_once(built):
    rows = built.warehouse.query(f"select node_id from {built.schema}.components")
    nodes = [int(node) for (node,) in rows]
    assert len(nodes) == len(set(nodes))
    assert set(nodes) == set(np.unique(built.edges).tolist())


def test_stats_describe_the_build(built):
    expected = scipy_components(built.edges)
    sizes = np.unique(list(expected.values()), return_counts=True)[1]
    stats = built.stats("components")
    edges = int((built.edges[:, 0] != built.edges[:, 1]).sum())
    assert stats["input_rows"] == len(built.edges)
    assert stats["edges"] == edges
    assert stats["nodes"] == len(expected)
    assert stats["components"] == len(sizes)
    assert stats["largest_component"] == sizes.max()
    assert 1 <= stats["rounds"] <= 40
    assert re.search(
        rf"connected_components components: {edges} edges, {len(expected)} nodes,"
        rf" {len(sizes)} components \(largest {sizes.max()}\) in {stats['rounds']} rounds",
        built.good_run.stdout,
    )


def test_a_chain_of_ten_thousand_hops_converges_in_few_rounds(built):
    ours = built.components("chain_components")
    assert ours == dict.fromkeys(range(1, CHAIN_HOPS + 2), 1)
    stats = built.stats("chain_components")
    assert stats["rounds"] <= 40, f"{stats['rounds']} rounds for {CHAIN_HOPS} hops"
    assert stats["largest_component"] == CHAIN_HOPS + 1


def test_work_tables_are_dropped(built):
    leftovers = [name for name in built.tables() if "__cc_" in name or "__dbt_" in name]
    assert leftovers == []


def test_at_its_round_cap_it_fails_naming_model_rounds_and_edges_left(built):
    assert built.bad_run.returncode != 0
    message = re.search(
        r"capped_components \(connected_components\) did not converge in max_rounds=3:"
        r" after 3 rounds (\d+) edges still join unfinished components",
        built.bad_run.stdout,
    )
    assert message, built.bad_run.stdout[-4000:]
    assert 0 < int(message.group(1)) < CHAIN_HOPS


def test_a_failed_build_leaves_the_earlier_result_untouched(built):
    assert built.capped_after_good_run == dict.fromkeys(range(1, CHAIN_HOPS + 2), 1)
    assert built.components("capped_components") == built.capped_after_good_run
    assert built.stats("capped_components")["rounds"] > 3


def test_node_ids_that_are_null_or_out_of_range_are_refused(built):
    assert re.search(
        r"invalid_components \(connected_components\): 3 of 5 edges have a src_node or"
        r" dst_node that is null or outside 0 \.\. 2147483646",
        built.bad_run.stdout,
    ), built.bad_run.stdout[-4000:]
    assert "invalid_components" not in built.tables()
