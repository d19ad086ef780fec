"""What a write calls after commit so that the graph cache shows it: connections made or
removed, invitations sent or closed, blocks.

Versions live in Redis beside the caches they guard: bumping a member's `v1`/`v2` makes every
cached array of theirs stale at once, so the two members of a new or removed connection see the
change on their very next read. Their friends' second-degree sets change too; that fan-out (up
to 30,000 keys) goes to Celery (graphcache.tasks.graph_neighbours_changed_task).

Every bump is also published on the change channel in the same pipeline right after it, so every
process holding arrays locally drops those it names at once, instead of reading versions to find
out (graphcache.listener). The process that made the change drops its own before the call
returns (`members_changed`), so its next read sees it.

Redis down (docs/reliability.md): the write has committed, so none of these may raise from
its on_commit (that would skip the callbacks after it, a notification's task among them).
Each drops this process's own copies, logs, and queues `graph_invalidation_task` to do the
bump once Redis answers (kept in the outbox, core.outbox, while the broker is down too; the
task retries until Redis is back).
"""

from collections.abc import Callable, Iterable, Sequence

from core.dependencies import REDIS_ERRORS, log_outage
from graphcache import changelog, keys, snapshot, tasks
from graphcache.channel import publish_changes
from graphcache.local_tier import local


def _or_later(kind: str, members: list[int], bump: Callable[[], None], later: bool) -> bool:
    """Run `bump`; on a Redis error queue it for later (unless `later` is off: raise).
    Return whether it ran now."""
    try:
        bump()
    except REDIS_ERRORS as error:
        if not later:
            raise
        log_outage("redis", error, f"({kind} versions of {len(members)} members queued)")
        tasks.graph_invalidation_task.delay(kind, members)
        return False
    return True


def graph_changed(member_ids: Iterable[int], *, later: bool = True) -> None:
    """Mark the members' cached arrays stale now and schedule their friends' refresh.

    Call after commit (transaction.on_commit) of a connection made or removed between them.
    """
    members = list(dict.fromkeys(member_ids))

    def bump() -> None:
        _bump_graph(members)

    ran = _or_later("graph", members, bump, later)
    members_changed(members)
    if ran:
        tasks.graph_neighbours_changed_task.delay(members)


def _bump_graph(members: list[int]) -> None:
    pipe = keys.client().pipeline(transaction=False)
    for member_id in members:
        pipe.incr(keys.key("v1", member_id))
        pipe.incr(keys.key("v2", member_id))
        # After the bump, so that no write stamped with the old version can follow it
        # (graphcache.stored writes g1 only while its stamp is the current v1).
        pipe.delete(keys.key("g1", member_id))
    changelog.log_changed(pipe, members)
    publish_changes(pipe, "g1", members)
    publish_changes(pipe, "g2", members)
    pipe.execute()


def members_changed(member_ids: list[int]) -> None:
    """In the process that changed their connections: their snapshot rows and local arrays are
    stale from now (other processes hear it from the change channel)."""
    snapshot.current.mark(member_ids)
    local.drop("g1", member_ids)
    local.drop("g2", member_ids)


def suggestions_changed(member_ids: Iterable[int], *, later: bool = True) -> None:
    """Retire the members' precomputed suggestions (network.selectors.people_you_may_know):
    an invitation between them was sent or closed, or one dismissed a suggestion. Call after
    commit. Connections and blocks retire them through the graph's own versions."""
    members = list(dict.fromkeys(member_ids))

    def bump() -> None:
        pipe = keys.client().pipeline(transaction=False)
        for member_id in members:
            pipe.incr(keys.key("vs", member_id))
        pipe.execute()

    _or_later("suggestions", members, bump, later)


def blocks_changed(member_ids: Sequence[int], *, later: bool = True) -> None:
    """Retire the members' cached hidden sets (graphcache.apps calls this when a Block is
    saved or deleted)."""
    members = list(member_ids)

    def bump() -> None:
        pipe = keys.client().pipeline(transaction=False)
        for member_id in members:
            pipe.incr(keys.key("vb", member_id))
        publish_changes(pipe, "hb", members)
        pipe.execute()

    _or_later("blocks", members, bump, later)
    local.drop("hb", members)
