"""Vectorised text building: numpy and pyarrow.compute only, never a Python loop per value.

Raw columns are text, as EL tools land them. Fixed-width values (timestamps, UUIDs, phones
written from a template) are built as byte matrices and handed to Arrow without copying.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ASCII_ZERO = 48
HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
EPOCH_DAY = np.datetime64("1970-01-01", "D")


def from_fixed(matrix: np.ndarray) -> pa.StringArray:
    """Rows of an (n, width) uint8 matrix of ASCII codes -> a string array (no copy)."""
    matrix = np.ascontiguousarray(matrix, dtype=np.uint8)
    n, width = matrix.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    if offsets[-1] < 2**31:
        return pa.Array.from_buffers(
            pa.string(), n, [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(matrix)]
        )
    large = pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(matrix)]
    )
    return large.cast(pa.string())


def from_widths(data: np.ndarray, widths: np.ndarray) -> pa.StringArray:
    """Concatenated ASCII bytes and each value's width -> a string array."""
    offsets = np.zeros(widths.size + 1, dtype=np.int32)
    np.cumsum(widths, out=offsets[1:])
    return pa.Array.from_buffers(
        pa.string(),
        widths.size,
        [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(data, np.uint8))],
    )


def fill_templates(
    template_ids: np.ndarray, templates: Sequence[str], chars: np.ndarray
) -> pa.StringArray:
    """Value i is templates[template_ids[i]] with its '#' marks replaced, left to right, by the
    ASCII codes chars[i, 0], chars[i, 1], ... (a template may use fewer marks than columns)."""
    n = template_ids.size
    encoded = [np.frombuffer(t.encode("ascii"), dtype=np.uint8) for t in templates]
    counts = np.bincount(template_ids, minlength=len(templates))
    if n and counts.max() == n:  # one template: a fixed-width matrix, no scatter
        return from_fixed(_filled(encoded[int(template_ids[0])], chars))
    widths = np.array([t.size for t in encoded], dtype=np.int64)
    row_widths = widths[template_ids]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(row_widths, out=offsets[1:])
    data = np.empty(int(offsets[-1]), dtype=np.uint8)
    order = np.argsort(template_ids, kind="stable")
    start = 0
    for tid, count in enumerate(counts):
        group = order[start : start + count]
        start += count
        template = encoded[tid]
        for chunk in range(0, count, _CHUNK):
            rows = group[chunk : chunk + _CHUNK]
            positions = offsets[rows][:, None] + np.arange(template.size)
            data[positions.ravel()] = _filled(template, chars[rows]).ravel()
    return from_widths(data, row_widths.astype(np.int32))


_CHUNK = 262_144


def _filled(template: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """(n, width) bytes: the template on every row, its '#' marks replaced by chars."""
    marks = np.flatnonzero(template == ord("#"))
    block = np.empty((chars.shape[0], template.size), dtype=np.uint8)
    block[:] = template
    if marks.size:
        block[:, marks] = chars[:, : marks.size]
    return block


def digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) matrix of the decimal digits (ASCII) of non-negative integers, zero-padded."""
    values = np.asarray(values, dtype=np.int64).copy()
    out = np.empty((values.size, width), dtype=np.uint8)
    for column in range(width - 1, -1, -1):
        values, rest = np.divmod(values, 10)
        out[:, column] = rest + ASCII_ZERO
    return out


def hex_chars(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    """(n, width) matrix of random lowercase hex characters."""
    nbytes = (width + 1) // 2
    raw = np.frombuffer(rng.bytes(n * nbytes), dtype=np.uint8).reshape(n, nbytes)
    nibbles = np.empty((n, nbytes * 2), dtype=np.uint8)
    nibbles[:, 0::2] = raw >> 4
    nibbles[:, 1::2] = raw & 15
    return HEX[nibbles[:, :width]]


def uuids(rng: np.random.Generator, n: int) -> pa.StringArray:
    """Random version-4 UUIDs, as anonymous ids and message ids are."""
    chars = hex_chars(rng, n, 30)
    template = "########-####-4###-a###-############"
    return fill_templates(np.zeros(n, dtype=np.int64), [template], chars)


def number_text(values: np.ndarray) -> pa.StringArray:
    """Integers as decimal text."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def prefixed(prefix: str, values: np.ndarray, width: int = 0) -> pa.StringArray:
    """'prefix' + the integer, zero-padded to `width` digits when width is given."""
    if width:
        return fill_templates(
            np.zeros(len(values), dtype=np.int64), [prefix + "#" * width], digits(values, width)
        )
    return pc.binary_join_element_wise(prefix, number_text(values), "")


def pick(options: Sequence[str], index: np.ndarray) -> pa.StringArray:
    """options[index[i]] for each i (a dictionary lookup, decoded to plain strings)."""
    dictionary = pa.array(list(options), pa.string())
    return pc.take(dictionary, pa.array(np.asarray(index, dtype=np.int32)))


def choose(
    rng: np.random.Generator, options: Sequence[str], n: int, p: Sequence[float] | None = None
) -> pa.StringArray:
    if p is None:
        return pick(options, rng.integers(0, len(options), n))
    weights = np.asarray(p, dtype=np.float64)
    return pick(options, rng.choice(len(options), n, p=weights / weights.sum()))


