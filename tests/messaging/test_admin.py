"""Moderation in Django admin: conversations and messages readable, searchable by a
participant's name or email, never editable."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from messaging.models import Conversation, Message
from tests.factories import UserFactory
from tests.messaging.conftest import send, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def chat(member: User, other: User, connect: Callable[[User, User], None]) -> Conversation:
    connect(member, other)
    conversation = start(member, other, body="First words")
    send(other, conversation, "A reply to moderate")
    return conversation


def test_conversations_searchable_by_participant(
    moderator: Client, other: User, chat: Conversation
) -> None:
    changelist = reverse("admin:messaging_conversation_changelist")
    for query in (other.email, "Bruno", "costa"):
        html = moderator.get(changelist, {"q": query}).content.decode()
        assert f"/admin/messaging/conversation/{chat.pk}/change/" in html, query
    html = moderator.get(changelist, {"q": "nobody-like-this"}).content.decode()
    assert f"/admin/messaging/conversation/{chat.pk}/change/" not in html
    detail = moderator.get(reverse("admin:messaging_conversation_change", args=[chat.pk]))
    assert detail.status_code == 200
    assert "Read the messages" in detail.content.decode()


def test_messages_searchable_and_read_only(
    moderator: Client, member: User, chat: Conversation
) -> None:
    changelist = reverse("admin:messaging_message_changelist")
    html = moderator.get(changelist, {"q": member.email}).content.decode()
    assert "A reply to moderate" in html and "First words" in html
    html = moderator.get(changelist, {"conversation__id__exact": chat.pk}).content.decode()
    assert "A reply to moderate" in html
    message = Message.objects.get(body="A reply to moderate")
    change = reverse("admin:messaging_message_change", args=[message.pk])
    assert moderator.get(change).status_code == 200
    assert moderator.post(change, {"body": "edited"}).status_code == 403
    assert moderator.get(reverse("admin:messaging_message_add")).status_code == 403
    assert moderator.get(reverse("admin:messaging_conversation_add")).status_code == 403
    delete = reverse("admin:messaging_conversation_delete", args=[chat.pk])
    assert moderator.post(delete, {"post": "yes"}).status_code == 403
    message.refresh_from_db()
    assert message.body == "A reply to moderate"
    assert Conversation.objects.count() == 1
