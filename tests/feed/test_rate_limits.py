"""Anti-spam limits on posting and commenting: one rule in feed.policies, enforced by the
services, so the API (429 {"code", "detail"} with Retry-After) and the pages (the reason on
the form, what was typed kept) refuse alike; a refused attempt saves nothing, queues nothing,
and does not count."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts.models import User
from feed import policies, services
from feed.exceptions import CommentRateLimited, PostRateLimited
from feed.models import Comment, Post
from groups import services as group_services
from tests.groups.conftest import groups_state, make_group
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    settings.POSTS_HOURLY_LIMIT = 2
    settings.COMMENTS_HOURLY_LIMIT = 3


def api_for(member: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def fill_posts(author: User, count: int = 2, **fields: object) -> list[Post]:
    return [
        services.post_create(author=author, body=f"Post {index}", **fields)  # type: ignore[arg-type]
        for index in range(count)
    ]


def test_posts_past_the_hourly_limit_are_refused(member: User, refused) -> None:
    fill_posts(member)
    with refused(PostRateLimited, "post_rate_limited"):
        services.post_create(author=member, body="One too many")
    error = policies.post_rate_block_reason(member.pk)
    assert error is not None and error.status == 429
    # The oldest post of the window leaves it an hour after it was made.
    assert error.retry_after is not None and 3590 <= error.retry_after <= 3601
    assert "at most 2 times an hour" in error.detail


def test_the_window_rolls(member: User) -> None:
    first, second = fill_posts(member)
    Post.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=61))
    services.post_create(author=member, body="A slot came free")
    Post.objects.filter(pk=second.pk).update(created_at=timezone.now() - timedelta(minutes=50))
    error = policies.post_rate_block_reason(member.pk)
    assert error is not None and 590 <= (error.retry_after or 0) <= 601


def test_group_posts_and_posts_waiting_for_approval_count(
    member: User, other: User, refused
) -> None:
    group = make_group(member, posts_need_approval=True)
    group_services.group_join(member=other, group_id=group.pk)
    services.post_create(author=other, body="Waiting", group_id=group.pk)
    services.post_create(author=other, body="On my feed")
    with refused(PostRateLimited):
        services.post_create(author=other, body="In the group", group_id=group.pk)


def test_the_limit_is_per_member(member: User, other: User) -> None:
    fill_posts(member)
    assert services.post_create(author=other, body="Mine").pk


def test_a_limit_of_zero_refuses_every_post(member: User, settings, refused) -> None:
    settings.POSTS_HOURLY_LIMIT = 0
    with refused(PostRateLimited):
        services.post_create(author=member, body="Hello")


def test_comments_past_the_hourly_limit_are_refused(member: User, other: User, refused) -> None:
    post = services.post_create(author=member, body="Discuss")
    for index in range(3):
        services.comment_create(author=other, post_id=post.pk, body=f"Comment {index}")
    with refused(CommentRateLimited, "comment_rate_limited"):
        services.comment_create(author=other, post_id=post.pk, body="Again")
    # Other members may still comment; the author's own comments count the same way.
    services.comment_create(author=member, post_id=post.pk, body="Thanks all")


def test_api_refuses_posts_with_429_and_retry_after(member: User, other: User) -> None:
    fill_posts(member)
    group = make_group(member)
    before = groups_state()
    client = api_for(member)
    body = assert_error(client.post(url("posts"), {"body": "Spam"}), 429, "post_rate_limited")
    response = client.post(url("group-posts", group_id=group.pk), {"body": "Spam"})
    assert assert_error(response, 429, "post_rate_limited") == body
    assert int(response["Retry-After"]) > 0
    assert set(body) == {"code", "detail"}
    assert groups_state() == before


def test_api_refuses_comments_with_429(member: User, other: User) -> None:
    post = services.post_create(author=member, body="Discuss")
    for index in range(3):
        services.comment_create(author=other, post_id=post.pk, body=f"Comment {index}")
    before = groups_state()
    response = api_for(other).post(url("post-comments", post_id=post.pk), {"body": "More"})
    body = assert_error(response, 429, "comment_rate_limited")
    assert int(response["Retry-After"]) > 0
    assert groups_state() == before
    assert body["detail"] == policies.comment_rate_block_reason(other.pk).detail  # type: ignore[union-attr]


def test_home_composer_shows_the_refusal_on_the_form(
    member: User, django_capture_on_commit_callbacks
) -> None:
    fill_posts(member)
    before = groups_state()
    with django_capture_on_commit_callbacks() as callbacks:
        response = browser_for(member).post(
            reverse("feed:post_create"),
            {"body": "Typed text kept https://example.com/x"},
        )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    detail = policies.post_rate_block_reason(member.pk).detail  # type: ignore[union-attr]
    shown_above_the_fields = '<ul class="errorlist nonfield"><li>' + escape(detail)
    assert shown_above_the_fields in html
    assert "Typed text kept" in html and "https://example.com/x" in html
    assert f'name="next" value="{reverse("home")}"' in html  # posting again goes home
    assert groups_state() == before
    assert callbacks == []


def test_group_composer_shows_the_refusal_on_the_group_page(member: User) -> None:
    group = make_group(member)
    fill_posts(member)
    before = groups_state()
    response = browser_for(member).post(
        reverse("groups:post_create", args=[group.pk]), {"kind": "status", "body": "Hello group"}
    )
    assert response.status_code == 429
    html = response.content.decode()
    detail = policies.post_rate_block_reason(member.pk).detail  # type: ignore[union-attr]
    assert escape(detail) in html
    assert "Hello group" in html
    assert "Start a discussion" in html  # the group page itself, its composer
    assert groups_state() == before


def test_comment_refusal_shows_under_the_comment_box(member: User, other: User) -> None:
    post = services.post_create(author=member, body="Discuss")
    for index in range(3):
        services.comment_create(author=other, post_id=post.pk, body=f"Comment {index}")
    before = groups_state()
    browser = browser_for(other)
    page = browser.post(reverse("feed:comment", args=[post.pk]), {"body": "Kept comment"})
    fragment = browser.post(
        reverse("feed:comment", args=[post.pk]), {"body": "Kept comment"}, HTTP_HX_REQUEST="true"
    )
    detail = escape(policies.comment_rate_block_reason(other.pk).detail)  # type: ignore[union-attr]
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    for response in (page, fragment):
        html = response.content.decode()
        assert f'<p class="field-error" role="alert">{detail}</p>' in html
        assert ">Kept comment</textarea>" in html
    assert fragment.status_code == 200  # htmx swaps 2xx answers only
    assert groups_state() == before
    assert Comment.objects.filter(author=other).count() == 3
