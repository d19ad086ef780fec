"""Network API: viewer-relative fields, mutuals, path, suggestions, summary."""

import pytest
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(member: User, connect) -> list[User]:
    """member — b — c — d"""
    b, c, d = UserFactory.create_batch(3)
    connect(member, b)
    connect(b, c)
    connect(c, d)
    return [member, b, c, d]


def test_profile_carries_degree_fields(member_api: APIClient, line: list[User]) -> None:
    _, b, c, d = line
    body = member_api.get(url("member", member_id=c.pk)).json()
    assert (body["degree"], body["mutual_connections_count"], body["relationship"]) == (
        2,
        1,
        "none",
    )
    assert body["visibility"] == "no_contact"
    assert member_api.get(url("member", member_id=b.pk)).json()["relationship"] == "connected"
    assert member_api.get(url("member", member_id=d.pk)).json()["degree"] == 3


def test_lists_carry_degree_fields(member_api: APIClient, member: User, line: list[User]):
    _, b, c, _ = line
    member_api.post(url("invitations"), {"to": c.pk})
    sent = member_api.get(url("invitations-sent")).json()["results"][0]["recipient"]
    assert (sent["degree"], sent["mutual_connections_count"], sent["relationship"]) == (
        2,
        1,
        "invitation_sent",
    )
    own = member_api.get(url("connections")).json()["results"][0]["member"]
    assert (own["id"], own["degree"], own["relationship"]) == (b.pk, 1, "connected")


def test_mutual_connections_and_path(member_api: APIClient, line: list[User]) -> None:
    member, b, c, d = line
    mutuals = member_api.get(url("mutual-connections", member_id=c.pk)).json()
    assert [row["id"] for row in mutuals["results"]] == [b.pk]
    assert mutuals["results"][0]["degree"] == 1
    path = member_api.get(url("path", member_id=d.pk)).json()["path"]
    assert [row["id"] for row in path] == [member.pk, b.pk, c.pk, d.pk]
    assert [row["degree"] for row in path] == [0, 1, 2, 3]
    stranger = UserFactory.create()
    assert_error(member_api.get(url("path", member_id=stranger.pk)), 404, "out_of_network")
    account_services.block_create(blocker=d, blocked_id=member.pk)
    assert_error(member_api.get(url("path", member_id=d.pk)), 404, "member_not_found")
    assert_error(member_api.get(url("mutual-connections", member_id=d.pk)), 404, "member_not_found")


def test_suggestions_and_dismiss(
    member_api: APIClient, line: list[User], django_capture_on_commit_callbacks
) -> None:
    _member, _b, c, _d = line
    body = member_api.get(url("suggestions")).json()
    ids = [row["member"]["id"] for row in body["results"]]
    assert ids[0] == c.pk
    assert body["results"][0]["mutual_connections_count"] == 1
    assert body["results"][0]["member"]["degree"] == 2
    with django_capture_on_commit_callbacks(execute=True):  # as the request's commit would
        assert member_api.post(url("suggestion-dismiss", member_id=c.pk)).status_code == 204
    assert c.pk not in [
        row["member"]["id"] for row in member_api.get(url("suggestions")).json()["results"]
    ]
    assert_error(
        member_api.post(url("suggestion-dismiss", member_id=10**9)), 404, "member_not_found"
    )


def test_network_summary(member_api: APIClient, line: list[User]) -> None:
    body = member_api.get(url("network-summary")).json()
    assert body == {"first": 1, "second": 1, "third": 1, "third_is_estimate": False}


def test_needs_authentication(api: APIClient, member: User) -> None:
    for name, kwargs in [
        ("suggestions", {}),
        ("network-summary", {}),
        ("path", {"member_id": member.pk}),
        ("mutual-connections", {"member_id": member.pk}),
    ]:
        assert_error(api.get(url(name, **kwargs)), 401, "not_authenticated")


@pytest.mark.parametrize("size", [2, 10])
def test_mutual_connections_query_count(
    member_api: APIClient, member: User, connect, size: int, django_assert_num_queries
) -> None:
    target = UserFactory.create()
    for middle in UserFactory.create_batch(size):
        connect(member, middle)
        connect(middle, target)
    # access check, adjacency, blocks, count, page (the cards' values), invitations pending
    # (connected: the degrees' 1st), degrees (blocks)
    with django_assert_num_queries(6):
        response = member_api.get(url("mutual-connections", member_id=target.pk))
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [2, 10])
def test_suggestions_query_count(
    member_api: APIClient, member: User, connect, size: int, django_assert_num_queries
) -> None:
    friend = UserFactory.create()
    connect(member, friend)
    for candidate in UserFactory.create_batch(size):
        connect(friend, candidate)
    # adjacency (2), exclusions (invitations, dismissals, blocks: then cached per process),
    # candidates with the viewer's own profile, schools (viewer's and candidates'), shared
    # groups, the chosen members, invitations pending (connected: the degrees' 1st), degrees
    # (adjacency)
    with django_assert_num_queries(12):
        response = member_api.get(url("suggestions"))
    assert len(response.json()["results"]) == size
