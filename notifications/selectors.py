"""Reads of notifications."""

from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Notification


def notifications_for(member: User) -> QuerySet[Notification]:
    """Return the member's notifications, newest first, with their actors."""
    return (
        Notification.objects.filter(recipient=member)
        .select_related("actor", "actor__profile")
        .order_by("-created_at", "-id")
    )


def unread_count(member: User) -> int:
    """Count the member's unread notifications."""
    return Notification.objects.unread().filter(recipient=member).count()
