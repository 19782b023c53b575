"""What the generator records beside the raw tables: the ground truth, the mess it wrote, and
(for tests) every valid phone it wrote with the region it is read in and its true E.164."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator.contract import IDENTIFIER_TYPES, TRUTH_COLUMNS
from orchestration.generator.text import prefixed


class Truth:
    """Which true person each raw identifier value belongs to, collected as tables are written.

    Values are kept as they appear raw (case, blanks, formats and all); a value shared by
    several persons (a household email, a family tablet) has a row for each of them."""

    def __init__(self, persons: int) -> None:
        self.persons = persons
        self.parts: dict[str, list[pa.Table]] = defaultdict(list)

    def add(self, identifier_type: str, people: np.ndarray, values: pa.Array) -> None:
        if identifier_type not in IDENTIFIER_TYPES:
            raise ValueError(f"unknown identifier type {identifier_type!r}")
        present = pc.is_valid(values)
        part = pa.table(
            {"person": pa.array(np.asarray(people, dtype=np.int32)), "value": values}
        ).filter(present)
        self.parts[identifier_type].append(_distinct(part))

    def table(self) -> pa.Table:
        """truth.person_identifiers, ordered by person, then identifier type."""
        width = max(8, len(str(self.persons)))
        tables = []
        for identifier_type in sorted(self.parts):
            part = _distinct(pa.concat_tables(self.parts[identifier_type]))
            tables.append(
                pa.table(
                    {
                        "person": part["person"],
                        "identifier_type": pa.array(
                            np.full(part.num_rows, identifier_type, dtype=object), pa.string()
                        ),
                        "identifier_value": part["value"],
                    }
                )
            )
        merged = pa.concat_tables(tables).combine_chunks()
        # By person, then type; within a type the order values were first seen (deterministic).
        order = np.argsort(merged["person"].to_numpy(), kind="stable")
        merged = merged.take(pa.array(order))
        person = merged["person"].to_numpy() + 1
        return pa.table(
            {
                "true_person_id": prefixed("P", person, width),
                "identifier_type": merged["identifier_type"].combine_chunks(),
                "identifier_value": merged["identifier_value"].combine_chunks(),
            }
        ).select(TRUTH_COLUMNS)


def _distinct(part: pa.Table) -> pa.Table:
    return part.group_by(["person", "value"], use_threads=False).aggregate([])


class MessLog:
    """How many rows of each table carry each kind of mess."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, table: str, kind: str, count: int | np.integer | np.ndarray) -> None:
        if isinstance(count, np.ndarray):
            count = int(count.sum())
        if count:
            self.counts[table][kind] += int(count)

    def of(self, table: str) -> dict[str, int]:
        return dict(sorted(self.counts.get(table, {}).items()))


class PhoneLedger:
    """Valid phones as written (raw, the region staging reads them in, true E.164)."""

    def __init__(self) -> None:
        self.parts: list[pa.Table] = []

    def add(self, table: str, raw: pa.Array, region: pa.Array, e164: pa.Array) -> None:
        self.parts.append(
            pa.table(
                {
                    "source_table": pa.array([table] * len(raw), pa.string()),
                    "raw": raw,
                    "region": region,
                    "e164": e164,
                }
            )
        )

    def table(self) -> pa.Table:
        return pa.concat_tables(self.parts).combine_chunks()
