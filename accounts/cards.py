"""The public part of a member's card, as stored: what every list that shows members reads
(network.selectors.card_members, with the viewer's fields; the blocks list, without)."""

from typing import NamedTuple

from accounts.models import Profile, User

_PHOTO = Profile._meta.get_field("photo")

# The columns of a card's public part, in CardValues' order.
CARD_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "profile__headline",
    "profile__location",
    "profile__photo",
    "profile__photo_thumbnail",
)


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
        return photo_address(self.photo_thumbnail, self.photo)


def photo_address(thumbnail: str, photo: str) -> str | None:
    """The thumbnail's address, else the photo's, else None, from their stored names ("" for
    none): every member photo the API shows."""
    name = thumbnail or photo
    return _PHOTO.storage.url(name) if name else None


def card_columns(path: str) -> tuple[str, ...]:
    """CARD_COLUMNS of the member at `path` from another model ("blocked")."""
    return tuple(f"{path}__{column}" for column in CARD_COLUMNS)
