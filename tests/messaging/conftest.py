"""Messaging fixtures: a third member and small helpers that go through the services."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from accounts.models import User
from core.exceptions import DomainError
from messaging import services
from messaging.models import Conversation, Message, MessageDigest, Participant
from notifications.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def third(db: None) -> User:
    return UserFactory.create(first_name="Carla", last_name="Dias")


def start(sender: User, *others: User, body: str = "Hello!", title: str = "") -> Conversation:
    """Start a conversation (or continue the 1:1 one) through the service."""
    return services.conversation_start(
        sender=sender, participant_ids=[other.pk for other in others], body=body, title=title
    ).conversation


def send(sender: User, conversation: Conversation, body: str = "Hi") -> Message:
    return services.message_send(sender=sender, conversation_id=conversation.pk, body=body)


def messaging_state() -> tuple[object, ...]:
    """Everything a refused action must leave untouched."""
    return (
        sorted(Conversation.objects.values_list("pk", "last_message_id", "last_message_at")),
        sorted(
            Participant.objects.values_list(
                "pk", "member_id", "left_at", "last_read_message_id", "archived_at"
            )
        ),
        sorted(Message.objects.values_list("pk", "body")),
        Notification.objects.count(),
        MessageDigest.objects.count(),
    )


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[..., object]:
    """Assert a call raises the given error and leaves no trace (rows, tasks)."""

    @contextmanager
    def _refused(error: type[DomainError]) -> Iterator[None]:
        before = messaging_state()
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(error):
            yield
        assert messaging_state() == before
        assert callbacks == []

    return _refused
