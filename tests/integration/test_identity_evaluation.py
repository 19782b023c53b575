"""Identity resolution on generated data: accurate against the truth, and the same person_ids on
DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest

from orchestration.identity.evaluate import evaluate
from tests.conftest import drop_pg_database, make_warehouse

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.xdist_group("evaluation")]

SELECTION = [
    "--select",
    "reference",
    "+dim_customer_identifiers",
    "+identity_blocked_values",
    "--indirect-selection",
    "cautious",
]


def test_generated_persons_are_resolved_accurately_and_identically_on_both_warehouses(
    tmp_path,
):
    duck = make_warehouse("duckdb", tmp_path / "duckdb")
    pg = make_warehouse("postgres", tmp_path / "postgres")
    try:
        results = {}
        for wh in (duck, pg):
            wh.northstar("generate", "--persons", "3000", "--seed", "9", "--target", wh.target)
            wh.dbt("build", *SELECTION)
            results[wh.target] = sorted(
                wh.query(
                    "select person_id, identifier_type, identifier_value"
                    " from intermediate.int_identity_persons_assigned"
                )
            )
        assert results["duckdb"] == results["postgres"]

        scores, _ = evaluate(duck.query)
        assert scores.pairwise_precision >= 0.995, scores
        assert scores.pairwise_f1 >= 0.985, scores
        assert scores.bcubed_f1 >= 0.985, scores
        # Nobody is joined through a blocked value: blocked values are not in any person.
        joined_by_blocked = duck.scalar(
            "select count(*) from intermediate.int_identity_persons_assigned as persons"
            " inner join audit.identity_blocked_values as blocked"
            " on persons.identifier_type = blocked.identifier_type"
            " and persons.identifier_value = blocked.identifier_value"
        )
        assert joined_by_blocked == 0
        assert duck.scalar("select count(*) from audit.identity_blocked_values") > 0
    finally:
        if pg.pg_dbname:
            drop_pg_database(pg.pg_dbname)
