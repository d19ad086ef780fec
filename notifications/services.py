"""Create notifications once, mail each at most once."""

import logging
from collections.abc import Callable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Model
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


def mail_once(
    model: type[Model],
    pk: int,
    *,
    recipient_field: str,
    compose: Callable[[Any], tuple[str, str]],
) -> bool:
    """Mail one row of `model` (an `email_state` / `email_attempts` / `emailed_at` row) at most
    once; return True when this call sent it.

    The row is claimed (pending/failed → sending) in its own statement before the mail goes
    out, so a second run of the task never mails it again; an inactive recipient is skipped;
    a failure marks it failed for a retry. `compose(row)` gives the subject and the text.
    """
    rows = model._default_manager.filter(pk=pk)
    claimed = rows.filter(email_state__in=[EmailState.PENDING, EmailState.FAILED]).update(
        email_state=EmailState.SENDING, email_attempts=F("email_attempts") + 1
    )
    if not claimed:
        return False
    row = rows.select_related(recipient_field).get()
    recipient: User = getattr(row, recipient_field)
    if not recipient.is_active_member:
        rows.update(email_state=EmailState.SKIPPED)
        return False
    subject, text = compose(row)
    try:
        send_mail(subject=subject, message=text, from_email=None, recipient_list=[recipient.email])
    except Exception:
        rows.update(email_state=EmailState.FAILED)
        logger.exception("Mailing %s %s failed", model._meta.verbose_name, pk)
        raise
    rows.update(email_state=EmailState.SENT, emailed_at=timezone.now())
    return True


def notification_email_send(*, notification_id: int) -> bool:
    """Mail a notification once (`mail_once`), never touching the in-app notification."""
    return mail_once(
        Notification,
        notification_id,
        recipient_field="recipient",
        compose=lambda notification: (
            f"ProConnect: {notification.get_kind_display()}",
            f"{notification.text}\n\n{notification.link}".strip(),
        ),
    )


def notifications_mark_read(*, member: User, ids: list[int] | None = None) -> int:
    """Mark the member's notifications read (the given ids, or all); return how many changed."""
    unread = Notification.objects.unread().filter(recipient=member)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
