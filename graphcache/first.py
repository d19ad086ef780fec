"""1st degree: the members' sorted connection ids, from the snapshot or the local tier while
the listener trusts them, else at the versions read from Redis (values from Redis, rebuilt from
PostgreSQL when missing)."""

from collections.abc import Sequence
from typing import cast

import numpy as np

from graphcache import first_bulk, keys, snapshot, stored
from graphcache.local_tier import local
from graphcache.rows import Adjacency, assemble
from graphcache.versions import Versions, current_epoch, epoch_key

# Calls for more members than LOCAL_MAX_MEMBERS (building a second-degree set, filtering
# thousands of candidates) read Redis in bulk, without a version per member
# (graphcache.first_bulk).
LOCAL_MAX_MEMBERS = 64


def adjacency(
    member_ids: Sequence[int], known: Versions | None = None, *, viewer: int | None = None
) -> Adjacency:
    """Return the members' sorted 1st-degree ids, from the local tier, Redis, or PostgreSQL.

    One MGET reads the versions (`v1` of `member_ids`; `v2` and `vb` of `viewer`, for the
    caller's next steps) together with the values of members this process has no array for; a
    second one is needed only for local arrays that turn out stale. `known` may carry versions
    already read.
    """
    ids = list(dict.fromkeys(member_ids))
    if len(ids) > LOCAL_MAX_MEMBERS:
        return first_bulk.adjacency_bulk(ids)
    if local.trusting() and (trusted := _from_trusted(ids)) is not None:
        return trusted
    # Nothing held (a process new to these members): the read below also fetches the viewer's
    # `v2` and `vb` in its one round trip, for the steps after this one.
    fetched: dict[int, bytes | None] = {}
    if known is None or any(member_id not in known.v1 for member_id in ids):
        known, fetched = _read_versions(ids, viewer)
    return _at_versions(ids, known, fetched)


def first_degree(member_ids: Sequence[int], known: Versions | None = None) -> dict[int, np.ndarray]:
    """Return each member's sorted 1st-degree ids (read-only arrays)."""
    return adjacency(member_ids, known).rows()


def _from_trusted(ids: list[int]) -> Adjacency | None:
    """The rows from what this process trusts, the few missing fetched; None if none is held."""
    held = _trusted_rows(ids)
    missing = [member_id for member_id, array in zip(ids, held, strict=True) if array is None]
    if not missing:  # every array current without asking Redis
        return assemble(ids, cast(list[np.ndarray], held), Versions({}, {}))
    if len(missing) < len(ids):
        found = stored.fetch_bulk(missing)
        arrays = [found[m] if a is None else a for m, a in zip(ids, held, strict=True)]
        return assemble(ids, arrays, Versions({}, {}))
    return None


def _read_versions(ids: list[int], viewer: int | None) -> tuple[Versions, dict[int, bytes | None]]:
    """One MGET: the epoch, the members' `v1`, the viewer's `v2` and `vb`, and the values of
    members this process holds no array for."""
    absent = [member_id for member_id in ids if not local.holds("g1", member_id)]
    extra = [] if viewer is None else [keys.key("v2", viewer), keys.key("vb", viewer)]
    since = local.generation
    raw = keys.mget([epoch_key(), *keys.keys_of("v1", ids), *extra, *keys.keys_of("g1", absent)])
    local.check_epoch(current_epoch(raw[0]))
    v1_end = 1 + len(ids)
    v1 = dict(zip(ids, map(keys.version, raw[1:v1_end]), strict=True))
    known = Versions(v1, {}, since=since)
    if viewer is not None:
        known.v2[viewer], known.vb[viewer] = map(keys.version, raw[v1_end : v1_end + 2])
    return known, dict(zip(absent, raw[v1_end + len(extra) :], strict=True))


def _at_versions(ids: list[int], known: Versions, fetched: dict[int, bytes | None]) -> Adjacency:
    """The rows at the versions `known`: held locally, among the values `fetched`, or read."""
    rows: dict[int, np.ndarray] = {}
    misses: list[int] = []
    decoded = stored.decode_current(fetched, known.v1)
    for member_id in ids:
        stamp = (known.v1[member_id],)
        array = local.get("g1", member_id, stamp, known.since)
        if array is None and (array := decoded.get(member_id)) is not None:
            local.put("g1", member_id, stamp, array, known.since)
        if array is None:
            misses.append(member_id)
        else:
            rows[member_id] = array
    if misses:
        for member_id, array in stored.fetch(misses, known.v1).items():
            local.put("g1", member_id, (known.v1[member_id],), array, known.since)
            rows[member_id] = array
    return assemble(ids, [rows[member_id] for member_id in ids], known)


def _trusted_rows(ids: list[int]) -> list[np.ndarray | None]:
    """The rows this process may use without asking Redis (call only while `local.trusting`):
    the snapshot's, for members unchanged since it, else trusted local arrays; None for the
    rest."""
    opened = snapshot.current.opened
    if opened is None:
        return local.fresh_many("g1", ids)
    rows = [opened.row(member_id) for member_id in ids]
    for position, row in enumerate(rows):
        if row is None:
            rows[position] = local.fresh("g1", ids[position])
    return rows
