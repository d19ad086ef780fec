"""Refresh the graph caches after changes: idempotent (bumping a version twice is harmless)."""

from celery import shared_task

from network import graph, snapshot


@shared_task
def graph_neighbours_changed_task(member_ids: list[int]) -> int:
    """Mark stale the second-degree sets of every friend of these members."""
    return graph.neighbours_changed(member_ids)


@shared_task(ignore_result=True)
def graph_second_degree_build_task(member_id: int) -> int:
    """Build and cache a member's second-degree set ahead of their next page (idempotent: a
    current set is only read back)."""
    return int(graph.second_degree(member_id).size)


@shared_task(ignore_result=True)
def graph_snapshot_task() -> str:
    """Write a new snapshot of the graph (hourly, by Celery beat): rows changed since the
    current one cost a Redis read each, until the next."""
    return snapshot.build().name
