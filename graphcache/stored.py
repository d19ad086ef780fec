"""`g1` values in Redis: reading and decoding them, and writing them only while current.

A g1 is written only by a Lua script that checks its stamp against the current `v1` in the
same step, and graph_changed bumps `v1` before it deletes `g1`: so a g1 present in Redis is
always current, and bulk reads (thousands of arrays) are one MGET of values.
"""

from functools import cache
from typing import Any

import numpy as np

from graphcache import codec, keys, postgres
from graphcache.local_tier import local

DECODE_ONE_BY_ONE = 6  # values decoded one by one; more at once (measured: 6 µs each vs ~50 µs)


def decode_current(values: dict[int, bytes | None], v1: dict[int, int]) -> dict[int, np.ndarray]:
    """Decode the g1 values stamped with the member's current `v1` (one vectorised pass over
    all of them: decoding a page's 25 arrays one by one cost ~9 µs each), each as its own
    read-only array."""
    present = [(member_id, raw) for member_id, raw in values.items() if raw is not None]
    if len(present) <= DECODE_ONE_BY_ONE:  # below this, _unpack_many's fixed cost is more
        rows: dict[int, np.ndarray] = {}
        for member_id, raw in present:
            built_at, _, array = codec.unpack(raw)
            if built_at == v1[member_id]:
                rows[member_id] = array
        return rows
    ok, joined, bounds, stamps = codec.unpack_many([raw for _, raw in present])
    edges = bounds.tolist()
    rows = {}
    for i, (member_id, _) in enumerate(present):
        if ok[i] and int(stamps[i]) == v1[member_id]:
            array = joined[edges[i] : edges[i + 1]].copy()  # its own buffer, for the LRU's sums
            array.flags.writeable = False
            rows[member_id] = array
    return rows


def fetch(ids: list[int], v1: dict[int, int]) -> dict[int, np.ndarray]:
    """Read g1 values from Redis; rebuild the stale or missing ones from PostgreSQL."""
    raws = keys.mget(keys.keys_of("g1", ids))
    rows = decode_current(dict(zip(ids, raws, strict=True)), v1)
    stale = [member_id for member_id in ids if member_id not in rows]
    if stale:
        rows.update(rebuild(stale, v1))
    return rows


# Writes a g1 value only while the member's v1 is still the version it was stamped with, in one
# atomic step; graph_changed bumps v1 and then deletes g1. So a g1 value present in Redis is
# always current, and bulk reads need not read the versions at all.
_SET_IF_CURRENT = """
if tonumber(redis.call('GET', KEYS[1]) or '0') == tonumber(ARGV[1]) then
    redis.call('SET', KEYS[2], ARGV[2])
    return 1
end
return 0
"""


@cache
def _set_if_current(redis_client: Any) -> Any:
    return redis_client.register_script(_SET_IF_CURRENT)


def store_g1(pipe: Any, member_id: int, array: np.ndarray, v1: int) -> None:
    _set_if_current(keys.client())(
        keys=[keys.key("v1", member_id), keys.key("g1", member_id)],
        args=[v1, codec.pack(array, v1)],
        client=pipe,
    )


def rebuild(ids: list[int], v1: dict[int, int]) -> dict[int, np.ndarray]:
    loaded = postgres.load_first_degree(ids)
    pipe = keys.client().pipeline(transaction=False)
    for member_id, array in loaded.items():
        store_g1(pipe, member_id, array, v1[member_id])
    pipe.execute()
    return loaded


def keep_locally(
    ids: list[int],
    ok: np.ndarray,
    joined: np.ndarray,
    bounds: np.ndarray,
    stamps: np.ndarray,
    since: int,
) -> None:
    local.put_rows("g1", ids, np.where(ok, stamps, -1).tolist(), joined, bounds.tolist(), since)


def rebuild_at_current(ids: list[int]) -> dict[int, np.ndarray]:
    """Rebuild from PostgreSQL at the versions read just before (kept locally, trusted if
    nothing dropped them meanwhile)."""
    since = local.generation
    v1 = dict(zip(ids, map(keys.version, keys.mget(keys.keys_of("v1", ids))), strict=True))
    rebuilt = rebuild(ids, v1)
    for member_id, array in rebuilt.items():
        local.put("g1", member_id, (v1[member_id],), array, since)
    return rebuilt


def fetch_bulk(ids: list[int]) -> dict[int, np.ndarray]:
    """Read and decode many g1 values at once (a few one by one), keeping them locally too."""
    since = local.generation
    raws = keys.mget(keys.keys_of("g1", ids))
    found: dict[int, np.ndarray] = {}
    if len(ids) <= DECODE_ONE_BY_ONE:
        for member_id, raw in zip(ids, raws, strict=True):
            if raw is not None and (unpacked := codec.unpack(raw))[0] >= 0:
                found[member_id] = unpacked[2]
                local.put("g1", member_id, (unpacked[0],), unpacked[2], since)
    else:
        ok, joined, bounds, stamps = codec.unpack_many(raws)
        keep_locally(ids, ok, joined, bounds, stamps, since)
        b, fine = bounds.tolist(), ok.tolist()
        found = {m: joined[b[i] : b[i + 1]] for i, m in enumerate(ids) if fine[i]}
    stale = [m for m in ids if m not in found]
    if stale:
        found.update(rebuild_at_current(stale))
    return found
