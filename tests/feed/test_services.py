"""Posts, comments, reactions, follows and the home feed: visibility, blocks, limits."""

from typing import Any
from unittest import mock

import pytest
from django.test import override_settings

from accounts.exceptions import MemberNotFound
from accounts.models import User
from accounts.services import block_create
from core.exceptions import InvalidInput, SelfAction
from feed import selectors, services
from feed.exceptions import NotPostAuthor, PostNotFound, TextTooLong
from feed.models import Comment, Follow, Post, Reaction
from feed.previews import parse_open_graph
from feed.tasks import fetch_link_preview_task
from groups import services as group_services
from groups.exceptions import GroupNotFound, NotGroupMember
from notifications.models import Notification
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import make_group, run_queued

pytestmark = pytest.mark.django_db


def post(author: User, body: str = "Hello network", **kwargs: Any) -> Post:
    return services.post_create(author=author, body=body, **kwargs)


def feed_ids(viewer: User) -> list[int]:
    return [p.pk for p in selectors.home_feed(viewer)]


@override_settings(POST_MAX_LENGTH=10, COMMENT_MAX_LENGTH=5)
def test_lengths_come_from_settings(member: User, refused) -> None:
    with refused(TextTooLong, "text_too_long"):
        post(member, "x" * 11)
    first = post(member, "x" * 10)
    with refused(TextTooLong):
        services.comment_create(author=member, post_id=first.pk, body="123456")
    services.comment_create(author=member, post_id=first.pk, body="12345")


def test_bad_input_is_refused(member: User, refused) -> None:
    with refused(InvalidInput):
        post(member, "")
    with refused(InvalidInput):
        post(member, "hi", kind="poll")
    with refused(InvalidInput):
        post(member, "", kind="link", link_url="javascript:alert(1)")
    with refused(InvalidInput):
        post(member, "body", kind="article")  # no title
    with refused(InvalidInput):
        post(member, "nul \x00 byte")


def test_feed_has_connections_followed_and_groups_newest_first(
    member: User, other: User, third: User
) -> None:
    stranger = UserFactory.create()
    connect_members(member, other)
    services.follow_create(follower=member, member_id=third.pk)
    group = make_group(stranger)
    group_services.group_join(member=member, group_id=group.pk)
    own = post(member)
    by_connection = post(other)  # connecting follows both ways
    by_followed = post(third)
    in_group = post(stranger, group_id=group.pk)
    not_followed = post(stranger)
    ids = feed_ids(member)
    assert ids == [in_group.pk, by_followed.pk, by_connection.pk, own.pk]
    assert not_followed.pk not in ids
    assert by_connection.pk in feed_ids(member) and own.pk in feed_ids(other)  # both ways
    services.follow_delete(follower=member, member_id=third.pk)
    assert by_followed.pk not in feed_ids(member)


def test_follow_rules(member: User, other: User, refused) -> None:
    with refused(SelfAction):
        services.follow_create(follower=member, member_id=member.pk)
    block_create(blocker=other, blocked_id=member.pk)
    with pytest.raises(MemberNotFound):
        services.follow_create(follower=member, member_id=other.pk)
    assert not Follow.objects.exists()


def test_blocked_members_posts_and_comments_never_show_either_way(
    member: User, other: User, third: User
) -> None:
    connect_members(member, other)
    connect_members(member, third)
    mine = post(member)
    theirs = post(other)
    services.comment_create(author=other, post_id=mine.pk, body="from other")
    services.comment_create(author=third, post_id=mine.pk, body="from third")
    block_create(blocker=member, blocked_id=other.pk)
    assert theirs.pk not in feed_ids(member)
    assert mine.pk not in feed_ids(other)
    with pytest.raises(PostNotFound):
        selectors.access_post(viewer=other, post_id=mine.pk)
    bodies = [c.body for c in selectors.comments_for(member, mine)]
    assert bodies == ["from third"]
    detail = selectors.post_detail(viewer=member, post_id=mine.pk)
    assert detail.comment_count == 1  # type: ignore[attr-defined]


def test_group_posts_are_for_members_only_and_removal_is_immediate(
    member: User, other: User, third: User, refused
) -> None:
    group = make_group(member)
    group_services.group_join(member=other, group_id=group.pk)
    discussion = post(member, group_id=group.pk)
    with refused(NotGroupMember, "not_group_member"):
        post(third, group_id=group.pk)
    with pytest.raises(PostNotFound):
        selectors.access_post(viewer=third, post_id=discussion.pk)
    assert selectors.access_post(viewer=other, post_id=discussion.pk) == discussion
    group_services.member_remove(manager=member, group_id=group.pk, member_id=other.pk)
    with pytest.raises(PostNotFound):
        selectors.access_post(viewer=other, post_id=discussion.pk)
    assert discussion.pk not in feed_ids(other)
    with refused(PostNotFound):
        services.comment_create(author=other, post_id=discussion.pk, body="still here?")


def test_unlisted_group_posting_is_not_found(member: User, other: User, refused) -> None:
    group = make_group(member, visibility="unlisted")
    with refused(GroupNotFound):
        post(other, group_id=group.pk)


