"""The base views for paginated lists that show members to a viewer."""

from collections.abc import Sequence
from functools import partial
from typing import Any

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.auth import current_member
from accounts.models import User
from network.api.serializers import card_data, member_context
from network.selectors import card_members, cards_of_rows, viewer_fields_for


class MemberPageApi(generics.ListAPIView):
    """A page-numbered list of rows that show members: the viewer-relative fields (degree,
    mutual count, relationship) of the whole page come in one batch, never once per row."""

    def members_in(self, rows: Sequence[Any]) -> list[User]:
        """The members the rows show (the rows themselves by default)."""
        return list(rows)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # every list here is paginated
        context = {
            **self.get_serializer_context(),
            **member_context(current_member(request), self.members_in(page)),
        }
        serializer = self.get_serializer(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)


class CardPageApi(generics.ListAPIView):
    """A page-numbered list whose rows are plain values, the ids of the members a row shows
    first (`members_per_row` of them): the page is the list's own statement (`get_queryset`:
    a values queryset or core.compiled rows), the members' cards one batch
    (network.selectors.card_members), each row's output `row_data`; a row whose member is no
    longer shown is left out; where the list's statement is itself over the members and
    applies who may be shown (`cards_from`: where the row's CARD_COLUMNS begin), its rows hold
    the cards' values and no second read is made. No model instance and no serializer on the way:
    `serializer_class` stays the schema, and a test holds each list's output equal to it
    (tests/network/test_member_cards.py)."""

    members_per_row = 1
    rows_are_own_connections = False  # the viewer's Connection rows: every one "connected"
    # Where each row's CARD_COLUMNS values begin, when the list's statement reads them itself
    # and applies who may be shown (None: the cards are read by id, the first column).
    cards_from: int | None = None

    def row_data(self, row: tuple[Any, ...], *cards: dict[str, Any]) -> dict[str, Any]:
        """A row's output, from its values and its members' cards (the card by default)."""
        return cards[0]

    def page_read(self, page: Sequence[tuple[Any, ...]]) -> None:
        """Read what the page's rows need beyond the cards, in one batch (nothing by default)."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # every list here is paginated
        fields = partial(viewer_fields_for, connected=self.rows_are_own_connections)
        viewer = current_member(request)
        if self.cards_from is not None:
            found = cards_of_rows(viewer, [row[self.cards_from :] for row in page], fields)
            cards_of_page = zip(page, found, strict=True)
            data = [self.row_data(row, card_data(card)) for row, card in cards_of_page]
            return self.get_paginated_response(data)
        shown = self.members_per_row
        ids = [member_id for row in page for member_id in row[:shown]]
        cards = card_members(viewer, ids, fields)
        self.page_read(page)
        data = [
            self.row_data(row, *(card_data(cards[member_id]) for member_id in row[:shown]))
            for row in page
            if all(member_id in cards for member_id in row[:shown])
        ]
        return self.get_paginated_response(data)
