"""Thousands of members' 1st-degree rows at once (building a second-degree set, filtering
candidates): from the snapshot, from the local tier, or from one MGET of values."""

from typing import cast

import numpy as np

from graphcache import codec, keys, snapshot, stored
from graphcache.codec import IDS
from graphcache.local_tier import local
from graphcache.rows import Adjacency, assemble
from graphcache.versions import Versions, current_epoch, epoch_key

# A bulk read keeps what it read in the local tier only up to LOCAL_BULK_MAX members, so that a
# 30,000-connection member's friends (millions of ids) never flush the arrays that pages reuse.
LOCAL_BULK_MAX = 20_000


def adjacency_bulk(ids: list[int], *, use_snapshot: bool = True) -> Adjacency:
    """Thousands of members. From the snapshot when this process trusts it. When this process
    holds most of their arrays: those it trusts (`LocalArrays.trusting`), or else one MGET of
    their versions and the arrays held at them; one MGET for the rest. Otherwise one MGET of
    all the values (present means current), decoded at once; for up to LOCAL_BULK_MAX members
    the arrays are then kept locally too, stamped with the version each value carries."""
    if use_snapshot and local.trusting() and (opened := snapshot.current.opened) is not None:
        return bulk_from_snapshot(opened, ids)
    sample = ids[:: max(1, len(ids) // 64)]
    if local.count_held("g1", sample) * 2 >= len(sample):
        return _from_local_tier(ids)
    return _from_values(ids)


def _from_local_tier(ids: list[int]) -> Adjacency:
    """The arrays this process holds (trusted, or at the versions read now), the rest fetched."""
    if local.trusting():
        arrays = local.fresh_many("g1", ids)
        known = Versions({}, {})
    else:
        since = local.generation
        raw = keys.mget([epoch_key(), *keys.keys_of("v1", ids)])
        local.check_epoch(current_epoch(raw[0]))
        v1 = list(map(keys.version, raw[1:]))
        arrays = local.peek_many("g1", ids, v1)
        known = Versions(dict(zip(ids, v1, strict=True)), {}, since=since)
    misses = [member_id for member_id, array in zip(ids, arrays, strict=True) if array is None]
    if misses:
        found = stored.fetch_bulk(misses)
        arrays = [found[m] if a is None else a for m, a in zip(ids, arrays, strict=True)]
    return assemble(ids, cast(list[np.ndarray], arrays), known)


def _from_values(ids: list[int]) -> Adjacency:
    """One MGET of every value, decoded at once; the stale ones rebuilt from PostgreSQL."""
    since = local.generation
    raw = keys.mget([epoch_key(), *keys.keys_of("g1", ids)])
    local.check_epoch(current_epoch(raw[0]))
    ok, joined, bounds, stamps = codec.unpack_many(raw[1:])
    if len(ids) <= LOCAL_BULK_MAX:
        stored.keep_locally(ids, ok, joined, bounds, stamps, since)
    if ok.all():
        return Adjacency(ids, joined, bounds, Versions({}, {}))
    stale = [member_id for member_id, fine in zip(ids, ok.tolist(), strict=True) if not fine]
    rebuilt = stored.rebuild_at_current(stale)
    b = bounds.tolist()
    rows = [
        joined[b[i] : b[i + 1]] if fine else rebuilt[member_id]
        for i, (member_id, fine) in enumerate(zip(ids, ok.tolist(), strict=True))
    ]
    return assemble(ids, rows, Versions({}, {}))


def bulk_from_snapshot(opened: snapshot.Opened, ids: list[int]) -> Adjacency:
    """Thousands of members' rows: the snapshot's gathered at once, the few changed since it
    read as usual (local tier, Redis, PostgreSQL) and written into place."""
    members = np.array(ids, dtype=np.int64)
    clean = opened.clean(members)
    if clean.all():
        joined, bounds = opened.gather(members)
        joined.flags.writeable = False
        return Adjacency(ids, joined, bounds, Versions({}, {}))
    changed = np.flatnonzero(~clean)
    others = adjacency_bulk([ids[i] for i in changed.tolist()], use_snapshot=False)
    clean_at = np.flatnonzero(clean)
    starts = opened.indptr[members[clean_at]]
    lengths = np.zeros(len(ids), dtype=np.int64)
    lengths[clean_at] = opened.indptr[members[clean_at] + 1] - starts
    lengths[changed] = np.diff(others.bounds)
    bounds = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    joined = np.empty(int(bounds[-1]), dtype=IDS)
    snapshot.copy_rows(joined, bounds[clean_at], opened.indices, starts, lengths[clean_at])
    snapshot.copy_rows(joined, bounds[changed], others.joined, others.bounds[:-1], lengths[changed])
    joined.flags.writeable = False
    return Adjacency(ids, joined, bounds, Versions({}, {}))
