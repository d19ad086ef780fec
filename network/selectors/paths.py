"""Paths: the mutual connections of two members and one shortest chain between them."""

from dataclasses import dataclass, field

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
    members the viewer may see, or None when there is none."""
    if viewer.pk == member.pk:
        return [viewer]
    adjacency = graph.first_degree([viewer.pk, member.pk])
    visible = _visible_ids(viewer)
    friends = adjacency[viewer.pk]
    if _contains(friends, member.pk):
        return [viewer, member]
    theirs = adjacency[member.pk]
    bridges = [
        m for m in np.intersect1d(friends, theirs, assume_unique=True).tolist() if m in visible
    ]
    if bridges:
        return _members_in_order([viewer.pk, bridges[0], member.pk])
    second = graph.second_degree(viewer.pk, friends)
    candidates = np.intersect1d(theirs, second, assume_unique=True).tolist()
    for near_member in (m for m in candidates if m in visible):
        via = graph.first_degree([near_member])[near_member]
        for first in np.intersect1d(friends, via, assume_unique=True).tolist():
            if first in visible:
                return _members_in_order([viewer.pk, first, near_member, member.pk])
    return None


def _contains(sorted_ids: np.ndarray, member_id: int) -> bool:
    position = np.searchsorted(sorted_ids, member_id)
    return bool(position < sorted_ids.size and sorted_ids[position] == member_id)


def _visible_ids(viewer: User) -> "_VisibleIds":
    return _VisibleIds(viewer)


@dataclass
class _VisibleIds:
    """Lazily asks PostgreSQL whether ids are visible to the viewer, remembering answers."""

    viewer: User
    known: dict[int, bool] = field(default_factory=dict)

    def __contains__(self, member_id: object) -> bool:
        assert isinstance(member_id, int)
        if member_id not in self.known:
            self.known[member_id] = visible_members(self.viewer).filter(pk=member_id).exists()
        return self.known[member_id]


def _members_in_order(ids: list[int]) -> list[User]:
    by_id = User.objects.select_related("profile").in_bulk(ids)
    return [by_id[member_id] for member_id in ids]
