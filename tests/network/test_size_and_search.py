"""The network summary and people search count the same members: 1st and 2nd degree equal
search's counts, and search's "3rd+" is the summary's 3rd degree plus everyone further away,
with blocked and inactive members left out of both."""

from collections.abc import Callable

import pytest
from django.core.cache import cache

from accounts import services as account_services
from accounts.models import User
from network.selectors import nearness_for, network_size
from network.selectors.size import SHOWN_MEMBERS_KEY
from search.selectors import PeopleQuery, people_search
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def _search_count(viewer: User, degree: int) -> int:
    return people_search(viewer, PeopleQuery(degrees=frozenset({degree}))).count


def test_summary_counts_equal_search_counts(connect: Connect) -> None:
    viewer, a, b, c, d, e, f, g, blocked, gone = UserFactory.create_batch(10)
    stranger = UserFactory.create()
    closed = UserFactory.create(profile_visible_to_out_of_network=False)
    connect(viewer, a)
    connect(viewer, gone)
    connect(a, b)
    connect(a, blocked)
    connect(b, c)
    connect(b, d)
    connect(blocked, e)  # reached only through a blocked member: still 3rd degree
    connect(c, f)  # 4th degree
    connect(b, closed)  # a closed profile at 3rd degree
    connect(g, stranger)
    account_services.block_create(blocker=blocked, blocked_id=viewer.pk)
    account_services.member_deactivate(member=gone)

    size = network_size(viewer)
    assert (size.first, size.second, size.third, size.third_is_estimate) == (1, 1, 4, False)
    assert _search_count(viewer, 1) == size.first
    assert _search_count(viewer, 2) == size.second
    everyone = [m.pk for m in User.objects.active().exclude(pk=viewer.pk)]
    degrees = nearness_for(viewer, everyone)
    beyond = sum(
        1 for member_id, near in degrees.items() if near.degree is None and member_id != blocked.pk
    )
    assert _search_count(viewer, 3) == size.third + beyond


def test_an_estimated_third_degree_stays_within_what_search_can_find(connect: Connect) -> None:
    viewer, friend = UserFactory.create_batch(2)
    connect(viewer, friend)
    seconds = UserFactory.create_batch(4)
    for member in seconds:
        connect(friend, member)
    thirds = UserFactory.create_batch(3)
    for member in thirds:
        connect(seconds[0], member)
    size = network_size(viewer, exact_up_to=2, sample=2)
    assert size.third_is_estimate
    assert 0 <= size.third <= _search_count(viewer, 3)


def test_the_estimates_ceiling_is_counted_once_in_ten_minutes(
    connect: Connect, django_assert_num_queries
) -> None:
    """The ceiling (every shown member) is a whole-table count: cached, not asked per page."""
    viewer, friend, second = UserFactory.create_batch(3)
    connect(viewer, friend)
    connect(friend, second)
    network_size(viewer, exact_up_to=0, sample=1)
    with django_assert_num_queries(1):  # the inactive members only, the count is cached
        size = network_size(viewer, exact_up_to=0, sample=1)
    assert size.third_is_estimate and size.third == 0
    assert cache.get(SHOWN_MEMBERS_KEY) == 3
