"""Every membership rule and role of groups.services, against PostgreSQL."""

import pytest
from django.test import override_settings

from accounts.exceptions import MemberNotFound
from accounts.models import User
from accounts.services import block_create
from groups import selectors, services
from groups.exceptions import (
    AlreadyMember,
    GroupBanned,
    GroupLimitReached,
    GroupNotFound,
    InvalidInput,
    JoinRequestNotFound,
    ManagersLimitReached,
    MemberBanned,
    NotGroupManager,
    NotGroupMember,
    NotGroupOwner,
    OwnerCannotLeave,
    RoleNotAllowed,
)
from groups.models import Ban, Group, JoinRequest, Membership, Role
from notifications.models import Notification
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import make_group, run_queued

pytestmark = pytest.mark.django_db


def roles(group: Group) -> dict[int, str]:
    return dict(Membership.objects.filter(group=group).values_list("member_id", "role"))


def test_create_makes_the_creator_owner(member: User) -> None:
    group = make_group(member, description="All things Django", industry="computer_software")
    assert roles(group) == {member.pk: Role.OWNER}
    assert group.member_count == 1


def test_create_refuses_a_blank_name_and_unknown_enums(member: User, refused) -> None:
    with refused(InvalidInput):
        services.group_create(creator=member, name="   ")
    with refused(InvalidInput):
        services.group_create(creator=member, name="G", visibility="secret")
    with refused(InvalidInput):
        services.group_create(creator=member, name="G", join_policy="maybe")


@override_settings(GROUPS_PER_MEMBER_MAX=2)
def test_a_member_is_in_at_most_the_limit_of_groups(member: User, other: User, refused) -> None:
    make_group(member, name="One")
    make_group(member, name="Two")
    with refused(GroupLimitReached, "group_limit_reached"):
        make_group(member, name="Three")
    third_group = make_group(other, name="Open")
    with refused(GroupLimitReached):
        services.group_join(member=member, group_id=third_group.pk)
    approval = make_group(other, name="Approval", join_policy="approval")
    with refused(GroupLimitReached):  # a request that could never be approved
        services.group_join(member=member, group_id=approval.pk)


def test_join_an_open_group_at_once(member: User, other: User) -> None:
    group = make_group(member)
    assert services.group_join(member=other, group_id=group.pk) == "member"
    assert roles(group)[other.pk] == Role.MEMBER
    group.refresh_from_db()
    assert group.member_count == 2


def test_join_twice_is_refused(member: User, other: User, refused) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    with refused(AlreadyMember, "already_member"):
        services.group_join(member=other, group_id=group.pk)


