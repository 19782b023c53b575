"""Identity scoring: pairwise and B-cubed metrics on hand-checked clusterings."""

from __future__ import annotations

import pandas as pd
import pytest

from orchestration.identity.metrics import majority_truth, score


def frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["true_person", "predicted_person"])


def test_perfect_clustering_scores_one_and_reports_no_merges_or_splits():
    scores = score(frame([("a", "1"), ("a", "1"), ("b", "2"), ("b", "2"), ("c", "3")]))
    assert scores.pairwise_f1 == 1.0
    assert scores.bcubed_f1 == 1.0
    assert scores.over_merged_true_persons == 0
    assert scores.split_true_persons == 0
    assert scores.largest_component_identifiers == 2


def test_over_merge_lowers_precision_not_recall():
    # a and b (two identifiers each) merged into one predicted person.
    scores = score(frame([("a", "1"), ("a", "1"), ("b", "1"), ("b", "1")]))
    assert scores.pairwise_recall == 1.0
    assert scores.pairwise_precision == pytest.approx(2 / 6)
    assert scores.over_merged_true_persons == 2
    assert scores.largest_component_true_persons == 2


def test_split_lowers_recall_not_precision():
    scores = score(frame([("a", "1"), ("a", "1"), ("a", "2")]))
    assert scores.pairwise_precision == 1.0
    assert scores.pairwise_recall == pytest.approx(1 / 3)
    assert scores.split_true_persons == 1
    assert scores.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_majority_truth_gives_a_shared_identifier_to_its_most_frequent_owner():
    occurrences = pd.DataFrame(
        [
            ("email", "x@gmx.de", "b", "1"),
            ("email", "x@gmx.de", "a", "1"),
            ("email", "x@gmx.de", "b", "1"),
            ("phone", "+4930123", "a", "1"),
        ],
        columns=["identifier_type", "identifier_value", "true_person", "predicted_person"],
    )
    collapsed = majority_truth(occurrences).set_index("identifier_type")
    assert collapsed.loc["email", "true_person"] == "b"
    assert collapsed.loc["phone", "true_person"] == "a"


def test_scoring_nothing_is_an_error_not_a_perfect_score():
    with pytest.raises(ValueError, match="No identifiers"):
        score(frame([]))
