"""Writes of groups: create, update, delete, join, leave, requests, invitations, roles, bans.

Locks: a change of membership or roles locks the group's row (member_count, the managers
limit, the single owner), then the joining member's row (their GROUPS_PER_MEMBER_MAX count).
Always group → member, and never two groups, so two writers cannot deadlock. The database's
constraints (groups.models) back the same rules.
"""

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.exceptions import DomainError, MemberNotFound
from accounts.models import User
from accounts.selectors import block_between
from connections.models import Connection
from groups import policies, selectors
from groups.exceptions import (
    AlreadyMember,
    GroupLimitReached,
    GroupNotFound,
    InvalidInput,
    JoinRequestNotFound,
    ManagersLimitReached,
    MemberBanned,
    NotGroupMember,
    RoleNotAllowed,
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
    Visibility,
)

GROUP_FIELDS = ("name", "description", "rules", "industry", "visibility", "join_policy")
EDITABLE_FIELDS = (*GROUP_FIELDS, "posts_need_approval")


def _raise(reason: DomainError | None) -> None:
    if reason is not None:
        raise reason


def _locked_group(*, viewer: User, group_id: int) -> Group:
    """Lock the group's row and return it as `viewer` sees it (role read under the lock).

    Raises GroupNotFound.
    """
    if not Group.objects.select_for_update().filter(pk=group_id).exists():
        raise GroupNotFound()
    return selectors.access_group(viewer=viewer, group_id=group_id)


def _lock_member(member_id: int) -> User:
    # FOR NO KEY UPDATE: serializes this member's group-count checks without blocking rows
    # that merely reference the member (FOR KEY SHARE).
    member = User.objects.select_for_update(no_key=True).filter(pk=member_id).first()
    if member is None:
        raise MemberNotFound()
    return member


def _check_group_limit(member_id: int) -> None:
    """Raise GroupLimitReached when the member (whose row the caller locked) is at the limit."""
    limit = settings.GROUPS_PER_MEMBER_MAX
    if selectors.group_count_of(member_id) >= limit:
        raise GroupLimitReached(f"A member can be in at most {limit} groups.")


def _clean(fields: dict[str, object]) -> dict[str, object]:
    data = {name: value for name, value in fields.items() if name in EDITABLE_FIELDS}
    for name in ("name", "description", "rules"):
        if name in data:
            data[name] = str(data[name] or "").strip()
    if "name" in data and not data["name"]:
        raise InvalidInput({"name": ["Give the group a name."]})
    if "visibility" in data and data["visibility"] not in Visibility.values:
        raise InvalidInput({"visibility": ["Choose listed or unlisted."]})
    if "join_policy" in data and data["join_policy"] not in JoinPolicy.values:
        raise InvalidInput({"join_policy": ["Choose open or approval."]})
    return data


def _add_member(group: Group, member_id: int, role: str = Role.MEMBER) -> Membership:
    """Add a member to a group whose row the caller locked; close their request/invitation.

    Raises GroupLimitReached, AlreadyMember.
    """
    _lock_member(member_id)
    _check_group_limit(member_id)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, member_id=member_id, role=role)
    except IntegrityError as error:  # a concurrent join of the same pair won
        raise AlreadyMember() from error
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
    GroupInvitation.objects.filter(
        group=group, recipient_id=member_id, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.ACCEPTED)
    return membership


def _remove_member(group: Group, member_id: int) -> bool:
    deleted, _ = Membership.objects.filter(group=group, member_id=member_id).delete()
    if deleted:
        Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
    return bool(deleted)


