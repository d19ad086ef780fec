"""Bulk loads: drop every cached array and version (after loading data straight into
PostgreSQL), or cache every member's 1st degree in one ordered pass."""

from collections.abc import Callable

import numpy as np
from django.db import connection as db

from graphcache import keys, postgres, stored
from graphcache.channel import publish_changes
from graphcache.codec import EMPTY, IDS
from graphcache.local_tier import local


def forget_everything() -> None:
    """Drop every cached array and version (after a bulk load), here and in every process
    (the epoch goes with them)."""
    redis_client = keys.client()
    batch: list[bytes] = []
    for key in redis_client.scan_iter(match=keys.pattern(), count=10_000):
        batch.append(key)
        if len(batch) >= 10_000:
            redis_client.unlink(*batch)
            batch.clear()
    if batch:
        redis_client.unlink(*batch)
    pipe = redis_client.pipeline(transaction=False)
    publish_changes(pipe, "*", [])
    pipe.execute()
    local.reset()


def warm_all(*, batch: int = 5_000, progress: Callable[[int], object] | None = None) -> int:
    """Cache every member's 1st-degree array, from one ordered pass over PostgreSQL.

    For bulk loads and benchmarks (`postgres.packed_rows`). Each value carries the member's
    `v1` as read *before* the query's snapshot, so a connection made meanwhile leaves it stale,
    never wrong. Returns how many members were cached.
    """
    redis_client = keys.client()
    known_versions = _every_v1()
    with db.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user ORDER BY id")
        everyone = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
    cached = 0
    seen: list[int] = []
    pipe = redis_client.pipeline(transaction=False)

    def store(member_id: int, array: np.ndarray) -> None:
        nonlocal cached
        stored.store_g1(pipe, member_id, array, known_versions.get(member_id, 0))
        cached += 1
        if len(pipe) >= batch:
            pipe.execute()
            if progress is not None:
                progress(batch)

    for rows in postgres.packed_rows(batch):
        for member_id, ids in rows:
            store(member_id, ids.astype(IDS))
            seen.append(member_id)
    for member_id in np.setdiff1d(everyone, np.array(seen, dtype=np.int64)).tolist():
        store(member_id, EMPTY)
    remaining = len(pipe)
    pipe.execute()
    if progress is not None and remaining:
        progress(remaining)
    return cached


def _every_v1() -> dict[int, int]:
    """Every member's `v1` in Redis (members without one are at 0)."""
    redis_client = keys.client()
    known_versions: dict[int, int] = {}
    names = list(redis_client.scan_iter(match=keys.pattern("v1"), count=10_000))
    for start in range(0, len(names), 10_000):
        part = names[start : start + 10_000]
        for name, value in zip(part, redis_client.mget(part), strict=True):
            if value is not None:
                known_versions[int(name.rsplit(b":", 1)[1])] = int(value)
    return known_versions
