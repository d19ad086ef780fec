"""The base views for paginated lists that show members to a viewer."""

from collections.abc import Sequence
from typing import Any

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.auth import current_member
from accounts.models import User
from network.api.serializers import card_data, member_context
from network.selectors import member_cards


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
    """A page-numbered list whose rows are plain values, a member's id first: the page is the
    list's own statement (`get_queryset`: a values queryset or core.compiled rows), the members'
    cards one batch (network.selectors.member_cards), each row's output `row_data`. No model
    instance and no serializer on the way; `serializer_class` stays the schema, and a test
    holds each list's output equal to its serializer's."""

    def row_data(self, row: tuple[Any, ...], card: dict[str, Any]) -> dict[str, Any]:
        """A row's output, from its values and its member's card (the card alone by default)."""
        return card

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # every list here is paginated
        cards = member_cards(current_member(request), [row[0] for row in page])
        data = [self.row_data(row, card_data(*cards[row[0]])) for row in page if row[0] in cards]
        return self.get_paginated_response(data)
