"""Where a new member starts (network.selectors.starter_for): people ranked by what they share
with the profile, then by connections; only people the member may see and invite; popular
groups they are not in; constant queries; and the home page's section."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import InvitationsFrom, User
from accounts.services import block_create, member_deactivate
from connections import services as connection_services
from groups import services as group_services
from network.selectors import starter_for
from network.selectors.starter import popular_groups, starter_people
from network.services import suggestion_dismiss
from tests.factories import EducationFactory, UserFactory

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def _member(name: str, **profile: object) -> User:
    defaults = {"location": "Nowhere", "current_company": f"{name} Ltd", "industry": ""}
    fields = {f"profile__{key}": value for key, value in {**defaults, **profile}.items()}
    return UserFactory.create(first_name=name, last_name="Test", **fields)


@pytest.fixture
def newcomer() -> User:
    member = _member("Nina", location="Porto", current_company="Acme")
    EducationFactory.create(member=member, school="Porto Business School")
    return member


def test_people_sharing_the_profile_come_first_then_the_well_connected(
    newcomer: User, connect: Connect
) -> None:
    colleague = _member("Carla", current_company="Acme")
    classmate = _member("Sam")
    EducationFactory.create(member=classmate, school="Porto Business School")
    neighbour = _member("Luis", location="Porto")
    hub, quiet, friend = _member("Hugo"), _member("Quinn"), _member("Fred")
    for other in (quiet, friend):
        connect(hub, other)
    people = starter_people(newcomer, limit=10)
    names = [suggestion.member.first_name for suggestion in people]
    assert names[:3] == sorted(names[:3], key=["Carla", "Sam", "Luis"].index)
    assert set(names[:3]) == {"Carla", "Sam", "Luis"} and names[3] == "Hugo"
    reasons = {suggestion.member.pk: suggestion.reasons for suggestion in people}
    assert reasons[colleague.pk] == ["Both work at Acme"]
    assert reasons[classmate.pk] == ["Both studied at Porto Business School"]
    assert reasons[neighbour.pk] == ["Both in Porto"]
    assert reasons[hub.pk] == ["Well connected: 2 connections"]
    assert {suggestion.member.nearness.degree for suggestion in people} == {None}  # type: ignore[attr-defined]


def test_only_members_the_newcomer_may_see_and_invite(newcomer: User, connect: Connect) -> None:
    shown = _member("Shown", current_company="Acme")
    blocked, blocker = _member("Blocked", current_company="Acme"), _member("Blocker")
    block_create(blocker=newcomer, blocked_id=blocked.pk)
    block_create(blocker=blocker, blocked_id=newcomer.pk)
    gone = _member("Gone", current_company="Acme")
    member_deactivate(member=gone)
    private = _member("Private", current_company="Acme")
    User.objects.filter(pk=private.pk).update(profile_visible_to_out_of_network=False)
    closed = _member("Closed", current_company="Acme")
    User.objects.filter(pk=closed.pk).update(invitations_from=InvitationsFrom.NOBODY)
    staff = _member("Staff", current_company="Acme")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    invited, inviting, dismissed, friend = (_member(name) for name in ("In", "Out", "Dis", "Fr"))
    connection_services.invitation_send(sender=newcomer, recipient_id=invited.pk)
    connection_services.invitation_send(sender=inviting, recipient_id=newcomer.pk)
    suggestion_dismiss(member=newcomer, dismissed_id=dismissed.pk)
    connect(newcomer, friend)
    assert [suggestion.member for suggestion in starter_people(newcomer, limit=20)] == [shown]


def test_a_member_with_a_few_connections_gets_no_starter(newcomer: User, connect: Connect) -> None:
    assert starter_for(newcomer) is not None
    for name in ("A", "B", "C"):
        connect(newcomer, _member(name))
    assert starter_for(newcomer) is None


def test_popular_groups_are_the_largest_listed_ones_the_member_is_not_in(
    newcomer: User,
) -> None:
    owner, joiner, banned = _member("Olga"), _member("Jo"), _member("Ben")
    small = group_services.group_create(creator=owner, name="Small circle")
    large = group_services.group_create(creator=owner, name="Large circle")
    group_services.group_join(member=joiner, group_id=large.pk)
    group_services.group_create(creator=owner, name="Secret circle", visibility="unlisted")
    group_services.group_create(creator=newcomer, name="My own circle")
    banning = group_services.group_create(creator=banned, name="Banning circle")
    group_services.group_join(member=newcomer, group_id=banning.pk)
    group_services.member_ban(manager=banned, group_id=banning.pk, member_id=newcomer.pk)
    assert popular_groups(newcomer) == [large, small]


@pytest.mark.parametrize("size", [2, 8])
def test_the_starter_costs_the_same_queries_at_any_size(
    newcomer: User, size: int, django_assert_num_queries
) -> None:
    owner = _member("Owner")
    for position in range(size):
        _member(f"M{position}", current_company="Acme" if position % 2 else "Other")
        group_services.group_create(creator=owner, name=f"Group {position}")
    newcomer = User.objects.get(pk=newcomer.pk)
    # The connection count, the profile, the schools, the people, their degrees (the graph
    # read, two), the groups.
    with django_assert_num_queries(7):
        starter = starter_for(newcomer)
    assert starter is not None and len(starter.people) == min(size + 1, 6)


def test_the_home_page_shows_a_newcomer_where_to_start(newcomer: User) -> None:
    _member("Carla", current_company="Acme")
    group_services.group_create(creator=_member("Olga"), name="Porto Makers")
    client = Client()
    client.force_login(newcomer)
    page = client.get(reverse("home")).content.decode()
    assert "Start building your network" in page
    assert "Carla Test" in page and "Both work at Acme" in page
    assert "Porto Makers" in page
