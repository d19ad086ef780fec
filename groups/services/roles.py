"""Writes of roles and moderation of members: remove, ban, unban, appoint and dismiss
managers, transfer ownership."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.exceptions import MemberNotFound
from accounts.models import User
from groups import policies
from groups.exceptions import (
    InvalidInput,
    ManagersLimitReached,
    RoleNotAllowed,
)
from groups.models import (
    Ban,
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
)
from groups.services.core import (
    locked_group,
    membership_in,
    raise_if,
    remove_member,
    target_membership,
)


@transaction.atomic
def member_remove(*, manager: User, group_id: int, member_id: int) -> None:
    """Remove a member from the group; they lose access to its posts at once.

    Raises GroupNotFound, NotGroupManager, RoleNotAllowed, NotGroupMember.
    """
    group = locked_group(viewer=manager, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
    target = target_membership(group, member_id)
    raise_if(
        policies.moderate_member_block_reason(
            actor_role=group.viewer_role,  # type: ignore[attr-defined]
            actor_id=manager.pk,
            target_role=target.role,
            target_id=member_id,
        )
    )
    remove_member(group, member_id)


@transaction.atomic
def member_ban(*, manager: User, group_id: int, member_id: int) -> Ban:
    """Ban a member (or anyone) from the group: removed if in it, requests and invitations
    closed, and no joining again until the ban is lifted (idempotent).

    Raises GroupNotFound, NotGroupManager, RoleNotAllowed, MemberNotFound.
    """
    group = locked_group(viewer=manager, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
    if not User.objects.filter(pk=member_id).exists():
        raise MemberNotFound()
    target = membership_in(group, member_id)
    raise_if(
        policies.moderate_member_block_reason(
            actor_role=group.viewer_role,  # type: ignore[attr-defined]
            actor_id=manager.pk,
            target_role=target.role if target else None,
            target_id=member_id,
        )
    )
    remove_member(group, member_id)
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
    group = locked_group(viewer=manager, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
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
    group = locked_group(viewer=actor, group_id=group_id)
    raise_if(policies.manage_block_reason(group))
    target = target_membership(group, member_id)
    if target.role == Role.OWNER:
        raise RoleNotAllowed("Transfer ownership to change the owner's role.")
    if target.role == role:
        return target
    if role == Role.MEMBER:
        raise_if(policies.own_block_reason(group))
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
    group = locked_group(viewer=owner, group_id=group_id)
    raise_if(policies.own_block_reason(group))
    target = target_membership(group, member_id)
    if target.member_id == owner.pk:
        raise RoleNotAllowed("You already own this group.")
    managers_after = _managers_count(group) - (1 if target.role == Role.MANAGER else 0)
    old_role = Role.MANAGER if managers_after < settings.GROUP_MANAGERS_MAX else Role.MEMBER
    # The old owner steps down first: the partial unique index allows one owner per group.
    Membership.objects.filter(group=group, member=owner).update(role=old_role)
    Membership.objects.filter(pk=target.pk).update(role=Role.OWNER)
