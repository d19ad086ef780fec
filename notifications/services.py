"""Create notifications once, mail each at most once."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from notifications.models import EmailState, Notification

logger = logging.getLogger(__name__)


def notification_create(
    *,
    recipient_id: int,
    kind: str,
    text: str,
    dedupe_key: str,
    link: str = "",
    actor_id: int | None = None,
) -> Notification | None:
    """Create the notification unless one with this key exists; schedule its email.

    Returns the new notification, or None when it already existed (a task run twice).
    """
    from notifications.tasks import send_notification_email_task

    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient_id=recipient_id,
            dedupe_key=dedupe_key,
            defaults={"kind": kind, "text": text[:300], "link": link, "actor_id": actor_id},
        )
        if created:
            transaction.on_commit(lambda: send_notification_email_task.delay(notification.pk))
    return notification if created else None


def notification_email_send(*, notification_id: int) -> bool:
    """Mail a notification once. Returns True when this call sent it.

    The row is claimed (pending/failed → sending) in its own transaction before the mail
    goes out, so a second run of the task never mails it again; a failure marks it failed
    for a retry, and never touches the in-app notification.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, email_state__in=[EmailState.PENDING, EmailState.FAILED]
    ).update(email_state=EmailState.SENDING, email_attempts=F("email_attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient: User = notification.recipient
    if not recipient.is_active or recipient.is_deactivated:
        Notification.objects.filter(pk=notification_id).update(email_state=EmailState.SKIPPED)
        return False
    try:
        send_mail(
            subject=f"ProConnect: {notification.get_kind_display()}",
            message=f"{notification.text}\n\n{notification.link}".strip(),
            from_email=None,
            recipient_list=[recipient.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(email_state=EmailState.FAILED)
        logger.exception("Mailing notification %s failed", notification_id)
        raise
    Notification.objects.filter(pk=notification_id).update(
        email_state=EmailState.SENT, emailed_at=timezone.now()
    )
    return True


def notifications_mark_read(*, member: User, ids: list[int] | None = None) -> int:
    """Mark the member's notifications read (the given ids, or all); return how many changed."""
    unread = Notification.objects.unread().filter(recipient=member)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
