"""Degrees, mutual connections, paths and suggestions on hand-built graphs."""

from collections.abc import Callable

import numpy as np
import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

import graphcache as graph
from accounts import services as account_services
from accounts.models import Education, Profile, User
from connections import services as connection_services
from connections.models import Connection, ConnectionCount
from graphcache.tasks import graph_neighbours_changed_task
from network.selectors import (
    connection_path,
    degree_between,
    mutual_connections,
    nearness_for,
    network_size,
    people_you_may_know,
    viewer_fields_for,
    viewer_graph,
)
from network.selectors import nearness as network_nearness
from network.services import suggestion_dismiss
from search.services import search_triggers_paused
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


@pytest.fixture
def chain(connect: Connect) -> list[User]:
    """a — b — c — d — e, and f alone."""
    members = UserFactory.create_batch(6)
    a, b, c, d, e, _f = members
    for left, right in [(a, b), (b, c), (c, d), (d, e)]:
        connect(left, right)
    return members


def test_degrees_along_a_chain(chain: list[User]) -> None:
    a, _b, c, _d, e, _f = chain
    nearness = nearness_for(a, [member.pk for member in chain])
    assert [nearness[m.pk].degree for m in chain] == [0, 1, 2, 3, None, None]
    assert nearness[c.pk].mutual_connections_count == 1
    assert degree_between(viewer=e, member=c) == 2


def test_the_viewer_graph_is_the_viewers_own_arrays(chain: list[User]) -> None:
    a, b, c, _d, e, f = chain
    account_services.block_create(blocker=f, blocked_id=a.pk)
    view = viewer_graph(a)
    assert (view.connections.tolist(), view.connection_count) == ([b.pk], 1)
    assert view.hidden.tolist() == [f.pk]
    assert view.second_degree().tolist() == [c.pk]
    assert viewer_graph(e).second_degree().tolist() == [c.pk]
    assert view.EMPTY.size == 0


def test_mutual_counts_and_list(connect: Connect) -> None:
    viewer, target, *shared = UserFactory.create_batch(5)
    for middle in shared:
        connect(viewer, middle)
        connect(middle, target)
    assert nearness_for(viewer, [target.pk])[target.pk].mutual_connections_count == 3
    assert {m.pk for m in mutual_connections(viewer=viewer, member=target)} == {
        m.pk for m in shared
    }
    account_services.block_create(blocker=shared[0], blocked_id=viewer.pk)
    assert nearness_for(viewer, [target.pk])[target.pk].mutual_connections_count == 2
    assert shared[0] not in mutual_connections(viewer=viewer, member=target)


def test_viewer_fields_carry_relationship(chain: list[User]) -> None:
    a, b, c, *_ = chain
    connection_services.invitation_send(sender=a, recipient_id=c.pk)
    fields = viewer_fields_for(a, [a.pk, b.pk, c.pk])
    assert (fields[a.pk].degree, fields[a.pk].relationship) == (0, "self")
    assert (fields[b.pk].degree, fields[b.pk].relationship) == (1, "connected")
    assert (fields[c.pk].degree, fields[c.pk].relationship) == (2, "invitation_sent")
    assert viewer_fields_for(c, [a.pk])[a.pk].relationship == "invitation_received"


def test_path_is_shortest_and_avoids_hidden_members(chain: list[User], connect: Connect) -> None:
    a, b, c, d, e, f = chain
    assert [m.pk for m in connection_path(viewer=a, member=d) or []] == [a.pk, b.pk, c.pk, d.pk]
    assert [m.pk for m in connection_path(viewer=a, member=b) or []] == [a.pk, b.pk]
    assert connection_path(viewer=a, member=e) is None
    assert connection_path(viewer=a, member=f) is None
    detour = UserFactory.create()
    connect(a, detour)
    connect(detour, c)
    account_services.block_create(blocker=b, blocked_id=a.pk)
    path = connection_path(viewer=a, member=c)
    assert [m.pk for m in path or []] == [a.pk, detour.pk, c.pk]


def test_cache_follows_connect_and_remove(
    chain: list[User], django_capture_on_commit_callbacks
) -> None:
    a, b, c, _d, _e, f = chain
    assert degree_between(viewer=a, member=f) is None  # warms the caches
    with django_capture_on_commit_callbacks(execute=True):
        connect_pair(a, f)
    assert degree_between(viewer=a, member=f) == 1
    assert degree_between(viewer=f, member=b) == 2
    # b's second-degree set changed too: refreshed by the fan-out task.
    assert degree_between(viewer=b, member=f) in (2, None)
    graph_neighbours_changed_task([a.pk, f.pk])
    assert degree_between(viewer=b, member=f) == 2
    with django_capture_on_commit_callbacks(execute=True):
        connection_services.connection_remove(member=a, other_id=b.pk)
    graph_neighbours_changed_task([a.pk, b.pk])
    assert degree_between(viewer=a, member=b) is None
    assert degree_between(viewer=a, member=c) is None


def connect_pair(first: User, second: User) -> None:
    invitation = connection_services.invitation_send(sender=first, recipient_id=second.pk)
    connection_services.invitation_accept(recipient=second, invitation_id=invitation.invitation.pk)


def test_block_removes_from_everything(chain: list[User], django_capture_on_commit_callbacks):
    a, b, c, *_ = chain
    with django_capture_on_commit_callbacks(execute=True):
        connection_services.member_block(blocker=b, blocked_id=a.pk)
    assert degree_between(viewer=a, member=c) is None
    assert all(s.member.pk != b.pk for s in people_you_may_know(a))


