"""Follow-on work of messaging: the invitation note, notifications and digests, once each."""

from collections.abc import Callable
from unittest import mock

import pytest
from django.core import mail

from accounts.models import User
from config.celery_app import app
from connections import services as connection_services
from connections.models import Invitation
from messaging import selectors, services, tasks
from messaging.models import (
    Conversation,
    DigestEmailState,
    Message,
    MessageDigest,
    MessageKind,
)
from notifications.models import EmailState, Notification
from tests.factories import UserFactory
from tests.messaging.conftest import send, start

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]

TASK_NAME = "messaging.tasks.conversation_open_from_invitation_task"


def accept(sender: User, recipient: User, note: str) -> Invitation:
    invitation = connection_services.invitation_send(
        sender=sender, recipient_id=recipient.pk, note=note
    ).invitation
    connection_services.invitation_accept(recipient=recipient, invitation_id=invitation.pk)
    return invitation


class TestInvitationNote:
    def test_acceptance_schedules_the_task_by_name(
        self, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        invitation = connection_services.invitation_send(
            sender=member, recipient_id=other.pk, note="Met at PyCon"
        ).invitation
        with (
            mock.patch("celery.app.base.Celery.send_task") as send_task,
            django_capture_on_commit_callbacks(execute=True),
        ):
            connection_services.invitation_accept(recipient=other, invitation_id=invitation.pk)
        names = [call.args[0] for call in send_task.call_args_list]
        assert TASK_NAME in names
        assert any(call.kwargs.get("args") == [invitation.pk] for call in send_task.call_args_list)
        assert TASK_NAME in app.tasks  # the name resolves to the real task

    def test_no_note_schedules_nothing_for_messaging(
        self, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        invitation = connection_services.invitation_send(
            sender=member, recipient_id=other.pk
        ).invitation
        with (
            mock.patch("celery.app.base.Celery.send_task") as send_task,
            django_capture_on_commit_callbacks(execute=True),
        ):
            connection_services.invitation_accept(recipient=other, invitation_id=invitation.pk)
        assert TASK_NAME not in [call.args[0] for call in send_task.call_args_list]

    def test_note_opens_the_conversation_once(self, member: User, other: User) -> None:
        invitation = accept(member, other, "  Great talk at PyCon, let's keep in touch.  ")
        assert tasks.conversation_open_from_invitation_task(invitation.pk) is True
        assert tasks.conversation_open_from_invitation_task(invitation.pk) is False
        conversation = Conversation.objects.get()
        message = Message.objects.get()
        assert (message.sender, message.kind, message.invitation_id) == (
            member,
            MessageKind.INVITATION_NOTE,
            invitation.pk,
        )
        assert message.body == "Great talk at PyCon, let's keep in touch."
        assert conversation.last_message == message
        # The recipient read it when accepting: no unread, no notification.
        assert selectors.unread_total(other) == 0
        assert not Notification.objects.filter(kind=services.NEW_MESSAGE_KIND).exists()

    def test_note_joins_an_existing_conversation(self, member: User, other: User) -> None:
        first = accept(member, other, "First note")
        tasks.conversation_open_from_invitation_task(first.pk)
        connection_services.connection_remove(member=member, other_id=other.pk)
        second = accept(other, member, "Let's reconnect")
        assert tasks.conversation_open_from_invitation_task(second.pk) is True
        assert Conversation.objects.count() == 1
        assert list(Message.objects.order_by("id").values_list("body", "sender_id")) == [
            ("First note", member.pk),
            ("Let's reconnect", other.pk),
        ]

    def test_nothing_without_note_or_when_no_longer_connected(
        self, member: User, other: User, third: User
    ) -> None:
        silent = accept(member, other, "")
        assert tasks.conversation_open_from_invitation_task(silent.pk) is False
        pending = connection_services.invitation_send(
            sender=member, recipient_id=third.pk, note="Hi"
        ).invitation
        assert tasks.conversation_open_from_invitation_task(pending.pk) is False  # not accepted
        assert tasks.conversation_open_from_invitation_task(10**9) is False
        removed = accept(third, UserFactory.create(), "Hello")
        connection_services.connection_remove(member=third, other_id=removed.recipient_id)
        assert tasks.conversation_open_from_invitation_task(removed.pk) is False
        assert not Message.objects.exists()
        assert not Conversation.objects.exists()

    def test_page_nudges_to_say_thanks(self, member: User, other: User) -> None:
        invitation = accept(member, other, "Hello there")
        tasks.conversation_open_from_invitation_task(invitation.pk)
        row = selectors.inbox_for(other).get()
        assert selectors.visible_last_message(row).kind == MessageKind.INVITATION_NOTE  # type: ignore[union-attr]


class TestNewMessageNotification:
    def test_one_unread_notification_per_conversation_until_read(
        self, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        conversation = start(member, other, body="1")
        first = Message.objects.get()
        assert tasks.notify_new_message_task(first.pk) == 1
        assert tasks.notify_new_message_task(first.pk) == 0  # twice: nothing more
        second = send(member, conversation, "2")
        assert tasks.notify_new_message_task(second.pk) == 0  # still unread: no flood
        notification = Notification.objects.get()
        assert notification.recipient == other
        assert notification.kind == services.NEW_MESSAGE_KIND
        assert notification.actor == member
        assert notification.link == f"/messages/{conversation.pk}/"
        assert notification.email_state == EmailState.SKIPPED  # mailed by the digest
        # Reading the conversation reads its notification; the next message notifies again.
        services.conversation_mark_read(member=other, conversation_id=conversation.pk)
        notification.refresh_from_db()
        assert notification.read_at is not None
        assert tasks.notify_new_message_task(second.pk) == 0  # already read
        third_message = send(member, conversation, "3")
        assert tasks.notify_new_message_task(third_message.pk) == 1
        assert Notification.objects.filter(recipient=other).count() == 2
        assert Notification.objects.filter(recipient=member).count() == 0
        assert mail.outbox == []

    def test_group_and_hidden_recipients(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third, title="Launch")
        # third blocked someone in the group (not the sender): it is hidden for them.
        fourth = UserFactory.create()
        for participant in (member, other, third):
            connect(participant, fourth)
        services.conversation_participants_add(
            member=member, conversation_id=group.pk, participant_ids=[fourth.pk]
        )
        connection_services.member_block(blocker=third, blocked_id=fourth.pk)
        message = send(member, group, "Hello all")
        assert tasks.notify_new_message_task(message.pk) == 2
        recipients = set(Notification.objects.values_list("recipient_id", flat=True))
        assert recipients == {other.pk, fourth.pk}
        assert "in Launch" in Notification.objects.first().text  # type: ignore[union-attr]
        assert tasks.notify_new_message_task(10**9) == 0


def digest_for(member: User) -> MessageDigest | None:
    return services.message_digest_create(member_id=member.pk)


class TestDigest:
    def test_unread_messages_are_mailed_once(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        with_other = start(other, member, body="Are you free on Monday?")
        send(other, with_other, "x" * 500)
        start(third, member, body="<b>Hi</b> from Carla")
        assert selectors.digest_candidate_ids() == [member.pk]
        assert tasks.send_message_digests_task() == 1
        digest = MessageDigest.objects.get()
        assert (digest.member, digest.message_count, digest.conversation_count) == (member, 3, 2)
        assert services.message_digest_send(digest_id=digest.pk) is True
        assert services.message_digest_send(digest_id=digest.pk) is False
        assert len(mail.outbox) == 1
        email = mail.outbox[0]
        assert email.to == [member.email]
        assert email.subject == "You have 3 unread messages on ProConnect"
        assert "Bruno Costa — 2 new messages" in email.body
        assert "<b>Hi</b> from Carla" in email.body  # plain text mail
        assert f"/messages/{with_other.pk}/" in email.body
        # The high-water mark: nothing is mailed twice.
        assert selectors.digest_candidate_ids() == []
        assert tasks.send_message_digests_task() == 0
        assert digest_for(member) is None
        # Only what is new comes next time.
        send(other, with_other, "One more")
        assert tasks.send_message_digests_task() == 1
        assert MessageDigest.objects.order_by("-id").first().message_count == 1  # type: ignore[union-attr]

    def test_read_messages_are_not_mailed(
        self, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        conversation = start(other, member, body="Read me")
        services.conversation_mark_read(member=member, conversation_id=conversation.pk)
        assert selectors.digest_candidate_ids() == []
        assert digest_for(member) is None
        assert not MessageDigest.objects.exists()

    def test_inactive_members_and_hidden_conversations_are_skipped(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        start(other, member, body="Hi")
        start(third, member, body="Hello")
        connection_services.member_block(blocker=member, blocked_id=third.pk)
        digest = digest_for(member)
        assert digest is not None and digest.message_count == 1
        conversation = selectors.one_to_one_between(member.pk, other.pk)
        assert conversation is not None
        send(other, conversation, "More")
        User.objects.filter(pk=member.pk).update(is_active=False)  # suspended
        assert member.pk not in selectors.digest_candidate_ids()
        assert digest_for(member) is None

    def test_failed_mail_is_retried_not_duplicated(
        self, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        start(other, member, body="Hi")
        digest = digest_for(member)
        assert digest is not None
        with (
            mock.patch(
                "notifications.services.EmailMessage.send", side_effect=OSError("smtp down")
            ),
            pytest.raises(OSError),
        ):
            services.message_digest_send(digest_id=digest.pk)
        digest.refresh_from_db()
        assert digest.email_state == DigestEmailState.FAILED
        assert digest_for(member) is None  # its messages stay with the failed digest
        assert services.message_digest_send(digest_id=digest.pk) is True
        assert services.message_digest_send(digest_id=digest.pk) is False
        assert len(mail.outbox) == 1

    def test_digest_task_retries(self, member: User, other: User, connect: Connect) -> None:
        connect(member, other)
        start(other, member, body="Hi")
        digest = digest_for(member)
        assert digest is not None
        with (
            mock.patch("notifications.services.EmailMessage.send", side_effect=OSError("down")),
            mock.patch.object(tasks.send_message_digest_task, "retry", side_effect=RuntimeError),
            pytest.raises(RuntimeError),
        ):
            tasks.send_message_digest_task(digest.pk)
        assert tasks.send_message_digest_task(digest.pk) is True

    def test_left_conversations_are_not_digested(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third, body="Group")
        services.conversation_leave(member=third, conversation_id=group.pk)
        send(member, group, "After Carla left")
        assert third.pk not in selectors.digest_candidate_ids()
        assert digest_for(third) is None
        assert other.pk in selectors.digest_candidate_ids()
