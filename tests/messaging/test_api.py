"""Messaging API: every endpoint and error code through HTTP, the 404 rule, rate limits, and
query counts at two sizes. Refusals leave no trace (rows, scheduled tasks)."""

import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from connections import services as connection_services
from messaging import policies as messaging_policies
from messaging import services
from messaging.models import Conversation, Message, Participant
from tests.factories import UserFactory
from tests.helpers import assert_error, url
from tests.messaging.conftest import messaging_state, send, start

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def client_for(member: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[..., dict]:
    """Make a request that must be refused with (status, code) and leave no trace."""

    def _refused(request: Callable[[], Any], status: int, code: str) -> dict:
        before = messaging_state()
        with django_capture_on_commit_callbacks() as callbacks:
            response = request()
        body = assert_error(response, status, code)
        assert messaging_state() == before
        assert callbacks == []
        return {"body": body, "response": response}

    return _refused


@pytest.fixture
def chat(member: User, other: User, connect: Connect) -> Conversation:
    connect(member, other)
    return start(member, other, body="Hello Bruno")


def count_queries(request: Callable[[], Any]) -> int:
    """Count the queries of a request made twice (the first warms caches, e.g. the graph's)."""
    assert request().status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert request().status_code == 200
    return len(context.captured_queries)


def slow_rate(settings: Any, rate: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Set the "messages" rate and stop the send counter's clock in the middle of a window: a
    fixed window would otherwise reset between two sends that straddle its edge (a slow run)."""
    now = time.time()
    middle = (now // 86400) * 86400 + 43230.5  # mid-day: mid-minute, mid-hour too
    monkeypatch.setattr(messaging_policies, "time", SimpleNamespace(time=lambda: middle))
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "messages": rate,
        },
    }


class TestStart:
    def test_creates_a_conversation(
        self,
        member_api: APIClient,
        member: User,
        other: User,
        connect: Connect,
        django_capture_on_commit_callbacks,
    ) -> None:
        connect(member, other)
        with django_capture_on_commit_callbacks() as callbacks:
            response = member_api.post(
                url("conversations"), {"participants": [other.pk], "body": "Hi there"}
            )
        assert response.status_code == 201, response.content
        body = response.json()
        conversation = Conversation.objects.get()
        assert body["id"] == conversation.pk
        assert body["is_group"] is False
        assert [p["id"] for p in body["participants"]] == [other.pk]
        assert body["participants"][0]["relationship"] == "connected"
        assert body["participants"][0]["degree"] == 1
        assert body["participants"][0]["mutual_connections_count"] == 0
        assert body["last_message"]["body"] == "Hi there"
        assert body["last_message"]["sender"]["id"] == member.pk
        assert body["last_message"]["sender"]["relationship"] == "self"
        assert body["unread_count"] == 0
        assert body["archived"] is False
        assert body["send_block_reason"] is None
        assert len(callbacks) == 1

    def test_existing_one_to_one_is_200(
        self, member_api: APIClient, chat: Conversation, other: User
    ) -> None:
        response = member_api.post(url("conversations"), {"participants": [other.pk]})
        assert response.status_code == 200, response.content
        assert response.json()["id"] == chat.pk
        response = member_api.post(
            url("conversations"), {"participants": [other.pk], "body": "Again"}
        )
        assert response.status_code == 200
        assert response.json()["last_message"]["body"] == "Again"
        assert Conversation.objects.count() == 1

    def test_group(
        self, member_api: APIClient, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        response = member_api.post(
            url("conversations"),
            {"participants": [other.pk, third.pk], "body": "Team", "title": "Launch"},
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["is_group"], body["title"]) == (True, "Launch")
        assert sorted(p["id"] for p in body["participants"]) == sorted([other.pk, third.pk])

    def test_refusals(
        self,
        member_api: APIClient,
        member: User,
        other: User,
        third: User,
        connect: Connect,
        refused,
    ) -> None:
        connect(member, other)
        post = member_api.post
        path = url("conversations")
        refused(
            lambda: post(path, {"participants": [third.pk], "body": "x"}), 403, "not_first_degree"
        )
        refused(lambda: post(path, {"participants": [10**9], "body": "x"}), 403, "not_first_degree")
        refused(lambda: post(path, {"participants": [], "body": "x"}), 400, "no_participants")
        refused(lambda: post(path, {"participants": [other.pk], "body": " "}), 400, "empty_message")
        result = refused(
            lambda: post(path, {"participants": [other.pk], "body": "x" * 8001}),
            400,
            "message_too_long",
        )
        assert result["body"]["fields"] == {"body": [result["body"]["detail"]]}
        for bad in ({}, {"participants": "1"}, {"participants": [0]}, {"participants": ["a"]}):
            refused(lambda bad=bad: post(path, {**bad, "body": "x"}), 400, "invalid")
        refused(lambda: post(path, {"participants": [other.pk], "body": ["x"]}), 400, "invalid")
        refused(lambda: post(path, {"participants": [other.pk], "body": None}), 400, "invalid")
        with override_settings(CONVERSATION_MAX_PARTICIPANTS=2):
            connect(member, third)
            refused(
                lambda: post(path, {"participants": [other.pk, third.pk], "body": "x"}),
                400,
                "too_many_participants",
            )

    def test_malformed_bodies_are_400_not_500(
        self, member_api: APIClient, other: User, chat: Conversation, refused
    ) -> None:
        path = url("conversation-messages", conversation_id=chat.pk)
        raw = member_api.post
        for payload, code in (
            ('{"body": "nul \\u0000 byte"}', "invalid"),
            ('{"body": "lone \\ud800 surrogate"}', "invalid"),
            ('{"body": ', "parse_error"),
            ('["body"]', "invalid"),
            ('{"body": {"html": "<b>"}}', "invalid"),
        ):
            refused(
                lambda payload=payload: raw(path, payload, content_type="application/json"),
                400,
                code,
            )


class TestList:
    def test_inbox_with_unread_counts_archive_and_search(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        with_other = start(other, member, body="From Bruno")
        send(other, with_other, "Again")
        with_third = start(third, member, body="From Carla")
        client = client_for(member)
        body = client.get(url("conversations")).json()
        assert [row["id"] for row in body["results"]] == [with_third.pk, with_other.pk]
        assert [row["unread_count"] for row in body["results"]] == [1, 2]
        assert body["unread_total"] == 3
        assert body["results"][1]["last_message"]["body"] == "Again"
        assert body["next"] is None and body["previous"] is None
        assert [
            r["id"] for r in client.get(url("conversations"), {"q": "bruno"}).json()["results"]
        ] == [with_other.pk]
        client.post(url("conversation-archive", conversation_id=with_third.pk))
        assert [r["id"] for r in client.get(url("conversations")).json()["results"]] == [
            with_other.pk
        ]
        archived = client.get(url("conversations"), {"archived": "true"}).json()["results"]
        assert [(r["id"], r["archived"]) for r in archived] == [(with_third.pk, True)]
        assert_error(client.get(url("conversations"), {"archived": "maybe"}), 400, "invalid")

    def test_cursor_pagination(self, member: User, connect: Connect) -> None:
        friends = UserFactory.create_batch(4)
        for friend in friends:
            connect(member, friend)
            start(friend, member, body="Hi")
        client = client_for(member)
        page = client.get(url("conversations"), {"page_size": 3}).json()
        assert len(page["results"]) == 3
        rest = client.get(page["next"]).json()
        assert len(rest["results"]) == 1
        seen = {r["id"] for r in page["results"]} | {r["id"] for r in rest["results"]}
        assert len(seen) == 4

    def test_inbox_query_count_does_not_grow(self, member: User, connect: Connect) -> None:
        client = client_for(member)

        def grow(count: int) -> None:
            friends = UserFactory.create_batch(count)
            for friend in friends:
                connect(member, friend)
                conversation = start(friend, member, body="Hi")
                send(friend, conversation, "How are you?")
            start(member, *friends[:4], body="A group")

        grow(2)
        small = count_queries(lambda: client.get(url("conversations")))
        grow(10)
        large = count_queries(lambda: client.get(url("conversations")))
        assert small == large <= 8


class TestDetail:
    def test_detail_and_send_block_reason(
        self, member_api: APIClient, member: User, other: User, chat: Conversation
    ) -> None:
        body = member_api.get(url("conversation", conversation_id=chat.pk)).json()
        assert body["id"] == chat.pk and body["send_block_reason"] is None
        connection_services.connection_remove(member=member, other_id=other.pk)
        body = member_api.get(url("conversation", conversation_id=chat.pk)).json()
        assert body["send_block_reason"]["code"] == "not_first_degree"


class TestMessages:
    def test_read_newest_first_with_cursor(
        self, member_api: APIClient, member: User, other: User, chat: Conversation
    ) -> None:
        for index in range(4):
            send(other, chat, f"m{index}")
        path = url("conversation-messages", conversation_id=chat.pk)
        page = member_api.get(path, {"page_size": 3}).json()
        assert [m["body"] for m in page["results"]] == ["m3", "m2", "m1"]
        assert page["results"][0]["sender"]["id"] == other.pk
        assert page["results"][0]["kind"] == "text"
        older = member_api.get(page["next"]).json()
        assert [m["body"] for m in older["results"]] == ["m0", "Hello Bruno"]
        after = page["results"][1]["id"]
        newer = member_api.get(path, {"after": after}).json()
        assert [m["body"] for m in newer["results"]] == ["m3"]

    def test_send(
        self,
        member_api: APIClient,
        member: User,
        chat: Conversation,
        django_capture_on_commit_callbacks,
    ) -> None:
        with django_capture_on_commit_callbacks() as callbacks:
            response = member_api.post(
                url("conversation-messages", conversation_id=chat.pk),
                {"body": "<b>not bold</b> https://example.com"},
            )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["body"] == "<b>not bold</b> https://example.com"  # plain text, as typed
        assert body["sender"]["id"] == member.pk
        assert body["conversation"] == chat.pk
        assert len(callbacks) == 1

    def test_send_refusals(
        self, member_api: APIClient, member: User, other: User, chat: Conversation, refused
    ) -> None:
        path = url("conversation-messages", conversation_id=chat.pk)
        refused(lambda: member_api.post(path, {"body": ""}), 400, "empty_message")
        refused(lambda: member_api.post(path, {}), 400, "invalid")
        with override_settings(MESSAGE_MAX_LENGTH=3):
            refused(lambda: member_api.post(path, {"body": "four"}), 400, "message_too_long")
        connection_services.connection_remove(member=other, other_id=member.pk)
        refused(lambda: member_api.post(path, {"body": "Hi"}), 403, "not_first_degree")
        # History stays readable.
        assert member_api.get(path).status_code == 200

    def test_rate_limit_is_429_with_retry_after(
        self,
        member_api: APIClient,
        chat: Conversation,
        settings: Any,
        refused: Any,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        slow_rate(settings, "3/min", monkeypatch)
        path = url("conversation-messages", conversation_id=chat.pk)
        for _ in range(3):
            assert member_api.post(path, {"body": "Hi"}).status_code == 201
        result = refused(lambda: member_api.post(path, {"body": "Hi"}), 429, "message_rate_limited")
        retry_after = int(result["response"]["Retry-After"])
        assert 1 <= retry_after <= 60
        # Starting conversations counts too; reading does not.
        refused(
            lambda: member_api.post(url("conversations"), {"participants": [1], "body": "x"}),
            429,
            "message_rate_limited",
        )
        assert member_api.get(path).status_code == 200
        assert member_api.get(url("conversations")).status_code == 200

    def test_rate_limit_is_per_member(
        self,
        member_api: APIClient,
        other: User,
        chat: Conversation,
        settings: Any,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        slow_rate(settings, "1/min", monkeypatch)
        path = url("conversation-messages", conversation_id=chat.pk)
        assert member_api.post(path, {"body": "Hi"}).status_code == 201
        assert member_api.post(path, {"body": "Hi"}).status_code == 429
        assert client_for(other).post(path, {"body": "Hi"}).status_code == 201

    def test_messages_query_count_does_not_grow(
        self, member_api: APIClient, member: User, other: User, chat: Conversation
    ) -> None:
        path = url("conversation-messages", conversation_id=chat.pk)

        def grow(count: int) -> None:
            Message.objects.bulk_create(
                [
                    Message(conversation=chat, sender=(member if n % 2 else other), body=f"m{n}")
                    for n in range(count)
                ]
            )

        grow(2)
        small = count_queries(lambda: member_api.get(path))
        grow(60)
        large = count_queries(lambda: member_api.get(path))
        assert small == large <= 7
        assert len(member_api.get(path).json()["results"]) == 25


class TestSeatActions:
    def test_read(self, member: User, other: User, chat: Conversation) -> None:
        send(member, chat, "More")
        client = client_for(other)
        assert client.get(url("conversations")).json()["unread_total"] == 2
        response = client.post(url("conversation-read", conversation_id=chat.pk))
        assert response.status_code == 200, response.content
        assert response.json() == {"conversation": chat.pk, "unread_count": 0, "unread_total": 0}

    def test_archive_unarchive(
        self, member_api: APIClient, member: User, chat: Conversation
    ) -> None:
        response = member_api.post(url("conversation-archive", conversation_id=chat.pk))
        assert response.status_code == 200 and response.json()["archived"] is True
        response = member_api.post(url("conversation-unarchive", conversation_id=chat.pk))
        assert response.status_code == 200 and response.json()["archived"] is False

    def test_leave_and_add(
        self, member: User, other: User, third: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        connect(member, third)
        one_to_one = start(member, third, body="Hi")
        client = client_for(member)
        connect(other, third)
        group = start(member, other, third, body="Group of three")
        fourth = UserFactory.create()
        connect(member, fourth)
        connect(other, fourth)
        refused(
            lambda: client.post(
                url("conversation-participants", conversation_id=group.pk),
                {"participants": [fourth.pk]},
            ),
            403,
            "not_connected_to_everyone",
        )
        connect(third, fourth)
        response = client.post(
            url("conversation-participants", conversation_id=group.pk),
            {"participants": [fourth.pk]},
        )
        assert response.status_code == 200, response.content
        assert fourth.pk in {p["id"] for p in response.json()["participants"]}
        stranger = UserFactory.create()
        refused(
            lambda: client.post(
                url("conversation-participants", conversation_id=group.pk),
                {"participants": [stranger.pk]},
            ),
            403,
            "not_first_degree",
        )
        refused(
            lambda: client.post(
                url("conversation-participants", conversation_id=one_to_one.pk),
                {"participants": [fourth.pk]},
            ),
            409,
            "not_a_group",
        )
        refused(
            lambda: client.post(url("conversation-leave", conversation_id=one_to_one.pk)),
            409,
            "not_a_group",
        )
        response = client_for(fourth).post(url("conversation-leave", conversation_id=group.pk))
        assert response.status_code == 204
        assert not Participant.objects.filter(member=fourth, left_at__isnull=True).exists()


def every_endpoint(conversation_id: int) -> list[tuple[str, str, dict]]:
    return [
        ("get", url("conversation", conversation_id=conversation_id), {}),
        ("get", url("conversation-messages", conversation_id=conversation_id), {}),
        ("post", url("conversation-messages", conversation_id=conversation_id), {"body": "x"}),
        ("post", url("conversation-messages", conversation_id=conversation_id), {"body": ""}),
        ("post", url("conversation-read", conversation_id=conversation_id), {}),
        ("post", url("conversation-archive", conversation_id=conversation_id), {}),
        ("post", url("conversation-unarchive", conversation_id=conversation_id), {}),
        ("post", url("conversation-leave", conversation_id=conversation_id), {}),
        (
            "post",
            url("conversation-participants", conversation_id=conversation_id),
            {"participants": [1]},
        ),
    ]


class TestNotFoundRule:
    """A conversation one is not in is the same 404 as one that does not exist, everywhere."""

    @pytest.mark.parametrize("who", ["stranger", "left", "blocker"])
    def test_every_endpoint(
        self, member: User, other: User, third: User, connect: Connect, refused, who: str
    ) -> None:
        connect(member, other)
        connect(member, third)
        connect(other, third)
        group = start(member, other, third, body="Group")
        if who == "stranger":
            outsider = UserFactory.create()
            connect(outsider, member)
        elif who == "left":
            outsider = third
            services.conversation_leave(member=third, conversation_id=group.pk)
        else:  # third blocks other: the group is hidden for third
            outsider = third
            connection_services.member_block(blocker=third, blocked_id=other.pk)
        client = client_for(outsider)
        missing = max(Conversation.objects.values_list("pk", flat=True)) + 1000
        for conversation_id in (group.pk, missing):
            for method, path, data in every_endpoint(conversation_id):
                result = refused(
                    lambda method=method, path=path, data=data: getattr(client, method)(path, data),
                    404,
                    "conversation_not_found",
                )
                assert result["body"]["detail"] == "Conversation not found."
        assert group.pk not in {r["id"] for r in client.get(url("conversations")).json()["results"]}

    def test_anonymous_is_401(self, api: APIClient, chat: Conversation) -> None:
        assert_error(api.get(url("conversations")), 401, "not_authenticated")
        for method, path, data in every_endpoint(chat.pk):
            assert_error(getattr(api, method)(path, data), 401, "not_authenticated")
