"""Paths: the mutual connections of two members and one shortest chain between them."""

import numpy as np
from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import visible_members
from network.selectors._graph import graph


def mutual_connections(*, viewer: User, member: User) -> QuerySet[User]:
    """Return the members connected to both, that the viewer may see, by name."""
    adjacency = graph.first_degree([viewer.pk, member.pk])
    shared = np.intersect1d(adjacency[viewer.pk], adjacency[member.pk], assume_unique=True)
    return (
        visible_members(viewer)
        .filter(pk__in=shared.tolist())
        .order_by("last_name", "first_name", "pk")
    )


def connection_path(*, viewer: User, member: User) -> list[User] | None:
    """Return one shortest chain viewer → … → member (both included, up to 3 hops) through
    members the viewer may see, or None when there is none.

    Intermediaries are picked deterministically: the lowest id among the visible ones at each
    step (for 3 hops, the lowest visible 2nd-degree member, then the lowest visible connection
    leading to them), so the same graph always shows the same path. Members hidden from the
    viewer (a block either way, deactivated, suspended) are never on it. At most four queries
    whatever the networks' sizes (which intermediaries are visible, in batches; the chain)."""
    if viewer.pk == member.pk:
        return [viewer]
    adjacency = graph.first_degree([viewer.pk, member.pk])
    hidden = graph.hidden(viewer.pk)
    everyone = adjacency[viewer.pk]
    friends = _without(everyone, hidden)
    if _contains(friends, member.pk):
        return [viewer, member]
    theirs = _without(adjacency[member.pk], hidden)
    bridges = _visible_ids(viewer, np.intersect1d(friends, theirs, assume_unique=True), first=True)
    if bridges:
        return _members_in_order([viewer.pk, bridges[0], member.pk])
    second = graph.second_degree(viewer.pk, everyone)
    candidates = _visible_ids(viewer, np.intersect1d(theirs, second, assume_unique=True))
    if not candidates:
        return None
    rows = graph.first_degree(candidates)
    leads = {c: np.intersect1d(friends, rows[c], assume_unique=True) for c in candidates}
    reachable = graph.distinct(list(leads.values()))
    visible_leads = set(_visible_ids(viewer, reachable))
    for near_member in candidates:
        for first in leads[near_member].tolist():
            if first in visible_leads:
                return _members_in_order([viewer.pk, first, near_member, member.pk])
    return None


def _without(sorted_ids: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    if not hidden.size or not sorted_ids.size:
        return sorted_ids
    return sorted_ids[~graph.members_of(hidden, sorted_ids)]


def _contains(sorted_ids: np.ndarray, member_id: int) -> bool:
    position = np.searchsorted(sorted_ids, member_id)
    return bool(position < sorted_ids.size and sorted_ids[position] == member_id)


def _visible_ids(viewer: User, ids: np.ndarray, *, first: bool = False) -> list[int]:
    """Which of `ids` the viewer may see, lowest first (only the lowest with `first`): one
    query, none for no ids."""
    if not ids.size:
        return []
    visible = (
        visible_members(viewer)
        .filter(pk__in=ids.tolist())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(visible[:1] if first else visible)


def _members_in_order(ids: list[int]) -> list[User]:
    by_id = User.objects.select_related("profile").in_bulk(ids)
    return [by_id[member_id] for member_id in ids]
