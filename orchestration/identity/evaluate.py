"""`northstar evaluate identity`: identity resolution scored against the generator's truth."""

from __future__ import annotations

import pandas as pd

from orchestration.identity.metrics import IdentityScores, majority_truth, score
from orchestration.summary import Query

# Truth holds identifier values as they arrived; the identity layer keeps that raw value beside
# the normalised one, so each truth row finds its identifier and, through it, its person.
ASSIGNMENTS_SQL = """
select
    truth.true_person_id as true_person,
    identifiers.identifier_type,
    identifiers.identifier_value,
    persons.person_id as predicted_person
from truth.person_identifiers as truth
inner join intermediate.int_identifiers_unioned as identifiers
    on identifiers.identifier_type = truth.identifier_type
    and identifiers.raw_value = trim(truth.identifier_value)
left join intermediate.int_identity_persons_assigned as persons
    on persons.identifier_type = identifiers.identifier_type
    and persons.identifier_value = identifiers.identifier_value
group by 1, 2, 3, 4
"""


def read_assignments(query: Query) -> pd.DataFrame:
    rows = query(ASSIGNMENTS_SQL)
    return pd.DataFrame(
        rows, columns=["true_person", "identifier_type", "identifier_value", "predicted_person"]
    )


def evaluate(query: Query) -> tuple[IdentityScores, int]:
    """Scores over resolved identifiers, and how many truth identifiers were kept out (blocked)."""
    occurrences = read_assignments(query)
    if occurrences.empty:
        raise SystemExit(
            "No truth rows matched the identity layer: load generated data "
            "(`northstar generate`), build (`dbt build`), then evaluate."
        )
    resolved = occurrences[occurrences["predicted_person"].notna()]
    kept_out = occurrences[occurrences["predicted_person"].isna()]
    kept_out_count = int(
        kept_out[["identifier_type", "identifier_value"]].drop_duplicates().shape[0]
    )
    return score(majority_truth(resolved)), kept_out_count
