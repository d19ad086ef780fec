"""The groups and feed API: happy paths, the hidden-group 404 on every endpoint, error shapes,
bad input, and query counts at two sizes."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from feed import services as feed_services
from groups import services
from groups.models import JoinRequest, Membership
from tests.factories import UserFactory
from tests.groups.conftest import groups_state, make_group
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


def client_for(member: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_create_list_join_and_post(member_api: APIClient, member: User, other: User) -> None:
    response = member_api.post(
        url("groups"),
        {"name": "Data people", "industry": "computer_software", "join_policy": "approval"},
    )
    assert response.status_code == 201, response.content
    group_id = response.json()["id"]
    assert response.json()["viewer_role"] == "owner"
    other_api = client_for(other)
    listed = other_api.get(url("groups"), {"q": "data"}).json()
    assert [row["id"] for row in listed["results"]] == [group_id]
    response = other_api.post(url("group-join", group_id=group_id))
    assert (response.status_code, response.json()) == (202, {"status": "requested"})
    requests = member_api.get(url("group-requests", group_id=group_id)).json()["results"]
    assert requests[0]["member"]["relationship"] == "none"
    response = member_api.post(
        url("group-request-approve", group_id=group_id, request_id=requests[0]["id"])
    )
    assert response.status_code == 204
    response = other_api.post(url("group-posts", group_id=group_id), {"body": "Hi all"})
    assert response.status_code == 201, response.content
    post_id = response.json()["id"]
    response = member_api.post(
        url("group-post-comments", group_id=group_id, post_id=post_id), {"body": "Welcome"}
    )
    assert response.status_code == 201
    members = member_api.get(url("group-members", group_id=group_id)).json()["results"]
    assert [row["role"] for row in members] == ["owner", "member"]
    assert {"degree", "mutual_connections_count", "relationship"} <= set(members[1]["member"])


def test_open_group_join_is_200(member: User, other: User) -> None:
    group = make_group(member)
    response = client_for(other).post(url("group-join", group_id=group.pk))
    assert (response.status_code, response.json()) == (200, {"status": "member"})


def _endpoints(group_id: int, post_id: int, request_id: int, member_id: int) -> list[tuple]:
    g = {"group_id": group_id}
    return [
        ("get", url("group", **g), None),
        ("patch", url("group", **g), {"name": "x"}),
        ("delete", url("group", **g), None),
        ("post", url("group-join", **g), None),
        ("post", url("group-leave", **g), None),
        ("post", url("group-invitation-decline", **g), None),
        ("get", url("group-members", **g), None),
        ("delete", url("group-member", member_id=member_id, **g), None),
        ("post", url("group-member-role", member_id=member_id, **g), {"role": "manager"}),
        ("post", url("group-transfer", **g), {"member": member_id}),
        ("post", url("group-bans", **g), {"member": member_id}),
        ("delete", url("group-ban", member_id=member_id, **g), None),
        ("post", url("group-invitations", **g), {"member": member_id}),
        ("get", url("group-requests", **g), None),
        ("post", url("group-request-approve", request_id=request_id, **g), None),
        ("post", url("group-request-reject", request_id=request_id, **g), None),
        ("get", url("group-posts", **g), None),
        ("post", url("group-posts", **g), {"body": "x"}),
        ("get", url("group-post-comments", post_id=post_id, **g), None),
        ("post", url("group-post-comments", post_id=post_id, **g), {"body": "x"}),
        ("post", url("group-post-pin", post_id=post_id, **g), None),
        ("delete", url("group-post-pin", post_id=post_id, **g), None),
        ("post", url("group-post-approve", post_id=post_id, **g), None),
    ]


def test_unlisted_group_is_the_same_404_as_a_missing_one_on_every_endpoint(
    member: User, other: User, third: User
) -> None:
    group = make_group(member, visibility="unlisted", join_policy="approval")
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    discussion = feed_services.post_create(author=member, body="secret", group_id=group.pk)
    request = JoinRequest.objects.create(group=group, member=third)
    outsider = client_for(other)
    before = groups_state()
    for hidden_id in (group.pk, group.pk + 1000):
        for method, path, data in _endpoints(hidden_id, discussion.pk, request.pk, third.pk):
            response = getattr(outsider, method)(path, data)
            assert_error(response, 404, "group_not_found")
    assert groups_state() == before
    for path in (url("post", post_id=discussion.pk), url("post-comments", post_id=discussion.pk)):
        assert_error(outsider.get(path), 404, "post_not_found")


def test_listed_group_posts_and_members_are_for_members(member: User, other: User) -> None:
    group = make_group(member)
    outsider = client_for(other)
    assert outsider.get(url("group", group_id=group.pk)).status_code == 200
    assert_error(outsider.get(url("group-posts", group_id=group.pk)), 403, "not_group_member")
    assert_error(outsider.get(url("group-members", group_id=group.pk)), 403, "not_group_member")
    assert_error(
        outsider.post(url("group-posts", group_id=group.pk), {"body": "x"}), 403, "not_group_member"
    )


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("groups", {"name": "G", "visibility": "secret"}, "visibility"),
        ("groups", {"name": "G", "join_policy": 7}, "join_policy"),
        ("groups", {"name": ""}, "name"),
        ("posts", {"body": "x", "kind": "poll"}, "kind"),
        ("posts", {"body": "x" * 3001}, "body"),
        ("posts", {"body": ["list"]}, "body"),
        ("posts", {"kind": "link", "link_url": "ftp://x"}, "link_url"),
    ],
)
def test_bad_input_is_a_400_with_fields(
    member_api: APIClient, name: str, data: dict, field: str
) -> None:
    body = member_api.post(url(name), data, format="json").json()
    assert body["code"] in ("invalid", "text_too_long")
    assert field in body["fields"]


def test_malformed_ids_are_not_500(member_api: APIClient, member: User) -> None:
    group = make_group(member)
    for data in ({"member": "abc"}, {"member": 10**30}, {"member": None}, {}):
        response = member_api.post(url("group-bans", group_id=group.pk), data, format="json")
        assert_error(response, 400, "invalid")
    response = member_api.post(
        url("group-member-role", group_id=group.pk, member_id=member.pk), {"role": "king"}
    )
    assert_error(response, 400, "invalid")
    assert member_api.get("/api/v1/groups/99999999999999999999999").status_code == 404
    response = member_api.post(url("post-reactions", post_id=1), {"kind": "angry"})
    assert response.status_code in (400, 404)


def test_comment_too_long_and_reaction_shape(member_api: APIClient, member: User) -> None:
    post = feed_services.post_create(author=member, body="Hello")
    response = member_api.post(url("post-comments", post_id=post.pk), {"body": "x" * 1251})
    assert_error(response, 400, "text_too_long")
    response = member_api.post(url("post-reactions", post_id=post.pk), {"kind": "celebrate"})
    assert response.json() == {"post": post.pk, "reaction_count": 1, "viewer_reaction": "celebrate"}
    response = member_api.delete(url("post-reactions", post_id=post.pk))
    assert response.json()["reaction_count"] == 0


def test_follow_and_unfollow(member_api: APIClient, other: User) -> None:
    response = member_api.post(url("member-follow", member_id=other.pk))
    assert response.json() == {"member": other.pk, "following": True}
    response = member_api.delete(url("member-follow", member_id=other.pk))
    assert response.json() == {"member": other.pk, "following": False}
    assert_error(
        member_api.post(url("member-follow", member_id=other.pk + 999)), 404, "member_not_found"
    )


def test_feed_is_cursor_paginated(member_api: APIClient, member: User) -> None:
    for index in range(3):
        feed_services.post_create(author=member, body=f"post {index}")
    first = member_api.get(url("feed"), {"page_size": 2}).json()
    assert [p["body"] for p in first["results"]] == ["post 2", "post 1"]
    second = member_api.get(first["next"]).json()
    assert [p["body"] for p in second["results"]] == ["post 0"]


def test_unauthenticated_is_401(api: APIClient) -> None:
    assert_error(api.get(url("groups")), 401, "not_authenticated")
    assert_error(api.get(url("feed")), 401, "not_authenticated")


# ---------------------------------------------------------------- query counts


def _grow(owner: User, size: int) -> int:
    """A group with `size` members each posting, commenting and reacting, and as many muted
    and unfollowed members; return its id."""
    group = Membership.objects.filter(member=owner, role="owner").first()
    group_id = group.group_id if group else make_group(owner).pk
    for _ in range(size):
        person = UserFactory.create()
        services.group_join(member=person, group_id=group_id)
        post = feed_services.post_create(author=person, body="Busy", group_id=group_id)
        feed_services.comment_create(author=owner, post_id=post.pk, body="Reply")
        feed_services.comment_create(author=person, post_id=post.pk, body="Again")
        feed_services.reaction_set(member=owner, post_id=post.pk)
        feed_services.follow_create(follower=owner, member_id=person.pk)
        feed_services.post_create(author=person, body="Outside")
        make_group(person, name=f"Group of {person.pk}")
        # Mutes and unfollows grow too: a followed member muted, posting in and out of the
        # group; a followed member unfollowed again.
        muted, unfollowed = UserFactory.create_batch(2)
        services.group_join(member=muted, group_id=group_id)
        feed_services.post_create(author=muted, body="Muted", group_id=group_id)
        feed_services.post_create(author=muted, body="Muted outside")
        feed_services.follow_create(follower=owner, member_id=muted.pk)
        feed_services.mute_create(member=owner, muted_id=muted.pk)
        feed_services.follow_create(follower=owner, member_id=unfollowed.pk)
        feed_services.post_create(author=unfollowed, body="Unfollowed")
        feed_services.follow_delete(follower=owner, member_id=unfollowed.pk)
    return group_id


def _count(call: Callable[[], object]) -> int:
    call()  # warm: the per-process caches a first request fills (network's graph and blocks)
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert getattr(response, "status_code", 200) == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        lambda g: url("groups"),
        lambda g: url("group-posts", group_id=g),
        lambda g: url("group-members", group_id=g),
        lambda g: url("feed"),
        lambda g: "/",
        lambda g: f"/groups/{g}/",
        lambda g: f"/groups/{g}/members/",
        lambda g: "/groups/",
    ],
    ids=["api-groups", "api-posts", "api-members", "api-feed", "home", "page", "members", "list"],
)
def test_query_count_does_not_grow(member: User, path: Callable[[int], str]) -> None:
    api = client_for(member)
    from django.test import Client

    browser = Client()
    browser.force_login(member)
    group_id = _grow(member, 3)
    target = path(group_id)
    client = api if target.startswith("/api/") else browser
    small = _count(lambda: client.get(target))
    _grow(member, 9)
    large = _count(lambda: client.get(target))
    assert small == large, (small, large)
