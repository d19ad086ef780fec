"""Follow-on work of messaging: thin, idempotent, safe to run twice."""

from celery import shared_task

from messaging import services


@shared_task
def notify_new_message_task(message_id: int) -> int:
    """Tell a message's recipients in the app (one unread notification per conversation)."""
    return services.new_message_notify(message_id=message_id)


@shared_task
def conversation_open_from_invitation_task(invitation_id: int) -> bool:
    """Open the pair's conversation with the accepted invitation's note (once).

    Queued through the handler messaging gives connections (messaging.apps, connections.handoffs).
    """
    return services.conversation_open_from_invitation(invitation_id=invitation_id) is not None


@shared_task
def send_message_digests_task() -> int:
    """Periodic: make and mail every due digest of unread messages."""
    return services.message_digests_create()


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_message_digest_task(self, digest_id: int) -> bool:
    """Mail one digest; safe to run twice (the row is claimed first)."""
    try:
        return services.message_digest_send(digest_id=digest_id)
    except Exception as error:  # SMTP and friends: the digest row keeps its messages
        raise self.retry(exc=error) from error