def test_approval_of_posts(member: User, other: User, third: User) -> None:
    group = make_group(member, posts_need_approval=True)
    group_services.group_join(member=other, group_id=group.pk)
    group_services.group_join(member=third, group_id=group.pk)
    waiting = post(other, group_id=group.pk)
    assert waiting.status == "pending"
    assert selectors.access_post(viewer=other, post_id=waiting.pk)  # the author sees it
    assert selectors.access_post(viewer=member, post_id=waiting.pk)  # the owner too
    with pytest.raises(PostNotFound):
        selectors.access_post(viewer=third, post_id=waiting.pk)
    with pytest.raises(NotGroupMember.__mro__[1]):  # DomainError: not a manager
        services.post_approve(manager=third, group_id=group.pk, post_id=waiting.pk)
    services.post_approve(manager=member, group_id=group.pk, post_id=waiting.pk)
    assert selectors.access_post(viewer=third, post_id=waiting.pk)
    assert post(member, group_id=group.pk).status == "published"  # managers skip approval


def test_pin_a_post(member: User, other: User) -> None:
    group = make_group(member)
    group_services.group_join(member=other, group_id=group.pk)
    first = post(other, group_id=group.pk)
    with pytest.raises(Exception) as info:
        services.post_pin(manager=other, group_id=group.pk, post_id=first.pk)
    assert getattr(info.value, "code", "") == "not_group_manager"
    services.post_pin(manager=member, group_id=group.pk, post_id=first.pk)
    group.refresh_from_db()
    assert group.pinned_post_id == first.pk
    services.post_pin(manager=member, group_id=group.pk, post_id=first.pk, pinned=False)
    group.refresh_from_db()
    assert group.pinned_post_id is None


def test_delete_post_removes_comments_and_reactions(member: User, other: User, refused) -> None:
    connect_members(member, other)
    mine = post(member)
    services.comment_create(author=other, post_id=mine.pk, body="Nice")
    services.reaction_set(member=other, post_id=mine.pk, kind="celebrate")
    with refused(NotPostAuthor):
        services.post_delete(member=other, post_id=mine.pk)
    services.post_delete(member=member, post_id=mine.pk)
    assert not Post.objects.exists()
    assert not Comment.objects.exists()
    assert not Reaction.objects.exists()


def test_group_manager_may_delete_a_members_post(member: User, other: User) -> None:
    group = make_group(member)
    group_services.group_join(member=other, group_id=group.pk)
    theirs = post(other, group_id=group.pk)
    services.post_delete(member=member, post_id=theirs.pk)
    assert not Post.objects.exists()


def test_reactions_one_per_member_and_unknown_kind(member: User, other: User, refused) -> None:
    mine = post(member)
    services.reaction_set(member=other, post_id=mine.pk, kind="like")
    services.reaction_set(member=other, post_id=mine.pk, kind="insightful")
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["insightful"]
    with refused(InvalidInput):
        services.reaction_set(member=other, post_id=mine.pk, kind="angry")
    services.reaction_remove(member=other, post_id=mine.pk)
    assert not Reaction.objects.exists()


def test_comment_notifies_the_author_once(
    member: User, other: User, django_capture_on_commit_callbacks
) -> None:
    mine = post(member)
    with django_capture_on_commit_callbacks() as callbacks:
        services.comment_create(author=other, post_id=mine.pk, body="Great")
    assert len(callbacks) == 1
    assert run_queued(callbacks) == [1]
    assert run_queued(callbacks) == [0]
    assert Notification.objects.filter(recipient=member, kind="post_comment").count() == 1
    with django_capture_on_commit_callbacks() as callbacks:
        services.comment_create(author=member, post_id=mine.pk, body="Thanks")
    assert callbacks == []  # own comment: nobody to tell


def test_link_preview_made_from_open_graph_and_fails_gracefully(
    member: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        link = post(member, "Worth reading", kind="link", link_url="https://example.com/a")
    assert len(callbacks) == 1 and link.preview_state == "pending"
    page = (
        "https://example.com/a",
        '<html><head><meta property="og:title" content="A &amp; B">'
        '<meta property="og:image" content="/img.png"></head></html>',
    )
    with mock.patch("feed.previews.fetch_html", return_value=page):
        assert fetch_link_preview_task(link.pk) == "ready"
    link.refresh_from_db()
    assert (link.preview_title, link.preview_image_url) == ("A & B", "https://example.com/img.png")
    assert fetch_link_preview_task(link.pk) == "skipped"  # once
    broken = post(member, "", kind="link", link_url="http://127.0.0.1:8000/admin/")
    assert fetch_link_preview_task(broken.pk) == "failed"  # private address: refused
    broken.refresh_from_db()
    assert broken.preview_state == "failed"
    assert selectors.post_detail(viewer=member, post_id=broken.pk)


def test_parse_open_graph_ignores_script_urls() -> None:
    preview = parse_open_graph(
        '<meta property="og:image" content="javascript:x"><title>T</title>', "https://e.com"
    )
    assert preview["image_url"] == "" and preview["title"] == "T"
