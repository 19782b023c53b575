"""Identity health on the persons as resolved (intermediate/int_identity_persons_assigned).

- the largest person holds at most NORTHSTAR_MAX_PERSON_IDENTIFIERS identifiers (default 100):
  a bigger one is almost always a bridge value that merged strangers;
- suspected over-merges (persons holding two anchors of one type: two shop accounts, two CRM
  contacts, two loyalty cards) do not grow as a share of persons between runs by more than
  NORTHSTAR_OVER_MERGE_TOLERANCE (default 0.005 = half a percentage point).
Both are blocking: a sync does not send persons whose identity went wrong.
"""

import os

import dagster as dg

from orchestration.assets.raw import WAREHOUSE_POOL
from orchestration.resources import WarehouseResource

PERSONS = dg.AssetKey(["intermediate", "int_identity_persons_assigned"])
PERSONS_RELATION = "intermediate.int_identity_persons_assigned"
LARGEST_CHECK = "largest_person_under_limit"
OVER_MERGE_CHECK = "over_merges_not_growing"


def max_person_identifiers() -> int:
    return int(os.environ.get("NORTHSTAR_MAX_PERSON_IDENTIFIERS", "100"))


def over_merge_tolerance() -> float:
    return float(os.environ.get("NORTHSTAR_OVER_MERGE_TOLERANCE", "0.005"))


@dg.asset_check(
    asset=PERSONS,
    name=LARGEST_CHECK,
    description="The largest person holds no more identifiers than the limit "
    "(NORTHSTAR_MAX_PERSON_IDENTIFIERS, default 100).",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def largest_person_under_limit(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    limit = max_person_identifiers()
    rows = warehouse.query(
        f"select person_id, count(*) as n from {PERSONS_RELATION}"
        " group by person_id order by n desc, person_id limit 1"
    )
    largest = int(rows[0][1]) if rows else 0
    return dg.AssetCheckResult(
        passed=largest <= limit,
        metadata={
            "largest_person_identifiers": largest,
            "largest_person_id": str(rows[0][0]) if rows else "",
            "limit": limit,
        },
        description=f"largest person: {largest} identifiers (limit {limit})",
    )


SUSPECTS_SQL = f"""
with anchors as (
    select person_id, identifier_type, count(*) as n
    from {PERSONS_RELATION}
    where is_anchor
    group by person_id, identifier_type
)
select
    (select count(distinct person_id) from anchors where n > 1),
    (select count(distinct person_id) from {PERSONS_RELATION})
"""


@dg.asset_check(
    asset=PERSONS,
    name=OVER_MERGE_CHECK,
    description="Suspected over-merges (persons with two anchors of one type) do not grow as a "
    "share of persons since the previous evaluation (NORTHSTAR_OVER_MERGE_TOLERANCE).",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def over_merges_not_growing(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    suspects, persons = (int(v or 0) for v in warehouse.query(SUSPECTS_SQL)[0])
    share = suspects / persons if persons else 0.0
    previous_share = previous_metadata_value(
        context.instance, dg.AssetCheckKey(PERSONS, OVER_MERGE_CHECK), "over_merge_share"
    )
    tolerance = over_merge_tolerance()
    growth = share - previous_share if previous_share is not None else 0.0
    return dg.AssetCheckResult(
        passed=growth <= tolerance,
        metadata={
            "suspected_over_merges": suspects,
            "persons": persons,
            "over_merge_share": round(share, 6),
            "previous_share": round(previous_share, 6) if previous_share is not None else -1.0,
            "share_growth": round(growth, 6),
            "tolerance": tolerance,
        },
        description=f"{suspects} of {persons} persons hold two anchors of one type "
        f"({share:.2%}; change {growth:+.2%}, tolerance {tolerance:.2%})",
    )


def latest_evaluation(instance: dg.DagsterInstance, check_key: dg.AssetCheckKey):
    """The latest finished evaluation of a check (passed or failed), or None."""
    from dagster._core.storage.asset_check_execution_record import (
        AssetCheckExecutionRecordStatus as Status,
    )

    records = instance.event_log_storage.get_asset_check_execution_history(
        check_key, limit=1, status={Status.SUCCEEDED, Status.FAILED}
    )
    return records[0] if records else None


def previous_metadata_value(
    instance: dg.DagsterInstance, check_key: dg.AssetCheckKey, name: str
) -> float | None:
    """A number from the latest finished evaluation of a check (None before the first one)."""
    record = latest_evaluation(instance, check_key)
    event = record.event.dagster_event if record is not None and record.event else None
    evaluation = event.event_specific_data if event is not None else None
    value = getattr(evaluation, "metadata", {}).get(name) if evaluation is not None else None
    value = getattr(value, "value", value)
    return float(value) if isinstance(value, int | float) else None


identity_checks = [largest_person_under_limit, over_merges_not_growing]
