"""Messaging rules through the services, on every branch, against PostgreSQL.

Every refusal also asserts that nothing was written and nothing was scheduled.
"""

from collections.abc import Callable

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from connections import services as connection_services
from core.exceptions import InvalidInput
from messaging import selectors, services
from messaging.exceptions import (
    ConversationNotFound,
    EmptyMessage,
    MessageTooLong,
    NoParticipants,
    NoRecipients,
    NotAGroup,
    NotConnectedToEveryone,
    NotFirstDegree,
    TooManyParticipants,
)
from messaging.models import Conversation, Message, MessageKind, Participant
from tests.factories import UserFactory
from tests.messaging.conftest import send, start

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def seat(member: User, conversation: Conversation) -> Participant:
    return Participant.objects.get(member=member, conversation=conversation)


class TestStart:
    def test_one_to_one_with_a_connection(
        self, member: User, other: User, connect: Connect, django_capture_on_commit_callbacks
    ) -> None:
        connect(member, other)
        with django_capture_on_commit_callbacks() as callbacks:
            outcome = services.conversation_start(
                sender=member, participant_ids=[other.pk, member.pk, other.pk], body="  Hi!  "
            )
        assert outcome.created is True
        conversation = outcome.conversation
        assert not conversation.is_group
        assert (conversation.pair_low_id, conversation.pair_high_id) == tuple(
            sorted((member.pk, other.pk))
        )
        assert sorted(conversation.participants.values_list("member_id", flat=True)) == sorted(
            [member.pk, other.pk]
        )
        message = Message.objects.get()
        assert (message.body, message.sender, message.kind) == ("Hi!", member, MessageKind.TEXT)
        conversation.refresh_from_db()
        assert conversation.last_message == message
        assert seat(member, conversation).last_read_message_id == message.pk  # own message
        assert seat(other, conversation).last_read_message_id == 0
        assert len(callbacks) == 1  # the recipient's notification

    def test_existing_one_to_one_is_reused_either_way(
        self, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        first = start(member, other)
        outcome = services.conversation_start(
            sender=other, participant_ids=[member.pk], body="Back to you"
        )
        assert outcome.created is False
        assert outcome.conversation.pk == first.pk
        assert outcome.message is not None and outcome.message.body == "Back to you"
        assert Conversation.objects.count() == 1
        # Without a body: just the conversation.
        again = services.conversation_start(sender=member, participant_ids=[other.pk])
        assert (again.conversation.pk, again.message, again.created) == (first.pk, None, False)
        assert Message.objects.count() == 2

    def test_group_of_connections(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third, title="  Project  ")
        assert group.is_group and group.title == "Project"
        assert group.pair_low_id is None
        # A second group with the same people is a new conversation.
        assert start(member, other, third).pk != group.pk

    def test_not_first_degree(self, member: User, other: User, refused) -> None:
        with refused(NotFirstDegree):
            start(member, other)

    def test_missing_member_is_not_first_degree(self, member: User, refused) -> None:
        with refused(NotFirstDegree):
            services.conversation_start(sender=member, participant_ids=[10**9], body="Hi")

    def test_group_with_one_stranger(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        with refused(NotFirstDegree):
            start(member, other, third)

    def test_second_degree_is_not_enough(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        connect(other, third)
        with refused(NotFirstDegree):
            start(member, third)

    @pytest.mark.parametrize("hidden", ["deactivated", "suspended"])
    def test_unavailable_connection(
        self, member: User, other: User, connect: Connect, refused, hidden: str
    ) -> None:
        connect(member, other)
        if hidden == "deactivated":
            User.objects.filter(pk=other.pk).update(deactivated_at=timezone.now())
        else:
            User.objects.filter(pk=other.pk).update(is_active=False)
        with refused(NotFirstDegree):
            start(member, other)

    def test_nobody(self, member: User, refused) -> None:
        with refused(NoParticipants):
            services.conversation_start(sender=member, participant_ids=[member.pk], body="Me")
        with refused(NoParticipants):
            services.conversation_start(sender=member, participant_ids=[], body="Nobody")

    @override_settings(CONVERSATION_MAX_PARTICIPANTS=3)
    def test_too_many_participants(self, member: User, connect: Connect, refused) -> None:
        friends = UserFactory.create_batch(3)
        for friend in friends:
            connect(member, friend)
        with refused(TooManyParticipants):
            start(member, *friends)
        assert start(member, *friends[:2]).is_group

    def test_new_conversation_needs_a_body(
        self, member: User, other: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        with refused(EmptyMessage):
            start(member, other, body="  \n ")

    def test_oversized_body_is_refused_even_for_an_existing_conversation(
        self, member: User, other: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        start(member, other)
        with override_settings(MESSAGE_MAX_LENGTH=5), refused(MessageTooLong):
            start(member, other, body="123456")


class TestBody:
    @pytest.mark.parametrize(
        ("body", "error"),
        [
            ("", EmptyMessage),
            ("   \r\n\t ", EmptyMessage),
            ("x" * 8001, MessageTooLong),
            ("nul \x00 byte", InvalidInput),
            ("lone \ud800 surrogate", InvalidInput),
            (["a", "list"], InvalidInput),
            (None, InvalidInput),
            (42, InvalidInput),
        ],
    )
    def test_refused_bodies_save_nothing(
        self, member: User, other: User, connect: Connect, refused, body: object, error: type
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        with refused(error):
            services.message_send(sender=member, conversation_id=conversation.pk, body=body)

    def test_the_limit_is_exact_and_read_at_call_time(
        self, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        assert send(member, conversation, "x" * 8000).body == "x" * 8000
        with override_settings(MESSAGE_MAX_LENGTH=10):
            assert send(member, conversation, "  0123456789  ").body == "0123456789"
            with pytest.raises(MessageTooLong) as caught:
                send(member, conversation, "01234567890")
        assert caught.value.fields == {"body": [caught.value.detail]}

    def test_line_endings_are_normalized(self, member: User, other: User, connect: Connect) -> None:
        connect(member, other)
        message = send(member, start(member, other), "one\r\ntwo\rthree")
        assert message.body == "one\ntwo\nthree"

    def test_html_is_stored_as_typed(self, member: User, other: User, connect: Connect) -> None:
        connect(member, other)
        body = '<script>alert("x")</script> <b>bold</b>'
        assert send(member, start(member, other), body).body == body


class TestSend:
    def test_send_updates_conversation_and_read_marks(
        self, member: User, other: User, connect: Connect, django_capture_on_commit_callbacks
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        with django_capture_on_commit_callbacks() as callbacks:
            reply = send(other, conversation, "Hello back")
        conversation.refresh_from_db()
        assert conversation.last_message == reply
        assert conversation.last_message_at == reply.created_at
        assert seat(other, conversation).last_read_message_id == reply.pk
        assert seat(member, conversation).last_read_message_id < reply.pk
        assert len(callbacks) == 1

    def test_stranger_gets_not_found(self, member: User, other: User, connect: Connect) -> None:
        connect(member, other)
        conversation = start(member, other)
        stranger = UserFactory.create()
        connect(stranger, member)
        for conversation_id in (conversation.pk, 10**9):
            with pytest.raises(ConversationNotFound):
                services.message_send(sender=stranger, conversation_id=conversation_id, body="x")
        assert Message.objects.count() == 1

    def test_after_removal_history_stays_but_nothing_can_be_sent(
        self, member: User, other: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        connection_services.connection_remove(member=other, other_id=member.pk)
        for sender in (member, other):
            with refused(NotFirstDegree):
                send(sender, conversation)
        # Still readable by both.
        for reader in (member, other):
            seat_ = selectors.access_conversation(member=reader, conversation_id=conversation.pk)
            assert [m.body for m in selectors.messages_for(seat_)] == ["Hello!"]
        # Reconnected: the same conversation goes on.
        connect(other, member)
        assert send(other, conversation, "Again").conversation_id == conversation.pk

    @pytest.mark.parametrize("blocker_is_sender", [True, False])
    def test_block_stops_sending_both_ways_and_hides_for_the_blocker(
        self, member: User, other: User, connect: Connect, refused, blocker_is_sender: bool
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        blocker, blocked = (member, other) if blocker_is_sender else (other, member)
        connection_services.member_block(blocker=blocker, blocked_id=blocked.pk)
        with refused(ConversationNotFound):  # hidden for the blocker
            send(blocker, conversation)
        with refused(NotFirstDegree):  # the blocked member learns only "not connected"
            send(blocked, conversation)
        with pytest.raises(ConversationNotFound):
            selectors.access_conversation(member=blocker, conversation_id=conversation.pk)
        assert not selectors.inbox_for(blocker).exists()
        assert selectors.inbox_for(blocked).count() == 1
        # Unblocking shows it again (still no sending until they reconnect).
        account_services.block_remove(blocker=blocker, blocked_id=blocked.pk)
        assert selectors.inbox_for(blocker).count() == 1
        with refused(NotFirstDegree):
            send(blocker, conversation)

    def test_block_stands_even_without_the_connection_check(
        self, member: User, other: User, connect: Connect, refused
    ) -> None:
        """A block row with the connection still there (not reachable through the services)
        refuses too: the gate checks blocks itself, it does not rely on member_block."""
        connect(member, other)
        conversation = start(member, other)
        account_services.block_create(blocker=other, blocked_id=member.pk)
        with refused(NotFirstDegree):
            send(member, conversation)

    def test_group_needs_every_other_participant_connected(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third)
        # other and third are not connected to each other: neither may write here.
        with refused(NotFirstDegree):
            send(other, group)
        connect(other, third)
        assert send(other, group, "Now I can").body == "Now I can"
        connection_services.connection_remove(member=member, other_id=third.pk)
        with refused(NotFirstDegree):
            send(member, group)

    def test_group_without_anyone_left(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third)
        services.conversation_leave(member=other, conversation_id=group.pk)
        services.conversation_leave(member=third, conversation_id=group.pk)
        with refused(NoRecipients):
            send(member, group)

    def test_new_message_unarchives_for_everyone(
        self, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        for who in (member, other):
            services.conversation_archive(member=who, conversation_id=conversation.pk)
        assert not selectors.inbox_for(member).exists()
        assert selectors.inbox_for(member, archived=True).count() == 1
        send(other, conversation)
        assert Participant.objects.filter(archived_at__isnull=False).count() == 0


class TestSeats:
    def test_archive_and_unarchive(self, member: User, other: User, connect: Connect) -> None:
        connect(member, other)
        conversation = start(member, other)
        services.conversation_archive(member=member, conversation_id=conversation.pk)
        services.conversation_archive(member=member, conversation_id=conversation.pk)
        assert seat(member, conversation).archived_at is not None
        assert seat(other, conversation).archived_at is None
        services.conversation_archive(
            member=member, conversation_id=conversation.pk, archived=False
        )
        assert seat(member, conversation).archived_at is None

    def test_leave_group(self, member: User, other: User, third: User, connect: Connect) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third)
        services.conversation_leave(member=third, conversation_id=group.pk)
        with pytest.raises(ConversationNotFound):
            selectors.access_conversation(member=third, conversation_id=group.pk)
        with pytest.raises(ConversationNotFound):
            services.conversation_leave(member=third, conversation_id=group.pk)
        assert send(member, group, "Still here").pk

    def test_one_to_one_cannot_be_left(
        self, member: User, other: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        with refused(NotAGroup):
            services.conversation_leave(member=member, conversation_id=conversation.pk)

    def test_not_participant_is_not_found_everywhere(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        conversation = start(member, other)
        for conversation_id in (conversation.pk, 10**9):
            for action in (
                lambda cid=conversation_id: services.conversation_archive(
                    member=third, conversation_id=cid
                ),
                lambda cid=conversation_id: services.conversation_mark_read(
                    member=third, conversation_id=cid
                ),
                lambda cid=conversation_id: services.conversation_leave(
                    member=third, conversation_id=cid
                ),
                lambda cid=conversation_id: services.conversation_participants_add(
                    member=third, conversation_id=cid, participant_ids=[member.pk]
                ),
                lambda cid=conversation_id: services.message_send(
                    sender=third, conversation_id=cid, body="x"
                ),
            ):
                with refused(ConversationNotFound):
                    action()


class TestGroupAdd:
    def test_add_connections_who_then_see_only_new_messages(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        connect(other, third)
        group = start(member, other, body="Before Carla")
        # A 1:1 is not a group.
        with pytest.raises(NotAGroup):
            services.conversation_participants_add(
                member=member, conversation_id=group.pk, participant_ids=[third.pk]
            )
        group = start(member, other, third, body="Group start")
        fourth = UserFactory.create()
        for participant in (member, other, third):
            connect(participant, fourth)
        added = services.conversation_participants_add(
            member=other, conversation_id=group.pk, participant_ids=[fourth.pk, member.pk]
        )
        assert added == [fourth.pk]
        new_seat = selectors.access_conversation(member=fourth, conversation_id=group.pk)
        assert list(selectors.messages_for(new_seat)) == []
        assert selectors.visible_last_message(new_seat) is None
        assert selectors.unread_total(fourth) == 0
        send(other, group, "Welcome")
        assert [m.body for m in selectors.messages_for(new_seat)] == ["Welcome"]
        assert selectors.unread_total(fourth) == 1
        # Adding again changes nothing.
        assert (
            services.conversation_participants_add(
                member=other, conversation_id=group.pk, participant_ids=[fourth.pk]
            )
            == []
        )

    def test_adder_must_be_connected_to_the_new_member(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third)
        stranger = UserFactory.create()
        connect(other, stranger)  # other's connection, not member's
        with refused(NotFirstDegree):
            services.conversation_participants_add(
                member=member, conversation_id=group.pk, participant_ids=[stranger.pk]
            )

    @override_settings(CONVERSATION_MAX_PARTICIPANTS=3)
    def test_add_respects_the_limit(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third)
        connect(other, third)
        fourth = UserFactory.create()
        for participant in (member, other, third):
            connect(participant, fourth)
        with refused(TooManyParticipants):
            services.conversation_participants_add(
                member=member, conversation_id=group.pk, participant_ids=[fourth.pk]
            )
        services.conversation_leave(member=third, conversation_id=group.pk)
        assert services.conversation_participants_add(
            member=member, conversation_id=group.pk, participant_ids=[fourth.pk]
        ) == [fourth.pk]

    def test_a_member_who_left_can_be_added_back(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        connect(other, third)
        group = start(member, other, third)
        services.conversation_leave(member=third, conversation_id=group.pk)
        send(member, group, "While Carla was away")
        services.conversation_participants_add(
            member=member, conversation_id=group.pk, participant_ids=[third.pk]
        )
        back = selectors.access_conversation(member=third, conversation_id=group.pk)
        assert list(selectors.messages_for(back)) == []
        assert Participant.objects.filter(member=third).count() == 1

    def test_new_member_must_be_connected_to_every_participant(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        """PRODUCT.md: an addition must never silence the others (issue 16)."""
        connect(member, other)
        connect(member, third)
        connect(other, third)
        group = start(member, other, third)
        fourth = UserFactory.create()
        connect(member, fourth)
        connect(other, fourth)  # not third's connection
        with refused(NotConnectedToEveryone):
            services.conversation_participants_add(
                member=member, conversation_id=group.pk, participant_ids=[fourth.pk]
            )
        send(third, group, "Everyone can still send")
        connect(third, fourth)
        assert services.conversation_participants_add(
            member=member, conversation_id=group.pk, participant_ids=[fourth.pk]
        ) == [fourth.pk]
        for sender in (member, other, third, fourth):
            send(sender, group, f"from {sender.pk}")

    def test_one_unconnected_among_several_refuses_them_all(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        connect(member, third)
        connect(other, third)
        group = start(member, other, third)
        fine, lacking = UserFactory.create(), UserFactory.create()
        for participant in (member, other, third):
            connect(participant, fine)
        connect(member, lacking)
        connect(third, lacking)
        with refused(NotConnectedToEveryone):
            services.conversation_participants_add(
                member=member, conversation_id=group.pk, participant_ids=[fine.pk, lacking.pk]
            )

    def test_participants_who_left_do_not_count(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third)
        services.conversation_leave(member=third, conversation_id=group.pk)
        fourth = UserFactory.create()
        connect(member, fourth)
        connect(other, fourth)
        assert services.conversation_participants_add(
            member=member, conversation_id=group.pk, participant_ids=[fourth.pk]
        ) == [fourth.pk]


class TestRead:
    def test_unread_counts_and_mark_read(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        first = start(other, member, body="1")
        send(other, first, "2")
        second = start(third, member, body="3")
        assert selectors.unread_total(member) == 3
        assert selectors.unread_total(other) == 0  # own messages never count
        counts = {
            row.conversation_id: row.unread_count  # type: ignore[attr-defined]
            for row in selectors.inbox_for(member)
        }
        assert counts == {first.pk: 2, second.pk: 1}
        services.conversation_mark_read(member=member, conversation_id=first.pk)
        assert selectors.unread_total(member) == 1
        assert seat(member, first).last_read_at is not None
        services.conversation_mark_read(member=member, conversation_id=first.pk)  # no change
        send(other, first, "4")
        assert selectors.unread_total(member) == 2

    def test_inbox_order_search_and_last_message(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        with_other = start(member, other, body="old")
        with_third = start(member, third, body="newer")
        assert [row.conversation_id for row in selectors.inbox_for(member)] == [
            with_third.pk,
            with_other.pk,
        ]
        send(other, with_other, "newest")
        rows = list(selectors.inbox_for(member))
        assert [row.conversation_id for row in rows] == [with_other.pk, with_third.pk]
        last = rows[0].conversation.last_message
        assert last is not None and last.body == "newest"
        assert [s.member_id for s in rows[0].conversation.seats] == [member.pk, other.pk]
        assert [r.conversation_id for r in selectors.inbox_for(member, query="carl dia")] == [
            with_third.pk
        ]
        assert not selectors.inbox_for(member, query="Ana").exists()  # not oneself
