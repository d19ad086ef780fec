"""People you may know, precomputed: stored at the viewer's versions, served while they hold."""

from collections.abc import Callable

import pytest

import graphcache as graph
from accounts import services as account_services
from accounts.models import User
from connections import services as connection_services
from network.selectors import people_you_may_know
from network.services import suggestion_dismiss
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


@pytest.fixture
def network(connect: Connect) -> tuple[User, User, list[User]]:
    """A viewer, one friend, and three friends of that friend (the suggestions)."""
    viewer, friend = UserFactory.create_batch(2)
    connect(viewer, friend)
    others = UserFactory.create_batch(3)
    for other in others:
        connect(friend, other)
    return viewer, friend, others


def _ids(viewer: User) -> list[int]:
    return [suggestion.member.pk for suggestion in people_you_may_know(viewer)]


def test_a_ranking_is_stored_and_then_served_with_one_query(
    network: tuple[User, User, list[User]], django_assert_num_queries
) -> None:
    viewer, _friend, others = network
    first = people_you_may_know(viewer)
    assert sorted(s.member.pk for s in first) == sorted(o.pk for o in others)
    with django_assert_num_queries(1):  # the members, through visible_members
        again = people_you_may_know(viewer)
    assert [(s.member.pk, s.mutual_connections_count, s.reasons) for s in again] == [
        (s.member.pk, s.mutual_connections_count, s.reasons) for s in first
    ]
    ttl = graph.client().ttl(graph.key("sg", viewer.pk))
    assert 0 < ttl <= graph.SUGGESTIONS_TTL


def test_ranking_afresh_stores_nothing(network: tuple[User, User, list[User]]) -> None:
    viewer, _friend, _others = network
    people_you_may_know(viewer, precomputed=False)
    assert graph.client().get(graph.key("sg", viewer.pk)) is None


def test_a_new_connection_of_the_viewer_retires_the_ranking(
    network: tuple[User, User, list[User]], connect: Connect
) -> None:
    viewer, _friend, others = network
    assert others[0].pk in _ids(viewer)
    connect(viewer, others[0])  # v1 bumped at commit
    assert others[0].pk not in _ids(viewer)


def test_a_friends_new_connection_retires_it_once_the_fan_out_ran(
    network: tuple[User, User, list[User]], connect: Connect
) -> None:
    viewer, friend, _others = network
    newcomer = UserFactory.create()

    def mutuals() -> dict[int, int]:
        return {s.member.pk: s.mutual_connections_count for s in people_you_may_know(viewer)}

    assert mutuals().get(newcomer.pk, 0) == 0  # at most suggested for a shared profile value
    connect(friend, newcomer)
    graph.neighbours_changed([friend.pk, newcomer.pk])  # what the Celery task runs: v2 bumped
    assert mutuals()[newcomer.pk] == 1


def test_invitations_and_dismissals_retire_it_after_commit(
    network: tuple[User, User, list[User]], django_capture_on_commit_callbacks
) -> None:
    viewer, _friend, others = network
    _ids(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = connection_services.invitation_send(sender=viewer, recipient_id=others[0].pk)
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_dismiss(member=viewer, dismissed_id=others[1].pk)
    assert _ids(viewer) == [others[2].pk]
    with django_capture_on_commit_callbacks(execute=True):
        connection_services.invitation_withdraw(sender=viewer, invitation_id=outcome.invitation.pk)
    assert sorted(_ids(viewer)) == sorted([others[0].pk, others[2].pk])
    # The recipient's ranking was retired too (the sender is no longer excluded for them).
    assert graph.cached_suggestions(others[0].pk, 20)[1] is None


def test_blocked_or_deactivated_members_leave_a_served_ranking_at_once(
    network: tuple[User, User, list[User]], django_capture_on_commit_callbacks
) -> None:
    viewer, _friend, others = network
    _ids(viewer)
    account_services.member_deactivate(member=others[0])  # no version of the viewer moves
    assert others[0].pk not in _ids(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.block_create(blocker=others[1], blocked_id=viewer.pk)
    assert _ids(viewer) == [others[2].pk]


def test_a_ranking_stored_at_other_versions_is_not_served(
    network: tuple[User, User, list[User]],
) -> None:
    viewer, _friend, others = network
    stamp, _ = graph.cached_suggestions(viewer.pk, 20)
    graph.store_suggestions(viewer.pk, [v + 1 for v in stamp], 20, [(others[0].pk, 9, ["x"])])
    assert graph.cached_suggestions(viewer.pk, 20)[1] is None
    graph.store_suggestions(viewer.pk, stamp, 5, [(others[0].pk, 9, ["x"])])
    assert graph.cached_suggestions(viewer.pk, 20)[1] is None  # made for another limit
    assert graph.cached_suggestions(viewer.pk, 5)[1] == [(others[0].pk, 9, ["x"])]


def test_one_stored_ranking_serves_the_page_and_the_api(
    network: tuple[User, User, list[User]], django_assert_num_queries
) -> None:
    viewer, _friend, _others = network
    whole = _ids(viewer)
    with django_assert_num_queries(1):
        assert [s.member.pk for s in people_you_may_know(viewer, limit=2)] == whole[:2]
