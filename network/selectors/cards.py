"""Member cards: the one read of the members a list shows.

A list's own statement says which members it shows and in what order (ids, one compiled
statement per page); `card_members` reads the public part of those members' cards as plain
values in one statement compiled once per process (core.compiled), and their viewer-relative
fields in one batch. No model instance is made. A `CardMember` is what both sides read: the
API builds its card dict from it (network.api.serializers.card_data), the pages' templates
read it as they read a member (`pk`, names, `profile.headline`, the photo, `nearness`), and a
member a list loaded whole gives the same values (`CardValues.of`).
"""

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from django.db.models.fields.files import FieldFile

from accounts.cards import CARD_COLUMNS, CardValues
from accounts.models import Profile, User
from accounts.selectors import block_between
from core.compiled import CompiledQuery
from network.selectors.nearness import nearness_for
from network.selectors.reasons import NO_REASONS

_PHOTO = Profile._meta.get_field("photo")


class CardProfile:
    """The profile part of a card under Profile's names, `photo` and `photo_thumbnail` as
    stored files (`{% avatar %}` and includes/avatar.html read their `.url`)."""

    def __init__(self, values: CardValues) -> None:
        self.headline = values.headline
        self.location = values.location
        self.photo = FieldFile(None, _PHOTO, values.photo)  # type: ignore[arg-type]
        self.photo_thumbnail = FieldFile(None, _PHOTO, values.photo_thumbnail)  # type: ignore[arg-type]


class CardMember:
    """A member's card for one viewer: the values, and `nearness` (ViewerFields, or Nearness
    where a page shows only degrees; `why` where a page attaches the reasons). Read under
    User's names by the list templates, which render it as they render a loaded member
    (tests/network/test_member_cards.py renders both)."""

    def __init__(self, values: CardValues, nearness: Any = None) -> None:
        self.values = values
        self.pk = values.id
        self.first_name = values.first_name
        self.last_name = values.last_name
        self.nearness = nearness
        self.why: Any = NO_REASONS

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @cached_property
    def profile(self) -> CardProfile:
        return CardProfile(self.values)


_CARD_ROWS = CompiledQuery(
    lambda viewer, ids: (
        User.objects.active().filter(~block_between(viewer), pk__any=ids).values_list(*CARD_COLUMNS)
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


def cards_of_rows(
    viewer: User,
    rows: list[tuple[Any, ...]],
    nearness: Callable[[User, list[int]], Mapping[int, Any]] | None = nearness_for,
) -> list[CardMember]:
    """Cards from rows of CARD_COLUMNS a list's own statement read, in their order: for a
    list over the members themselves that applies who may be shown in that statement
    (mutual connections: `visible_members`), so no second read is needed."""
    values = [CardValues(*row) for row in rows]
    near = nearness(viewer, [row.id for row in values]) if nearness is not None else {}
    return [CardMember(row, near.get(row.id)) for row in values]


def card_members(
    viewer: User,
    ids: list[int],
    nearness: Callable[[User, list[int]], Mapping[int, Any]] | None = nearness_for,
) -> dict[int, CardMember]:
    """`card_values` as cards, by id, with their `nearness` in one batch: degrees and mutual
    counts (`nearness_for`, the graph cache), `viewer_fields_for` where the list shows the
    relationship (the API's cards; two statements more), or None where the page attaches it."""
    values = card_values(viewer, ids)
    near = nearness(viewer, list(values)) if nearness is not None else {}
    return {member_id: CardMember(row, near.get(member_id)) for member_id, row in values.items()}
