"""The write side announces graph changes to the read side's caches, explicitly, after commit.

Versions live in Redis beside the caches they guard (network.graph): bumping a member's
`v1`/`v2` makes every cached array of theirs stale at once, so the two members of a new or
removed connection see the change on their very next read. Their friends' second-degree sets
change too; that fan-out (up to 30,000 keys) goes to Celery, by task name so that this lower
app does not import the read side.

Every bump is also published on the graph's change channel (`publish_changes`), in the same
pipeline right after it: every process holding arrays locally drops those it names at once,
instead of reading versions to find out (network.graph, "Pushed invalidation"). The process that
made the change drops its own through `graph_members_changed`, before the call returns.
"""

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import redis
from celery import current_app
from django.conf import settings
from django.dispatch import Signal

NEIGHBOURS_CHANGED_TASK = "network.tasks.graph_neighbours_changed_task"
PUBLISH_CHUNK = 10_000  # ids per message on the change channel
# Sent in the process that made a change, once its versions are bumped (with member_ids).
graph_members_changed = Signal()


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


def graph_channel() -> str:
    """The channel naming stale arrays. Channels span Redis databases: the key prefix and the
    database number keep two deployments (or test runs) on one server apart."""
    database = graph_client().connection_pool.connection_kwargs.get("db", 0)
    return graph_key("changes", int(database))


def publish_changes(pipe: Any, kind: str, member_ids: Sequence[int]) -> None:
    """Queue on `pipe` messages naming the members whose `kind` arrays (g1, g2, hb) are stale,
    or, with kind "*", that every array is, or, with kind "snapshot", that a new snapshot of
    the graph is current (network.snapshot)."""
    if kind in ("*", "snapshot"):
        pipe.publish(graph_channel(), kind)
        return
    for start in range(0, len(member_ids), PUBLISH_CHUNK):
        part = member_ids[start : start + PUBLISH_CHUNK]
        pipe.publish(graph_channel(), f"{kind} {' '.join(map(str, part))}")


# Logs the members as changed after the graph's snapshot (network.snapshot): one count for the
# change, which becomes each member's score in the log.
_LOG_CHANGED = """
local seq = redis.call('INCR', KEYS[1])
for _, member in ipairs(ARGV) do redis.call('ZADD', KEYS[2], seq, member) end
return seq
"""


@cache
def _log_script(redis_client: redis.Redis) -> Any:
    return redis_client.register_script(_LOG_CHANGED)


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
    log = _log_script(graph_client())
    log(keys=[graph_key("seq", 0), graph_key("log", 0)], args=members, client=pipe)
    publish_changes(pipe, "g1", members)
    publish_changes(pipe, "g2", members)
    pipe.execute()
    graph_members_changed.send(sender=None, member_ids=members)
    current_app.send_task(NEIGHBOURS_CHANGED_TASK, args=[members])


def suggestions_changed(member_ids: Iterable[int]) -> None:
    """Retire the members' precomputed suggestions (network.selectors.people_you_may_know):
    an invitation between them was sent or closed, or one dismissed a suggestion. Call after
    commit. Connections and blocks retire them through the graph's own versions."""
    pipe = graph_client().pipeline(transaction=False)
    for member_id in dict.fromkeys(member_ids):
        pipe.incr(graph_key("vs", member_id))
    pipe.execute()
