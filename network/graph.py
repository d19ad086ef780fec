"""The in-memory side of the graph: adjacency arrays cached in Redis, PostgreSQL as the record.

What is cached, per member id `m`:
- `g1:m`  the sorted 1st-degree ids (int32 array), prefixed with the version it was built at;
- `g2:m`  the sorted 2nd-degree ids (friends of friends, minus m and m's friends), prefixed
          with the two versions it was built at.
Versions (`v1:m`, `v2:m`, plain Redis integers) are bumped by `graph_changed` after a
connection is made or removed: `v1` of the two members (their own arrays changed) and `v2` of
every friend of either (their second-degree sets changed). A cached value whose embedded version
is not the current one is stale and rebuilt from PostgreSQL on the next read, so a reader that
raced with a change can never pin a stale value: it stored the version it had read *before*
querying PostgreSQL.

Exact 1st degree for rules (invitations, messaging, the cap) never comes from here: those read
PostgreSQL inside their transaction (connections.selectors.are_connected).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from django.db import connection as db
from django.db import transaction

from connections.events import graph_client, graph_key

IDS = np.int32
_HEADER = struct.Struct("<qq")  # (v1, v2) versions the value was built at
_EMPTY = np.empty(0, dtype=IDS)
G1_TTL = 24 * 3600
G2_TTL = 3600


client = graph_client
_key = graph_key


def _version(raw: Any) -> int:
    return int(raw) if raw is not None else 0


def _pack(array: np.ndarray, v1: int, v2: int = 0) -> bytes:
    return _HEADER.pack(v1, v2) + np.ascontiguousarray(array, dtype=IDS).tobytes()


def _unpack(raw: Any) -> tuple[int, int, np.ndarray]:
    v1, v2 = _HEADER.unpack_from(raw)
    return v1, v2, np.frombuffer(raw, dtype=IDS, offset=_HEADER.size)


def _load_first_degree(member_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Read adjacency arrays straight from PostgreSQL (the system of record)."""
    result = dict.fromkeys(member_ids, _EMPTY)
    if not member_ids:
        return result
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT member_id, other_id FROM connections_connection "
            "WHERE member_id = ANY(%s) ORDER BY member_id, other_id",
            [list(member_ids)],
        )
        rows = np.array(cursor.fetchall(), dtype=IDS).reshape(-1, 2)
    if rows.size:
        owners, starts = np.unique(rows[:, 0], return_index=True)
        ends = np.append(starts[1:], len(rows))
        for owner, start, end in zip(owners.tolist(), starts, ends, strict=True):
            result[owner] = rows[start:end, 1].copy()
    return result


def _keys(kind: str, member_ids: Sequence[int]) -> list[str]:
    """Name many keys at once (graph_key reads the settings on every call)."""
    prefix = _key(kind, 0).rsplit(":", 1)[0]
    return [f"{prefix}:{member_id}" for member_id in member_ids]


