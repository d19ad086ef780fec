"""Precomputed people-you-may-know rankings (`sg:m`, one hour), stamped with the viewer's `v1`,
`v2`, `vb` and `vs` (graphcache.invalidation.suggestions_changed bumps `vs`)."""

import json

from graphcache import keys

SUGGESTIONS_TTL = 3600  # s: at most this long do reasons lag behind the candidates' profiles


def cached_suggestions(
    member_id: int, limit: int
) -> tuple[list[int], list[tuple[int, int, list[str]]] | None]:
    """The member's current stamp (`v1`, `v2`, `vb`, `vs`: their connections, their 2nd degree,
    their blocks, their invitations and dismissals) and the ranking stored at it, if any; one
    round trip. Store a ranking made now with `store_suggestions` and this stamp: a change
    meanwhile has moved the stamp, so it is never served."""
    raw = keys.mget([keys.key(kind, member_id) for kind in ("v1", "v2", "vb", "vs", "sg")])
    stamp = [keys.version(value) for value in raw[:4]]
    if raw[4] is not None:
        stored = json.loads(raw[4])
        if stored["stamp"] == stamp and stored["limit"] == limit:
            return stamp, [
                (int(m), int(mutual), list(reasons)) for m, mutual, reasons in stored["rows"]
            ]
    return stamp, None


def store_suggestions(
    member_id: int, stamp: list[int], limit: int, rows: list[tuple[int, int, list[str]]]
) -> None:
    """Store a ranking made at `stamp`, as `cached_suggestions` read it before the ranking."""
    value = json.dumps({"stamp": stamp, "limit": limit, "rows": rows})
    keys.client().set(keys.key("sg", member_id), value, ex=SUGGESTIONS_TTL)
