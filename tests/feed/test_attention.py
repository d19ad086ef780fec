"""Mutes, unfollows and edits of posts and comments: every rule through the services, then
thin checks through the API and the pages (with and without htmx), refusals leaving no trace."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.exceptions import MemberNotFound
from accounts.models import User
from accounts.services import block_create
from connections import services as connection_services
from core.exceptions import DomainError, InvalidInput, SelfAction
from feed import cards, selectors, services
from feed.exceptions import CommentNotFound, PostNotFound, TextTooLong
from feed.models import Comment, Follow, Mute, Post, Unfollow
from groups import services as group_services
from messaging import services as messaging_services
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import make_group, queued_tasks
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


def post(author: User, body: str = "Hello network", **kwargs: Any) -> Post:
    return services.post_create(author=author, body=body, **kwargs)


def home_ids(viewer: User) -> list[int]:
    """The home feed by both readers (the API's ORM one, the pages' SQL one), held equal."""
    orm = [p.pk for p in selectors.home_feed(viewer)]
    for many in (False, True):
        assert [p.pk for p in cards.home_posts(viewer, limit=50, many_connections=many)] == orm
    return orm


def state() -> tuple[object, ...]:
    return (
        sorted(Mute.objects.values_list("member_id", "muted_id")),
        sorted(Unfollow.objects.values_list("follower_id", "followed_id")),
        sorted(Follow.objects.values_list("follower_id", "followed_id")),
        sorted(
            Post.objects.values_list(
                "pk", "body", "link_url", "title", "edited_at", "preview_state", "preview_title"
            )
        ),
        sorted(Comment.objects.values_list("pk", "body", "edited_at")),
    )


@pytest.fixture
def unchanged(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    """Assert a call raises this error (and code), writes nothing and queues nothing."""

    @contextmanager
    def _unchanged(error: type[DomainError], code: str | None = None) -> Iterator[None]:
        before = state()
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(error) as info:
            yield
        assert state() == before
        assert callbacks == []
        if code:
            assert info.value.code == code

    return _unchanged


# ---------------------------------------------------------------- mutes


def test_mute_removes_posts_from_the_home_feed_only(member: User, other: User, third: User) -> None:
    connect_members(member, other)
    group = make_group(third)
    for person in (member, other):
        group_services.group_join(member=person, group_id=group.pk)
    outside = post(other, "Outside")
    inside = post(other, "In the group", group_id=group.pk)
    mine = post(member, "Mine")
    services.comment_create(author=other, post_id=mine.pk, body="A comment")
    assert {outside.pk, inside.pk, mine.pk} <= set(home_ids(member))

    services.mute_create(member=member, muted_id=other.pk)
    services.mute_create(member=member, muted_id=other.pk)  # idempotent
    assert Mute.objects.filter(member=member, muted=other).count() == 1
    assert home_ids(member) == [mine.pk]
    # The group's discussion, the member's own posts, comments, the connection and messaging stay.
    assert inside.pk in [p.pk for p in selectors.group_posts(member, group)]
    assert outside.pk in [p.pk for p in selectors.member_posts(member, other)]
    assert [c.body for c in selectors.comments_for(member, mine)] == ["A comment"]
    assert selectors.is_following(member.pk, other.pk)
    assert messaging_services.conversation_start(
        sender=member, participant_ids=[other.pk], body="Still talking"
    )
    assert mine.pk in home_ids(other)  # only the muter's feed changes
    assert selectors.is_muted(member.pk, other.pk) and not selectors.is_muted(other.pk, member.pk)

    services.mute_delete(member=member, muted_id=other.pk)
    services.mute_delete(member=member, muted_id=other.pk)  # idempotent
    assert set(home_ids(member)) == {outside.pk, inside.pk, mine.pk}


def test_mute_a_followed_member_and_the_refusals(
    member: User, other: User, third: User, unchanged
) -> None:
    services.follow_create(follower=member, member_id=other.pk)
    followed = post(other, "Followed")
    services.mute_create(member=member, muted_id=other.pk)
    assert followed.pk not in home_ids(member)
    with unchanged(SelfAction, "self_action"):
        services.mute_create(member=member, muted_id=member.pk)
    with unchanged(MemberNotFound, "member_not_found"):
        services.mute_create(member=member, muted_id=10**9)
    block_create(blocker=third, blocked_id=member.pk)
    with unchanged(MemberNotFound, "member_not_found"):  # blocked either way: no such member
        services.mute_create(member=member, muted_id=third.pk)
    with unchanged(MemberNotFound):
        services.mute_delete(member=member, muted_id=third.pk)


# ---------------------------------------------------------------- unfollow


def test_unfollowing_a_connection_sticks_until_following_again(
    member: User, other: User, unchanged
) -> None:
    connect_members(member, other)
    theirs = post(other, "Connected")
    assert theirs.pk in home_ids(member)
    services.follow_delete(follower=member, member_id=other.pk)
    services.follow_delete(follower=member, member_id=other.pk)  # idempotent
    assert Unfollow.objects.filter(follower=member, followed=other).count() == 1
    assert theirs.pk not in home_ids(member)
    assert not selectors.is_following(member.pk, other.pk)
    assert selectors.is_following(other.pk, member.pk)  # one direction only
    assert connection_services.selectors.are_connected(member.pk, other.pk)  # still connected

    services.follow_create(follower=member, member_id=other.pk)
    assert not Unfollow.objects.exists()
    assert theirs.pk in home_ids(member) and selectors.is_following(member.pk, other.pk)

    services.follow_delete(follower=member, member_id=other.pk)  # the explicit follow and all
    assert not Follow.objects.exists() and theirs.pk not in home_ids(member)
    with unchanged(SelfAction):
        services.follow_delete(follower=member, member_id=member.pk)
    with unchanged(MemberNotFound):
        services.follow_delete(follower=member, member_id=10**9)


def test_unfollowing_a_non_connection_writes_no_unfollow(member: User, other: User) -> None:
    services.follow_create(follower=member, member_id=other.pk)
    services.follow_delete(follower=member, member_id=other.pk)
    assert not Follow.objects.exists() and not Unfollow.objects.exists()


# ---------------------------------------------------------------- edits


def test_edit_post_by_its_author(member: User, django_capture_on_commit_callbacks) -> None:
    status = post(member, "First words")
    assert status.edited_at is None
    with django_capture_on_commit_callbacks() as callbacks:
        edited = services.post_edit(author=member, post_id=status.pk, body="  Better words \r\n")
    assert callbacks == []
    status.refresh_from_db()
    assert status.body == "Better words" and status.edited_at is not None
    assert edited.edited_at == status.edited_at
    same = services.post_edit(author=member, post_id=status.pk, body="Better words")
    assert same.edited_at == status.edited_at  # nothing changed: not edited again


def test_edit_link_refreshes_the_preview(member: User, django_capture_on_commit_callbacks) -> None:
    link = post(member, "Read", kind="link", link_url="https://example.com/a")
    Post.objects.filter(pk=link.pk).update(preview_state="ready", preview_title="Old title")
    with django_capture_on_commit_callbacks() as callbacks:
        services.post_edit(author=member, post_id=link.pk, body="Read this")
    assert callbacks == []  # the link did not change: the preview stays
    link.refresh_from_db()
    assert (link.preview_state, link.preview_title) == ("ready", "Old title")
    with django_capture_on_commit_callbacks() as callbacks:
        services.post_edit(author=member, post_id=link.pk, link_url="https://example.com/b")
    assert queued_tasks(callbacks) == [("feed.tasks.fetch_link_preview_task", {})]
    link.refresh_from_db()
    assert (link.link_url, link.preview_state, link.preview_title) == (
        "https://example.com/b",
        "pending",
        "",
    )
    status = post(member, "Text", link_url="https://example.com/c")
    services.post_edit(author=member, post_id=status.pk, link_url="")
    status.refresh_from_db()
    assert (status.link_url, status.preview_state) == ("", "none")


def test_edit_post_refusals(member: User, other: User, settings: Any, unchanged) -> None:
    connect_members(member, other)
    group = make_group(member)
    group_services.group_join(member=other, group_id=group.pk)
    theirs = post(other, "Theirs", group_id=group.pk)
    mine = post(member, "Mine")
    article = post(member, "Body", kind="article", title="Title")
    link = post(member, "", kind="link", link_url="https://example.com/")
    with unchanged(PostNotFound, "post_not_found"):  # not the author, even a group's owner
        services.post_edit(author=member, post_id=theirs.pk, body="Mine now")
    with unchanged(PostNotFound):
        services.post_edit(author=other, post_id=mine.pk, body="Mine now")
    with unchanged(PostNotFound):
        services.post_edit(author=member, post_id=10**9, body="x")
    with unchanged(InvalidInput):
        services.post_edit(author=member, post_id=mine.pk, body="   ")
    with unchanged(InvalidInput):
        services.post_edit(author=member, post_id=mine.pk, body=["a list"])
    with unchanged(InvalidInput):
        services.post_edit(author=member, post_id=mine.pk, link_url="javascript:alert(1)")
    with unchanged(InvalidInput):
        services.post_edit(author=member, post_id=article.pk, title="")
    with unchanged(InvalidInput):
        services.post_edit(author=member, post_id=link.pk, link_url="")
    with unchanged(InvalidInput):
        services.post_edit(author=member, post_id=mine.pk, body="nul\x00byte")
    settings.POST_MAX_LENGTH = 5
    with unchanged(TextTooLong, "text_too_long"):
        services.post_edit(author=member, post_id=mine.pk, body="Too long")


def test_edit_comment(member: User, other: User, settings: Any, unchanged) -> None:
    connect_members(member, other)
    theirs = post(other, "Theirs")
    comment = services.comment_create(author=member, post_id=theirs.pk, body="Frist")
    edited = services.comment_edit(author=member, comment_id=comment.pk, body="First")
    assert edited.body == "First" and edited.edited_at is not None
    again = services.comment_edit(author=member, comment_id=comment.pk, body="First")
    assert again.edited_at == edited.edited_at
    with unchanged(CommentNotFound, "comment_not_found"):  # the post's author cannot
        services.comment_edit(author=other, comment_id=comment.pk, body="Changed")
    with unchanged(CommentNotFound):
        services.comment_edit(author=member, comment_id=10**9, body="Changed")
    with unchanged(InvalidInput):
        services.comment_edit(author=member, comment_id=comment.pk, body="")
    settings.COMMENT_MAX_LENGTH = 3
    with unchanged(TextTooLong):
        services.comment_edit(author=member, comment_id=comment.pk, body="Four")
    block_create(blocker=other, blocked_id=member.pk)
    settings.COMMENT_MAX_LENGTH = 100
    with unchanged(CommentNotFound):  # the post is hidden from the commenter now
        services.comment_edit(author=member, comment_id=comment.pk, body="Changed")


# ---------------------------------------------------------------- API


def test_mute_api(member_api: APIClient, member: User, other: User) -> None:
    connect_members(member, other)
    theirs = post(other, "Theirs")
    path = url("member-mute", member_id=other.pk)
    response = member_api.post(path)
    assert response.status_code == 204 and response.content == b""
    assert member_api.post(path).status_code == 204
    feed = member_api.get(url("feed")).json()["results"]
    assert theirs.pk not in [item["id"] for item in feed]
    assert member_api.delete(path).status_code == 204
    assert theirs.pk in [item["id"] for item in member_api.get(url("feed")).json()["results"]]
    assert_error(member_api.post(url("member-mute", member_id=member.pk)), 400, "self_action")
    assert_error(member_api.post(url("member-mute", member_id=10**9)), 404, "member_not_found")
    assert_error(APIClient().post(path), 401, "not_authenticated")
    assert not Mute.objects.exists()


def test_unfollow_api_for_a_connection(member_api: APIClient, member: User, other: User) -> None:
    connect_members(member, other)
    path = url("member-follow", member_id=other.pk)
    assert member_api.delete(path).json() == {"member": other.pk, "following": False}
    assert member_api.post(path).json() == {"member": other.pk, "following": True}


def test_edit_apis(member_api: APIClient, member: User, other: User) -> None:
    connect_members(member, other)
    mine = post(member, "Mine")
    theirs = post(other, "Theirs")
    comment = services.comment_create(author=member, post_id=theirs.pk, body="Hi")
    body = member_api.patch(url("post", post_id=mine.pk), {"body": "Edited"}, format="json")
    assert body.status_code == 200, body.content
    assert body.json()["body"] == "Edited" and body.json()["edited_at"]
    assert member_api.get(url("post", post_id=theirs.pk)).json()["edited_at"] is None
    answer = member_api.patch(url("comment", comment_id=comment.pk), {"body": "Hello"})
    assert answer.status_code == 200 and answer.json()["body"] == "Hello"
    assert answer.json()["edited_at"]
    comments = member_api.get(url("post-comments", post_id=theirs.pk)).json()["results"]
    assert comments[0]["edited_at"] == answer.json()["edited_at"]

    before = state()
    assert_error(
        member_api.patch(url("post", post_id=theirs.pk), {"body": "x"}), 404, "post_not_found"
    )
    other_api = APIClient()
    other_api.force_authenticate(other)
    assert_error(
        other_api.patch(url("comment", comment_id=comment.pk), {"body": "x"}),
        404,
        "comment_not_found",
    )
    too_long = member_api.patch(url("post", post_id=mine.pk), {"body": "x" * 3001})
    assert_error(too_long, 400, "text_too_long")
    assert too_long.json()["fields"]["body"]
    assert_error(member_api.patch(url("post", post_id=mine.pk), {"body": ""}), 400, "invalid")
    assert_error(
        member_api.patch(url("post", post_id=mine.pk), {"link_url": "x" * 5000}), 400, "invalid"
    )
    assert_error(
        member_api.patch(url("comment", comment_id=comment.pk), {}, format="json"), 400, "invalid"
    )
    assert_error(APIClient().patch(url("post", post_id=mine.pk), {}), 401, "not_authenticated")
    assert state() == before


# ---------------------------------------------------------------- pages


def browser(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_mute_from_a_post_and_the_profile(member: User, other: User) -> None:
    connect_members(member, other)
    theirs = post(other, "Theirs to hide")
    page = browser(member)
    home = page.get("/").content.decode()
    assert f'action="/members/{other.pk}/mute"' in home and "Theirs to hide" in home
    response = page.post(f"/members/{other.pk}/mute", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Theirs to hide" not in page.get("/").content.decode()
    profile = page.get(f"/in/{other.pk}/").content.decode()
    assert "Unmute" in profile and "Unfollow" in profile
    page.post(f"/members/{other.pk}/mute", {"unmute": "1"})
    assert not Mute.objects.exists() and theirs.pk in home_ids(member)
    assert page.post(f"/members/{member.pk}/mute").status_code == 302  # refused: a message
    assert not Mute.objects.exists()
    assert page.post("/members/999999999/mute").status_code == 404
    page.post(f"/members/{other.pk}/follow", {"unfollow": "1"})
    assert "Follow</button>" in page.get(f"/in/{other.pk}/").content.decode()
    assert theirs.pk not in home_ids(member)


def test_edit_post_page_without_and_with_htmx(member: User, other: User) -> None:
    connect_members(member, other)
    mine = post(member, "Original words")
    page = browser(member)
    form = page.get(f"/posts/{mine.pk}/edit?next=/")
    assert form.status_code == 200 and "Original words" in form.content.decode()
    assert "<html" in form.content.decode()
    refused = page.post(f"/posts/{mine.pk}/edit", {"body": "x" * 3001, "next": "/"})
    assert refused.status_code == 400 and "At most 3,000 characters" in refused.content.decode()
    saved = page.post(f"/posts/{mine.pk}/edit", {"body": "New words", "next": "/"})
    assert saved.status_code == 302 and saved["Location"] == "/"
    home = page.get("/").content.decode()
    assert "New words" in home and "edited" in home

    fragment = page.get(f"/posts/{mine.pk}/edit?next=/", HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and 'hx-post="' in fragment.content.decode()
    refused = page.post(f"/posts/{mine.pk}/edit", {"body": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200 and "Write something first." in refused.content.decode()
    card = page.post(
        f"/posts/{mine.pk}/edit", {"body": "In place", "next": "/"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert card.strip().startswith("<article") and "In place" in card and "edited" in card
    assert f'action="/posts/{mine.pk}/delete"' in card and 'name="next" value="/"' in card

    theirs = post(other, "Not mine")
    assert page.get(f"/posts/{theirs.pk}/edit").status_code == 404
    assert page.post(f"/posts/{theirs.pk}/edit", {"body": "x"}).status_code == 404
    assert Post.objects.get(pk=theirs.pk).body == "Not mine"


def test_edit_comment_page_without_and_with_htmx(member: User, other: User) -> None:
    connect_members(member, other)
    theirs = post(other, "Theirs")
    comment = services.comment_create(author=member, post_id=theirs.pk, body="Typo")
    page = browser(member)
    assert f"/comments/{comment.pk}/edit" in page.get(f"/posts/{theirs.pk}/").content.decode()
    assert page.get(f"/comments/{comment.pk}/edit").status_code == 200
    refused = page.post(f"/comments/{comment.pk}/edit", {"body": ""})
    assert refused.status_code == 400
    saved = page.post(f"/comments/{comment.pk}/edit", {"body": "Fixed"})
    assert saved.status_code == 302 and saved["Location"] == f"/posts/{theirs.pk}/"
    fragment = page.post(
        f"/comments/{comment.pk}/edit", {"body": "Fixed again"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.strip().startswith('<li class="comment"') and "Fixed again" in fragment
    assert "edited" in fragment
    assert browser(other).get(f"/comments/{comment.pk}/edit").status_code == 404
    assert browser(other).post(f"/comments/{comment.pk}/edit", {"body": "x"}).status_code == 404
    assert Comment.objects.get(pk=comment.pk).body == "Fixed again"


def test_parity_of_mute_and_edit_refusals(member: User, other: User) -> None:
    """The same refusal through the page and the API."""
    connect_members(member, other)
    theirs = post(other, "Theirs")
    api = APIClient()
    api.force_authenticate(member)
    page = browser(member)
    assert api.patch(url("post", post_id=theirs.pk), {"body": "x"}).status_code == 404
    assert page.post(f"/posts/{theirs.pk}/edit", {"body": "x"}).status_code == 404
    stranger = UserFactory.create()
    block_create(blocker=stranger, blocked_id=member.pk)
    assert api.post(url("member-mute", member_id=stranger.pk)).status_code == 404
    assert page.post(f"/members/{stranger.pk}/mute").status_code == 404
    assert not Mute.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_mutes_and_unfollows_write_one_row_each() -> None:
    """The same mute, follow and unfollow sent at once (a double tap, two devices): one row
    each, no error."""
    import threading

    from django.db import connection

    member, other = UserFactory.create_batch(2)
    connect_members(member, other)
    calls = [
        lambda: services.mute_create(member=member, muted_id=other.pk),
        lambda: services.follow_delete(follower=member, member_id=other.pk),
    ] * 4
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Mute.objects.filter(member=member, muted=other).count() == 1
    assert Unfollow.objects.filter(follower=member, followed=other).count() == 1


def test_edit_in_a_group_that_approves_posts_waits_for_approval_again(
    member: User, other: User
) -> None:
    group = make_group(member, posts_need_approval=True)
    group_services.group_join(member=other, group_id=group.pk)
    theirs = post(other, "Harmless", group_id=group.pk)
    services.post_approve(manager=member, group_id=group.pk, post_id=theirs.pk)
    services.post_pin(manager=member, group_id=group.pk, post_id=theirs.pk)
    services.post_edit(author=other, post_id=theirs.pk, body="Now something else")
    theirs.refresh_from_db()
    group.refresh_from_db()
    assert theirs.status == "pending" and group.pinned_post_id is None
    assert theirs.pk not in [p.pk for p in selectors.group_posts(UserFactory.create(), group)]
    mine = post(member, "The manager's", group_id=group.pk)  # a manager's edit stays published
    services.post_edit(author=member, post_id=mine.pk, body="Edited by the manager")
    mine.refresh_from_db()
    assert mine.status == "published"


def test_a_fetch_of_the_old_link_does_not_pre_empt_the_new_one(member: User) -> None:
    from unittest import mock

    link = post(member, "", kind="link", link_url="https://example.com/old")
    page = ("https://example.com/x", '<meta property="og:title" content="Old page">')

    def fetch_during_an_edit(url: str) -> object:
        services.post_edit(author=member, post_id=link.pk, link_url="https://example.com/new")
        return page

    with mock.patch("feed.previews.fetch_html", side_effect=fetch_during_an_edit):
        services.post_preview_fetch(post_id=link.pk)
    link.refresh_from_db()
    assert (link.link_url, link.preview_state, link.preview_title) == (
        "https://example.com/new",
        "pending",
        "",
    )
    new_page = ("https://example.com/new", '<meta property="og:title" content="New page">')
    with mock.patch("feed.previews.fetch_html", return_value=new_page):
        assert services.post_preview_fetch(post_id=link.pk) == "ready"
    link.refresh_from_db()
    assert link.preview_title == "New page"
