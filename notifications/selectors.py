"""Reads of notifications."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.selectors import block_between
from notifications.models import Notification


def _visible(member: User) -> Any:
    """Notifications whose actor is hidden from the member by a block are not shown."""
    return Q(actor__isnull=True) | ~block_between(member.pk, "actor_id")


def notifications_for(member: User) -> QuerySet[Notification]:
    """Return the member's notifications, newest first, with their actors."""
    return (
        Notification.objects.filter(recipient=member, in_app=True)
        .filter(_visible(member))
        .select_related("actor", "actor__profile")
        .order_by("-created_at", "-id")
    )


def unread_count(member: User) -> int:
    """Count the member's unread notifications."""
    return (
        Notification.objects.unread()
        .filter(recipient=member, in_app=True)
        .filter(_visible(member))
        .count()
    )
