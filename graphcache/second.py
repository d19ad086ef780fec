"""2nd degree: a member's friends of friends, minus themselves and their friends, cached in
Redis (`g2:m`, one hour) and locally, stamped with the member's `v1` and `v2`."""

import numpy as np

from graphcache import codec, keys
from graphcache.codec import IDS
from graphcache.first import adjacency
from graphcache.local_tier import local
from graphcache.sets import distinct
from graphcache.versions import Versions, versions

G2_TTL = 3600


def cached_second_degree(member_id: int, known: Versions | None = None) -> np.ndarray | None:
    """The member's 2nd-degree set if a current one is cached (locally or in Redis), else None."""
    if local.trusting() and (array := local.fresh("g2", member_id)) is not None:
        return array
    if known is None or member_id not in known.v1 or member_id not in known.v2:
        known = versions([member_id], [member_id])
    stamp = (known.v1[member_id], known.v2[member_id])
    array = local.get("g2", member_id, stamp, known.since)
    if array is not None:
        return array
    raw = keys.get(keys.key("g2", member_id))
    if raw is None:
        return None
    built_v1, built_v2, array = codec.unpack(raw)
    if (built_v1, built_v2) != stamp:
        return None
    local.put("g2", member_id, stamp, array, known.since)
    return array


def second_degree(
    member_id: int, friends: np.ndarray | None = None, known: Versions | None = None
) -> np.ndarray:
    """Return the member's sorted 2nd-degree ids (not themselves, not their 1st degree)."""
    if local.trusting() and (array := local.fresh("g2", member_id)) is not None:
        return array
    if known is None or member_id not in known.v1 or member_id not in known.v2:
        known = versions([member_id], [member_id])
    cached = cached_second_degree(member_id, known)
    if cached is not None:
        return cached
    if friends is None:
        friends = adjacency([member_id], known).joined
    without = np.append(friends, np.array([member_id], dtype=IDS))
    union = distinct([adjacency(friends.tolist()).joined], without)
    stamp = (known.v1[member_id], known.v2[member_id])
    keys.client().set(keys.key("g2", member_id), codec.pack(union, *stamp), ex=G2_TTL)
    local.put("g2", member_id, stamp, union, known.since)
    return union
