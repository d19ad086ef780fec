"""The write side announces graph changes to the read side's caches, explicitly, after commit.

Versions live in Redis beside the caches they guard (network.graph): bumping a member's
`v1`/`v2` makes every cached array of theirs stale at once, so the two members of a new or
removed connection see the change on their very next read. Their friends' second-degree sets
change too; that fan-out (up to 30,000 keys) goes to Celery, by task name so that this lower
app does not import the read side.
"""

from collections.abc import Iterable
from functools import cache

import redis
from celery import current_app
from django.conf import settings

NEIGHBOURS_CHANGED_TASK = "network.tasks.graph_neighbours_changed_task"


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def graph_client() -> redis.Redis:
    """The Redis connection holding the graph caches and their versions (REDIS_URL)."""
    return _client(settings.REDIS_URL)


def graph_key(kind: str, member_id: int) -> str:
    """Name a graph cache key: kind is g1/g2 (arrays) or v1/v2 (their versions)."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "proconnect")
    return f"{prefix}:graph:{kind}:{member_id}"


def graph_changed(member_ids: Iterable[int]) -> None:
    """Mark the members' cached arrays stale now and schedule their friends' refresh.

    Call after commit (transaction.on_commit) of a connection made or removed between them.
    """
    members = list(dict.fromkeys(member_ids))
    pipe = graph_client().pipeline(transaction=False)
    for member_id in members:
        pipe.incr(graph_key("v1", member_id))
        pipe.incr(graph_key("v2", member_id))
        # After the bump, so that no write stamped with the old version can follow it
        # (network.graph writes g1 only while its stamp is the current v1).
        pipe.delete(graph_key("g1", member_id))
    pipe.execute()
    current_app.send_task(NEIGHBOURS_CHANGED_TASK, args=[members])
