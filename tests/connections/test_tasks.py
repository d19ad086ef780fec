"""Follow-on work by Celery tasks: once, whatever happens twice."""

import time
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import override_settings

from accounts.models import User
from config.celery_app import app
from connections import services, tasks
from connections.models import Invitation, InvitationStatus
from notifications.models import EmailState, Notification, NotificationKind
from notifications.services import notification_email_send
from notifications.tasks import send_notification_email_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def invite(sender: User, recipient: User) -> Invitation:
    return services.invitation_send(sender=sender, recipient_id=recipient.pk).invitation


def run_emails() -> None:
    for notification_id in Notification.objects.values_list("pk", flat=True):
        notification_email_send(notification_id=notification_id)


def test_invitation_received_notifies_once(member: User, other: User) -> None:
    invitation = invite(member, other)
    assert tasks.notify_invitation_received_task(invitation.pk) is True
    assert tasks.notify_invitation_received_task(invitation.pk) is False
    notification = Notification.objects.get()
    assert notification.recipient == other
    assert notification.kind == NotificationKind.INVITATION_RECEIVED
    assert member.first_name in notification.text
    run_emails()
    run_emails()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [other.email]


def test_withdrawn_invitation_is_not_notified(member: User, other: User) -> None:
    invitation = invite(member, other)
    services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
    assert tasks.notify_invitation_received_task(invitation.pk) is False
    assert tasks.notify_invitation_received_task(10**9) is False
    assert not Notification.objects.exists()


def test_acceptance_tells_the_sender_once(member: User, other: User) -> None:
    invitation = invite(member, other)
    assert tasks.notify_invitation_accepted_task(invitation.pk) is False  # not accepted yet
    services.invitation_accept(recipient=other, invitation_id=invitation.pk)
    assert tasks.notify_invitation_accepted_task(invitation.pk) is True
    assert tasks.notify_invitation_accepted_task(invitation.pk) is False
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (member, "invitation_accepted")


def test_failing_email_keeps_the_in_app_notification(member: User, other: User) -> None:
    invitation = invite(member, other)
    tasks.notify_invitation_received_task(invitation.pk)
    notification = Notification.objects.get()
    with (
        mock.patch("notifications.services.EmailMessage.send", side_effect=OSError("smtp down")),
        pytest.raises(OSError),
    ):
        notification_email_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_state == EmailState.FAILED
    assert Notification.objects.filter(recipient=other).count() == 1
    # The retry sends it, once.
    assert notification_email_send(notification_id=notification.pk) is True
    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_email_task_retries_on_failure(member: User, other: User) -> None:
    invitation = invite(member, other)
    tasks.notify_invitation_received_task(invitation.pk)
    notification = Notification.objects.get()
    with (
        mock.patch("notifications.services.EmailMessage.send", side_effect=OSError("down")),
        mock.patch.object(send_notification_email_task, "retry", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        send_notification_email_task(notification.pk)
    notification.refresh_from_db()
    assert notification.email_state == EmailState.FAILED


def test_crash_after_claim_never_mails_twice(member: User, other: User) -> None:
    invitation = invite(member, other)
    tasks.notify_invitation_received_task(invitation.pk)
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(email_state=EmailState.SENDING)
    assert notification_email_send(notification_id=notification.pk) is False
    assert mail.outbox == []


def test_deactivated_recipient_is_not_mailed(member: User, other: User) -> None:
    invitation = invite(member, other)
    tasks.notify_invitation_received_task(invitation.pk)
    other.deactivated_at = other.date_joined
    other.save()
    run_emails()
    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.SKIPPED


@override_settings(CONNECTIONS_MAX_PER_MEMBER=2, CONNECTIONS_WARNING_AT=1)
def test_cap_closes_pending_invitations_and_tells_senders_once(
    member: User, connect, django_capture_on_commit_callbacks
) -> None:
    waiting = [invite(sender, member) for sender in UserFactory.create_batch(2)]
    outgoing = invite(member, UserFactory.create())
    connect(member, UserFactory.create())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        connect(member, UserFactory.create())
    assert callbacks  # the count change was scheduled after commit
    tasks.member_connection_count_changed_task(member.pk)
    tasks.member_connection_count_changed_task(member.pk)
    for invitation in waiting:
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.CLOSED
    outgoing.refresh_from_db()
    assert outgoing.status == InvitationStatus.PENDING
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == sorted(["cap_warning", "cap_reached", "invitation_closed", "invitation_closed"])
    closed_for = set(
        Notification.objects.filter(kind="invitation_closed").values_list("recipient", flat=True)
    )
    assert closed_for == {invitation.sender_id for invitation in waiting}


@override_settings(CONNECTIONS_MAX_PER_MEMBER=10, CONNECTIONS_WARNING_AT=2)
def test_warning_once_below_the_cap(member: User, connect) -> None:
    connect(member, UserFactory.create())
    tasks.member_connection_count_changed_task(member.pk)
    assert not Notification.objects.exists()
    connect(member, UserFactory.create())
    connect(member, UserFactory.create())
    tasks.member_connection_count_changed_task(member.pk)
    tasks.member_connection_count_changed_task(member.pk)
    assert list(Notification.objects.values_list("kind", flat=True)) == ["cap_warning"]


def test_periodic_tasks(member: User, other: User, connect) -> None:
    connect(member, other)
    from connections.models import ConnectionCount

    ConnectionCount.objects.filter(member=member).update(count=3)
    assert tasks.reconcile_connection_counts_task() == 1
    assert tasks.reconcile_connection_counts_task() == 0
    assert tasks.expire_invitations_task() == 0
    names = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "connections.tasks.reconcile_connection_counts_task",
        "connections.tasks.expire_invitations_task",
    } <= names


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_end_to_end_with_a_real_worker_over_redis() -> None:
    """Send and accept through the services; a real worker notifies both sides and mails."""
    sender, recipient = UserFactory.create_batch(2)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        invitation = invite(sender, recipient)
        deadline = time.monotonic() + 30
        while (
            time.monotonic() < deadline
            and not Notification.objects.filter(
                recipient=recipient, email_state=EmailState.SENT
            ).exists()
        ):
            time.sleep(0.1)
        services.invitation_accept(recipient=recipient, invitation_id=invitation.pk)
        while (
            time.monotonic() < deadline
            and not Notification.objects.filter(
                recipient=sender, email_state=EmailState.SENT
            ).exists()
        ):
            time.sleep(0.1)
    received = Notification.objects.get(recipient=recipient)
    accepted = Notification.objects.get(recipient=sender)
    assert received.kind == "invitation_received" and received.email_state == EmailState.SENT
    assert accepted.kind == "invitation_accepted" and accepted.email_state == EmailState.SENT
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [sender.email, recipient.email]
    )
