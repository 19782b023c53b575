"""Clustering quality of identity resolution against the generator's ground truth.

Elements are identifiers (type, normalised value). Each has a true person (the person the
generator gave it to; an identifier shared by several true persons — a household email — takes the
one it was seen with most often, ties to the smallest id) and a predicted person (person_id).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class IdentityScores:
    identifiers: int
    true_persons: int
    predicted_persons: int
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    over_merged_true_persons: int
    split_true_persons: int
    largest_component_identifiers: int
    largest_component_true_persons: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _pairs(counts: pd.Series | np.ndarray) -> float:
    values = np.asarray(counts, dtype=np.float64)
    return float((values * (values - 1) / 2).sum())


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def score(assignments: pd.DataFrame) -> IdentityScores:
    """Score one row per identifier with columns `true_person` and `predicted_person`."""
    frame = assignments[["true_person", "predicted_person"]]
    if frame.empty:
        raise ValueError(
            "No identifiers to score: is the truth loaded and the identity layer built?"
        )
    cell = frame.groupby(["predicted_person", "true_person"], sort=False).size()
    predicted_size = frame.groupby("predicted_person", sort=False).size()
    true_size = frame.groupby("true_person", sort=False).size()

    together_in_both = _pairs(cell.to_numpy())
    predicted_pairs = _pairs(predicted_size.to_numpy())
    true_pairs = _pairs(true_size.to_numpy())
    precision = 1.0 if predicted_pairs == 0 else together_in_both / predicted_pairs
    recall = 1.0 if true_pairs == 0 else together_in_both / true_pairs

    # B-cubed: per element, the share of its predicted cluster that is truly its own, and of its
    # true cluster that was found; weighted by cell size.
    cells = cell.reset_index(name="n")
    cells["p_size"] = cells["predicted_person"].map(predicted_size)
    cells["t_size"] = cells["true_person"].map(true_size)
    total = float(len(frame))
    b_precision = float((cells["n"] ** 2 / cells["p_size"]).sum() / total)
    b_recall = float((cells["n"] ** 2 / cells["t_size"]).sum() / total)

    true_per_predicted = cells.groupby("predicted_person").size()
    over_merged_clusters = set(true_per_predicted[true_per_predicted > 1].index)
    over_merged = cells.loc[cells["predicted_person"].isin(over_merged_clusters), "true_person"]
    predicted_per_true = cells.groupby("true_person").size()

    largest = predicted_size.idxmax()
    return IdentityScores(
        identifiers=int(total),
        true_persons=int(true_size.size),
        predicted_persons=int(predicted_size.size),
        pairwise_precision=precision,
        pairwise_recall=recall,
        pairwise_f1=_f1(precision, recall),
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=_f1(b_precision, b_recall),
        over_merged_true_persons=int(over_merged.nunique()),
        split_true_persons=int((predicted_per_true > 1).sum()),
        largest_component_identifiers=int(predicted_size.max()),
        largest_component_true_persons=int(true_per_predicted.get(largest, 1)),
    )


def majority_truth(occurrences: pd.DataFrame) -> pd.DataFrame:
    """Collapse raw occurrences (identifier_type, identifier_value, true_person, predicted_person)
    to one row per identifier: its most frequent true person (ties to the smallest id)."""
    counted = (
        occurrences.groupby(
            ["identifier_type", "identifier_value", "true_person", "predicted_person"],
            dropna=False,
        )
        .size()
        .reset_index(name="n")
        .sort_values(
            ["identifier_type", "identifier_value", "n", "true_person"],
            ascending=[True, True, False, True],
        )
    )
    return counted.drop_duplicates(["identifier_type", "identifier_value"]).drop(columns="n")
