"""Reading the graph from PostgreSQL, the system of record: a few members' rows, or every row
in one ordered pass (for the snapshot and bulk loads). With read replicas configured these
reads use one that has replayed every commit before the read began (core.replicas
`run_caught_up`): what they return is stored at versions read before them, so it must not be
older than the changes those versions count."""

from collections.abc import Iterator, Sequence

import numpy as np
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from core import replicas
from graphcache.codec import EMPTY, IDS


def load_first_degree(member_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Read adjacency arrays straight from PostgreSQL (the system of record)."""
    result = dict.fromkeys(member_ids, EMPTY)
    if not member_ids:
        return result

    def read(connection: BaseDatabaseWrapper) -> np.ndarray:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT member_id, other_id FROM connections_connection "
                "WHERE member_id = ANY(%s) ORDER BY member_id, other_id",
                [list(member_ids)],
            )
            return np.array(cursor.fetchall(), dtype=IDS).reshape(-1, 2)

    rows = replicas.run_caught_up(read)
    if rows.size:
        owners, starts = np.unique(rows[:, 0], return_index=True)
        ends = np.append(starts[1:], len(rows))
        for owner, start, end in zip(owners.tolist(), starts, ends, strict=True):
            result[owner] = rows[start:end, 1].copy()
    return result


def packed_rows(
    batch: int = 10_000, connection: BaseDatabaseWrapper | None = None
) -> Iterator[list[tuple[int, np.ndarray]]]:
    """Every member with connections and their sorted ids (big-endian), in member order, a batch
    at a time, from one statement (one consistent view). PostgreSQL packs each member's ids
    itself (int4send), so a million members are a million small rows, not a hundred million."""
    if connection is None:
        connection = replicas.caught_up_connection()
    with transaction.atomic(using=connection.alias), connection.chunked_cursor() as cursor:
        cursor.execute(
            "SELECT member_id, string_agg(int4send(other_id::int4), ''::bytea ORDER BY other_id) "
            "FROM connections_connection GROUP BY member_id ORDER BY member_id"
        )
        while rows := cursor.fetchmany(batch):
            yield [(member_id, np.frombuffer(packed, dtype=">i4")) for member_id, packed in rows]


def read_csr(progress: object = None) -> tuple[np.ndarray, np.ndarray]:
    """Every member's sorted 1st-degree ids from PostgreSQL as (indptr, indices), one statement
    (`packed_rows`). `progress(n)` is called per batch."""
    connection = replicas.caught_up_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        top = int(cursor.fetchone()[0])
    owners: list[int] = []
    arrays: list[np.ndarray] = []
    for rows in packed_rows(connection=connection):
        for member_id, ids in rows:
            owners.append(member_id)
            arrays.append(ids)
        if callable(progress):
            progress(len(rows))
    top = max(top, owners[-1] if owners else 0)
    lengths = np.zeros(top + 1, dtype=np.int64)
    lengths[np.array(owners, dtype=np.int64)] = [len(a) for a in arrays]
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    indices = np.concatenate(arrays).astype(IDS) if arrays else np.empty(0, dtype=IDS)
    return indptr, indices
