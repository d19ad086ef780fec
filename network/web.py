"""What pages attach to the members they show: the viewer-relative fields, in one batch."""

from collections.abc import Iterable
from typing import Any

from accounts.models import User
from network.selectors import (
    NO_REASONS,
    connection_path,
    nearness_for,
    reasons_for,
    viewer_fields_for,
)


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


def with_why(viewer: User, members: Iterable[Any]) -> None:
    """Attach `why` (network.selectors.reasons_for: mutual names, shared company, school,
    group, skills) to each member, one batch for the page; templates/network/_why.html
    shows it."""
    people = list(members)
    reasons = reasons_for(viewer, [member.pk for member in people])
    for member in people:
        member.why = reasons.get(member.pk, NO_REASONS)


def profile_relationship(viewer: User, member: User, degree: int | None) -> dict[str, Any]:
    """What a profile says about how the viewer is connected to `member` (never oneself):
    `why` (the mutual connections' faces and names, and what else they share) and, for 2nd
    and 3rd degree, `path` (viewer → … → member, each step a member the viewer may see)."""
    why = reasons_for(viewer, [member.pk]).get(member.pk, NO_REASONS)
    path = connection_path(viewer=viewer, member=member) if degree in (2, 3) else None
    return {"why": why, "path": path}
