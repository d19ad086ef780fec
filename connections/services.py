"""Writes of the graph: send, accept, ignore, withdraw invitations; remove connections; block.

Every write that can change a connection count locks the ConnectionCount rows of both members
in primary-key order first: two accepts at the cap serialize on those rows (one wins, the other
sees the new count), and the fixed order means they cannot deadlock.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

import graphcache
from accounts import services as account_services
from accounts.exceptions import MemberNotFound
from accounts.models import Block, User
from accounts.selectors import hidden_from_each_other
from connections import handoffs, selectors
from connections.endorsements import endorsements_remove_between
from connections.exceptions import (
    AlreadyConnected,
    ConnectionLimitReached,
    InvitationNotFound,
    InvitationNotPending,
    NotConnected,
)
from connections.models import Connection, ConnectionCount, Invitation, InvitationStatus
from connections.policies import invitation_send_block_reason


def lock_counts(*member_ids: int) -> dict[int, ConnectionCount]:
    """Lock the members' counter rows in primary-key order (creating missing ones)."""
    ids = sorted(set(member_ids))
    ConnectionCount.objects.bulk_create(
        [ConnectionCount(member_id=member_id) for member_id in ids], ignore_conflicts=True
    )
    rows = (
        ConnectionCount.objects.select_for_update().filter(member_id__in=ids).order_by("member_id")
    )
    return {row.member_id: row for row in rows}


@dataclass(frozen=True)
class InvitationOutcome:
    """What sending did: a new pending invitation, or a connection (their invitation accepted)."""

    invitation: Invitation
    connection: Connection | None = None


@transaction.atomic
def invitation_send(
    *, sender: User, recipient_id: int, note: str = "", email: str | None = None
) -> InvitationOutcome:
    """Invite a member; when they already invited the sender, accept theirs instead.

    Raises SelfInvitation, MemberNotFound, EmailUnconfirmed, NoteTooLong, AlreadyConnected,
    InvitationPending, NotAllowedByRecipient, EmailRequired, ReinviteTooSoon,
    PendingInvitationLimit, WeeklyInvitationLimit, ConnectionLimitReached, Restricted.
    """
    from connections.tasks import notify_invitation_received_task

    recipient = User.objects.filter(pk=recipient_id).first()
    if recipient is None:
        raise MemberNotFound()
    note = note.strip()
    # Serialize everything this sender and this recipient do to invitations and counts.
    lock_counts(sender.pk, recipient.pk)
    # An expired invitation the periodic task has not yet marked must not block a new one.
    Invitation.objects.pending().between(sender.pk, recipient.pk).filter(
        created_at__lt=selectors.invitation_expiry_cutoff()
    ).update(status=InvitationStatus.EXPIRED, responded_at=timezone.now())
    reason = invitation_send_block_reason(
        sender=sender, recipient=recipient, note=note, email=email
    )
    if reason is not None:
        raise reason
    theirs = (
        selectors.live_pending_invitations()
        .select_for_update()
        .filter(sender=recipient, recipient=sender)
        .first()
    )
    if theirs is not None:
        return InvitationOutcome(invitation=theirs, connection=_accept_locked(theirs))
    invitation = Invitation.objects.create(sender=sender, recipient=recipient, note=note)
    transaction.on_commit(lambda: notify_invitation_received_task.delay(invitation.pk))
    transaction.on_commit(partial(graphcache.suggestions_changed, [sender.pk, recipient.pk]))
    return InvitationOutcome(invitation=invitation)


def _invitation_for(*, member: User, invitation_id: int, role: str) -> Invitation:
    invitation = Invitation.objects.filter(pk=invitation_id, **{role: member}).first()
    if invitation is None:
        raise InvitationNotFound()
    return invitation


