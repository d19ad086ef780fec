"""What the graph's writes tell members, decided from the state when the task runs (an
invitation withdrawn before its task ran tells nobody). Called by connections.tasks; each
notification is created once (`notifications.services.notify`, by dedupe key)."""

from django.conf import settings
from django.urls import reverse

from connections import selectors, services
from connections.models import Invitation, InvitationStatus
from notifications.models import NotificationKind
from notifications.services import notify


def invitation_received_notify(*, invitation_id: int) -> bool:
    """Tell the recipient about a pending invitation (once); return whether this call did."""
    invitation = Invitation.objects.select_related("sender").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        return False
    created = notify(
        recipient_id=invitation.recipient_id,
        actor_id=invitation.sender_id,
        kind=NotificationKind.INVITATION_RECEIVED,
        text=f"{invitation.sender.full_name} invited you to connect.",
        link=reverse("my_network"),
        dedupe_key=f"invitation_received:{invitation.pk}",
    )
    return created is not None


def invitation_accepted_notify(*, invitation_id: int) -> bool:
    """Tell the sender their invitation was accepted (once); return whether this call did."""
    invitation = Invitation.objects.select_related("recipient").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != InvitationStatus.ACCEPTED:
        return False
    created = notify(
        recipient_id=invitation.sender_id,
        actor_id=invitation.recipient_id,
        kind=NotificationKind.INVITATION_ACCEPTED,
        text=f"{invitation.recipient.full_name} accepted your invitation.",
        link=reverse("profile", args=[invitation.recipient_id]),
        dedupe_key=f"invitation_accepted:{invitation.pk}",
    )
    return created is not None


def connection_count_notify(*, member_id: int) -> None:
    """Warn a member nearing the cap (once); at the cap, tell them, close their pending
    invitations and tell those invitations' senders (once each)."""
    count = selectors.connection_count(member_id)
    cap = settings.CONNECTIONS_MAX_PER_MEMBER
    if count >= settings.CONNECTIONS_WARNING_AT:
        notify(
            recipient_id=member_id,
            kind=NotificationKind.CAP_WARNING,
            text=f"You have {count:,} connections; the limit is {cap:,}.",
            link=reverse("my_network"),
            dedupe_key=f"cap_warning:{member_id}",
        )
    if count < cap:
        return
    notify(
        recipient_id=member_id,
        kind=NotificationKind.CAP_REACHED,
        text=f"You have reached the limit of {cap:,} connections.",
        link=reverse("my_network"),
        dedupe_key=f"cap_reached:{member_id}",
    )
    for invitation in services.invitations_close_at_cap(member_id=member_id):
        notify(
            recipient_id=invitation.sender_id,
            actor_id=member_id,
            kind=NotificationKind.INVITATION_CLOSED,
            text="A member you invited has reached the connection limit; "
            "your invitation was closed.",
            dedupe_key=f"invitation_closed:{invitation.pk}",
        )
