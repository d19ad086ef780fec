"""The one base view for paginated lists that show members to a viewer."""

from collections.abc import Sequence
from typing import Any

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.auth import current_member
from accounts.models import User
from network.api.serializers import member_context


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
