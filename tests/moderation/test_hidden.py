"""What a member reported disappears for them at once, in both of the feed's readers (the
pages' cards and the API's selectors), in comments, group discussions and conversations;
everyone else still sees it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from feed import cards, selectors
from feed.models import Comment
from messaging import selectors as messaging_selectors
from moderation import services
from tests.feed.test_cards import card_home, orm_home, shape, world
from tests.moderation.conftest import message_from

__all__ = ["world"]

pytestmark = pytest.mark.django_db


def report(reporter: User, target_type: str, target_id: int) -> None:
    services.report_create(
        reporter=reporter, target_type=target_type, target_id=target_id, reason="spam"
    )


def test_reported_posts_and_comments_leave_both_readers(
    member: User, other: User, world: dict[str, Any]
) -> None:
    posts = world["posts"]
    hidden_comment = Comment.objects.filter(post=posts["own"], author=other).get()
    report(member, "post", posts["connection"].pk)
    report(member, "post", posts["in_group"].pk)
    report(member, "comment", hidden_comment.pk)
    expected = orm_home(member)
    ids = [post.pk for post in expected]
    assert posts["connection"].pk not in ids and posts["in_group"].pk not in ids
    for got in card_home(member):
        assert shape(got) == shape(expected)
    own = next(post for post in expected if post.pk == posts["own"].pk)
    assert hidden_comment.pk not in {c.pk for c in selectors.recent_comments(own)}
    assert hidden_comment.pk not in {c.pk for c in selectors.comments_for(member, posts["own"])}
    group_posts = cards.group_posts(member, world["group"], limit=50)
    assert posts["in_group"].pk not in {post.pk for post in group_posts}
    assert shape(group_posts) == shape(list(selectors.group_posts(member, world["group"])[:50]))
    # The others still see all of it.
    assert posts["connection"].pk in {post.pk for post in orm_home(other)}
    assert hidden_comment.pk in {c.pk for c in selectors.comments_for(other, posts["own"])}


def test_a_reported_post_page_is_gone_for_the_reporter(
    member: User, other: User, world: dict[str, Any]
) -> None:
    target = world["posts"]["connection"]
    report(member, "post", target.pk)
    client = Client()
    client.force_login(member)
    assert client.get(reverse("feed:post", args=[target.pk])).status_code == 404
    client.force_login(other)
    assert client.get(reverse("feed:post", args=[target.pk])).status_code == 200


def test_a_reported_message_leaves_the_conversation(member: User, other: User, connect) -> None:
    connect(member, other)
    kept = message_from(other, member, "Hello there")
    spam = message_from(other, member, "Buy now")
    report(member, "message", spam.pk)
    seat = messaging_selectors.access_conversation(
        member=member, conversation_id=kept.conversation_id
    )
    assert [m.pk for m in messaging_selectors.messages_for(seat)] == [kept.pk]
    client = Client()
    client.force_login(member)
    page = client.get(reverse("messaging:conversation", args=[kept.conversation_id]))
    assert "Hello there" in page.content.decode() and "Buy now" not in page.content.decode()
    their_seat = messaging_selectors.access_conversation(
        member=other, conversation_id=kept.conversation_id
    )
    assert len(list(messaging_selectors.messages_for(their_seat))) == 2
