"""The cap under real concurrency: many transactions at once against PostgreSQL.

Each thread has its own database connection; a barrier releases them together so their
transactions really interleave. Whatever the interleaving, nobody passes the cap and the
counters agree with the connection rows.
"""

from collections import Counter
from collections.abc import Callable
from functools import partial

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.utils import timezone

from accounts.models import Profile, User
from connections import services
from connections.models import Connection, ConnectionCount, Invitation
from connections.selectors import connection_count
from core.exceptions import DomainError
from search.services import search_triggers_paused
from tests.concurrency import run_together
from tests.conftest import connect_members
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def accept_call(invitation: Invitation) -> Callable[[], object]:
    """The recipient accepting this invitation, as a call for run_together."""
    return partial(
        services.invitation_accept, recipient=invitation.recipient, invitation_id=invitation.pk
    )


def assert_counters_match_rows() -> None:
    actual = Counter(Connection.objects.values_list("member_id", flat=True))
    for row in ConnectionCount.objects.all():
        assert row.count == actual.get(row.member_id, 0), row.member_id


@override_settings(CONNECTIONS_MAX_PER_MEMBER=5)
def test_many_accepts_at_cap_minus_one() -> None:
    hub = UserFactory.create()
    for friend in UserFactory.create_batch(4):
        connect_members(friend, hub)
    senders = UserFactory.create_batch(16)
    invitations = [
        services.invitation_send(sender=sender, recipient_id=hub.pk).invitation
        for sender in senders
    ]
    outcomes = run_together(
        [
            partial(services.invitation_accept, recipient=hub, invitation_id=invitation.pk)
            for invitation in invitations
        ]
    )
    assert outcomes == Counter({"ok": 1, "connection_limit_reached": 15})
    assert connection_count(hub.pk) == 5
    assert Connection.objects.filter(member=hub).count() == 5
    assert_counters_match_rows()


@override_settings(CONNECTIONS_MAX_PER_MEMBER=6)
def test_every_path_interleaved_never_passes_the_cap() -> None:
    """Accepts by the hub, accepts of the hub's invitations, and reverse-invitation accepts."""
    hub = UserFactory.create()
    for friend in UserFactory.create_batch(5):
        connect_members(friend, hub)
    inviting_hub = UserFactory.create_batch(6)
    to_hub = [
        services.invitation_send(sender=sender, recipient_id=hub.pk).invitation
        for sender in inviting_hub[:3]
    ]
    for sender in inviting_hub[3:]:  # the hub will "Connect" back: accepts theirs
        services.invitation_send(sender=sender, recipient_id=hub.pk)
    invited_by_hub = UserFactory.create_batch(4)
    from_hub = [
        services.invitation_send(sender=hub, recipient_id=target.pk).invitation
        for target in invited_by_hub
    ]
    calls: list[Callable[[], object]] = []
    calls += [
        partial(services.invitation_accept, recipient=hub, invitation_id=invitation.pk)
        for invitation in to_hub
    ]
    calls += [
        partial(services.invitation_send, sender=hub, recipient_id=sender.pk)
        for sender in inviting_hub[3:]
    ]
    calls += [accept_call(invitation) for invitation in from_hub]
    outcomes = run_together(calls)
    assert outcomes["ok"] == 1
    assert outcomes["connection_limit_reached"] == len(calls) - 1
    assert connection_count(hub.pk) == 6
    assert Connection.objects.filter(member=hub).count() == 6
    assert_counters_match_rows()


@override_settings(CONNECTIONS_MAX_PER_MEMBER=3)
def test_both_members_near_the_cap_do_not_deadlock() -> None:
    """Pairs accepted in opposite lock directions at once: no deadlock, no overshoot."""
    left, right = UserFactory.create_batch(2)
    for member in (left, right):
        for friend in UserFactory.create_batch(2):
            connect_members(friend, member)
    others = UserFactory.create_batch(6)
    invitations = []
    for index, other in enumerate(others):
        target = left if index % 2 else right
        invitations.append(
            services.invitation_send(sender=other, recipient_id=target.pk).invitation
        )
    cross = services.invitation_send(sender=left, recipient_id=right.pk).invitation
    calls: list[Callable[[], object]] = [accept_call(invitation) for invitation in invitations]
    calls.append(accept_call(cross))
    outcomes = run_together(calls)
    assert set(outcomes) <= {"ok", "connection_limit_reached"}
    assert connection_count(left.pk) == 3
    assert connection_count(right.pk) == 3
    assert_counters_match_rows()


def test_the_real_cap_of_30000() -> None:
    """A member with 29,999 connections (bulk-inserted) takes exactly one more."""
    cap = 30_000
    password = make_password(None)
    hub = UserFactory.create()
    # Bulk rows for the graph only: the search index triggers would index each one.
    with search_triggers_paused():
        friends = User.objects.bulk_create(
            [
                User(
                    email=f"friend{n}@example.com",
                    first_name="F",
                    last_name=str(n),
                    password=password,
                )
                for n in range(cap - 1)
            ],
            batch_size=5000,
        )
        Profile.objects.bulk_create([Profile(member=friend) for friend in friends], batch_size=5000)
    rows = []
    for friend in friends:
        rows.append(Connection(member=hub, other=friend))
        rows.append(Connection(member=friend, other=hub))
    Connection.objects.bulk_create(rows, batch_size=10_000)
    ConnectionCount.objects.bulk_create(
        [ConnectionCount(member=hub, count=cap - 1)]
        + [ConnectionCount(member=friend, count=1) for friend in friends],
        batch_size=10_000,
    )
    senders = UserFactory.create_batch(8)
    invitations = [
        services.invitation_send(sender=sender, recipient_id=hub.pk).invitation
        for sender in senders
    ]
    outcomes = run_together([accept_call(invitation) for invitation in invitations])
    assert outcomes == Counter({"ok": 1, "connection_limit_reached": 7})
    assert connection_count(hub.pk) == cap
    assert Connection.objects.filter(member=hub).count() == cap
    latecomer = UserFactory.create()
    with pytest.raises(DomainError) as caught:
        services.invitation_send(sender=latecomer, recipient_id=hub.pk)
    assert caught.value.code == "connection_limit_reached"
    assert not Invitation.objects.filter(sender=latecomer).exists()


@override_settings(NEW_MEMBER_WEEKLY_INVITATIONS=3)
def test_concurrent_sends_by_a_new_member_stop_at_the_new_member_limit() -> None:
    """A new member's sends to many members at once: the quota is counted under the sender's
    counter lock (lock_counts), so exactly NEW_MEMBER_WEEKLY_INVITATIONS go through."""
    newcomer = UserFactory.create(date_joined=timezone.now())
    recipients = UserFactory.create_batch(8)
    calls: list[Callable[[], object]] = [
        partial(services.invitation_send, sender=newcomer, recipient_id=recipient.pk)
        for recipient in recipients
    ]
    outcomes = run_together(calls)
    assert outcomes == Counter({"ok": 3, "weekly_invitation_limit": 5})
    assert Invitation.objects.filter(sender=newcomer).count() == 3
