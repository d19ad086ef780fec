"""How a profile says the viewer is connected: the path on 2nd- and 3rd-degree profiles (who
may be on it, which one is picked), the mutual connections' faces and names, their list page,
the overflow menu, and a constant number of queries for the profile page."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from accounts.models import User
from network.selectors import connection_path
from network.web import profile_relationship
from tests.factories import PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def _ids(path: list[User] | None) -> list[int] | None:
    return None if path is None else [member.pk for member in path]


def test_second_degree_path_goes_through_the_lowest_visible_mutual(connect: Connect) -> None:
    viewer, low, high, target = UserFactory.create_batch(4)
    for friend in (high, low):
        connect(viewer, friend)
        connect(friend, target)
    assert _ids(connection_path(viewer=viewer, member=target)) == [viewer.pk, low.pk, target.pk]
    account_services.block_create(blocker=low, blocked_id=viewer.pk)
    assert _ids(connection_path(viewer=viewer, member=target)) == [viewer.pk, high.pk, target.pk]


def test_third_degree_path_and_the_intermediaries_it_may_use(connect: Connect) -> None:
    viewer, a, b, c, d, target = UserFactory.create_batch(6)
    connect(viewer, a)
    connect(a, b)
    connect(b, target)
    connect(viewer, c)
    connect(c, d)
    connect(d, target)
    assert _ids(connection_path(viewer=viewer, member=target)) == [
        viewer.pk,
        a.pk,
        b.pk,
        target.pk,
    ]
    # A blocked 2nd-degree intermediary is never on the path: the other way is shown.
    account_services.block_create(blocker=viewer, blocked_id=b.pk)
    assert _ids(connection_path(viewer=viewer, member=target)) == [
        viewer.pk,
        c.pk,
        d.pk,
        target.pk,
    ]
    # Nor a deactivated 1st-degree one: then there is no path the viewer may see.
    account_services.member_deactivate(member=c)
    assert connection_path(viewer=viewer, member=target) is None


def test_path_queries_do_not_grow_with_the_networks(connect: Connect) -> None:
    viewer, a, b, target = UserFactory.create_batch(4)
    connect(viewer, a)
    connect(a, b)
    connect(b, target)

    def queries() -> int:
        connection_path(viewer=viewer, member=target)
        with CaptureQueriesContext(connection) as captured:
            assert connection_path(viewer=viewer, member=target) is not None
        return len(captured)

    small = queries()
    for _ in range(5):  # more 2nd-degree members leading to the target, more first hops
        first, second = UserFactory.create_batch(2)
        connect(viewer, first)
        connect(first, second)
        connect(second, target)
    assert queries() == small <= 4


def test_profile_relationship_path_only_for_second_and_third_degree(connect: Connect) -> None:
    viewer, friend, second = UserFactory.create_batch(3)
    connect(viewer, friend)
    connect(friend, second)
    first_degree = profile_relationship(viewer, friend, 1)
    assert first_degree["path"] is None
    near = profile_relationship(viewer, second, 2)
    assert _ids(near["path"]) == [viewer.pk, friend.pk, second.pk]
    assert [person.pk for person in near["why"].mutuals] == [friend.pk]


def _profile_page(client: Client, member: User) -> str:
    response = client.get(reverse("profile", args=[member.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_profile_shows_path_faces_and_the_overflow_menu(client: Client, connect: Connect):
    viewer = UserFactory.create(first_name="Vera", last_name="Viewer")
    ana = UserFactory.create(first_name="Ana", last_name="Lima")
    putri = UserFactory.create(first_name="Putri", last_name="Sari")
    carla = UserFactory.create(first_name="Carla", last_name="Nunes")
    connect(viewer, ana)
    connect(ana, putri)
    connect(putri, carla)
    client.force_login(viewer)
    third = _profile_page(client, carla)
    assert "How you're connected" in third
    assert f'href="/in/{ana.pk}/">Ana Lima</a>' in third
    assert f'href="/in/{putri.pk}/">Putri Sari</a>' in third
    second = _profile_page(client, putri)
    assert "Ana Lima is a mutual connection" in second
    assert reverse("mutual_connections", args=[putri.pk]) in second
    assert 'class="mutuals"' not in second  # the badge's plain count is gone
    first = _profile_page(client, ana)
    assert 'id="profile-menu"' in first and "Remove connection" in first
    assert "How you're connected" not in first
    assert "Remove connection" not in second  # only for a connection
    assert "Report Putri" in second and "Yes, block" in second


def test_mutual_connections_page(client: Client, connect: Connect) -> None:
    viewer, target = UserFactory.create_batch(2)
    mutuals = UserFactory.create_batch(3)
    for friend in mutuals:
        connect(viewer, friend)
        connect(friend, target)
    account_services.block_create(blocker=mutuals[0], blocked_id=viewer.pk)
    client.force_login(viewer)
    page = client.get(reverse("mutual_connections", args=[target.pk]))
    assert page.status_code == 200
    assert {person.pk for person in page.context["people"]} == {m.pk for m in mutuals[1:]}
    assert mutuals[0].full_name not in page.content.decode()
    account_services.block_create(blocker=target, blocked_id=viewer.pk)
    assert client.get(reverse("mutual_connections", args=[target.pk])).status_code == 404


def test_profile_page_queries_do_not_grow(client: Client, connect: Connect) -> None:
    viewer, a, b, target = UserFactory.create_batch(4)
    connect(viewer, a)
    connect(a, b)
    connect(b, target)
    client.force_login(viewer)

    def queries() -> int:
        _profile_page(client, target)
        with CaptureQueriesContext(connection) as captured:
            _profile_page(client, target)
        return len(captured)

    small = queries()
    for _ in range(4):  # more mutual-ish members, more paths, more history
        first, second = UserFactory.create_batch(2)
        connect(viewer, first)
        connect(first, second)
        connect(second, target)
        PositionFactory(member=target)
    assert queries() == small


def test_mutual_connections_page_queries_do_not_grow(client: Client, connect: Connect) -> None:
    """More mutual connections (some with a photo-less profile, some 2nd degree to each other)
    cost the page no more queries: one page of people, their degrees in one batch."""
    viewer, target = UserFactory.create_batch(2)
    client.force_login(viewer)

    def grow(count: int) -> None:
        for friend in UserFactory.create_batch(count):
            connect(viewer, friend)
            connect(friend, target)

    def queries() -> int:
        path = reverse("mutual_connections", args=[target.pk])
        assert client.get(path).status_code == 200  # warm: the graph cache loads
        with CaptureQueriesContext(connection) as captured:
            page = client.get(path)
        assert page.status_code == 200
        return len(captured)

    grow(2)
    small = queries()
    grow(6)
    assert queries() == small
