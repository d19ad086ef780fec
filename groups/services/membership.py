"""Writes of who is in a group: create, update, delete, join, leave, join requests and
invitations."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import MemberNotFound
from accounts.models import User, active_member
from accounts.selectors import block_between
from connections.models import Connection
from groups import policies, selectors
from groups.exceptions import (
    AlreadyMember,
    InvalidInput,
    MemberBanned,
)
from groups.models import (
    Ban,
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinPolicy,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
)
from groups.services.core import (
    add_member,
    apply_group_fields,
    approve_request,
    check_group_limit,
    clean_group_fields,
    lock_member,
    locked_group,
    pending_request,
    raise_if,
    reject_request,
    remove_member,
)
from notifications.models import NotificationKind
from notifications.services import notify_after_commit


@transaction.atomic
def group_create(*, creator: User, logo: object = None, **fields: object) -> Group:
    """Create a group with `creator` as its owner.

    Raises EmailUnconfirmed, InvalidInput, GroupLimitReached.
    """
    data = clean_group_fields(fields)
    if "name" not in data:
        raise InvalidInput({"name": ["Give the group a name."]})
    raise_if(policies.group_create_block_reason(creator))
    lock_member(creator.pk)
    check_group_limit(creator.pk)
    group = Group.objects.create(created_by=creator, member_count=1, **data)
    if logo:
        group.logo = logo
        group.save(update_fields=["logo"])
    Membership.objects.create(group=group, member=creator, role=Role.OWNER)
    return group


@transaction.atomic
def group_update(*, member: User, group_id: int, logo: object = None, **fields: object) -> Group:
    """Change a group's details and settings (owner and managers).

    Raises GroupNotFound, NotGroupManager, InvalidInput.
    """
    group = locked_group(viewer=member, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
    return apply_group_fields(group, clean_group_fields(fields), logo=logo)


@transaction.atomic
def group_delete(*, member: User, group_id: int) -> None:
    """Delete a group with its memberships and discussions (owner only).

    Raises GroupNotFound, NotGroupOwner.
    """
    group = locked_group(viewer=member, group_id=group_id)
    raise_if(policies.own_block_reason(group))
    group.delete()


@transaction.atomic
def group_join(*, member: User, group_id: int) -> str:
    """Join an open group (or one the member was invited to) at once and return "member";
    for an approval group, ask the managers and return "requested" (idempotent).

    Raises GroupNotFound, AlreadyMember, GroupBanned, GroupLimitReached.
    """
    group = locked_group(viewer=member, group_id=group_id)
    raise_if(policies.join_block_reason(group))
    if group.join_policy == JoinPolicy.OPEN or group.viewer_invited:  # type: ignore[attr-defined]
        add_member(group, member.pk)
        JoinRequest.objects.filter(group=group, member=member, status=RequestStatus.PENDING).update(
            status=RequestStatus.APPROVED, responded_at=timezone.now()
        )
        return "member"
    if group.viewer_requested:  # type: ignore[attr-defined]
        return "requested"
    lock_member(member.pk)
    check_group_limit(member.pk)  # refuse a request that could never be approved
    request = JoinRequest.objects.create(group=group, member=member)
    kind = NotificationKind.GROUP_JOIN_REQUEST
    # The owner and managers, except those a block stands between (they do not see the
    # request in their list either).
    notify_after_commit(
        selectors.manager_ids(group.pk, visible_to=member.pk),
        kind=kind,
        text=f"{member.full_name} asks to join {group.name}.",
        dedupe_key=f"{kind}:{request.pk}",
        link=reverse("groups:manage", args=[group.pk]),
        actor_id=member.pk,
    )
    return "requested"


@transaction.atomic
def group_leave(*, member: User, group_id: int) -> None:
    """Leave a group; its posts are hidden from the member at once. A pending request is
    withdrawn instead when the member is not in the group.

    Raises GroupNotFound, NotGroupMember, OwnerCannotLeave.
    """
    group = locked_group(viewer=member, group_id=group_id)
    if group.viewer_role is None and group.viewer_requested:  # type: ignore[attr-defined]
        JoinRequest.objects.filter(group=group, member=member, status=RequestStatus.PENDING).update(
            status=RequestStatus.WITHDRAWN, responded_at=timezone.now()
        )
        return
    raise_if(policies.leave_block_reason(group))
    remove_member(group, member.pk)


@transaction.atomic
def join_request_approve(*, manager: User, group_id: int, request_id: int) -> Membership:
    """Approve a pending join request: the member joins and is told (after commit).

    Raises GroupNotFound, NotGroupManager, JoinRequestNotFound, GroupLimitReached.
    """
    group = locked_group(viewer=manager, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
    return approve_request(group, pending_request(group, request_id), responder=manager)


@transaction.atomic
def join_request_reject(*, manager: User, group_id: int, request_id: int) -> None:
    """Reject a pending join request (the member is not told).

    Raises GroupNotFound, NotGroupManager, JoinRequestNotFound.
    """
    group = locked_group(viewer=manager, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
    reject_request(pending_request(group, request_id), responder=manager)


@transaction.atomic
def group_invite(*, manager: User, group_id: int, member_id: int) -> GroupInvitation:
    """Invite one of the manager's 1st-degree connections (idempotent while pending).

    Raises GroupNotFound, NotGroupManager, MemberNotFound, AlreadyMember, MemberBanned.
    """
    group = locked_group(viewer=manager, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
    connected = (
        Connection.objects.filter(
            active_member("other"),
            member_id=manager.pk,
            other_id=member_id,
        )
        .filter(~block_between(manager.pk, "other_id"))
        .exists()
    )
    if not connected:
        raise MemberNotFound("You can invite only your 1st-degree connections.")
    if Membership.objects.filter(group=group, member_id=member_id).exists():
        raise AlreadyMember()
    if Ban.objects.filter(group=group, member_id=member_id).exists():
        raise MemberBanned()
    invitation, _ = GroupInvitation.objects.get_or_create(
        group=group,
        recipient_id=member_id,
        status=InvitationStatus.PENDING,
        defaults={"sender": manager},
    )
    return invitation


@transaction.atomic
def group_invitation_decline(*, member: User, group_id: int) -> None:
    """Decline the member's pending invitation to a group.

    Raises GroupNotFound.
    """
    group = locked_group(viewer=member, group_id=group_id)
    GroupInvitation.objects.filter(
        group=group, recipient=member, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.DECLINED)
