"""The compact encoding of sorted ids: the first id and then 16-bit gaps, about 2 bytes per id
(half the memory of int32 arrays), stamped with the version(s) the value was built at; and the
decoding of thousands of values at once with one numpy running sum."""

import struct
from collections.abc import Sequence

import numpy as np

IDS = np.int32
_HEADER = struct.Struct("<IIHHI")  # v1, v2 (the stamp), layout tag, padding halves, how many ids
# The layout tag makes a value written by an older release read as stale (and be rebuilt).
_TAG = int.from_bytes(b"g4", "little")
_CONTINUE = 0xFFFF  # a gap half that only adds 65,535 to the next one
EMPTY = np.empty(0, dtype=IDS)
EMPTY.flags.writeable = False


def pack(array: np.ndarray, v1: int, v2: int = 0) -> bytes:
    """Stamp and encode sorted ids: the first as int32, then each gap as a 16-bit half.

    A gap of 65,535 or more is written as that many 0xFFFF halves (each adds 65,535 and
    yields no id) before its remainder, so decoding is one running sum with the 0xFFFF
    positions dropped, however the gaps fall. Values are padded to whole 32-bit words.
    """
    ids = np.ascontiguousarray(array, dtype="<i4")
    count = int(ids.size)
    if not count:
        return _HEADER.pack(v1, v2, _TAG, 0, 0)
    gaps = np.diff(ids.astype(np.int64))
    continuations = gaps // _CONTINUE
    halves = np.full(int(continuations.sum()) + len(gaps), _CONTINUE, dtype="<u2")
    halves[np.cumsum(continuations + 1) - 1] = np.remainder(gaps, _CONTINUE)
    pad = len(halves) % 2
    header = _HEADER.pack(v1, v2, _TAG, pad, count)
    return header + ids[:1].tobytes() + halves.tobytes() + b"\xff\xff" * pad


def unpack(raw: bytes) -> tuple[int, int, np.ndarray]:
    v1, v2, tag, pad, count = _HEADER.unpack_from(raw)
    if tag != _TAG:
        return -1, -1, EMPTY
    if not count:
        return v1, v2, EMPTY
    first = int.from_bytes(raw[_HEADER.size : _HEADER.size + 4], "little", signed=True)
    halves = np.frombuffer(raw, dtype="<u2", offset=_HEADER.size + 4)
    halves = halves[: len(halves) - pad]
    array = np.empty(count, dtype=IDS)
    array[0] = first
    array[1:] = first + np.cumsum(halves, dtype=np.int64)[halves != _CONTINUE]
    array.flags.writeable = False
    return v1, v2, array


def unpack_many(
    raws: Sequence[bytes | None],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Decode many values at once: (ok, joined ids, bounds, stamps).

    `ok[i]` is true when value i exists in the current layout; row i of the result is
    `joined[bounds[i]:bounds[i + 1]]` (empty where not ok), stamped with `v1` `stamps[i]`.
    The values are joined and read as 16-bit halves with the headers zeroed; each row's first
    id goes in place of its first half, less the last id of the row before, so that one running
    sum over everything gives every id; the 0xFFFF halves and the headers are dropped.
    """
    values = [raw or b"" for raw in raws]
    n = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
    joined = b"".join(values)
    words = np.frombuffer(joined, dtype="<u4")
    starts = np.zeros(n, dtype=np.int64)  # each value's first word
    np.cumsum(lengths[:-1] // 4, out=starts[1:])
    ok = np.zeros(n, dtype=bool)
    present = np.flatnonzero(lengths > 0)
    ok[present] = (words[starts[present] + 2] & 0xFFFF) == _TAG
    if ok.sum() < present.size:  # values in another layout: decode without them
        kept = [value if fine else None for value, fine in zip(values, ok, strict=True)]
        _, joined_ids, bounds, stamps = unpack_many(kept)
        return ok, joined_ids, bounds, stamps
    stamps = np.zeros(n, dtype=np.int64)
    stamps[ok] = words[starts[ok]]
    counts = np.zeros(n, dtype=np.int64)
    counts[ok] = words[starts[ok] + 3]
    bounds = np.concatenate([[0], np.cumsum(counts)])
    if not bounds[-1]:
        return ok, EMPTY, bounds, stamps
    halves = np.frombuffer(joined, dtype="<u2")
    sums = halves.astype(np.int32)  # ids and the sums below stay within int32
    keep = halves != _CONTINUE
    header = starts[present] * 2
    for half in range(_HEADER.size // 2):
        sums[header + half] = 0
        keep[header + half] = False
    rows = np.flatnonzero(counts)
    first_at = (starts[rows] + 4) * 2
    sums[first_at] = 0
    sums[first_at + 1] = 0
    keep[first_at] = True  # the first id, even when its low half happens to be 0xFFFF
    keep[first_at + 1] = False
    padded = rows[(words[starts[rows] + 2] >> 16) > 0]
    sums[(starts[padded] * 4 + lengths[padded]) // 2 - 1] = 0
    # Each row's first id goes where its running sum starts, minus what the row before added.
    # (int32 sums wrap around past 2**31, but every difference taken here is a true one.)
    first = words[starts[rows] + 4].view(np.int32)
    running = np.cumsum(sums, dtype=np.int32)
    ends = np.append(first_at[1:] - 1, len(sums) - 1)
    last = first + (running[ends] - running[first_at])
    sums[first_at] = first - np.concatenate([[0], last[:-1]]).astype(np.int32)
    ids = np.cumsum(sums, dtype=np.int32)[keep]
    return ok, ids, bounds, stamps
