"""Messaging pages: inbox, conversation (plain and htmx), starting conversations, the Message
button; the 404 rule on every page; safe rendering; query counts at two sizes; parity with
the API."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from connections import services as connection_services
from messaging import services
from messaging.models import Conversation, Message, Participant
from messaging.views import PAGE_SIZE
from tests.factories import UserFactory
from tests.helpers import url
from tests.messaging.conftest import messaging_state, send, start
from tests.messaging.test_api import client_for, slow_rate

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]
HTMX = {"HX-Request": "true"}


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def browser(member: User) -> Client:
    return browser_for(member)


@pytest.fixture
def chat(member: User, other: User, connect: Connect) -> Conversation:
    connect(member, other)
    return start(other, member, body="Hello Ana")


def page(name: str, *args: int) -> str:
    return reverse(f"messaging:{name}", args=args)


def count_queries(request: Callable[[], Any]) -> int:
    """Count the queries of a page loaded twice (the first load warms caches)."""
    assert request().status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert request().status_code == 200
    return len(context.captured_queries)


class TestInbox:
    def test_lists_conversations_with_unread_badges(
        self, browser: Client, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        with_other = start(other, member, body="Lunch on Friday?")
        start(member, third, body="Sent by me")
        response = browser.get(page("inbox"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bruno Costa" in html and "Carla Dias" in html
        assert "Lunch on Friday?" in html
        assert "You: Sent by me" in html
        assert '<span class="badge badge-unread">1<span class="visually-hidden"> unread' in html
        assert "1 unread message." in html
        assert page("conversation", with_other.pk) in html
        # Search by participant name.
        html = browser.get(page("inbox"), {"q": "carla"}).content.decode()
        assert "Carla Dias" in html and "Lunch on Friday?" not in html

    def test_archived_folder(self, browser: Client, member: User, chat: Conversation) -> None:
        response = browser.post(page("archive", chat.pk))
        assert response.status_code == 302
        assert "Hello Ana" not in browser.get(page("inbox")).content.decode()
        assert "Hello Ana" in browser.get(page("inbox"), {"archived": "1"}).content.decode()
        browser.post(page("unarchive", chat.pk))
        assert "Hello Ana" in browser.get(page("inbox")).content.decode()

    def test_query_count_does_not_grow(
        self, browser: Client, member: User, connect: Connect
    ) -> None:
        def grow(count: int) -> None:
            friends = UserFactory.create_batch(count)
            for friend in friends:
                connect(member, friend)
                send(friend, start(friend, member, body="Hi"), "How are you?")
            start(member, *friends[:3], body="Group")

        grow(2)
        small = count_queries(lambda: browser.get(page("inbox")))
        grow(12)
        large = count_queries(lambda: browser.get(page("inbox")))
        assert small == large <= 10

    def test_nav_link_and_lazy_unread_badge(
        self, browser: Client, member: User, chat: Conversation
    ) -> None:
        html = browser.get(reverse("home")).content.decode()
        assert f'href="{page("inbox")}"' in html
        assert f'hx-get="{page("unread_badge")}"' in html
        badge = browser.get(page("unread_badge")).content.decode()
        assert '<span class="nav-count" aria-hidden="true">1</span>' in badge
        assert 'hx-trigger="every 30s"' in badge and 'hx-trigger="load' not in badge


class TestConversation:
    def test_shows_messages_and_reads_them(
        self, browser: Client, member: User, other: User, chat: Conversation
    ) -> None:
        response = browser.get(page("conversation", chat.pk))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Hello Ana" in html
        assert 'id="composer"' in html
        assert 'class="message-list"' not in html  # not shown as flash messages by base.html
        assert f'hx-get="{page("poll", chat.pk)}"' in html
        assert Participant.objects.get(member=member).last_read_message_id == chat.last_message_id

    def test_message_text_is_escaped_and_links_are_safe(
        self, browser: Client, member: User, other: User, chat: Conversation
    ) -> None:
        send(
            other,
            chat,
            '<script>alert(1)</script> "><img src=x onerror=alert(2)> javascript:alert(3) '
            'https://example.com/a?b=1&c=2" onmouseover="alert(4) www.proconnect.test',
        )
        html = browser.get(page("conversation", chat.pk)).content.decode()
        body = html[html.index('id="message-list"') :]
        assert "<script>alert(1)" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<img" not in body
        assert 'href="javascript' not in body
        assert "onmouseover=" not in body.replace("onmouseover=&quot;", "")
        assert 'href="https://example.com/a?b=1&amp;c=2"' in body
        assert 'rel="nofollow"' in body
        assert 'href="https://www.proconnect.test"' in body

    def test_load_earlier(self, browser: Client, member: User, chat: Conversation) -> None:
        Message.objects.bulk_create(
            [Message(conversation=chat, sender=member, body=f"old {n}") for n in range(PAGE_SIZE)]
        )
        html = browser.get(page("conversation", chat.pk)).content.decode()
        assert "Hello Ana" not in html  # the first message is beyond the page
        match = re.search(r'hx-get="[^"]*/earlier\?before=(\d+)"', html)
        assert match is not None
        earlier = browser.get(page("earlier", chat.pk), {"before": match.group(1)}, headers=HTMX)
        assert earlier.status_code == 200
        assert "Hello Ana" in earlier.content.decode()
        # Without JavaScript: the same window as a page.
        assert (
            "Hello Ana"
            in browser.get(
                page("conversation", chat.pk), {"before": match.group(1)}
            ).content.decode()
        )

    def test_removed_connection_keeps_history_and_disables_the_composer(
        self, browser: Client, member: User, other: User, chat: Conversation
    ) -> None:
        connection_services.connection_remove(member=member, other_id=other.pk)
        html = browser.get(page("conversation", chat.pk)).content.decode()
        assert "Hello Ana" in html
        assert 'id="composer"' not in html
        assert "You can message only your 1st-degree connections." in html
        before = messaging_state()
        response = browser.post(page("send", chat.pk), {"body": "Still there?"})
        assert response.status_code == 403
        assert messaging_state() == before

    def test_query_count_does_not_grow(
        self, browser: Client, member: User, other: User, chat: Conversation
    ) -> None:
        def grow(count: int) -> None:
            Message.objects.bulk_create(
                [
                    Message(conversation=chat, sender=(member if n % 2 else other), body=f"m{n}")
                    for n in range(count)
                ]
            )

        grow(3)
        small = count_queries(lambda: browser.get(page("conversation", chat.pk)))
        grow(80)
        large = count_queries(lambda: browser.get(page("conversation", chat.pk)))
        assert small == large <= 12

    def test_nudge_after_the_invitation_note(self, member: User, other: User) -> None:
        invitation = connection_services.invitation_send(
            sender=member, recipient_id=other.pk, note="Loved your talk"
        ).invitation
        connection_services.invitation_accept(recipient=other, invitation_id=invitation.pk)
        services.conversation_open_from_invitation(invitation_id=invitation.pk)
        conversation = Conversation.objects.get()
        client = browser_for(other)
        html = client.get(page("conversation", conversation.pk)).content.decode()
        assert "Loved your talk" in html and "Invitation note" in html
        assert 'id="nudge"' in html and "Say thanks" in html
        assert "Say thanks" in client.get(page("inbox")).content.decode()
        response = client.post(
            page("send", conversation.pk),
            {"body": "Thanks for the invitation, Ana!", "nudge": "1", "after": "0"},
            headers=HTMX,
        )
        assert 'id="nudge" hx-swap-oob="delete"' in response.content.decode()
        html = client.get(page("conversation", conversation.pk)).content.decode()
        assert 'id="nudge"' not in html


class TestSend:
    def test_plain_post_redirects(self, browser: Client, member: User, chat: Conversation) -> None:
        response = browser.post(page("send", chat.pk), {"body": "Plain form"})
        assert response.status_code == 302
        assert response["Location"] == page("conversation", chat.pk)
        assert Message.objects.filter(sender=member, body="Plain form").exists()

    def test_plain_refusal_shows_the_error_and_saves_nothing(
        self, browser: Client, chat: Conversation
    ) -> None:
        before = messaging_state()
        response = browser.post(page("send", chat.pk), {"body": "   "})
        assert response.status_code == 400
        assert "Write a message first." in response.content.decode()
        assert messaging_state() == before

    def test_htmx_send_returns_new_messages_and_resets_the_composer(
        self, browser: Client, member: User, other: User, chat: Conversation
    ) -> None:
        reply = send(other, chat, "Meanwhile")
        response = browser.post(
            page("send", chat.pk),
            {"body": "Via htmx", "after": str(chat.last_message_id)},
            headers=HTMX,
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Meanwhile" in html and "Via htmx" in html  # everything after the mark
        assert f'id="message-{reply.pk}"' in html
        mine = Message.objects.get(body="Via htmx")
        assert (
            '<span id="after-mark" hx-swap-oob="innerHTML">'
            f'<input type="hidden" name="after" value="{mine.pk}"></span>'
        ) in html
        assert '<div id="composer-input" hx-swap-oob="innerHTML">' in html
        assert " autofocus></textarea>" in html

    def test_htmx_refusal_keeps_the_text(self, browser: Client, chat: Conversation) -> None:
        before = messaging_state()
        response = browser.post(
            page("send", chat.pk), {"body": "x" * 8001, "after": "0"}, headers=HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="composer-error" hx-swap-oob="innerHTML"' in html
        assert "at most 8,000 characters" in html
        assert "composer-input" not in html  # the textarea (and what was typed) stays
        assert messaging_state() == before

    def test_rate_limit_shared_with_the_api(
        self,
        browser: Client,
        member: User,
        chat: Conversation,
        settings: Any,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        slow_rate(settings, "2/min", monkeypatch)
        assert browser.post(page("send", chat.pk), {"body": "1"}).status_code == 302
        api_response = client_for(member).post(
            url("conversation-messages", conversation_id=chat.pk), {"body": "2"}
        )
        assert api_response.status_code == 201
        before = messaging_state()
        response = browser.post(page("send", chat.pk), {"body": "3"})
        assert response.status_code == 429
        assert 1 <= int(response["Retry-After"]) <= 60
        assert "sending messages too fast" in response.content.decode()
        assert messaging_state() == before

    def test_poll(self, browser: Client, member: User, other: User, chat: Conversation) -> None:
        mark = str(chat.last_message_id)
        assert browser.get(page("poll", chat.pk), {"after": mark}, headers=HTMX).status_code == 204
        new = send(other, chat, "New one")
        response = browser.get(page("poll", chat.pk), {"after": mark}, headers=HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert "New one" in html
        assert f'name="after" value="{new.pk}"' in html
        assert Participant.objects.get(member=member).last_read_message_id == new.pk


class TestStartPages:
    def test_message_a_connection(
        self, browser: Client, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        html = browser.get(page("with_member", other.pk)).content.decode()
        assert "New message" in html and 'name="body"' in html
        response = browser.post(page("with_member", other.pk), {"body": "First words"})
        conversation = Conversation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == page("conversation", conversation.pk)
        # The button opens the existing conversation from then on.
        response = browser.get(page("with_member", other.pk))
        assert response["Location"] == page("conversation", conversation.pk)

    def test_not_connected_sees_a_disabled_button(
        self, browser: Client, member: User, third: User
    ) -> None:
        response = browser.get(page("with_member", third.pk))
        assert response.status_code == 200
        html = response.content.decode()
        assert "disabled" in html and "Connect first." in html
        before = messaging_state()
        response = browser.post(page("with_member", third.pk), {"body": "Hi"})
        assert response.status_code == 403
        assert messaging_state() == before

    def test_blocked_self_and_missing_are_404(
        self, browser: Client, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        connection_services.member_block(blocker=other, blocked_id=member.pk)
        for member_id in (other.pk, member.pk, 10**9):
            assert browser.get(page("with_member", member_id)).status_code == 404

    def test_new_group(
        self, browser: Client, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        html = browser.get(page("new")).content.decode()
        assert f'value="{other.pk}"' in html and f'value="{third.pk}"' in html
        response = browser.post(
            page("new"),
            {"participants": [other.pk, third.pk], "title": "Launch", "body": "Kick-off"},
        )
        assert response.status_code == 302
        group = Conversation.objects.get()
        assert group.is_group and group.title == "Launch"
        stranger = UserFactory.create()
        before = messaging_state()
        response = browser.post(
            page("new"), {"participants": [other.pk, stranger.pk], "body": "Hi"}
        )
        assert response.status_code == 403
        assert "must be one of your 1st-degree connections" in response.content.decode()
        assert messaging_state() == before

    def test_add_people_and_leave(
        self, browser: Client, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        connect(member, third)
        group = start(member, other, third)
        fourth = UserFactory.create(first_name="Dora")
        connect(member, fourth)
        html = browser.get(page("participants", group.pk)).content.decode()
        assert f'value="{fourth.pk}"' in html and f'value="{other.pk}"' not in html
        before = messaging_state()
        response = browser.post(page("participants", group.pk), {"participants": [fourth.pk]})
        assert response.status_code == 403
        assert "connected to everyone in this conversation" in response.content.decode()
        assert messaging_state() == before
        connect(other, fourth)
        connect(third, fourth)
        response = browser.post(page("participants", group.pk), {"participants": [fourth.pk]})
        assert response.status_code == 302
        assert Participant.objects.filter(conversation=group, member=fourth).exists()
        response = browser_for(fourth).post(page("leave", group.pk))
        assert response.status_code == 302
        assert browser_for(fourth).get(page("conversation", group.pk)).status_code == 404


class TestNotFoundRule:
    @pytest.mark.parametrize("who", ["stranger", "blocker"])
    def test_every_page(
        self, member: User, other: User, third: User, connect: Connect, who: str
    ) -> None:
        connect(member, other)
        connect(member, third)
        connect(other, third)
        group = start(member, other, third, body="A group secret")
        if who == "stranger":
            outsider = UserFactory.create()
        else:
            outsider = third
            connection_services.member_block(blocker=third, blocked_id=other.pk)
        client = browser_for(outsider)
        missing = group.pk + 1000
        before = messaging_state()
        for conversation_id in (group.pk, missing):
            for name in ("conversation", "poll", "earlier", "participants"):
                response = client.get(page(name, conversation_id), {"after": 0, "before": 99})
                assert response.status_code == 404, name
            for name in ("send", "read", "archive", "unarchive", "leave", "participants"):
                response = client.post(page(name, conversation_id), {"body": "x"})
                assert response.status_code == 404, name
            assert (
                client.post(page("send", conversation_id), {"body": "x"}, headers=HTMX).status_code
                == 404
            )
        assert messaging_state() == before
        assert "A group secret" not in client.get(page("inbox")).content.decode()

    def test_anonymous_goes_to_login(self, client: Client, chat: Conversation) -> None:
        response = client.get(page("conversation", chat.pk))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestMessageButton:
    def render(self, viewer: User, template: str, **context: Any) -> str:
        request = RequestFactory().get("/")
        request.user = viewer
        return Template("{% load messaging %}" + template).render(
            Context({"request": request, **context})
        )

    def test_enabled_for_a_connection_disabled_with_reason_otherwise(
        self, member: User, other: User, third: User, connect: Connect
    ) -> None:
        connect(member, other)
        enabled = self.render(member, "{% message_button who %}", who=other)
        assert f'href="{page("with_member", other.pk)}"' in enabled and "disabled" not in enabled
        disabled = self.render(member, "{% message_button who %}", who=third)
        assert "disabled" in disabled and "Connect first." in disabled
        assert 'aria-describedby="message-reason-' in disabled

    @pytest.mark.parametrize("friends_count", [5, 25])
    def test_a_list_costs_three_queries_whatever_its_length(
        self, member: User, connect: Connect, django_assert_num_queries, friends_count: int
    ) -> None:
        friends = UserFactory.create_batch(friends_count)
        for friend in friends:
            connect(member, friend)
        strangers = UserFactory.create_batch(3)
        rows = friends + strangers
        # The connections, then the sender's own standing and confirmed email, once each.
        with django_assert_num_queries(3):
            html = self.render(
                member,
                "{% message_block_reasons rows as reasons %}"
                "{% for row in rows %}{% message_button row reasons %}{% endfor %}",
                rows=rows,
            )
        assert html.count("disabled") == 3
        assert html.count(page("with_member", friends[0].pk)) == 1

    def test_a_restricted_sender_sees_every_button_greyed_with_the_reason(
        self, member: User, other: User, connect: Connect
    ) -> None:
        from standing import services as standing_services
        from standing.models import SanctionKind

        connect(member, other)
        standing_services.sanction_create(
            member=member, kind=SanctionKind.RESTRICTION, reason="Spam", actions=["message"]
        )
        html = self.render(member, "{% message_button who %}", who=other)
        assert "disabled" in html
        assert "messag" in html.lower() and "restricted" in html.lower()
        assert f'href="{page("with_member", other.pk)}"' not in html

    def test_include_with_an_explicit_reason(self, member: User, other: User) -> None:
        from messaging.policies import message_block_reason

        html = self.render(
            member,
            '{% include "messaging/_message_button.html" %}',
            member=other,
            message_block_reason=message_block_reason(sender=member, member=other),
        )
        assert "disabled" in html


class TestParity:
    """Each rule through the page and through the API: the same outcome."""

    @pytest.mark.parametrize(
        ("setup", "status"),
        [("connected", 201), ("removed", 403), ("blocked", 403), ("stranger", 404)],
    )
    def test_send(
        self, member: User, other: User, connect: Connect, setup: str, status: int
    ) -> None:
        connect(member, other)
        conversation = start(other, member, body="Hi")
        sender = member
        if setup == "removed":
            connection_services.connection_remove(member=other, other_id=member.pk)
        elif setup == "blocked":
            connection_services.member_block(blocker=other, blocked_id=member.pk)
        elif setup == "stranger":
            sender = UserFactory.create()
        api = client_for(sender).post(
            url("conversation-messages", conversation_id=conversation.pk), {"body": "API"}
        )
        html = browser_for(sender).post(page("send", conversation.pk), {"body": "Page"})
        assert api.status_code == status
        assert html.status_code == (302 if status == 201 else status)
        assert Message.objects.filter(body__in=["API", "Page"]).count() == (
            2 if status == 201 else 0
        )
