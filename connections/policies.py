"""May this member invite that one? One function, used by the service, the pages and the API."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.exceptions import MemberNotFound
from accounts.models import ConnectionsVisibleTo, InvitationsFrom, User
from accounts.policies import email_unconfirmed_reason
from accounts.selectors import hidden_from_each_other
from connections import selectors
from connections.exceptions import (
    AlreadyConnected,
    ConnectionLimitReached,
    ConnectionsHidden,
    EmailRequired,
    InvitationPending,
    NotAllowedByRecipient,
    NoteTooLong,
    PendingInvitationLimit,
    ReinviteTooSoon,
    SelfInvitation,
    WeeklyInvitationLimit,
)
from connections.models import Invitation, InvitationStatus
from core.exceptions import DomainError
from standing.policies import restriction_reason


def _email_matches(recipient: User, email: str | None) -> bool:
    return bool(email) and (email or "").strip().lower() == recipient.email.lower()


def _seconds_until(moment: object) -> int:
    delta = moment - timezone.now()  # type: ignore[operator]
    return max(int(delta.total_seconds()) + 1, 1)


def recipient_visible_reason(*, sender: User, recipient: User) -> DomainError | None:
    """Refuse with one not-found for self-hidden, deactivated, suspended and blocked members."""
    if sender.pk == recipient.pk:
        return SelfInvitation()
    if not recipient.is_active_member or hidden_from_each_other(sender.pk, recipient.pk):
        return MemberNotFound()
    return None


def _recipient_rules_reason(
    *, sender: User, recipient: User, email: str | None
) -> DomainError | None:
    if Invitation.objects.filter(
        sender=sender, recipient=recipient, status=InvitationStatus.DONT_KNOW
    ).exists():
        return NotAllowedByRecipient()
    setting = recipient.invitations_from
    if setting == InvitationsFrom.NOBODY:
        return NotAllowedByRecipient("This member does not accept invitations.")
    if setting == InvitationsFrom.MUTUALS and not selectors.have_mutual_connection(
        sender.pk, recipient.pk
    ):
        return NotAllowedByRecipient(
            "This member only accepts invitations from members with mutual connections."
        )
    if setting == InvitationsFrom.EMAIL_KNOWN and not _email_matches(recipient, email):
        return EmailRequired()
    strikes = selectors.dont_know_strikes(sender.pk)
    if strikes >= settings.DONT_KNOW_STRIKES_LIMIT and not _email_matches(recipient, email):
        return EmailRequired(
            "Several members said they don't know you: enter this member's email address."
        )
    return None


def _quota_reason(*, sender: User, recipient: User) -> DomainError | None:
    cooldown_days = settings.REINVITE_COOLDOWN_DAYS
    last_withdrawal = (
        Invitation.objects.filter(
            sender=sender,
            recipient=recipient,
            status=InvitationStatus.WITHDRAWN,
            responded_at__gte=timezone.now() - timedelta(days=cooldown_days),
        )
        .order_by("-responded_at")
        .values_list("responded_at", flat=True)
        .first()
    )
    if last_withdrawal is not None:
        return ReinviteTooSoon(
            retry_after=_seconds_until(last_withdrawal + timedelta(days=cooldown_days))
        )
    pending = selectors.live_pending_invitations().filter(sender=sender).count()
    if pending >= settings.INVITATIONS_PENDING_LIMIT:
        return PendingInvitationLimit()
    window = selectors.invitations_sent_in_window(sender.pk)
    limit = weekly_invitation_limit(sender)
    if window.count() >= limit.count:
        oldest = window.order_by("created_at").values_list("created_at", flat=True).first()
        # With a limit of 0 nothing was sent and no wait ends the refusal.
        ends = [oldest + timedelta(days=7)] if oldest else []
        if limit.new_member_until is not None:
            ends.append(limit.new_member_until)  # the full weekly limit applies from then
        retry_after = _seconds_until(min(ends)) if ends else None
        if limit.new_member_until is not None:
            return WeeklyInvitationLimit(
                f"New members can send at most {limit.count} invitations a week in their "
                f"first {settings.NEW_MEMBER_DAYS} days.",
                retry_after=retry_after,
            )
        return WeeklyInvitationLimit(retry_after=retry_after)
    return None


@dataclass(frozen=True)
class WeeklyLimit:
    """The number of invitations a member may send in any 7 days, and, for a new member, when
    the full weekly limit starts to apply."""

    count: int
    new_member_until: datetime | None


def weekly_invitation_limit(member: User) -> WeeklyLimit:
    """Return the member's weekly invitation limit: NEW_MEMBER_WEEKLY_INVITATIONS (when
    lower) in their first NEW_MEMBER_DAYS, INVITATIONS_WEEKLY_LIMIT after."""
    weekly = settings.INVITATIONS_WEEKLY_LIMIT
    new_member_until = member.date_joined + timedelta(days=settings.NEW_MEMBER_DAYS)
    if timezone.now() < new_member_until and weekly > settings.NEW_MEMBER_WEEKLY_INVITATIONS:
        return WeeklyLimit(settings.NEW_MEMBER_WEEKLY_INVITATIONS, new_member_until)
    return WeeklyLimit(weekly, None)


def cap_reason(*member_ids: int) -> DomainError | None:
    """Refuse when any of these members is at the connection cap."""
    cap = settings.CONNECTIONS_MAX_PER_MEMBER
    for member_id in member_ids:
        if selectors.connection_count(member_id) >= cap:
            return ConnectionLimitReached()
    return None


def invitation_send_block_reason(
    *, sender: User, recipient: User, note: str = "", email: str | None = None
) -> DomainError | None:
    """Say why `sender` may not invite `recipient` now, or None when they may.

    A pending invitation from the recipient is not a reason: sending accepts it instead.
    """
    reason = recipient_visible_reason(sender=sender, recipient=recipient)
    if reason is not None:
        return reason
    if selectors.are_connected(sender.pk, recipient.pk):
        return AlreadyConnected()
    pending = selectors.live_pending_invitations().between(sender.pk, recipient.pk)
    if pending.filter(sender=sender).exists():
        return InvitationPending()
    if pending.filter(sender=recipient).exists():
        return cap_reason(sender.pk, recipient.pk)
    unconfirmed = email_unconfirmed_reason(sender)  # accepting theirs (above) needs no email
    if unconfirmed is not None:
        return unconfirmed
    restricted = restriction_reason(sender, "invite")
    if restricted is not None:
        return restricted
    if len(note) > settings.INVITATION_NOTE_MAX_LENGTH:
        return NoteTooLong(f"The note is at most {settings.INVITATION_NOTE_MAX_LENGTH} characters.")
    return (
        _recipient_rules_reason(sender=sender, recipient=recipient, email=email)
        or _quota_reason(sender=sender, recipient=recipient)
        or cap_reason(sender.pk, recipient.pk)
    )


@dataclass(frozen=True)
class InvitationPreflight:
    """What the Connect dialog tells a member before they send."""

    can_invite: bool
    reason: DomainError | None
    email_required: bool
    note_recommended: bool
    accepts_their_invitation: bool


def invitation_preflight(*, sender: User, recipient: User) -> InvitationPreflight:
    """Tell whether an invitation would go through, and what it needs (email, a note)."""
    reason = invitation_send_block_reason(sender=sender, recipient=recipient)
    email_required = isinstance(reason, EmailRequired)
    if email_required:
        # With the right email typed, would the other rules (quotas, the cap) let it through?
        with_email = invitation_send_block_reason(
            sender=sender, recipient=recipient, email=recipient.email
        )
        if with_email is not None:
            reason, email_required = with_email, False
    accepts = (
        reason is None
        and selectors.live_pending_invitations().filter(sender=recipient, recipient=sender).exists()
    )
    distant = not accepts and not selectors.have_mutual_connection(sender.pk, recipient.pk)
    return InvitationPreflight(
        can_invite=reason is None or email_required,
        reason=None if email_required else reason,
        email_required=email_required,
        note_recommended=distant and (reason is None or email_required),
        accepts_their_invitation=accepts,
    )


def connections_view_block_reason(*, viewer: User, member: User) -> DomainError | None:
    """Say why `viewer` may not list `member`'s connections, or None when they may.

    `member` is one the viewer may see at all (accounts.selectors.access_member): a hidden
    member is a not-found before this question is asked. Members always see their own
    connections; others see them under the member's "who sees my connections" setting.
    """
    if viewer.pk == member.pk:
        return None
    if member.connections_visible_to == ConnectionsVisibleTo.CONNECTIONS and (
        selectors.are_connected(viewer.pk, member.pk)
    ):
        return None
    return ConnectionsHidden()
