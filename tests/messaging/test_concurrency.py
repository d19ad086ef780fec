"""The gate under real concurrency: sends and removals in parallel transactions on PostgreSQL.

The send reads the connection rows FOR SHARE inside its transaction. A removal still open when
the send reaches the gate makes the send wait for it, then refuse; a send still open makes the
removal wait until the message is committed. No interleaving saves a message to someone who
was no longer a connection when it was committed.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection, transaction

from connections import services as connection_services
from connections.selectors import are_connected
from messaging import services
from messaging.exceptions import NotFirstDegree
from messaging.models import Conversation, Message, Participant
from tests.concurrency import run_together
from tests.conftest import connect_members
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

HOLD = 0.8  # seconds one transaction stays open while the other side runs
PATHS = ["send", "send_group", "start", "start_group", "group_add"]


class Scene:
    """member and other are connected; third and fourth are connected to both. Each path is
    an action by member that needs member → other to be a connection. For "start" the pair's
    conversation is deleted first (the test does it), so the start creates it."""

    def __init__(self) -> None:
        self.member, self.other, self.third, self.fourth = UserFactory.create_batch(4)
        connect_members(self.member, self.other)
        for friend in (self.third, self.fourth):
            connect_members(self.member, friend)
            connect_members(self.other, friend)
        self.one_to_one = services.conversation_start(
            sender=self.other, participant_ids=[self.member.pk], body="Hi"
        ).conversation
        self.group = services.conversation_start(
            sender=self.third, participant_ids=[self.member.pk, self.other.pk], body="Hi all"
        ).conversation
        self.other_group = services.conversation_start(
            sender=self.member, participant_ids=[self.third.pk, self.fourth.pk], body="Us"
        ).conversation

    def action(self, path: str) -> Callable[[], object]:
        member, other = self.member, self.other
        return {
            "send": lambda: services.message_send(
                sender=member, conversation_id=self.one_to_one.pk, body="Still there?"
            ),
            "send_group": lambda: services.message_send(
                sender=member, conversation_id=self.group.pk, body="Still there?"
            ),
            "start": lambda: services.conversation_start(
                sender=member, participant_ids=[other.pk], body="First!"
            ),
            "start_group": lambda: services.conversation_start(
                sender=member, participant_ids=[other.pk, self.third.pk], body="New group"
            ),
            "group_add": lambda: services.conversation_participants_add(
                member=member, conversation_id=self.other_group.pk, participant_ids=[other.pk]
            ),
        }[path]

    def remove(self) -> None:
        connection_services.connection_remove(member=self.other, other_id=self.member.pk)

    def state(self) -> tuple[object, ...]:
        return (
            sorted(Message.objects.values_list("pk", flat=True)),
            sorted(Participant.objects.values_list("pk", "member_id", "left_at")),
            Conversation.objects.count(),
        )


def in_thread(target: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("path", PATHS)
def test_removal_open_while_sending_refuses_the_send(path: str) -> None:
    scene = Scene()
    if path == "start":  # the pair's conversation does not exist yet
        Conversation.objects.filter(pk=scene.one_to_one.pk).delete()
    action = scene.action(path)
    before = scene.state()
    removed = threading.Event()
    errors: list[BaseException] = []

    def remove_and_hold() -> None:
        with transaction.atomic():
            scene.remove()
            removed.set()
            time.sleep(HOLD)

    remover = in_thread(remove_and_hold, errors)
    assert removed.wait(10)
    started = time.monotonic()
    with pytest.raises(NotFirstDegree):
        action()
    waited = time.monotonic() - started
    remover.join(10)
    assert errors == []
    assert waited >= HOLD * 0.7, "the send must wait for the open removal, not read past it"
    assert scene.state() == before
    assert not are_connected(scene.member.pk, scene.other.pk)


@pytest.mark.parametrize("path", PATHS)
def test_send_open_while_removing_makes_the_removal_wait(path: str) -> None:
    scene = Scene()
    if path == "start":
        Conversation.objects.filter(pk=scene.one_to_one.pk).delete()
    action = scene.action(path)
    messages_before = Message.objects.count()
    done = threading.Event()
    errors: list[BaseException] = []

    def act_and_hold() -> None:
        with transaction.atomic():
            action()
            done.set()
            time.sleep(HOLD)

    sender = in_thread(act_and_hold, errors)
    assert done.wait(10)
    started = time.monotonic()
    scene.remove()
    waited = time.monotonic() - started
    sender.join(10)
    assert errors == []
    assert waited >= HOLD * 0.7, "the removal must wait for the open send"
    assert not are_connected(scene.member.pk, scene.other.pk)
    if path == "group_add":
        assert Participant.objects.filter(
            conversation=scene.other_group, member=scene.other, left_at__isnull=True
        ).exists()
    else:
        assert Message.objects.count() == messages_before + 1


def race_one_removal_against_sends() -> None:
    member, other = UserFactory.create_batch(2)
    connect_members(member, other)
    conversation = services.conversation_start(
        sender=member, participant_ids=[other.pk], body="Hi"
    ).conversation
    calls: list[Callable[[], object]] = [
        partial(services.message_send, sender=who, conversation_id=conversation.pk, body="Racing")
        for who in [member, other] * 4
    ]
    calls.append(lambda: connection_services.connection_remove(member=member, other_id=other.pk))
    outcomes = run_together(calls)
    assert set(outcomes) <= {"ok", "not_first_degree"}, outcomes
    sent = outcomes["ok"] - 1  # the removal always succeeds
    assert Message.objects.filter(conversation=conversation, body="Racing").count() == sent
    conversation.refresh_from_db()
    latest = Message.objects.filter(conversation=conversation).order_by("-id").first()
    assert conversation.last_message == latest
    assert not are_connected(member.pk, other.pk)


def test_sends_racing_a_removal_never_crash_or_leave_partial_state() -> None:
    for _round in range(4):
        race_one_removal_against_sends()


def test_concurrent_starts_of_one_pair_make_one_conversation() -> None:
    member, other = UserFactory.create_batch(2)
    connect_members(member, other)
    calls: list[Callable[[], object]] = []
    for index in range(6):
        sender, recipient = (member, other) if index % 2 else (other, member)
        calls.append(
            partial(
                services.conversation_start,
                sender=sender,
                participant_ids=[recipient.pk],
                body="Hello",
            )
        )
    outcomes = run_together(calls)
    assert outcomes == Counter({"ok": 6})
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 6
