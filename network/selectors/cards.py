"""Member cards: the one read of the members a list shows.

A list's own statement says which members it shows and in what order (ids, one compiled
statement per page); `member_cards` reads the public part of those members' cards as plain
values in one statement compiled once per process (core.compiled), and their viewer-relative
fields (degree, mutual count, relationship) in one batch. No model instance is made: the API
builds each card from the values (network.api.serializers.card_data), and a member a list
loaded whole gives the same values (`CardValues.of`).
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


def member_cards(viewer: User, ids: list[int]) -> dict[int, Card]:
    """The cards of the members among `ids` the viewer may be shown (active, no block either
    way; the viewer's own card too), by id: two statements for the values and the viewer's
    relationships, the rest from the graph cache. A member hidden or gone since the list's
    own statement is absent, and the list leaves its row out."""
    if not ids:
        return {}
    rows = [CardValues(*row) for row in _CARD_ROWS.rows(viewer=viewer.pk, ids=ids)]
    fields = viewer_fields_for(viewer, [row.id for row in rows])
    return {row.id: Card(row, fields[row.id]) for row in rows}
