"""Background work of notifications: create them after commit, mail them, each once."""

from celery import shared_task

from notifications import services


@shared_task
def deliver_notifications_task(
    *,
    recipient_ids: list[int],
    kind: str,
    text: str,
    dedupe_key: str,
    link: str = "",
    actor_id: int | None = None,
) -> int:
    """Create the notification for each recipient (once); return how many were new.

    Queued by `services.notify_after_commit`; a retried or duplicated task tells nobody twice.
    """
    created = 0
    for recipient_id in recipient_ids:
        notification = services.notify(
            recipient_id=recipient_id,
            kind=kind,
            text=text,
            dedupe_key=dedupe_key,
            link=link,
            actor_id=actor_id,
        )
        created += int(notification is not None)
    return created


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_notification_email_task(self, notification_id: int) -> bool:
    """Mail one notification; safe to run twice (the row is claimed first)."""
    try:
        return services.notification_email_send(notification_id=notification_id)
    except Exception as error:  # SMTP and friends: the in-app notification is already saved
        raise self.retry(exc=error) from error
