"""The group limits under real concurrency: many transactions at once against PostgreSQL.

Each thread has its own database connection (closed when it ends); a barrier releases them
together so their transactions really interleave. With the real limits (100 groups per
member, 10 managers per group), whatever the interleaving, nobody passes them: the member's
row (FOR NO KEY UPDATE) serializes their group count, the group's row their roles.
"""

from collections import Counter
from collections.abc import Callable
from functools import partial

import pytest
from django.conf import settings

from accounts.models import User
from feed import services as feed_services
from feed.models import Post
from groups import services
from groups.models import Group, JoinRequest, Membership, Role
from tests.concurrency import run_together
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import make_group

pytestmark = [pytest.mark.django_db(transaction=True)]


def assert_member_counts_match_rows() -> None:
    for group in Group.objects.all():
        assert group.member_count == Membership.objects.filter(group=group).count(), group.pk


def test_a_member_never_passes_100_groups_however_the_requests_race() -> None:
    assert settings.GROUPS_PER_MEMBER_MAX == 100
    joiner = UserFactory.create()
    owner = UserFactory.create()
    connect_members(owner, joiner)
    for index in range(97):
        make_group(joiner, name=f"Own group {index}")
    # Two requests waiting for approval, made while there was room (99 groups with them).
    approval = [make_group(owner, name=f"Approval {i}", join_policy="approval") for i in range(2)]
    for group in approval:
        services.group_join(member=joiner, group_id=group.pk)
    make_group(joiner, name="Own group 97")
    make_group(joiner, name="Own group 98")
    assert Membership.objects.filter(member=joiner).count() == 99
    open_groups = [make_group(owner, name=f"Open {i}") for i in range(4)]
    invited = make_group(owner, name="Invited", join_policy="approval", visibility="unlisted")
    services.group_invite(manager=owner, group_id=invited.pk, member_id=joiner.pk)
    requests = JoinRequest.objects.filter(member=joiner, status="pending")
    calls: list[Callable[[], object]] = [
        *[partial(services.group_join, member=joiner, group_id=g.pk) for g in open_groups],
        partial(services.group_join, member=joiner, group_id=invited.pk),
        *[partial(make_group, joiner, name=f"Raced {i}") for i in range(2)],
        *[
            partial(
                services.join_request_approve,
                manager=owner,
                group_id=request.group_id,
                request_id=request.pk,
            )
            for request in requests
        ],
    ]
    outcomes = run_together(calls)
    assert outcomes == Counter({"ok": 1, "group_limit_reached": len(calls) - 1}), outcomes
    assert Membership.objects.filter(member=joiner).count() == 100
    assert_member_counts_match_rows()


def test_many_members_joining_one_group_at_once_keep_its_count() -> None:
    owner = UserFactory.create()
    group = make_group(owner)
    joiners = UserFactory.create_batch(12)
    outcomes = run_together(
        [partial(services.group_join, member=person, group_id=group.pk) for person in joiners]
    )
    assert outcomes == Counter({"ok": 12})
    assert_member_counts_match_rows()
    group.refresh_from_db()
    assert group.member_count == 13


def managers_of(group: Group) -> int:
    return Membership.objects.filter(group=group, role=Role.MANAGER).count()


def group_with_managers(count: int) -> tuple[User, list[User], list[User], Group]:
    owner = UserFactory.create()
    group = make_group(owner)
    managers = UserFactory.create_batch(count)
    members = UserFactory.create_batch(8)
    for person in [*managers, *members]:
        services.group_join(member=person, group_id=group.pk)
    for manager in managers:
        services.member_role_set(
            actor=owner, group_id=group.pk, member_id=manager.pk, role=Role.MANAGER
        )
    return owner, managers, members, group


def test_a_group_never_passes_10_managers_however_the_appointments_race() -> None:
    assert settings.GROUP_MANAGERS_MAX == 10
    owner, managers, members, group = group_with_managers(9)
    actors = [owner, *managers]
    calls: list[Callable[[], object]] = [
        partial(
            services.member_role_set,
            actor=actors[index % len(actors)],
            group_id=group.pk,
            member_id=person.pk,
            role=Role.MANAGER,
        )
        for index, person in enumerate(members)
    ]
    outcomes = run_together(calls)
    assert outcomes == Counter({"ok": 1, "managers_limit_reached": 7}), outcomes
    assert managers_of(group) == 10
    assert Membership.objects.filter(group=group, role=Role.OWNER).count() == 1


def test_transfer_racing_appointments_keeps_one_owner_and_at_most_10_managers() -> None:
    owner, managers, members, group = group_with_managers(9)
    calls: list[Callable[[], object]] = [
        partial(
            services.ownership_transfer, owner=owner, group_id=group.pk, member_id=members[0].pk
        )
    ]
    calls += [
        partial(
            services.member_role_set,
            actor=managers[index],
            group_id=group.pk,
            member_id=person.pk,
            role=Role.MANAGER,
        )
        for index, person in enumerate(members[1:])
    ]
    outcomes = run_together(calls)
    assert set(outcomes) <= {"ok", "managers_limit_reached"}, outcomes
    # The transfer always succeeds; an appointment wins only if it came first (the old owner
    # stays on as the 10th manager when there is room). Either way: 10 managers.
    assert outcomes["ok"] in (1, 2), outcomes
    assert managers_of(group) == 10
    owners = Membership.objects.filter(group=group, role=Role.OWNER)
    assert list(owners.values_list("member_id", flat=True)) == [members[0].pk]


def test_the_post_rate_limit_holds_when_posts_race(settings) -> None:
    settings.POSTS_HOURLY_LIMIT = 1
    author = UserFactory.create()
    outcomes = run_together(
        [
            partial(feed_services.post_create, author=author, body=f"Burst {index}")
            for index in range(6)
        ]
    )
    assert outcomes == Counter({"ok": 1, "post_rate_limited": 5}), outcomes
    assert Post.objects.filter(author=author).count() == 1
