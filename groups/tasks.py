"""Background work of groups: deliver the notifications the services decided on.

The services (groups.services, feed.services) decide who is told and what, inside the
transaction that made the change, and schedule this task after commit. The task only delivers:
each notification is created once per (recipient, dedupe key), so a retried or duplicated task
tells nobody twice.
"""

from celery import shared_task

from notifications.services import notification_create


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
    """Create the notification for each recipient (once); return how many were new."""
    created = 0
    for recipient_id in recipient_ids:
        notification = notification_create(
            recipient_id=recipient_id,
            kind=kind,
            text=text,
            dedupe_key=dedupe_key,
            link=link,
            actor_id=actor_id,
        )
        created += int(notification is not None)
    return created
