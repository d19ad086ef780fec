"""The fan-out of a connection change: every friend of either member has a new 2nd degree."""

from collections.abc import Sequence

from graphcache import keys, postgres
from graphcache.channel import publish_changes
from graphcache.local_tier import local


def neighbours_changed(members: Sequence[int]) -> int:
    """Mark the second-degree sets of the members' friends stale; return how many.

    The members' own versions were bumped at commit (graphcache.invalidation.graph_changed).
    """
    redis_client = keys.client()
    neighbours: set[int] = set()
    for array in postgres.load_first_degree(members).values():
        neighbours.update(array.tolist())
    neighbours.difference_update(members)
    changed = sorted(neighbours)
    pipe = redis_client.pipeline(transaction=False)
    for neighbour in changed:
        pipe.incr(keys.key("v2", neighbour))
    publish_changes(pipe, "g2", changed)
    pipe.execute()
    local.drop("g2", changed)
    return len(changed)
