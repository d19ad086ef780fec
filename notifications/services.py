"""Create notifications once, mail each at most once."""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from accounts.models import User
from notifications import preferences
from notifications.models import EmailState, Notification
from notifications.unsubscribe import unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)


def notify(
    *,
    recipient_id: int,
    kind: str,
    text: str,
    dedupe_key: str,
    link: str = "",
    actor_id: int | None = None,
    email: bool = True,
) -> Notification | None:
    """Create the notification unless one with this key exists; schedule its email.

    The one way any app creates a notification. `email=False` stores it as never to be mailed
    one by one (`skipped`: a digest mails it in a batch). The recipient's preferences for the
    kind apply now: in-app off stores it unlisted, email off never queues the mail (and the
    mail task asks again when it runs). Returns the new notification, or None when it already
    existed (a task run twice).
    """
    from notifications.tasks import send_notification_email_task

    choice = preferences.choice_for(recipient_id, kind)
    email = email and choice.email
    defaults: dict[str, Any] = {
        "kind": kind,
        "text": text[:300],
        "link": link,
        "actor_id": actor_id,
        "in_app": choice.in_app,
    }
    if not email:
        defaults["email_state"] = EmailState.SKIPPED
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient_id=recipient_id, dedupe_key=dedupe_key, defaults=defaults
        )
        if created and email:
            transaction.on_commit(lambda: send_notification_email_task.delay(notification.pk))
    return notification if created else None


def notify_after_commit(
    recipient_ids: Iterable[int],
    *,
    kind: str,
    text: str,
    dedupe_key: str,
    link: str = "",
    actor_id: int | None = None,
) -> None:
    """Schedule `notify` for each recipient for when the transaction commits (nothing when
    there is nobody to tell); the task creates each once (`dedupe_key`).

    For a decision made inside the transaction that made the change (who is told, what they
    read): the rows are written only if that transaction commits.
    """
    from notifications.tasks import deliver_notifications_task

    recipients = sorted(set(recipient_ids))
    if not recipients:
        return
    transaction.on_commit(
        partial(
            deliver_notifications_task.delay,
            recipient_ids=recipients,
            kind=str(kind),
            text=text[:300],
            dedupe_key=dedupe_key,
            link=link,
            actor_id=actor_id,
        )
    )


def mail_once(
    model: type[Model],
    pk: int,
    *,
    recipient_field: str,
    compose: Callable[[Any], tuple[str, str]],
    kind: str | None = None,
) -> bool:
    """Mail one row of `model` (an `email_state` / `email_attempts` / `emailed_at` row) at most
    once; return True when this call sent it.

    The row is claimed (pending/failed → sending) in its own statement before the mail goes
    out, so a second run of the task never mails it again; an inactive recipient, or one who
    turned this kind's email off (asked now, at send time), is skipped; a failure marks it
    failed for a retry. `compose(row)` gives the subject and the text. Every mail carries the
    kind's one-click unsubscribe (RFC 8058); `kind` defaults to the row's own `kind`.
    """
    rows = model._default_manager.filter(pk=pk)
    claimed = rows.filter(email_state__in=[EmailState.PENDING, EmailState.FAILED]).update(
        email_state=EmailState.SENDING, email_attempts=F("email_attempts") + 1
    )
    if not claimed:
        return False
    row = rows.select_related(recipient_field).get()
    recipient: User = getattr(row, recipient_field)
    kind = kind or getattr(row, "kind")  # noqa: B009 (a Notification; digests pass it)
    if not recipient.is_active_member or not preferences.email_wanted(recipient.pk, kind):
        rows.update(email_state=EmailState.SKIPPED)
        return False
    subject, text = compose(row)
    text += (
        "\n\n--\nStop these emails: "
        f"{unsubscribe_url(recipient.pk, kind)} (or change them in your notification settings)"
    )
    message = EmailMessage(
        subject=subject,
        body=text,
        to=[recipient.email],
        headers=unsubscribe_headers(recipient.pk, kind),
    )
    try:
        message.send()
    except Exception:
        rows.update(email_state=EmailState.FAILED)
        logger.exception("Mailing %s %s failed", model._meta.verbose_name, pk)
        raise
    rows.update(email_state=EmailState.SENT, emailed_at=timezone.now())
    return True


def absolute_link(link: str) -> str:
    """A site path as the absolute URL an email needs (SITE_URL); other links as they are."""
    return settings.SITE_URL.rstrip("/") + link if link.startswith("/") else link


def notification_email_send(*, notification_id: int) -> bool:
    """Mail a notification once (`mail_once`), never touching the in-app notification."""
    return mail_once(
        Notification,
        notification_id,
        recipient_field="recipient",
        compose=lambda notification: (
            f"ProConnect: {notification.get_kind_display()}",
            f"{notification.text}\n\n{absolute_link(notification.link)}".strip(),
        ),
    )


def notifications_mark_read_by_key(
    *, recipient_id: int, kind: str, key_prefix: str, read_at: datetime | None = None
) -> int:
    """Mark read the recipient's unread notifications of `kind` whose dedupe key starts with
    `key_prefix` (those of one conversation, say); return how many changed."""
    return (
        Notification.objects.unread()
        .filter(recipient_id=recipient_id, kind=kind, dedupe_key__startswith=key_prefix)
        .update(read_at=read_at or timezone.now())
    )


def notifications_mark_read(*, member: User, ids: list[int] | None = None) -> int:
    """Mark the member's notifications read (the given ids, or all); return how many changed."""
    unread = Notification.objects.unread().filter(recipient=member)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