@transaction.atomic
def invitation_accept(*, recipient: User, invitation_id: int) -> Connection:
    """Accept an invitation addressed to `recipient`: the two members become connected.

    Raises InvitationNotFound, InvitationNotPending, MemberNotFound, ConnectionLimitReached.
    """
    invitation = _invitation_for(member=recipient, invitation_id=invitation_id, role="recipient")
    lock_counts(invitation.sender_id, invitation.recipient_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if (
        invitation.status != InvitationStatus.PENDING
        or invitation.created_at < selectors.invitation_expiry_cutoff()
    ):
        raise InvitationNotPending()
    sender = invitation.sender
    if not sender.is_active_member or hidden_from_each_other(sender.pk, recipient.pk):
        raise MemberNotFound()
    return _accept_locked(invitation)


def _accept_locked(invitation: Invitation) -> Connection:
    """Connect the pair of a pending invitation whose counters the caller has locked."""
    connection = connection_create_locked(
        first_id=invitation.sender_id, second_id=invitation.recipient_id, invitation=invitation
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    from connections.tasks import notify_invitation_accepted_task

    transaction.on_commit(lambda: notify_invitation_accepted_task.delay(invitation.pk))
    if invitation.note:
        # The note opens the pair's conversation: messaging's work, handed over through the
        # handler messaging gave us (connections never imports messaging; handoffs says why).
        transaction.on_commit(partial(handoffs.invitation_note_accepted, invitation.pk))
    return connection


def connection_create_locked(
    *, first_id: int, second_id: int, invitation: Invitation | None = None
) -> Connection:
    """Write both directed rows and bump both counters, checking the cap on locked rows.

    The caller holds the counter locks (lock_counts). Returns first→second.
    Raises AlreadyConnected, ConnectionLimitReached.
    """
    from connections.tasks import member_connection_count_changed_task

    counts = lock_counts(first_id, second_id)  # re-entrant in one transaction
    if selectors.are_connected(first_id, second_id):
        raise AlreadyConnected()
    cap = settings.CONNECTIONS_MAX_PER_MEMBER
    if any(counts[member_id].count >= cap for member_id in (first_id, second_id)):
        raise ConnectionLimitReached()
    now = timezone.now()
    forward, _backward = Connection.objects.bulk_create(
        [
            Connection(
                member_id=first_id, other_id=second_id, created_at=now, invitation=invitation
            ),
            Connection(
                member_id=second_id, other_id=first_id, created_at=now, invitation=invitation
            ),
        ]
    )
    ConnectionCount.objects.filter(member_id__in=[first_id, second_id]).update(count=F("count") + 1)
    transaction.on_commit(partial(graphcache.graph_changed, [first_id, second_id]))
    for member_id in (first_id, second_id):
        if counts[member_id].count + 1 >= min(settings.CONNECTIONS_WARNING_AT, cap):
            transaction.on_commit(partial(member_connection_count_changed_task.delay, member_id))
    return forward


@transaction.atomic
def invitation_ignore(
    *, recipient: User, invitation_id: int, dont_know: bool = False
) -> Invitation:
    """Ignore an invitation (the sender is not told), or answer "I don't know this person".

    Raises InvitationNotFound, InvitationNotPending.
    """
    invitation = _invitation_for(member=recipient, invitation_id=invitation_id, role="recipient")
    return _close(invitation, InvitationStatus.DONT_KNOW if dont_know else InvitationStatus.IGNORED)


@transaction.atomic
def invitation_withdraw(*, sender: User, invitation_id: int) -> Invitation:
    """Withdraw a sent invitation; the pair cannot be invited again during the cool-down.

    Raises InvitationNotFound, InvitationNotPending.
    """
    invitation = _invitation_for(member=sender, invitation_id=invitation_id, role="sender")
    return _close(invitation, InvitationStatus.WITHDRAWN)


def _close(invitation: Invitation, status: str) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if (
        invitation.status != InvitationStatus.PENDING
        or invitation.created_at < selectors.invitation_expiry_cutoff()
    ):
        raise InvitationNotPending()
    invitation.status = status
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    members = [invitation.sender_id, invitation.recipient_id]
    transaction.on_commit(partial(graphcache.suggestions_changed, members))
    return invitation


@transaction.atomic
def connection_remove(*, member: User, other_id: int) -> None:
    """Remove a connection, silently and in both directions, with the endorsements the two
    gave each other.

    Raises NotConnected.
    """
    lock_counts(member.pk, other_id)
    deleted, _ = Connection.objects.filter(
        Q(member=member, other_id=other_id) | Q(member_id=other_id, other=member)
    ).delete()
    if not deleted:
        raise NotConnected()
    ConnectionCount.objects.filter(member_id__in=[member.pk, other_id]).update(count=F("count") - 1)
    endorsements_remove_between(member.pk, other_id)
    transaction.on_commit(partial(graphcache.graph_changed, [member.pk, other_id]))


@transaction.atomic
def member_block(*, blocker: User, blocked_id: int) -> Block:
    """Block a member: also remove any connection and close pending invitations between them.

    Raises MemberNotFound, SelfAction, AlreadyBlocked, ReblockTooSoon.
    """
    block = account_services.block_create(blocker=blocker, blocked_id=blocked_id)
    if selectors.are_connected(blocker.pk, blocked_id):
        connection_remove(member=blocker, other_id=blocked_id)
    Invitation.objects.pending().between(blocker.pk, blocked_id).update(
        status=InvitationStatus.WITHDRAWN, responded_at=timezone.now()
    )
    return block


@transaction.atomic
def invitations_close_at_cap(*, member_id: int) -> list[Invitation]:
    """Close the pending invitations a member at the cap has received; return them."""
    counts = lock_counts(member_id)
    if counts[member_id].count < settings.CONNECTIONS_MAX_PER_MEMBER:
        return []
    closing = list(Invitation.objects.pending().select_for_update().filter(recipient_id=member_id))
    Invitation.objects.filter(pk__in=[invitation.pk for invitation in closing]).update(
        status=InvitationStatus.CLOSED, responded_at=timezone.now()
    )
    return closing


def invitations_expire(*, invitation_ids: list[int] | None = None) -> int:
    """Mark pending invitations expired: those past their lifetime, or (an administrator's
    choice) the given ones whatever their age. Returns how many."""
    pending = Invitation.objects.pending()
    if invitation_ids is None:
        pending = pending.filter(created_at__lt=selectors.invitation_expiry_cutoff())
    else:
        pending = pending.filter(pk__in=invitation_ids)
    return pending.update(status=InvitationStatus.EXPIRED, responded_at=timezone.now())


@dataclass(frozen=True)
class CounterDrift:
    member_id: int
    counted: int
    actual: int


def connection_counts_reconcile() -> list[CounterDrift]:
    """Compare every counter with the connection rows, fix drift, and report it."""
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute(
            """
            SELECT coalesce(c.member_id, r.member_id), coalesce(c.count, 0), coalesce(r.actual, 0)
            FROM connections_connectioncount c
            FULL OUTER JOIN (
                SELECT member_id, count(*) AS actual FROM connections_connection GROUP BY member_id
            ) r ON r.member_id = c.member_id
            WHERE coalesce(c.count, 0) <> coalesce(r.actual, 0)
            """
        )
        drifts = [CounterDrift(member_id=m, counted=c, actual=a) for m, c, a in cursor.fetchall()]
    for drift in drifts:
        with transaction.atomic():
            lock_counts(drift.member_id)
            actual = Connection.objects.filter(member_id=drift.member_id).count()
            ConnectionCount.objects.filter(member_id=drift.member_id).update(count=actual)
    return drifts
