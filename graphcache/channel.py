"""The change channel: Redis pub/sub messages naming the arrays a change made stale.

Every version bump is published in the same pipeline right after it, so every process holding
arrays locally drops those a message names at once (graphcache.listener).
"""

from collections.abc import Sequence
from typing import Any

from graphcache import keys

PUBLISH_CHUNK = 10_000  # ids per message on the change channel


def channel() -> str:
    """The channel naming stale arrays. Channels span Redis databases: the key prefix and the
    database number keep two deployments (or test runs) on one server apart."""
    database = keys.client().connection_pool.connection_kwargs.get("db", 0)
    return keys.key("changes", int(database))


def publish_changes(pipe: Any, kind: str, member_ids: Sequence[int]) -> None:
    """Queue on `pipe` messages naming the members whose `kind` arrays (g1, g2, hb) are stale,
    or, with kind "*", that every array is, or, with kind "snapshot", that a new snapshot of
    the graph is current (graphcache.snapshot)."""
    if kind in ("*", "snapshot"):
        pipe.publish(channel(), kind)
        return
    for start in range(0, len(member_ids), PUBLISH_CHUNK):
        part = member_ids[start : start + PUBLISH_CHUNK]
        pipe.publish(channel(), f"{kind} {' '.join(map(str, part))}")
