"""Refresh the graph caches after changes: idempotent (bumping a version twice is harmless).

Queued by object (`graph_neighbours_changed_task.delay`), never by a name string, on the `graph`
queue (CELERY_TASK_ROUTES). Deploying this rename (the tasks were `network.tasks.*`): drain the
queue first.
"""

from celery import shared_task

from core.dependencies import REDIS_ERRORS
from graphcache import fanout, keys, snapshot
from graphcache.second import second_degree


@shared_task(autoretry_for=REDIS_ERRORS, retry_backoff=5, retry_backoff_max=300, max_retries=None)
def graph_invalidation_task(kind: str, member_ids: list[int]) -> None:
    """Bump the versions a write could not bump while Redis was down (graphcache.invalidation);
    retried until Redis answers. Idempotent: a version bumped twice is only stale once more."""
    from graphcache import invalidation

    bump = {
        "graph": invalidation.graph_changed,
        "suggestions": invalidation.suggestions_changed,
        "blocks": invalidation.blocks_changed,
    }[kind]
    bump(member_ids, later=False)


@shared_task
def graph_neighbours_changed_task(member_ids: list[int]) -> int:
    """Mark stale the second-degree sets of every friend of these members."""
    return fanout.neighbours_changed(member_ids)


@shared_task(ignore_result=True)
def graph_second_degree_build_task(member_id: int) -> int:
    """Build and cache a member's second-degree set ahead of their next page (idempotent: a
    current set is only read back)."""
    return int(second_degree(member_id).size)


@shared_task(ignore_result=True)
def graph_snapshot_task() -> str:
    """Write a new snapshot of the graph for the machine the worker runs on (each machine keeps
    its own current by itself: graphcache.snapshot `refresh_if_due`)."""
    return snapshot.build().name


def schedule_second_degree(member_id: int) -> bool:
    """Have a Celery worker build the member's second-degree set (at most once a minute)."""
    if not keys.client().set(keys.key("g2b", member_id), 1, nx=True, ex=60):
        return False
    graph_second_degree_build_task.delay(member_id)
    return True
