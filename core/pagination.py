"""Pagination classes: page numbers with `count` for most lists, cursors for feeds."""

from typing import Any

from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework import pagination, serializers

# A time as every serializer writes it (DRF's DateTimeField: ISO 8601 in the current time
# zone, None for none), for the lists built from plain rows (network.api.lists.CardPageApi).
api_time = serializers.DateTimeField().to_representation


class ShortListPaginator(DjangoPaginator):
    """Django's paginator, without the count query when the first page holds the whole list.

    The first page reads one row more than it shows: fewer than that and the rows are the
    count (most lists a member has are short: blocks, invitations, a group's members); a full
    page still asks for the count, as Django's paginator does. Every other page is Django's.
    """

    def page(self, number: Any) -> Page:
        try:
            first = int(number) == 1
        except (TypeError, ValueError):
            first = False
        if not first or "count" in self.__dict__ or self.orphans:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.__dict__["count"] = len(rows)  # the cached_property, answered by the rows
            return Page(rows, 1, self)
        return Page(rows[: self.per_page], 1, self)


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = ShortListPaginator
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class CursorPagination(pagination.CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"
