"""Follow-on work of the graph's writes: thin, idempotent, safe to run twice."""

import logging

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from connections import selectors, services
from connections.models import Invitation, InvitationStatus
from notifications.models import NotificationKind
from notifications.services import notification_create

logger = logging.getLogger(__name__)


@shared_task
def notify_invitation_received_task(invitation_id: int) -> bool:
    """Tell the recipient about a pending invitation (once)."""
    invitation = Invitation.objects.select_related("sender").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        return False
    created = notification_create(
        recipient_id=invitation.recipient_id,
        actor_id=invitation.sender_id,
        kind=NotificationKind.INVITATION_RECEIVED,
        text=f"{invitation.sender.full_name} invited you to connect.",
        link=reverse("my_network"),
        dedupe_key=f"invitation_received:{invitation.pk}",
    )
    return created is not None


@shared_task
def notify_invitation_accepted_task(invitation_id: int) -> bool:
    """Tell the sender their invitation was accepted (once)."""
    invitation = Invitation.objects.select_related("recipient").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != InvitationStatus.ACCEPTED:
        return False
    created = notification_create(
        recipient_id=invitation.sender_id,
        actor_id=invitation.recipient_id,
        kind=NotificationKind.INVITATION_ACCEPTED,
        text=f"{invitation.recipient.full_name} accepted your invitation.",
        link=reverse("profile", args=[invitation.recipient_id]),
        dedupe_key=f"invitation_accepted:{invitation.pk}",
    )
    return created is not None


@shared_task
def member_connection_count_changed_task(member_id: int) -> None:
    """Warn a member nearing the cap (once); at the cap, close their pending invitations."""
    count = selectors.connection_count(member_id)
    cap = settings.CONNECTIONS_MAX_PER_MEMBER
    if count >= settings.CONNECTIONS_WARNING_AT:
        notification_create(
            recipient_id=member_id,
            kind=NotificationKind.CAP_WARNING,
            text=f"You have {count:,} connections; the limit is {cap:,}.",
            link=reverse("my_network"),
            dedupe_key=f"cap_warning:{member_id}",
        )
    if count < cap:
        return
    notification_create(
        recipient_id=member_id,
        kind=NotificationKind.CAP_REACHED,
        text=f"You have reached the limit of {cap:,} connections.",
        link=reverse("my_network"),
        dedupe_key=f"cap_reached:{member_id}",
    )
    for invitation in services.invitations_close_at_cap(member_id=member_id):
        notification_create(
            recipient_id=invitation.sender_id,
            actor_id=member_id,
            kind=NotificationKind.INVITATION_CLOSED,
            text="A member you invited has reached the connection limit; "
            "your invitation was closed.",
            dedupe_key=f"invitation_closed:{invitation.pk}",
        )


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
