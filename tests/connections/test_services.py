"""Invitation and connection rules through the services, on every branch, against PostgreSQL.

Every refusal also asserts that nothing was written and nothing was scheduled.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts import services as account_services
from accounts.exceptions import MemberNotFound
from accounts.models import User
from connections import services
from connections.exceptions import (
    AlreadyConnected,
    ConnectionLimitReached,
    EmailRequired,
    InvitationNotFound,
    InvitationNotPending,
    InvitationPending,
    NotAllowedByRecipient,
    NotConnected,
    NoteTooLong,
    PendingInvitationLimit,
    ReinviteTooSoon,
    SelfInvitation,
    WeeklyInvitationLimit,
)
from connections.models import Connection, ConnectionCount, Invitation, InvitationStatus
from connections.policies import invitation_preflight
from connections.selectors import are_connected, connection_count, member_limits
from core.exceptions import DomainError
from graphcache import graph_changed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, int, list[tuple[int, str]]]:
    return (
        Invitation.objects.count(),
        Connection.objects.count(),
        sorted(Invitation.objects.values_list("pk", "status")),
    )


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[..., object]:
    """Assert a call raises the given error and leaves no trace (rows, counters, tasks)."""

    @contextmanager
    def _refused(error: type[DomainError]) -> Iterator[None]:
        before = snapshot()
        counts_before = sorted(ConnectionCount.objects.values_list("member_id", "count"))
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(error):
            yield
        assert snapshot() == before
        after = sorted(ConnectionCount.objects.values_list("member_id", "count"))
        assert [row for row in after if row[1]] == [row for row in counts_before if row[1]]
        assert callbacks == []

    return _refused


def scheduled_notifications(callbacks: list) -> int:
    """Count the after-commit callbacks that tell a member something (not cache refreshes)."""
    codes = [getattr(callback, "__code__", None) for callback in callbacks]
    names = [(*code.co_names, *code.co_freevars) for code in codes if code is not None]
    return sum(1 for used in names if any(name.startswith("notify_") for name in used))


def send(sender: User, recipient: User, **kwargs: object) -> Invitation:
    return services.invitation_send(sender=sender, recipient_id=recipient.pk, **kwargs).invitation  # type: ignore[arg-type]


class TestSend:
    def test_creates_pending_invitation_and_schedules_notification(
        self, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks() as callbacks:
            invitation = send(member, other, note="  Hi Bruno!  ")
        assert invitation.status == InvitationStatus.PENDING
        assert invitation.note == "Hi Bruno!"
        assert scheduled_notifications(callbacks) == 1

    def test_self(self, member: User, refused) -> None:
        with refused(SelfInvitation):
            send(member, member)

    def test_missing_member(self, member: User, refused) -> None:
        with refused(MemberNotFound):
            services.invitation_send(sender=member, recipient_id=10**9)

    @pytest.mark.parametrize("direction", ["sender_blocks", "recipient_blocks"])
    def test_blocked_either_way_is_member_not_found(
        self, member: User, other: User, refused, direction: str
    ) -> None:
        blocker, blocked = (member, other) if direction == "sender_blocks" else (other, member)
        account_services.block_create(blocker=blocker, blocked_id=blocked.pk)
        with refused(MemberNotFound):
            send(member, other)

    def test_deactivated_or_suspended_recipient(self, member: User, refused) -> None:
        for hidden in (
            UserFactory.create(deactivated_at=timezone.now()),
            UserFactory.create(is_active=False),
        ):
            with refused(MemberNotFound):
                send(member, hidden)

    @override_settings(INVITATION_NOTE_MAX_LENGTH=10)
    def test_note_too_long(self, member: User, other: User, refused) -> None:
        with refused(NoteTooLong):
            send(member, other, note="x" * 11)
        assert send(member, other, note="x" * 10).note == "x" * 10

    def test_already_connected(self, member: User, other: User, connect, refused) -> None:
        connect(member, other)
        with refused(AlreadyConnected):
            send(member, other)
        with refused(AlreadyConnected):
            send(other, member)

    def test_pending_same_direction(self, member: User, other: User, refused) -> None:
        send(member, other)
        with refused(InvitationPending):
            send(member, other)

    def test_pending_other_direction_accepts_theirs(
        self, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        theirs = send(other, member, note="Hello!")
        with django_capture_on_commit_callbacks() as callbacks:
            outcome = services.invitation_send(sender=member, recipient_id=other.pk)
        assert outcome.invitation.pk == theirs.pk
        assert outcome.connection is not None
        assert are_connected(member.pk, other.pk)
        theirs.refresh_from_db()
        assert theirs.status == InvitationStatus.ACCEPTED
        assert Invitation.objects.count() == 1
        assert scheduled_notifications(callbacks) == 1  # the sender is told

    def test_recipient_accepts_nobody(self, member: User, other: User, refused) -> None:
        account_services.member_settings_update(member=other, invitations_from="nobody")
        with refused(NotAllowedByRecipient):
            send(member, other)

    def test_recipient_accepts_mutuals_only(self, member: User, other: User, connect, refused):
        friend = UserFactory.create()
        connect(friend, other)
        account_services.member_settings_update(member=other, invitations_from="mutuals")
        with refused(NotAllowedByRecipient):
            send(member, other)
        connect(member, friend)
        assert send(member, other).status == InvitationStatus.PENDING

    def test_recipient_wants_email(self, member: User, other: User, refused) -> None:
        account_services.member_settings_update(member=other, invitations_from="email_known")
        with refused(EmailRequired):
            send(member, other)
        with refused(EmailRequired):
            send(member, other, email="wrong@example.com")
        assert send(member, other, email=other.email.upper()).status == InvitationStatus.PENDING

    def test_dont_know_blocks_that_sender_forever(self, member: User, other: User, refused):
        invitation = send(member, other)
        services.invitation_ignore(recipient=other, invitation_id=invitation.pk, dont_know=True)
        with refused(NotAllowedByRecipient):
            send(member, other)
        with refused(NotAllowedByRecipient):
            send(member, other, email=other.email)

    @override_settings(DONT_KNOW_STRIKES_LIMIT=2)
    def test_strikes_require_email_for_everyone(self, member: User, refused) -> None:
        for stranger in UserFactory.create_batch(2):
            invitation = send(member, stranger)
            services.invitation_ignore(
                recipient=stranger, invitation_id=invitation.pk, dont_know=True
            )
        target = UserFactory.create()
        with refused(EmailRequired):
            send(member, target)
        assert send(member, target, email=target.email).status == InvitationStatus.PENDING
        assert member_limits(member).email_required_for_everyone

    def test_reinvite_cooldown(self, member: User, other: User, refused) -> None:
        invitation = send(member, other)
        services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
        with refused(ReinviteTooSoon) as _:
            send(member, other)
        Invitation.objects.filter(pk=invitation.pk).update(
            responded_at=timezone.now() - timedelta(days=21, seconds=1)
        )
        assert send(member, other).status == InvitationStatus.PENDING

    def test_reinvite_cooldown_retry_after(self, member: User, other: User) -> None:
        invitation = send(member, other)
        services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
        with pytest.raises(ReinviteTooSoon) as caught:
            send(member, other)
        assert 21 * 86400 - 60 < (caught.value.retry_after or 0) <= 21 * 86400 + 1

    @override_settings(INVITATIONS_WEEKLY_LIMIT=3)
    def test_weekly_limit_is_rolling(self, member: User, refused) -> None:
        targets = UserFactory.create_batch(4)
        sent = [send(member, target) for target in targets[:3]]
        for invitation in sent:  # withdrawn invitations still count toward the week
            services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
        with refused(WeeklyInvitationLimit):
            send(member, targets[3])
        with pytest.raises(WeeklyInvitationLimit) as caught:
            send(member, targets[3])
        assert 0 < (caught.value.retry_after or 0) <= 7 * 86400 + 1
        Invitation.objects.filter(pk=sent[0].pk).update(
            created_at=timezone.now() - timedelta(days=7, seconds=1)
        )
        assert send(member, targets[3]).status == InvitationStatus.PENDING
        assert member_limits(member).invitations_left_this_week == 0

    @override_settings(INVITATIONS_PENDING_LIMIT=2)
    def test_pending_limit(self, member: User, refused) -> None:
        targets = UserFactory.create_batch(3)
        send(member, targets[0])
        second = send(member, targets[1])
        with refused(PendingInvitationLimit):
            send(member, targets[2])
        services.invitation_withdraw(sender=member, invitation_id=second.pk)
        assert send(member, targets[2]).status == InvitationStatus.PENDING

    @override_settings(CONNECTIONS_MAX_PER_MEMBER=1)
    @pytest.mark.parametrize("full", ["sender", "recipient"])
    def test_cap_either_side(self, member: User, other: User, connect, refused, full: str):
        at_cap = member if full == "sender" else other
        connect(at_cap, UserFactory.create())
        with refused(ConnectionLimitReached):
            send(member, other)

    @override_settings(CONNECTIONS_MAX_PER_MEMBER=1)
    def test_cap_applies_to_accepting_theirs(self, member: User, other: User, connect, refused):
        send(other, member)
        connect(member, UserFactory.create())
        with refused(ConnectionLimitReached):
            send(member, other)

    def test_expired_invitation_does_not_count_as_pending(self, member: User, other: User):
        old = send(member, other)
        Invitation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
        assert send(member, other).status == InvitationStatus.PENDING
        old.refresh_from_db()
        assert old.status == InvitationStatus.EXPIRED

    def test_expiry_task_marks_old_invitations(self, member: User, other: User) -> None:
        old = send(member, other)
        fresh = send(member, UserFactory.create())
        Invitation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
        assert services.invitations_expire() == 1
        old.refresh_from_db()
        fresh.refresh_from_db()
        assert (old.status, fresh.status) == (InvitationStatus.EXPIRED, InvitationStatus.PENDING)


class TestRespond:
    def test_accept_connects_both_ways_and_counts(self, member: User, other: User) -> None:
        invitation = send(member, other, note="Let's connect")
        connection = services.invitation_accept(recipient=other, invitation_id=invitation.pk)
        assert (connection.member_id, connection.other_id) == (member.pk, other.pk)
        assert connection.invitation_id == invitation.pk
        assert are_connected(member.pk, other.pk) and are_connected(other.pk, member.pk)
        assert connection_count(member.pk) == connection_count(other.pk) == 1
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.ACCEPTED
        assert invitation.responded_at is not None

    def test_only_the_recipient_may_accept(self, member: User, other: User, refused) -> None:
        invitation = send(member, other)
        stranger = UserFactory.create()
        with refused(InvitationNotFound):
            services.invitation_accept(recipient=member, invitation_id=invitation.pk)
        with refused(InvitationNotFound):
            services.invitation_accept(recipient=stranger, invitation_id=invitation.pk)
        with refused(InvitationNotFound):
            services.invitation_accept(recipient=other, invitation_id=10**9)

    def test_accept_twice(self, member: User, other: User, refused) -> None:
        invitation = send(member, other)
        services.invitation_accept(recipient=other, invitation_id=invitation.pk)
        with refused(InvitationNotPending):
            services.invitation_accept(recipient=other, invitation_id=invitation.pk)

    def test_accept_expired(self, member: User, other: User, refused) -> None:
        invitation = send(member, other)
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=timezone.now() - timedelta(days=180, seconds=1)
        )
        with refused(InvitationNotPending):
            services.invitation_accept(recipient=other, invitation_id=invitation.pk)

    def test_accept_after_block(self, member: User, other: User, refused) -> None:
        invitation = send(member, other)
        account_services.block_create(blocker=member, blocked_id=other.pk)
        with refused(MemberNotFound):
            services.invitation_accept(recipient=other, invitation_id=invitation.pk)

    @override_settings(CONNECTIONS_MAX_PER_MEMBER=1)
    def test_accept_at_cap(self, member: User, other: User, connect, refused) -> None:
        invitation = send(member, other)
        connect(other, UserFactory.create())
        with refused(ConnectionLimitReached):
            services.invitation_accept(recipient=other, invitation_id=invitation.pk)

    def test_ignore_and_dont_know(self, member: User, other: User, refused) -> None:
        first = send(member, other)
        services.invitation_ignore(recipient=other, invitation_id=first.pk)
        first.refresh_from_db()
        assert first.status == InvitationStatus.IGNORED
        with refused(InvitationNotPending):
            services.invitation_ignore(recipient=other, invitation_id=first.pk)
        with refused(InvitationNotFound):
            services.invitation_ignore(recipient=member, invitation_id=first.pk)
        second = send(member, other)  # an ignore does not stop a later invitation
        services.invitation_ignore(recipient=other, invitation_id=second.pk, dont_know=True)
        second.refresh_from_db()
        assert second.status == InvitationStatus.DONT_KNOW

    def test_withdraw(self, member: User, other: User, refused) -> None:
        invitation = send(member, other)
        with refused(InvitationNotFound):
            services.invitation_withdraw(sender=other, invitation_id=invitation.pk)
        services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.WITHDRAWN
        with refused(InvitationNotPending):
            services.invitation_withdraw(sender=member, invitation_id=invitation.pk)


class TestRemoveAndBlock:
    def test_remove_is_both_ways_and_silent(
        self, member: User, other: User, connect, django_capture_on_commit_callbacks
    ) -> None:
        connect(member, other)
        with django_capture_on_commit_callbacks() as callbacks:
            services.connection_remove(member=other, other_id=member.pk)
        assert not Connection.objects.exists()
        assert connection_count(member.pk) == connection_count(other.pk) == 0
        assert scheduled_notifications(callbacks) == 0  # silent: only the graph caches refresh
        assert [callback.func for callback in callbacks] == [graph_changed]

    def test_remove_when_not_connected(self, member: User, other: User, refused) -> None:
        with refused(NotConnected):
            services.connection_remove(member=member, other_id=other.pk)

    def test_block_removes_connection_and_pending_invitations(
        self, member: User, other: User, connect
    ) -> None:
        third = UserFactory.create()
        connect(member, other)
        pending = send(third, member)
        services.member_block(blocker=member, blocked_id=other.pk)
        services.member_block(blocker=member, blocked_id=third.pk)
        assert not are_connected(member.pk, other.pk)
        assert connection_count(member.pk) == 0
        pending.refresh_from_db()
        assert pending.status == InvitationStatus.WITHDRAWN


class TestPreflightAndLimits:
    def test_preflight_hints(self, member: User, other: User, connect) -> None:
        plain = invitation_preflight(sender=member, recipient=other)
        assert plain.can_invite and plain.note_recommended and not plain.email_required
        account_services.member_settings_update(member=other, invitations_from="email_known")
        email = invitation_preflight(sender=member, recipient=other)
        assert email.can_invite and email.email_required and email.reason is None
        friend = UserFactory.create()
        connect(member, friend)
        connect(other, friend)
        near = invitation_preflight(sender=member, recipient=other)
        assert not near.note_recommended
        account_services.member_settings_update(member=other, invitations_from="nobody")
        refused = invitation_preflight(sender=member, recipient=other)
        assert not refused.can_invite
        assert isinstance(refused.reason, NotAllowedByRecipient)

    def test_preflight_when_they_invited_me(self, member: User, other: User) -> None:
        send(other, member)
        hint = invitation_preflight(sender=member, recipient=other)
        assert hint.can_invite and hint.accepts_their_invitation and not hint.note_recommended

    def test_limits_show_cooldowns_and_counts(self, member: User, other: User, connect) -> None:
        connect(member, UserFactory.create())
        invitation = send(member, other)
        services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
        send(member, UserFactory.create())
        limits = member_limits(member)
        assert limits.connections_count == 1
        assert limits.pending_count == 1
        assert limits.invitations_left_this_week == 100 - 3
        assert [cooldown.member.pk for cooldown in limits.cooldowns] == [other.pk]
        assert limits.connections_max == 30_000


def test_reconcile_fixes_and_reports_drift(member: User, other: User, connect) -> None:
    connect(member, other)
    ConnectionCount.objects.filter(member=member).update(count=7)
    drifts = services.connection_counts_reconcile()
    assert [(d.member_id, d.counted, d.actual) for d in drifts] == [(member.pk, 7, 1)]
    assert connection_count(member.pk) == 1
    assert services.connection_counts_reconcile() == []


def test_expire_chosen_invitations(member: User, other: User) -> None:
    chosen = send(member, other)
    kept = send(member, UserFactory.create())
    assert services.invitations_expire(invitation_ids=[chosen.pk]) == 1
    chosen.refresh_from_db()
    kept.refresh_from_db()
    assert (chosen.status, kept.status) == (InvitationStatus.EXPIRED, InvitationStatus.PENDING)


class TestNewMemberLimit:
    """NEW_MEMBER_WEEKLY_INVITATIONS in the first NEW_MEMBER_DAYS (PRODUCT.md)."""

    @pytest.fixture
    def newcomer(self) -> User:
        return UserFactory.create(date_joined=timezone.now())

    @override_settings(NEW_MEMBER_WEEKLY_INVITATIONS=2, INVITATIONS_WEEKLY_LIMIT=5)
    def test_a_new_member_gets_the_lower_limit(self, newcomer: User, refused) -> None:
        targets = UserFactory.create_batch(3)
        for target in targets[:2]:
            send(newcomer, target)
        with refused(WeeklyInvitationLimit):
            send(newcomer, targets[2])
        with pytest.raises(WeeklyInvitationLimit) as caught:
            send(newcomer, targets[2])
        assert "New members can send at most 2 invitations" in caught.value.detail
        # The wait ends when they stop being new (7 days from joining), not later.
        assert 0 < (caught.value.retry_after or 0) <= 7 * 86400 + 1
        limits = member_limits(newcomer)
        assert (limits.weekly_limit, limits.invitations_left_this_week) == (2, 0)
        assert limits.new_member_until == newcomer.date_joined + timedelta(days=7)

    @override_settings(NEW_MEMBER_WEEKLY_INVITATIONS=1, INVITATIONS_WEEKLY_LIMIT=5)
    def test_the_full_limit_after_new_member_days(self, newcomer: User) -> None:
        targets = UserFactory.create_batch(2)
        send(newcomer, targets[0])
        User.objects.filter(pk=newcomer.pk).update(
            date_joined=timezone.now() - timedelta(days=7, seconds=1)
        )
        newcomer.refresh_from_db()
        assert send(newcomer, targets[1]).status == InvitationStatus.PENDING
        limits = member_limits(newcomer)
        assert (limits.weekly_limit, limits.new_member_until) == (5, None)

    @override_settings(NEW_MEMBER_WEEKLY_INVITATIONS=1, NEW_MEMBER_DAYS=0)
    def test_no_new_member_days(self, newcomer: User) -> None:
        targets = UserFactory.create_batch(2)
        for target in targets:
            send(newcomer, target)

    @override_settings(NEW_MEMBER_WEEKLY_INVITATIONS=10, INVITATIONS_WEEKLY_LIMIT=1)
    def test_the_weekly_limit_when_lower(self, newcomer: User, refused) -> None:
        targets = UserFactory.create_batch(2)
        send(newcomer, targets[0])
        with refused(WeeklyInvitationLimit):
            send(newcomer, targets[1])
        assert member_limits(newcomer).new_member_until is None

    @override_settings(NEW_MEMBER_WEEKLY_INVITATIONS=0)
    def test_a_limit_of_zero(self, newcomer: User, refused) -> None:
        with refused(WeeklyInvitationLimit):
            send(newcomer, UserFactory.create())

    @override_settings(NEW_MEMBER_WEEKLY_INVITATIONS=1)
    def test_accepting_theirs_is_not_counted(self, newcomer: User) -> None:
        first, second = UserFactory.create_batch(2)
        send(newcomer, first)
        theirs = send(second, newcomer)
        outcome = services.invitation_send(sender=newcomer, recipient_id=second.pk)
        assert outcome.invitation == theirs and outcome.connection is not None
