"""Metadata a person wants to see on each materialisation, read back from the warehouse after
dbt built it: row counts everywhere, rejects with their reasons, identity F1 (when truth exists)
and the component-size histogram, persons merged and split, consent by purpose, audience sizes
and their change. Numbers become Dagster's plots over runs; pictures are Markdown.
Values that may be personal data are never read here: only counts, codes and names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

import dagster as dg

Metadata = dict[str, Any]


class Reader(Protocol):
    """What metadata reads through: WarehouseResource or one of its sessions."""

    def query(self, sql: str) -> list[tuple[Any, ...]]: ...

    def scalar(self, sql: str) -> Any: ...

    def relation_exists(self, schema: str, name: str) -> bool: ...


def bar_chart(rows: list[tuple[str, int]], title: str, width: int = 40) -> str:
    """A Markdown bar chart (monospace), for distributions a person reads at a glance."""
    if not rows:
        return f"**{title}**: nothing to show"
    top = max(value for _, value in rows) or 1
    label_width = max(len(label) for label, _ in rows)
    lines = [
        f"{label.rjust(label_width)} | {'█' * max(1, round(width * value / top)) if value else ''}"
        f" {value:,}"
        for label, value in rows
    ]
    return f"**{title}**\n\n```\n" + "\n".join(lines) + "\n```"


def markdown_table(header: list[str], rows: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def quarantine_metadata(warehouse: Reader, **_: Any) -> Metadata:
    rows = warehouse.query(
        "select source_table, reject_level, field, reason_code, count(*) as n"
        " from audit.quarantine group by 1, 2, 3, 4 order by n desc, 1, 3 limit 40"
    )
    total = sum(int(r[4]) for r in rows)
    return {
        "rows_rejected": dg.MetadataValue.int(
            int(
                warehouse.scalar("select count(*) from audit.quarantine where reject_level = 'row'")
            )
        ),
        "values_rejected": dg.MetadataValue.int(
            int(
                warehouse.scalar(
                    "select count(*) from audit.quarantine where reject_level = 'value'"
                )
            )
        ),
        "rejects_by_reason": dg.MetadataValue.md(
            markdown_table(
                ["raw table", "level", "field", "reason", "rows"],
                [tuple(r) for r in rows],
            )
            if total
            else "No rejects."
        ),
    }


def reconciliation_metadata(warehouse: Reader, **_: Any) -> Metadata:
    rows = warehouse.query(
        "select source_table, raw_rows, staged_rows, rejected_rows, duplicate_rows_removed,"
        " is_balanced from audit.reconciliation order by source_table"
    )
    return {
        "unbalanced_tables": dg.MetadataValue.int(sum(1 for r in rows if not r[5])),
        "raw_rows": dg.MetadataValue.int(sum(int(r[1]) for r in rows)),
        "staged_rows": dg.MetadataValue.int(sum(int(r[2]) for r in rows)),
        "reconciliation": dg.MetadataValue.md(
            markdown_table(
                ["raw table", "raw", "staged", "rejected", "duplicates", "balanced"],
                [(*r[:5], "yes" if r[5] else "**NO**") for r in rows],
            )
        ),
    }


def component_sizes_metadata(warehouse: Reader, **_: Any) -> Metadata:
    rows = warehouse.query(
        "select identifiers_per_person, persons from audit.identity_component_sizes order by 1"
    )
    largest = max((int(size) for size, _ in rows), default=0)
    return {
        "persons": dg.MetadataValue.int(sum(int(n) for _, n in rows)),
        "largest_component_identifiers": dg.MetadataValue.int(largest),
        "component_size_histogram": dg.MetadataValue.md(
            bar_chart(
                [(f"{int(size)} ids", int(n)) for size, n in rows],
                "Persons by identifiers per person",
            )
        ),
    }


def merges_metadata(warehouse: Reader, **_: Any) -> Metadata:
    rows = warehouse.query(
        "select change_kind, count(distinct old_person_id), coalesce(sum(identifiers_moved), 0)"
        " from audit.identity_merges_and_splits"
        " where detected_at = (select max(detected_at) from audit.identity_merges_and_splits)"
        " group by change_kind"
    )
    counts = {str(kind): (int(persons), int(moved)) for kind, persons, moved in rows}
    return {
        "persons_merged": dg.MetadataValue.int(counts.get("merge", (0, 0))[0]),
        "persons_split": dg.MetadataValue.int(counts.get("split", (0, 0))[0]),
        "identifiers_moved": dg.MetadataValue.int(sum(moved for _, moved in counts.values())),
    }


def identifiers_metadata(warehouse: Reader, **_: Any) -> Metadata:
    metadata: Metadata = {
        "persons": dg.MetadataValue.int(
            int(
                warehouse.scalar(
                    "select count(distinct person_id) from marts.dim_customer_identifiers"
                )
            )
        )
    }
    if warehouse.relation_exists("truth", "person_identifiers") and warehouse.scalar(
        "select count(*) from truth.person_identifiers"
    ):
        from orchestration.identity.evaluate import evaluate

        scores, kept_out = evaluate(warehouse.query)
        metadata.update(
            {
                "identity_pairwise_f1": dg.MetadataValue.float(round(scores.pairwise_f1, 4)),
                "identity_bcubed_f1": dg.MetadataValue.float(round(scores.bcubed_f1, 4)),
                "over_merged_true_persons": dg.MetadataValue.int(scores.over_merged_true_persons),
                "split_true_persons": dg.MetadataValue.int(scores.split_true_persons),
                "truth_identifiers_kept_out": dg.MetadataValue.int(kept_out),
            }
        )
    return metadata


def activatable_metadata(warehouse: Reader, *, relation: str, **_: Any) -> Metadata:
    rows = warehouse.query(
        f"select purpose, channel, count(distinct person_id) from {relation}"
        " group by 1, 2 order by 1, 2"
    )
    by_purpose: dict[str, int] = {}
    for purpose, _, n in rows:
        by_purpose[str(purpose)] = max(by_purpose.get(str(purpose), 0), int(n))
    metadata: Metadata = {
        "consent_by_purpose_and_channel": dg.MetadataValue.md(
            markdown_table(["purpose", "channel", "activatable persons"], [tuple(r) for r in rows])
        ),
        "activatable_by_purpose": dg.MetadataValue.md(
            bar_chart(sorted(by_purpose.items()), "Activatable persons by purpose")
        ),
    }
    for purpose, n in by_purpose.items():
        metadata[f"activatable_{purpose}"] = dg.MetadataValue.int(n)
    return metadata


def audience_metadata(
    warehouse: Reader, *, relation: str, previous: Mapping[str, Any], **_: Any
) -> Metadata:
    size = int(warehouse.scalar(f"select count(*) from {relation}"))
    before = previous.get("audience_size")
    before_value = getattr(before, "value", before)
    change = size - int(before_value) if isinstance(before_value, int | float) else 0
    return {
        "audience_size": dg.MetadataValue.int(size),
        "audience_change": dg.MetadataValue.int(change),
    }


# Extra metadata per model name (any schema); every model and seed also gets its row count.
BY_MODEL: dict[str, Callable[..., Metadata]] = {
    "quarantine": quarantine_metadata,
    "reconciliation": reconciliation_metadata,
    "identity_component_sizes": component_sizes_metadata,
    "identity_merges_and_splits": merges_metadata,
    "dim_customer_identifiers": identifiers_metadata,
    "dim_activatable_persons": activatable_metadata,
}


def relation_of(node: Mapping[str, Any]) -> str:
    return f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'


def node_metadata(
    warehouse: Reader,
    node: Mapping[str, Any],
    previous: Mapping[str, Any],
) -> Metadata:
    """Row count plus the model's own metadata; a query that fails is reported, not raised."""
    relation = relation_of(node)
    metadata: Metadata = {}
    try:
        metadata["dagster/row_count"] = dg.MetadataValue.int(
            int(warehouse.scalar(f"select count(*) from {relation}"))
        )
        extra = BY_MODEL.get(node["name"])
        if extra is None and node["name"].startswith("audience_"):
            extra = audience_metadata
        if extra is not None:
            metadata.update(extra(warehouse, relation=relation, previous=previous))
    except Exception as exc:  # metadata must never fail a build that succeeded
        metadata["metadata_error"] = dg.MetadataValue.text(f"{type(exc).__name__}: {exc}"[:300])
    return metadata
