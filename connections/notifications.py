"""What the graph's writes tell members, decided from the state when the task runs (an
invitation withdrawn before its task ran tells nobody). Called by connections.tasks; each
notification is created once (`notifications.services.notify`, by dedupe key)."""

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

from connections import selectors, services
from connections.models import Invitation, InvitationStatus
from notifications.models import NotificationKind
from notifications.services import notify


def _invitation_notify(
    invitation_id: int,
    status: str,
    *,
    to_sender: bool,
    kind: str,
    text: str,
    link: Callable[[int], str],
) -> bool:
    """Tell one side of an invitation still in `status` (once): `text` names the other side
    (`{name}`), `link` is made from the other side's id."""
    invitation = (
        Invitation.objects.select_related("sender", "recipient").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.status != status:
        return False
    recipient, actor = (
        (invitation.sender, invitation.recipient)
        if to_sender
        else (invitation.recipient, invitation.sender)
    )
    created = notify(
        recipient_id=recipient.pk,
        actor_id=actor.pk,
        kind=kind,
        text=text.format(name=actor.full_name),
        link=link(actor.pk),
        dedupe_key=f"{kind}:{invitation.pk}",
    )
    return created is not None


def invitation_received_notify(*, invitation_id: int) -> bool:
    """Tell the recipient about a pending invitation (once); return whether this call did."""
    return _invitation_notify(
        invitation_id,
        InvitationStatus.PENDING,
        to_sender=False,
        kind=NotificationKind.INVITATION_RECEIVED,
        text="{name} invited you to connect.",
        link=lambda _member_id: reverse("my_network"),
    )


def invitation_accepted_notify(*, invitation_id: int) -> bool:
    """Tell the sender their invitation was accepted (once); return whether this call did."""
    return _invitation_notify(
        invitation_id,
        InvitationStatus.ACCEPTED,
        to_sender=True,
        kind=NotificationKind.INVITATION_ACCEPTED,
        text="{name} accepted your invitation.",
        link=lambda member_id: reverse("profile", args=[member_id]),
    )


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
