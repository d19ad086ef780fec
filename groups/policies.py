"""May this member do that in this group? The reason, or None: one answer for the service,
the page's buttons and the API."""

from accounts.models import User
from accounts.policies import email_unconfirmed_reason
from core.exceptions import DomainError
from groups.exceptions import (
    AlreadyMember,
    GroupBanned,
    NotGroupManager,
    NotGroupMember,
    NotGroupOwner,
    OwnerCannotLeave,
    RoleNotAllowed,
)
from groups.models import MANAGING_ROLES, Group, Role


def _role(group: Group) -> str | None:
    return getattr(group, "viewer_role", None)


def group_create_block_reason(member: User) -> DomainError | None:
    """Say why the member may not create a group now (an unconfirmed email), or None."""
    return email_unconfirmed_reason(member)


def member_block_reason(group: Group) -> DomainError | None:
    """Say why the viewer (whose role `access_group` annotated) is not a member, or None."""
    return None if _role(group) else NotGroupMember()


def manage_block_reason(group: Group) -> DomainError | None:
    """Say why the viewer may not moderate the group (owner and managers may), or None."""
    return None if _role(group) in MANAGING_ROLES else NotGroupManager()


def own_block_reason(group: Group) -> DomainError | None:
    """Say why the viewer may not do what only the owner may, or None."""
    return None if _role(group) == Role.OWNER else NotGroupOwner()


def join_block_reason(group: Group) -> DomainError | None:
    """Say why the viewer may not join (or ask to join) the group, or None."""
    if _role(group):
        return AlreadyMember("You are already a member of this group.")
    if getattr(group, "viewer_banned", False):
        return GroupBanned()
    return None


def leave_block_reason(group: Group) -> DomainError | None:
    """Say why the viewer may not leave the group, or None."""
    role = _role(group)
    if role is None:
        return NotGroupMember("You are not a member of this group.")
    if role == Role.OWNER:
        return OwnerCannotLeave()
    return None


def moderate_member_block_reason(
    *, actor_role: str | None, actor_id: int, target_role: str | None, target_id: int
) -> DomainError | None:
    """Say why a member with `actor_role` may not remove or ban a member with `target_role`:
    managers act on plain members, the owner on managers too; nobody on the owner or
    themselves."""
    if actor_role not in MANAGING_ROLES:
        return NotGroupManager()
    if actor_id == target_id:
        return RoleNotAllowed("You cannot do this to yourself; leave the group instead.")
    if target_role == Role.OWNER:
        return RoleNotAllowed("Nobody can remove or ban the group's owner.")
    if target_role == Role.MANAGER and actor_role != Role.OWNER:
        return RoleNotAllowed("Only the owner can remove or ban a manager.")
    return None
