"""Small vectorised drawing helpers shared by the sources."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from orchestration.generator.text import fill_templates


def repeat(
    rng: np.random.Generator, people: np.ndarray, mean: float, minimum: int = 0
) -> np.ndarray:
    """Each person repeated minimum + Poisson(mean) times (one row per event they cause)."""
    counts = minimum + rng.poisson(mean, people.size)
    return np.repeat(people, counts)


def rank_by_time(times: np.ndarray) -> np.ndarray:
    """0 for the earliest row, 1 for the next ... (ties in row order)."""
    order = np.argsort(times, kind="stable")
    rank = np.empty(times.size, dtype=np.int64)
    rank[order] = np.arange(times.size)
    return rank


def increasing_ids(rng: np.random.Generator, times: np.ndarray, start: int) -> np.ndarray:
    """Numeric ids that grow with creation time, in irregular steps (as systems assign them)."""
    steps = np.cumsum(rng.integers(1, 40, times.size))
    return start + steps[rank_by_time(times)]


def within_group_index(group_sizes: np.ndarray) -> np.ndarray:
    """0, 1, ... inside each run of a repeated array built with np.repeat(x, group_sizes)."""
    starts = np.repeat(np.cumsum(group_sizes) - group_sizes, group_sizes)
    return np.arange(starts.size) - starts


BASE62 = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", np.uint8)
_SPREAD = 3_404_825_447  # odd and prime to 31: multiplying by it permutes 62**10 residues


def salesforce_ids(key_prefix: str, counter: np.ndarray) -> pa.StringArray:
    """18-character Salesforce-style ids: the object's 3-character key prefix ('003' contacts,
    '001' accounts), a pod '5g', 10 base-62 characters and a 3-character suffix. Distinct
    counters give distinct ids (the counter is scrambled by a bijection of 62**10)."""
    value = (np.asarray(counter, dtype=np.int64) * _SPREAD) % (62**10)
    chars = np.empty((value.size, 13), dtype=np.uint8)
    rest = value.copy()
    for column in range(9, -1, -1):
        rest, digit = np.divmod(rest, 62)
        chars[:, column] = BASE62[digit]
    check = (value // 977) % (62**3)
    for column in range(12, 9, -1):
        check, digit = np.divmod(check, 62)
        chars[:, column] = BASE62[digit]
    template = key_prefix + "5g" + "#" * 13
    return fill_templates(np.zeros(value.size, dtype=np.int64), [template], chars)
