"""What pages attach to the members they show: the viewer-relative fields, in one batch."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models.fields.files import FieldFile

from accounts.models import Profile, User
from network.selectors import (
    NO_REASONS,
    CardValues,
    Nearness,
    ViewerFields,
    card_values,
    connection_path,
    nearness_for,
    reasons_for,
    viewer_fields_for,
)

_PHOTO = Profile._meta.get_field("photo")


class CardProfile:
    """The profile part of a card, under Profile's names (`photo` and `photo_thumbnail` as
    stored files: `{% avatar %}` and includes/avatar.html read their `.url`)."""

    __slots__ = ("headline", "location", "photo", "photo_thumbnail")

    def __init__(self, values: CardValues) -> None:
        self.headline = values.headline
        self.location = values.location
        self.photo = FieldFile(None, _PHOTO, values.photo)  # type: ignore[arg-type]
        self.photo_thumbnail = FieldFile(None, _PHOTO, values.photo_thumbnail)  # type: ignore[arg-type]


class CardMember:
    """A member card (network.selectors.card_values) as the list pages' templates read a
    member: `pk`, the names, `full_name`, `profile.headline` and the photo, `nearness` (and
    `why` where a page attaches it). The list rows' templates are the same ones a loaded
    member renders through, so a page shows the same HTML either way
    (tests/test_list_pages_reference.py)."""

    __slots__ = ("first_name", "last_name", "nearness", "pk", "profile", "why")

    def __init__(self, values: CardValues, nearness: ViewerFields | Nearness | None) -> None:
        self.pk = values.id
        self.first_name = values.first_name
        self.last_name = values.last_name
        self.profile = CardProfile(values)
        self.nearness = nearness
        self.why: Any = NO_REASONS

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def card_members(
    viewer: User,
    ids: list[int],
    nearness: Callable[[User, list[int]], Mapping[int, Any]] | None = nearness_for,
) -> dict[int, CardMember]:
    """The cards of the members among `ids` the viewer may be shown, by id, for a page: their
    values in one statement, and their `nearness` in one batch: degrees and mutual counts
    (`nearness_for`, the graph cache), `viewer_fields_for` where the page shows the action
    the relationship decides (two statements more), or None where the page attaches it."""
    values = card_values(viewer, ids)
    near = nearness(viewer, list(values)) if nearness is not None else {}
    return {member_id: CardMember(row, near.get(member_id)) for member_id, row in values.items()}


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