def test_people_you_may_know_ranks_by_mutuals_with_reasons(
    connect: Connect, django_capture_on_commit_callbacks
) -> None:
    viewer = UserFactory.create(profile__current_company="Northwind", profile__location="Porto")
    friends = UserFactory.create_batch(3)
    for friend in friends:
        connect(viewer, friend)
    popular = UserFactory.create(profile__current_company="Northwind")
    lonely = UserFactory.create(profile__location="Porto")
    for friend in friends:
        connect(friend, popular)
    connect(friends[0], lonely)
    Education.objects.create(member=viewer, school="Técnico")
    Education.objects.create(member=lonely, school="Técnico")
    suggestions = people_you_may_know(viewer)
    assert [s.member.pk for s in suggestions[:2]] == [popular.pk, lonely.pk]
    assert suggestions[0].mutual_connections_count == 3
    assert "Both work at Northwind" in suggestions[0].reasons
    assert "Both studied at Técnico" in suggestions[1].reasons
    assert all(s.member.pk not in {viewer.pk, *(f.pk for f in friends)} for s in suggestions)
    with django_capture_on_commit_callbacks(execute=True):  # each commits, as a request does
        suggestion_dismiss(member=viewer, dismissed_id=popular.pk)
    with django_capture_on_commit_callbacks(execute=True):
        connection_services.invitation_send(sender=viewer, recipient_id=lonely.pk)
    remaining = {s.member.pk for s in people_you_may_know(viewer)}
    assert popular.pk not in remaining and lonely.pk not in remaining


def test_new_member_gets_suggestions_from_profile() -> None:
    viewer = UserFactory.create(profile__current_company="Bluefin")
    colleague = UserFactory.create(profile__current_company="Bluefin")
    UserFactory.create(profile__current_company="Elsewhere", profile__industry="banking")
    suggestions = people_you_may_know(viewer)
    assert [s.member.pk for s in suggestions] == [colleague.pk]


def test_network_size(chain: list[User]) -> None:
    a, *_ = chain
    size = network_size(a)
    assert (size.first, size.second, size.third, size.third_is_estimate) == (1, 1, 1, False)


def test_a_member_with_30000_connections() -> None:
    cap = 30_000
    hub = UserFactory.create()
    outsider = UserFactory.create()
    password = make_password(None)
    # Bulk rows for the graph only: pause the search index triggers (after running the
    # deferred foreign-key checks that ALTER TABLE would otherwise trip over).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with search_triggers_paused():
        friends = User.objects.bulk_create(
            [
                User(email=f"f{n}@example.com", first_name="F", last_name=str(n), password=password)
                for n in range(cap)
            ],
            batch_size=5000,
        )
        Profile.objects.bulk_create([Profile(member=friend) for friend in friends], batch_size=5000)
    Connection.objects.bulk_create(
        [
            row
            for friend in friends
            for row in (Connection(member=hub, other=friend), Connection(member=friend, other=hub))
        ],
        batch_size=10_000,
    )
    ConnectionCount.objects.bulk_create([ConnectionCount(member=hub, count=cap)])
    graph.forget_everything()
    ids = [friend.pk for friend in friends[:25]]
    nearness = nearness_for(hub, ids)
    assert {near.degree for near in nearness.values()} == {1}
    far = nearness_for(friends[0], [friends[-1].pk, outsider.pk, hub.pk])
    assert far[friends[-1].pk].degree == 2
    assert far[friends[-1].pk].mutual_connections_count == 1
    assert far[outsider.pk].degree is None
    assert far[hub.pk] == (1, 0)  # the hub's 30,000 ids searched the other way
    assert network_size(friends[0]).second == cap - 1


def test_shared_group_is_a_reason(connect: Connect) -> None:
    from groups import services as group_services

    viewer, friend, candidate = UserFactory.create_batch(3)
    connect(viewer, friend)
    connect(friend, candidate)
    group = group_services.group_create(
        creator=viewer, name="Lisbon Data Engineers", visibility="listed", join_policy="open"
    )
    group_services.group_join(member=candidate, group_id=group.pk)
    [suggestion] = people_you_may_know(viewer)
    assert suggestion.member.pk == candidate.pk
    assert "Both in the group Lisbon Data Engineers" in suggestion.reasons


@pytest.mark.parametrize("hidden_count", [0, 3])
def test_long_rows_are_counted_the_other_way_with_the_same_result(
    hidden_count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """network.selectors.nearness._shared_counts: a page row far longer than the viewer's own is
    searched the other way; both ways give the same counts, with and without hidden ids."""
    rng = np.random.default_rng(hidden_count)
    everyone = np.unique(rng.integers(1, 5_000, 40)).astype(graph.IDS)
    hidden = np.sort(np.concatenate([everyone[:hidden_count], [4_999_999][:hidden_count]]))
    hidden = hidden.astype(graph.IDS)
    friends = np.setdiff1d(everyone, hidden).astype(graph.IDS)
    rows = [np.unique(rng.integers(1, 5_000, size)).astype(graph.IDS) for size in (5, 3_000, 50)]
    rows.append(np.array([4_999_999], dtype=graph.IDS))  # a hidden non-connection only
    reached = np.concatenate(rows)
    bounds = np.concatenate([[0], np.cumsum([len(row) for row in rows])])
    expected = (
        [int(np.isin(row, friends).sum()) for row in rows],
        [bool(np.isin(row, everyone).any()) for row in rows],
    )
    for factor, minimum in [(8, 2_000), (0, 0), (10**9, 10**9)]:  # mixed, all long, all short
        monkeypatch.setattr(network_nearness, "LONG_ROW_FACTOR", factor)
        monkeypatch.setattr(network_nearness, "LONG_ROW_MIN", minimum)
        counts = network_nearness._shared_counts(everyone, hidden, friends, reached, bounds)
        mutual, shared = counts
        assert (mutual.tolist(), shared.tolist()) == expected
