"""Member cards: the one read of the members a list shows.

A list's own statement says which members it shows and in what order (ids, one compiled
statement per page); `member_cards` reads the public part of those members' cards as plain
values in one statement compiled once per process (core.compiled), and their viewer-relative
fields (degree, mutual count, relationship) in one batch. No model instance is made: the API
builds each card from the values (network.api.serializers.card_data), the pages read them as
they read a member (network.web.CardMember), and a member a list loaded whole gives the same
values (`CardValues.of`).
"""

from typing import NamedTuple

from accounts.models import Profile, User
from accounts.selectors import block_between
from core.compiled import CompiledQuery
from network.selectors.nearness import ViewerFields, viewer_fields_for

_PHOTO_STORAGE = Profile._meta.get_field("photo").storage


class CardValues(NamedTuple):
    """The public part of a member's card, as stored."""

    id: int
    first_name: str
    last_name: str
    headline: str
    location: str
    photo: str  # the stored file's name, "" for none
    photo_thumbnail: str

    @classmethod
    def of(cls, member: User) -> "CardValues":
        """The values of a member loaded with their profile."""
        profile = member.profile
        return cls(
            member.pk,
            member.first_name,
            member.last_name,
            profile.headline,
            profile.location,
            profile.photo.name or "",
            profile.photo_thumbnail.name or "",
        )

    @property
    def photo_url(self) -> str | None:
        """The thumbnail's address, else the photo's (accounts.api.serializers.photo_url)."""
        name = self.photo_thumbnail or self.photo
        return _PHOTO_STORAGE.url(name) if name else None


class Card(NamedTuple):
    values: CardValues
    fields: ViewerFields


_CARD_ROWS = CompiledQuery(
    lambda viewer, ids: (
        User.objects.active()
        .filter(~block_between(viewer), pk__any=ids)
        .values_list(
            "pk",
            "first_name",
            "last_name",
            "profile__headline",
            "profile__location",
            "profile__photo",
            "profile__photo_thumbnail",
        )
    ),
    viewer=-7_000_000_011,
    ids=[-7_000_000_012],
)


def card_values(viewer: User, ids: list[int]) -> dict[int, CardValues]:
    """The public part of the cards of the members among `ids` the viewer may be shown
    (active, no block either way; the viewer's own too), by id, in one statement. A member
    hidden or gone since the list's own statement is absent, and the list leaves its row out."""
    if not ids:
        return {}
    rows = _CARD_ROWS.rows(viewer=viewer.pk, ids=ids)
    return {row[0]: CardValues(*row) for row in rows}


def member_cards(viewer: User, ids: list[int]) -> dict[int, Card]:
    """`card_values` with each member's viewer fields (network.selectors.viewer_fields_for:
    the relationships in two statements, the rest from the graph cache)."""
    values = card_values(viewer, ids)
    fields = viewer_fields_for(viewer, list(values))
    return {member_id: Card(row, fields[member_id]) for member_id, row in values.items()}
