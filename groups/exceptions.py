"""Group errors, with the codes of API.md ("Groups") and docs/groups.md."""

from core.exceptions import DomainError, InvalidInput

__all__ = [
    "AlreadyMember",
    "GroupBanned",
    "GroupLimitReached",
    "GroupNotFound",
    "InvalidInput",
    "JoinRequestNotFound",
    "ManagersLimitReached",
    "MemberBanned",
    "NotGroupManager",
    "NotGroupMember",
    "NotGroupOwner",
    "OwnerCannotLeave",
    "RoleNotAllowed",
]


class GroupNotFound(DomainError):
    """Missing, or unlisted and the viewer neither a member nor invited: indistinguishable."""

    code = "group_not_found"
    status = 404
    default_detail = "Group not found."


class NotGroupMember(DomainError):
    code = "not_group_member"
    status = 403
    default_detail = "Only members of this group can do this. Join the group first."


class NotGroupManager(DomainError):
    code = "not_group_manager"
    status = 403
    default_detail = "Only the group's owner and managers can do this."


class NotGroupOwner(DomainError):
    code = "not_group_owner"
    status = 403
    default_detail = "Only the group's owner can do this."


class RoleNotAllowed(DomainError):
    """A manager acting on the owner or another manager, or anyone on themselves."""

    code = "role_not_allowed"
    status = 403
    default_detail = "You cannot do this to a member with this role."


class AlreadyMember(DomainError):
    code = "already_member"
    status = 409
    default_detail = "This member is already in the group."


class GroupBanned(DomainError):
    code = "group_banned"
    status = 403
    default_detail = "You cannot join this group."


class MemberBanned(DomainError):
    code = "member_banned"
    status = 409
    default_detail = "This member is banned from the group; lift the ban first."


class OwnerCannotLeave(DomainError):
    code = "owner_cannot_leave"
    status = 409
    default_detail = "The owner cannot leave the group; transfer ownership first."


class GroupLimitReached(DomainError):
    code = "group_limit_reached"
    status = 409
    default_detail = "A member can be in at most {limit} groups."


class ManagersLimitReached(DomainError):
    code = "managers_limit_reached"
    status = 409
    default_detail = "A group has at most {limit} managers."


class JoinRequestNotFound(DomainError):
    code = "join_request_not_found"
    status = 404
    default_detail = "Join request not found."