@transaction.atomic
def group_create(*, creator: User, logo: object = None, **fields: object) -> Group:
    """Create a group with `creator` as its owner.

    Raises InvalidInput, GroupLimitReached.
    """
    data = _clean(fields)
    if "name" not in data:
        raise InvalidInput({"name": ["Give the group a name."]})
    _lock_member(creator.pk)
    _check_group_limit(creator.pk)
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
    group = _locked_group(viewer=member, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    data = _clean(fields)
    for name, value in data.items():
        setattr(group, name, value)
    if logo:
        group.logo = logo
        data["logo"] = logo
    if data:
        group.save(update_fields=list(data))
    return group


@transaction.atomic
def group_delete(*, member: User, group_id: int) -> None:
    """Delete a group with its memberships and discussions (owner only).

    Raises GroupNotFound, NotGroupOwner.
    """
    group = _locked_group(viewer=member, group_id=group_id)
    _raise(policies.own_block_reason(group))
    group.delete()


@transaction.atomic
def group_join(*, member: User, group_id: int) -> str:
    """Join an open group (or one the member was invited to) at once and return "member";
    for an approval group, ask the managers and return "requested" (idempotent).

    Raises GroupNotFound, AlreadyMember, GroupBanned, GroupLimitReached.
    """
    from groups.tasks import notify_join_request_task

    group = _locked_group(viewer=member, group_id=group_id)
    _raise(policies.join_block_reason(group))
    if group.join_policy == JoinPolicy.OPEN or group.viewer_invited:  # type: ignore[attr-defined]
        _add_member(group, member.pk)
        JoinRequest.objects.filter(group=group, member=member, status=RequestStatus.PENDING).update(
            status=RequestStatus.APPROVED, responded_at=timezone.now()
        )
        return "member"
    if group.viewer_requested:  # type: ignore[attr-defined]
        return "requested"
    _lock_member(member.pk)
    _check_group_limit(member.pk)  # refuse a request that could never be approved
    request = JoinRequest.objects.create(group=group, member=member)
    transaction.on_commit(partial(notify_join_request_task.delay, request.pk))
    return "requested"


@transaction.atomic
def group_leave(*, member: User, group_id: int) -> None:
    """Leave a group; its posts are hidden from the member at once. A pending request is
    withdrawn instead when the member is not in the group.

    Raises GroupNotFound, NotGroupMember, OwnerCannotLeave.
    """
    group = _locked_group(viewer=member, group_id=group_id)
    if group.viewer_role is None and group.viewer_requested:  # type: ignore[attr-defined]
        JoinRequest.objects.filter(group=group, member=member, status=RequestStatus.PENDING).update(
            status=RequestStatus.WITHDRAWN, responded_at=timezone.now()
        )
        return
    _raise(policies.leave_block_reason(group))
    _remove_member(group, member.pk)


def _pending_request(group: Group, request_id: int) -> JoinRequest:
    request = (
        JoinRequest.objects.select_for_update()
        .filter(pk=request_id, group=group, status=RequestStatus.PENDING)
        .first()
    )
    if request is None:
        raise JoinRequestNotFound()
    return request


@transaction.atomic
def join_request_approve(*, manager: User, group_id: int, request_id: int) -> Membership:
    """Approve a pending join request: the member joins and is told (after commit).

    Raises GroupNotFound, NotGroupManager, JoinRequestNotFound, GroupLimitReached.
    """
    from groups.tasks import notify_join_approved_task

    group = _locked_group(viewer=manager, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    request = _pending_request(group, request_id)
    if Membership.objects.filter(group=group, member_id=request.member_id).exists():
        membership = Membership.objects.get(group=group, member_id=request.member_id)
    else:
        membership = _add_member(group, request.member_id)
    JoinRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.APPROVED, responded_at=timezone.now(), responded_by=manager
    )
    transaction.on_commit(partial(notify_join_approved_task.delay, request.pk))
    return membership


@transaction.atomic
def join_request_reject(*, manager: User, group_id: int, request_id: int) -> None:
    """Reject a pending join request (the member is not told).

    Raises GroupNotFound, NotGroupManager, JoinRequestNotFound.
    """
    group = _locked_group(viewer=manager, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    request = _pending_request(group, request_id)
    JoinRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.REJECTED, responded_at=timezone.now(), responded_by=manager
    )


@transaction.atomic
def group_invite(*, manager: User, group_id: int, member_id: int) -> GroupInvitation:
    """Invite one of the manager's 1st-degree connections (idempotent while pending).

    Raises GroupNotFound, NotGroupManager, MemberNotFound, AlreadyMember, MemberBanned.
    """
    group = _locked_group(viewer=manager, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    connected = (
        Connection.objects.filter(
            member_id=manager.pk,
            other_id=member_id,
            other__is_active=True,
            other__deactivated_at__isnull=True,
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
    group = _locked_group(viewer=member, group_id=group_id)
    GroupInvitation.objects.filter(
        group=group, recipient=member, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.DECLINED)


def _target(group: Group, member_id: int) -> Membership | None:
    return Membership.objects.filter(group=group, member_id=member_id).first()


@transaction.atomic
def member_remove(*, manager: User, group_id: int, member_id: int) -> None:
    """Remove a member from the group; they lose access to its posts at once.

    Raises GroupNotFound, NotGroupManager, RoleNotAllowed, NotGroupMember.
    """
    group = _locked_group(viewer=manager, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    target = _target(group, member_id)
    if target is None:
        raise NotGroupMember("This member is not in the group.")
    _raise(
        policies.moderate_member_block_reason(
            actor_role=group.viewer_role,  # type: ignore[attr-defined]
            actor_id=manager.pk,
            target_role=target.role,
            target_id=member_id,
        )
    )
    _remove_member(group, member_id)


@transaction.atomic
def member_ban(*, manager: User, group_id: int, member_id: int) -> Ban:
    """Ban a member (or anyone) from the group: removed if in it, requests and invitations
    closed, and no joining again until the ban is lifted (idempotent).

    Raises GroupNotFound, NotGroupManager, RoleNotAllowed, MemberNotFound.
    """
    group = _locked_group(viewer=manager, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    if not User.objects.filter(pk=member_id).exists():
        raise MemberNotFound()
    target = _target(group, member_id)
    _raise(
        policies.moderate_member_block_reason(
            actor_role=group.viewer_role,  # type: ignore[attr-defined]
            actor_id=manager.pk,
            target_role=target.role if target else None,
            target_id=member_id,
        )
    )
    _remove_member(group, member_id)
    now = timezone.now()
    JoinRequest.objects.filter(group=group, member_id=member_id, status="pending").update(
        status=RequestStatus.REJECTED, responded_at=now, responded_by=manager
    )
    GroupInvitation.objects.filter(group=group, recipient_id=member_id, status="pending").update(
        status=InvitationStatus.CANCELLED
    )
    ban, _ = Ban.objects.get_or_create(
        group=group, member_id=member_id, defaults={"banned_by": manager}
    )
    return ban


@transaction.atomic
def member_unban(*, manager: User, group_id: int, member_id: int) -> None:
    """Lift a ban (idempotent).

    Raises GroupNotFound, NotGroupManager.
    """
    group = _locked_group(viewer=manager, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    Ban.objects.filter(group=group, member_id=member_id).delete()


def _managers_count(group: Group) -> int:
    return Membership.objects.filter(group=group, role=Role.MANAGER).count()


@transaction.atomic
def member_role_set(*, actor: User, group_id: int, member_id: int, role: str) -> Membership:
    """Make a member a manager (owner and managers may), or a manager a plain member again
    (the owner only). At most GROUP_MANAGERS_MAX managers, counted under the group's lock.

    Raises GroupNotFound, NotGroupManager, NotGroupOwner, NotGroupMember, RoleNotAllowed,
    ManagersLimitReached, InvalidInput.
    """
    if role not in (Role.MANAGER, Role.MEMBER):
        raise InvalidInput({"role": ["Choose manager or member."]})
    group = _locked_group(viewer=actor, group_id=group_id)
    _raise(policies.manage_block_reason(group))
    target = _target(group, member_id)
    if target is None:
        raise NotGroupMember("This member is not in the group.")
    if target.role == Role.OWNER:
        raise RoleNotAllowed("Transfer ownership to change the owner's role.")
    if target.role == role:
        return target
    if role == Role.MEMBER:
        _raise(policies.own_block_reason(group))
    else:
        limit = settings.GROUP_MANAGERS_MAX
        if _managers_count(group) >= limit:
            raise ManagersLimitReached(f"A group has at most {limit} managers.")
    Membership.objects.filter(pk=target.pk).update(role=role)
    target.role = role
    return target


@transaction.atomic
def ownership_transfer(*, owner: User, group_id: int, member_id: int) -> None:
    """Make another member the owner; the old owner stays on as a manager when there is room
    under GROUP_MANAGERS_MAX, else as a member.

    Raises GroupNotFound, NotGroupOwner, NotGroupMember, RoleNotAllowed.
    """
    group = _locked_group(viewer=owner, group_id=group_id)
    _raise(policies.own_block_reason(group))
    target = _target(group, member_id)
    if target is None:
        raise NotGroupMember("This member is not in the group.")
    if target.member_id == owner.pk:
        raise RoleNotAllowed("You already own this group.")
    managers_after = _managers_count(group) - (1 if target.role == Role.MANAGER else 0)
    old_role = Role.MANAGER if managers_after < settings.GROUP_MANAGERS_MAX else Role.MEMBER
    # The old owner steps down first: the partial unique index allows one owner per group.
    Membership.objects.filter(group=group, member=owner).update(role=old_role)
    Membership.objects.filter(pk=target.pk).update(role=Role.OWNER)
