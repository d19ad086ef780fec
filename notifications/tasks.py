"""Mail notifications, once."""

from celery import shared_task

from notifications import services


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_notification_email_task(self, notification_id: int) -> bool:
    """Mail one notification; safe to run twice (the row is claimed first)."""
    try:
        return services.notification_email_send(notification_id=notification_id)
    except Exception as error:  # SMTP and friends: the in-app notification is already saved
        raise self.retry(exc=error) from error
