"""Follow-on work of the graph's writes: thin, idempotent, safe to run twice."""

import logging

from celery import shared_task

from connections import notifications, services

logger = logging.getLogger(__name__)


@shared_task
def notify_invitation_received_task(invitation_id: int) -> bool:
    """Tell the recipient about a pending invitation (once)."""
    return notifications.invitation_received_notify(invitation_id=invitation_id)


@shared_task
def notify_invitation_accepted_task(invitation_id: int) -> bool:
    """Tell the sender their invitation was accepted (once)."""
    return notifications.invitation_accepted_notify(invitation_id=invitation_id)


@shared_task
def member_connection_count_changed_task(member_id: int) -> None:
    """Warn a member nearing the cap (once); at the cap, close their pending invitations."""
    notifications.connection_count_notify(member_id=member_id)


@shared_task
def expire_invitations_task() -> int:
    """Expire pending invitations past their lifetime."""
    return services.invitations_expire()


@shared_task
def reconcile_connection_counts_task() -> int:
    """Fix and report drift between the counters and the connection rows."""
    drifts = services.connection_counts_reconcile()
    for drift in drifts:
        logger.warning(
            "connection counter drift: member %s counted %s, actual %s",
            drift.member_id,
            drift.counted,
            drift.actual,
        )
    return len(drifts)