def nulls(n: int) -> pa.Array:
    return pa.nulls(n, pa.string())


def where(mask: np.ndarray, when_true: pa.Array | str | None, otherwise: pa.Array) -> pa.Array:
    """Elementwise choice between two string arrays (or a scalar / null for the true side)."""
    if not mask.any():
        return otherwise
    if when_true is None:
        when_true = pa.scalar(None, pa.string())
    return pc.if_else(pa.array(mask), when_true, otherwise)


def keep(mask: np.ndarray, values: pa.Array) -> pa.Array:
    """values where mask holds, else null."""
    if mask.all():
        return values
    return pc.if_else(pa.array(mask), values, pa.scalar(None, pa.string()))


def join(*parts: pa.Array | str) -> pa.StringArray:
    """Elementwise concatenation of string arrays and literals."""
    return pc.binary_join_element_wise(*parts, "")


def money(amounts: np.ndarray) -> pa.StringArray:
    """Decimal text with two places ('12.30', '-4.00')."""
    cents = np.round(np.asarray(amounts, dtype=np.float64) * 100).astype(np.int64)
    negative = cents < 0
    cents = np.abs(cents)
    text = join(number_text(cents // 100), ".", from_fixed(digits(cents % 100, 2)))
    if negative.any():
        text = where(negative, join("-", text), text)
    return text


def booleans(values: np.ndarray) -> pa.StringArray:
    return pick(["false", "true"], np.asarray(values, dtype=np.int8))


# -- timestamps -------------------------------------------------------------------------------

_TIME_OF_DAY: np.ndarray | None = None


def _time_of_day() -> np.ndarray:
    """'HH:MM:SS' for each second of a day, as an (86400, 8) byte matrix."""
    global _TIME_OF_DAY
    if _TIME_OF_DAY is None:
        second = np.arange(86400)
        hh, rest = np.divmod(second, 3600)
        mm, ss = np.divmod(rest, 60)
        out = np.full((86400, 8), ord(":"), dtype=np.uint8)
        out[:, 0:2] = digits(hh, 2)
        out[:, 3:5] = digits(mm, 2)
        out[:, 6:8] = digits(ss, 2)
        _TIME_OF_DAY = out
    return _TIME_OF_DAY


def _dates(first_day: int, last_day: int) -> np.ndarray:
    """'YYYY-MM-DD' for each day number (days since 1970-01-01) in the range, (k, 10) bytes."""
    days = np.arange(first_day, last_day + 1).astype("datetime64[D]")
    text = np.datetime_as_string(days, unit="D").astype("S10")
    return np.frombuffer(text.tobytes(), dtype=np.uint8).reshape(-1, 10)


def timestamp_matrix(seconds: np.ndarray) -> np.ndarray:
    """Unix seconds -> (n, 19) bytes 'YYYY-MM-DD HH:MM:SS' (UTC)."""
    seconds = np.asarray(seconds, dtype=np.int64)
    out = np.empty((seconds.size, 19), dtype=np.uint8)
    if seconds.size == 0:
        return out
    day = seconds // 86400
    second = seconds - day * 86400
    first, last = int(day.min()), int(day.max())
    out[:, 0:10] = _dates(first, last)[day - first]
    out[:, 10] = ord(" ")
    out[:, 11:19] = _time_of_day()[second]
    return out


def timestamps(seconds: np.ndarray) -> pa.StringArray:
    """Unix seconds -> 'YYYY-MM-DD HH:MM:SS' text (UTC)."""
    return from_fixed(timestamp_matrix(seconds))


def iso_timestamps(seconds: np.ndarray, style: np.ndarray) -> pa.StringArray:
    """ISO 8601 variants of the same instants: style 0 'YYYY-MM-DDTHH:MM:SSZ', 1 with '.000Z'
    milliseconds, 2 local time with a '+HH:00' offset (the UTC instant is unchanged)."""
    seconds = np.asarray(seconds, dtype=np.int64)
    offset_hours = np.where(style == 2, 1 + (seconds % 3), 0)
    local = timestamp_matrix(seconds + offset_hours * 3600)
    local[:, 10] = ord("T")
    chars = np.concatenate([local, digits(offset_hours, 2)], axis=1)
    # Every character is copied through a '#' mark.
    templates = ["#" * 19 + "Z", "#" * 19 + ".000Z", "#" * 19 + "+##:00"]
    return fill_templates(style.astype(np.int64), templates, chars)


def scatter(n: int, parts: Sequence[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """An array of n strings assembled from (rows, values) parts; rows no part covers are null.
    Each part is computed for its own rows only, so no full-length temporary is built per part."""
    rows = [np.asarray(r, dtype=np.int64) for r, _ in parts]
    values = [v for _, v in parts]
    covered = np.zeros(n, dtype=bool)
    for r in rows:
        covered[r] = True
    if not covered.all():
        rest = np.flatnonzero(~covered)
        rows.append(rest)
        values.append(pa.nulls(rest.size, pa.string()))
    order = np.argsort(np.concatenate(rows), kind="stable")
    return pa.concat_arrays(values).take(pa.array(order))
