"""Why a member is shown (network.selectors.reasons_for): each kind of reason, what privacy and
blocks leave out, and a constant number of queries for a page."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import services as account_services
from accounts.models import Education, Profile, User
from groups import services as group_services
from network.selectors import NO_REASONS, reasons_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def _profile(member: User, **fields: object) -> None:
    Profile.objects.filter(member=member).update(**fields)


def _named(first: str, last: str, **fields: object) -> User:
    member: User = UserFactory.create(first_name=first, last_name=last, **fields)
    _profile(member, current_company="", skills=[])
    return member


@pytest.fixture
def viewer() -> User:
    return _named("Vera", "Viewer")


def test_mutual_connections_named_lowest_id_first_and_counted(viewer: User, connect: Connect):
    target = _named("Tiago", "Target")
    friends = [_named(f"Friend{i}", "Mutual") for i in range(4)]
    for friend in friends:
        connect(viewer, friend)
        connect(friend, target)
    why = reasons_for(viewer, [target.pk])[target.pk]
    assert [person.pk for person in why.mutuals] == [friends[0].pk, friends[1].pk]
    assert (why.mutual_count, why.others) == (4, 2)
    assert why.mutuals[0].profile.pk == friends[0].pk  # profiles loaded for the faces


def test_a_blocked_mutual_is_neither_named_nor_counted(viewer: User, connect: Connect) -> None:
    target = _named("Tiago", "Target")
    hidden, shown = _named("Hugo", "Hidden"), _named("Sara", "Shown")
    for friend in (hidden, shown):
        connect(viewer, friend)
        connect(friend, target)
    account_services.block_create(blocker=hidden, blocked_id=viewer.pk)
    why = reasons_for(viewer, [target.pk])[target.pk]
    assert [person.pk for person in why.mutuals] == [shown.pk]
    assert why.mutual_count == 1


def test_a_deactivated_mutual_is_not_named(viewer: User, connect: Connect) -> None:
    target = _named("Tiago", "Target")
    gone, shown = _named("Gil", "Gone"), _named("Sara", "Shown")
    for friend in (gone, shown):
        connect(viewer, friend)
        connect(friend, target)
    account_services.member_deactivate(member=gone)
    why = reasons_for(viewer, [target.pk])[target.pk]
    assert [person.pk for person in why.mutuals] == [shown.pk]


def test_shared_company_school_group_and_skills(viewer: User, connect: Connect) -> None:
    friend, target = _named("Ana", "Lima"), _named("Tiago", "Target")
    connect(viewer, friend)
    connect(friend, target)  # 2nd degree: the whole profile but contact details
    _profile(viewer, current_company="Acme  Corp", skills=["Python", "SQL", "Go"])
    _profile(target, current_company="acme corp", skills=["sql", "Rust", "python"])
    Education.objects.create(member=viewer, school="Técnico")
    Education.objects.create(member=target, school="técnico")
    Education.objects.create(member=target, school="Porto")
    group = group_services.group_create(creator=viewer, name="Data people")
    group_services.group_join(member=target, group_id=group.pk)
    why = reasons_for(viewer, [target.pk])[target.pk]
    assert why.company == "acme corp"
    assert why.school == "técnico"
    assert why.group == "Data people"
    assert why.skills == ("sql", "python")
    assert why.mutual_count == 1 and bool(why)


def test_third_degree_shows_only_what_the_card_shows(viewer: User, connect: Connect) -> None:
    a, b, target = _named("Ana", "A"), _named("Bea", "B"), _named("Tiago", "Target")
    connect(viewer, a)
    connect(a, b)
    connect(b, target)  # 3rd degree: no history, no summary (so no school, no skills)
    _profile(viewer, current_company="Acme", skills=["Python"])
    _profile(target, current_company="Acme", skills=["Python"])
    Education.objects.create(member=viewer, school="Técnico")
    Education.objects.create(member=target, school="Técnico")
    why = reasons_for(viewer, [target.pk])[target.pk]
    assert (why.company, why.school, why.skills, why.mutual_count) == ("Acme", "", (), 0)


def test_a_closed_profile_out_of_network_gets_no_reasons(viewer: User) -> None:
    target = _named("Tiago", "Target", profile_visible_to_out_of_network=False)
    _profile(viewer, current_company="Acme")
    _profile(target, current_company="Acme")
    group = group_services.group_create(creator=viewer, name="Data people")
    group_services.group_join(member=target, group_id=group.pk)
    assert reasons_for(viewer, [target.pk]) == {target.pk: NO_REASONS}
    opened = _named("Olga", "Open")
    _profile(opened, current_company="Acme")
    assert reasons_for(viewer, [opened.pk])[opened.pk].company == "Acme"


def test_nothing_shared_is_no_reason_and_the_viewer_is_left_out(viewer: User) -> None:
    stranger = _named("Sol", "Stranger")
    _profile(viewer, current_company="")
    assert reasons_for(viewer, [stranger.pk, viewer.pk]) == {stranger.pk: NO_REASONS}
    assert not NO_REASONS
    assert reasons_for(viewer, []) == {}


def _queries(viewer: User, ids: list[int]) -> int:
    reasons_for(viewer, ids)  # warm the graph arrays, as a page after the first
    with CaptureQueriesContext(connection) as queries:
        reasons_for(viewer, ids)
    return len(queries)


def test_queries_do_not_grow_with_the_page(viewer: User, connect: Connect) -> None:
    group = group_services.group_create(creator=viewer, name="Data people")
    Education.objects.create(member=viewer, school="Técnico")

    def add(count: int) -> list[int]:
        ids = []
        for _ in range(count):
            friend, target = UserFactory.create_batch(2)
            connect(viewer, friend)
            connect(friend, target)
            Education.objects.create(member=target, school="Técnico")
            group_services.group_join(member=target, group_id=group.pk)
            ids.append(target.pk)
        return ids

    small = _queries(viewer, add(1))
    large = _queries(viewer, add(6))
    assert small == large <= 5
