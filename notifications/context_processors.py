"""The header bell's unread count, on every page that shows the header."""

from functools import cached_property
from typing import cast

from django.http import HttpRequest

from accounts.models import User
from notifications import selectors


class NotificationBell:
    """Count the member's unread notifications only when a template asks, and only once.

    Lazy on purpose: fragments, error pages and anonymous pages never pay for the query, and a
    500 page (which must not touch the session) never even looks at the user.
    """

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @cached_property
    def unread_count(self) -> int:
        user = self._request.user
        if not user.is_authenticated:
            return 0
        return selectors.unread_count(cast(User, user))


def notification_bell(request: HttpRequest) -> dict[str, NotificationBell]:
    return {"notification_bell": NotificationBell(request)}