def distinct(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """The sorted distinct ids of all the arrays.

    Millions of ids (a 30,000-connection member's friends of friends) are marked in a boolean
    mask over the id range, which is linear; a few are sorted, which is cheaper than the mask.
    (Not np.unique: numpy 2.x's hashing unique is several times slower than a sort here.)
    """
    total = sum(len(array) for array in arrays)
    if not total:
        return _EMPTY
    joined = np.concatenate(arrays)
    top = int(joined.max())
    if total * 16 < top:
        joined.sort()
        return joined[np.concatenate([[True], joined[1:] != joined[:-1]])]
    seen = np.zeros(top + 1, dtype=bool)
    seen[joined] = True
    return np.flatnonzero(seen).astype(IDS)


def first_degree(member_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Return each member's sorted 1st-degree ids, from Redis, rebuilt where stale or missing."""
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        return {}
    redis_client = client()
    fetched = redis_client.mget(_keys("g1", ids) + _keys("v1", ids))
    values, versions = fetched[: len(ids)], fetched[len(ids) :]
    result: dict[int, np.ndarray] = {}
    missing: list[int] = []
    current: dict[int, int] = {}
    for member_id, raw, version in zip(ids, values, versions, strict=True):
        current[member_id] = _version(version)
        if raw is not None:
            built_at, _, array = _unpack(raw)
            if built_at == current[member_id]:
                result[member_id] = array
                continue
        missing.append(member_id)
    if missing:
        loaded = _load_first_degree(missing)
        pipe = redis_client.pipeline(transaction=False)
        for member_id, array in loaded.items():
            result[member_id] = array
            pipe.set(_key("g1", member_id), _pack(array, current[member_id]), ex=G1_TTL)
        pipe.execute()
    return result


def second_degree(member_id: int, friends: np.ndarray | None = None) -> np.ndarray:
    """Return the member's sorted 2nd-degree ids (not themselves, not their 1st degree)."""
    redis_client = client()
    raw, raw_v1, raw_v2 = redis_client.mget(
        [_key("g2", member_id), _key("v1", member_id), _key("v2", member_id)]
    )
    v1, v2 = _version(raw_v1), _version(raw_v2)
    if raw is not None:
        built_v1, built_v2, array = _unpack(raw)
        if (built_v1, built_v2) == (v1, v2):
            return array
    if friends is None:
        friends = first_degree([member_id])[member_id]
    adjacency = first_degree(friends.tolist())
    union = distinct(list(adjacency.values()))
    union = np.setdiff1d(union, friends, assume_unique=True)
    union = union[union != member_id]
    redis_client.set(_key("g2", member_id), _pack(union, v1, v2), ex=G2_TTL)
    return union


def neighbours_changed(members: Sequence[int]) -> int:
    """Mark the second-degree sets of the members' friends stale; return how many.

    The members' own versions were bumped at commit (connections.events.graph_changed).
    """
    redis_client = client()
    neighbours: set[int] = set()
    for array in _load_first_degree(members).values():
        neighbours.update(array.tolist())
    neighbours.difference_update(members)
    pipe = redis_client.pipeline(transaction=False)
    for neighbour in neighbours:
        pipe.incr(_key("v2", neighbour))
    pipe.execute()
    return len(neighbours)


def _pattern(kind: str = "*") -> str:
    return graph_key(kind, 0).rsplit(":", 1)[0] + ":*"


def forget_everything() -> None:
    """Drop every cached array and version (after a bulk load)."""
    redis_client = client()
    batch: list[bytes] = []
    for key in redis_client.scan_iter(match=_pattern(), count=10_000):
        batch.append(key)
        if len(batch) >= 10_000:
            redis_client.unlink(*batch)
            batch.clear()
    if batch:
        redis_client.unlink(*batch)


def warm_all(*, batch: int = 5_000, progress: Callable[[int], object] | None = None) -> int:
    """Cache every member's 1st-degree array, from one ordered pass over PostgreSQL.

    For bulk loads and benchmarks: PostgreSQL packs each member's sorted ids itself (int4send,
    big-endian), so a million members cost a million small rows, not a hundred million. Each
    value carries the member's `v1` as read *before* the query's snapshot, so a connection made
    meanwhile leaves it stale, never wrong. Returns how many members were cached.
    """
    redis_client = client()
    versions: dict[int, int] = {}
    keys = list(redis_client.scan_iter(match=_pattern("v1"), count=10_000))
    for start in range(0, len(keys), 10_000):
        part = keys[start : start + 10_000]
        for key, value in zip(part, redis_client.mget(part), strict=True):
            if value is not None:
                versions[int(key.rsplit(b":", 1)[1])] = int(value)
    with db.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user ORDER BY id")
        everyone = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
    cached = 0
    seen: list[int] = []
    pipe = redis_client.pipeline(transaction=False)

    def store(member_id: int, array: np.ndarray) -> None:
        nonlocal cached
        pipe.set(_key("g1", member_id), _pack(array, versions.get(member_id, 0)), ex=G1_TTL)
        cached += 1
        if len(pipe) >= batch:
            pipe.execute()
            if progress is not None:
                progress(batch)

    with transaction.atomic(), db.chunked_cursor() as cursor:
        cursor.execute(
            "SELECT member_id, string_agg(int4send(other_id::int4), ''::bytea ORDER BY other_id) "
            "FROM connections_connection GROUP BY member_id ORDER BY member_id"
        )
        while rows := cursor.fetchmany(batch):
            for member_id, packed in rows:
                store(member_id, np.frombuffer(packed, dtype=">i4").astype(IDS))
                seen.append(member_id)
    for member_id in np.setdiff1d(everyone, np.array(seen, dtype=np.int64)).tolist():
        store(member_id, _EMPTY)
    remaining = len(pipe)
    pipe.execute()
    if progress is not None and remaining:
        progress(remaining)
    return cached
