"""What pages attach to the members they show: the viewer-relative fields, in one batch."""

from collections.abc import Iterable

from accounts.models import User
from network.selectors import nearness_for, viewer_fields_for


def with_nearness(viewer: User, members: Iterable[User]) -> None:
    """Attach `nearness` (degree, mutual count, relationship) to each member, one batch."""
    people = list(members)
    fields = viewer_fields_for(viewer, sorted({member.pk for member in people}))
    for member in people:
        member.nearness = fields.get(member.pk)  # type: ignore[attr-defined]


def with_degrees(viewer: User, members: Iterable[User]) -> None:
    """Attach `nearness` (degree and mutual count only: what a degree badge shows) to each
    member, one batch from the graph cache and no query (with_nearness adds the relationship,
    which costs two queries)."""
    people = list(members)
    near = nearness_for(viewer, sorted({member.pk for member in people}))
    for member in people:
        member.nearness = near.get(member.pk)  # type: ignore[attr-defined]