def test_approval_group_makes_one_request_and_tells_managers_once(
    member: User, other: User, third: User, django_capture_on_commit_callbacks
) -> None:
    group = make_group(member)
    services.group_join(member=third, group_id=group.pk)
    services.member_role_set(actor=member, group_id=group.pk, member_id=third.pk, role="manager")
    services.group_update(member=member, group_id=group.pk, join_policy="approval")
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.group_join(member=other, group_id=group.pk) == "requested"
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as again:
        assert services.group_join(member=other, group_id=group.pk) == "requested"
    assert again == []  # asking again queues nothing
    assert JoinRequest.objects.filter(group=group, member=other).count() == 1
    assert run_queued(callbacks) == [2]
    assert run_queued(callbacks) == [0]  # run twice: nobody told again
    told = set(
        Notification.objects.filter(kind="group_join_request").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {member.pk, third.pk}
    assert other.pk not in roles(group)


def test_approve_adds_the_member_and_notifies_once(
    member: User, other: User, django_capture_on_commit_callbacks
) -> None:
    group = make_group(member, join_policy="approval")
    services.group_join(member=other, group_id=group.pk)
    request = JoinRequest.objects.get(group=group, member=other)
    with django_capture_on_commit_callbacks() as callbacks:
        services.join_request_approve(manager=member, group_id=group.pk, request_id=request.pk)
    assert len(callbacks) == 1
    assert roles(group)[other.pk] == Role.MEMBER
    assert run_queued(callbacks) == [1]
    assert run_queued(callbacks) == [0]
    assert Notification.objects.filter(recipient=other, kind="group_join_approved").count() == 1


def test_approve_and_reject_need_a_manager_and_a_pending_request(
    member: User, other: User, third: User, refused
) -> None:
    group = make_group(member, join_policy="approval")
    services.group_join(member=other, group_id=group.pk)
    request = JoinRequest.objects.get(group=group, member=other)
    with refused(NotGroupManager, "not_group_manager"):
        services.join_request_approve(manager=third, group_id=group.pk, request_id=request.pk)
    with refused(JoinRequestNotFound):
        services.join_request_approve(manager=member, group_id=group.pk, request_id=request.pk + 99)
    services.join_request_reject(manager=member, group_id=group.pk, request_id=request.pk)
    with refused(JoinRequestNotFound):
        services.join_request_reject(manager=member, group_id=group.pk, request_id=request.pk)
    assert other.pk not in roles(group)


def test_unlisted_group_is_not_found_unless_member_or_invited(
    member: User, other: User, third: User, refused
) -> None:
    group = make_group(member, visibility="unlisted")
    with refused(GroupNotFound, "group_not_found"):
        services.group_join(member=other, group_id=group.pk)
    with pytest.raises(GroupNotFound):
        selectors.access_group(viewer=other, group_id=group.pk)
    assert group not in selectors.group_list(other)
    connect_members(member, other)
    services.group_invite(manager=member, group_id=group.pk, member_id=other.pk)
    assert selectors.access_group(viewer=other, group_id=group.pk) == group
    assert services.group_join(member=other, group_id=group.pk) == "member"
    with refused(GroupNotFound):
        services.group_join(member=third, group_id=group.pk)


def test_invitation_lets_into_an_approval_group_at_once(member: User, other: User) -> None:
    group = make_group(member, join_policy="approval")
    connect_members(member, other)
    services.group_invite(manager=member, group_id=group.pk, member_id=other.pk)
    assert services.group_join(member=other, group_id=group.pk) == "member"


def test_invite_only_connections_by_managers(
    member: User, other: User, third: User, refused
) -> None:
    group = make_group(member)
    with refused(MemberNotFound):
        services.group_invite(manager=member, group_id=group.pk, member_id=other.pk)
    connect_members(third, other)
    services.group_join(member=third, group_id=group.pk)
    with refused(NotGroupManager):
        services.group_invite(manager=third, group_id=group.pk, member_id=other.pk)
    connect_members(member, other)
    services.group_join(member=other, group_id=group.pk)
    with refused(AlreadyMember):
        services.group_invite(manager=member, group_id=group.pk, member_id=other.pk)


def test_leave_and_owner_cannot_leave(member: User, other: User, third: User, refused) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    with refused(OwnerCannotLeave, "owner_cannot_leave"):
        services.group_leave(member=member, group_id=group.pk)
    with refused(NotGroupMember):
        services.group_leave(member=third, group_id=group.pk)
    services.group_leave(member=other, group_id=group.pk)
    assert other.pk not in roles(group)
    group.refresh_from_db()
    assert group.member_count == 1


def test_remove_and_ban_respect_roles(member: User, other: User, third: User, refused) -> None:
    group = make_group(member)
    fourth = UserFactory.create()
    for person in (other, third, fourth):
        services.group_join(member=person, group_id=group.pk)
    services.member_role_set(actor=member, group_id=group.pk, member_id=other.pk, role="manager")
    with refused(RoleNotAllowed):  # a manager cannot remove the owner
        services.member_remove(manager=other, group_id=group.pk, member_id=member.pk)
    services.member_role_set(actor=member, group_id=group.pk, member_id=third.pk, role="manager")
    with refused(RoleNotAllowed):  # nor another manager
        services.member_ban(manager=other, group_id=group.pk, member_id=third.pk)
    with refused(RoleNotAllowed):  # nor themselves
        services.member_remove(manager=other, group_id=group.pk, member_id=other.pk)
    with refused(NotGroupManager):
        services.member_remove(manager=fourth, group_id=group.pk, member_id=third.pk)
    services.member_remove(manager=other, group_id=group.pk, member_id=fourth.pk)
    assert fourth.pk not in roles(group)
    services.member_ban(manager=member, group_id=group.pk, member_id=third.pk)  # owner: ok
    assert third.pk not in roles(group)
    with refused(GroupBanned, "group_banned"):
        services.group_join(member=third, group_id=group.pk)
    services.member_unban(manager=member, group_id=group.pk, member_id=third.pk)
    assert services.group_join(member=third, group_id=group.pk) == "member"


def test_ban_closes_requests_and_blocks_invitations(member: User, other: User, refused) -> None:
    group = make_group(member, join_policy="approval")
    services.group_join(member=other, group_id=group.pk)
    services.member_ban(manager=member, group_id=group.pk, member_id=other.pk)
    assert not JoinRequest.objects.filter(group=group, status="pending").exists()
    assert Ban.objects.filter(group=group, member=other).exists()
    connect_members(member, other)
    with refused(MemberBanned):
        services.group_invite(manager=member, group_id=group.pk, member_id=other.pk)


@override_settings(GROUP_MANAGERS_MAX=2)
def test_managers_limit(member: User, refused) -> None:
    group = make_group(member)
    people = UserFactory.create_batch(3)
    for person in people:
        services.group_join(member=person, group_id=group.pk)
    services.member_role_set(
        actor=member, group_id=group.pk, member_id=people[0].pk, role="manager"
    )
    services.member_role_set(
        actor=member, group_id=group.pk, member_id=people[1].pk, role="manager"
    )
    with refused(ManagersLimitReached, "managers_limit_reached"):
        services.member_role_set(
            actor=member, group_id=group.pk, member_id=people[2].pk, role="manager"
        )


def test_only_the_owner_dismisses_managers(member: User, other: User, third: User, refused) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    services.group_join(member=third, group_id=group.pk)
    services.member_role_set(actor=member, group_id=group.pk, member_id=other.pk, role="manager")
    services.member_role_set(actor=other, group_id=group.pk, member_id=third.pk, role="manager")
    with refused(NotGroupOwner):
        services.member_role_set(actor=other, group_id=group.pk, member_id=third.pk, role="member")
    with refused(RoleNotAllowed):
        services.member_role_set(actor=other, group_id=group.pk, member_id=member.pk, role="member")
    with refused(InvalidInput):
        services.member_role_set(actor=member, group_id=group.pk, member_id=third.pk, role="owner")
    services.member_role_set(actor=member, group_id=group.pk, member_id=third.pk, role="member")
    assert roles(group)[third.pk] == Role.MEMBER


def test_transfer_ownership_keeps_one_owner(
    member: User, other: User, third: User, refused
) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    with refused(NotGroupOwner):
        services.ownership_transfer(owner=other, group_id=group.pk, member_id=member.pk)
    with refused(NotGroupMember):
        services.ownership_transfer(owner=member, group_id=group.pk, member_id=third.pk)
    services.ownership_transfer(owner=member, group_id=group.pk, member_id=other.pk)
    assert roles(group) == {member.pk: Role.MANAGER, other.pk: Role.OWNER}
    assert Membership.objects.filter(group=group, role=Role.OWNER).count() == 1


def test_the_database_allows_one_owner_per_group(member: User, other: User) -> None:
    from django.db import IntegrityError, transaction

    group = make_group(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, member=other, role=Role.OWNER)


def test_update_and_delete_need_roles(member: User, other: User, refused) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    with refused(NotGroupManager):
        services.group_update(member=other, group_id=group.pk, name="Mine now")
    services.group_update(member=member, group_id=group.pk, posts_need_approval=True)
    with refused(NotGroupOwner):
        services.group_delete(member=other, group_id=group.pk)
    services.group_delete(member=member, group_id=group.pk)
    assert not Group.objects.filter(pk=group.pk).exists()


def test_shared_group_names_for_a_page(member: User, other: User, third: User) -> None:
    one = make_group(member, name="Alpha")
    two = make_group(member, name="Beta", visibility="unlisted")
    services.group_join(member=other, group_id=one.pk)
    connect_members(member, other)
    services.group_invite(manager=member, group_id=two.pk, member_id=other.pk)
    services.group_join(member=other, group_id=two.pk)
    assert selectors.shared_group_names(member, [other.pk, third.pk]) == {
        other.pk: ["Alpha", "Beta"]
    }
    assert selectors.shared_group_names(third, [member.pk]) == {}


def test_blocked_members_are_hidden_from_member_lists(member: User, other: User) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    block_create(blocker=other, blocked_id=member.pk)
    listed = [row.member_id for row in selectors.group_members(member, group)]
    assert listed == [member.pk]
