"""Site moderators' writes on groups (Django admin).

A moderator is not a member of the group, so these skip the role checks of groups.services,
but nothing else: they take the same group-row lock and change state through the same helpers
(member_count kept right, one owner, the member's group limit, notifications after commit).
Django admin's permissions decide who may call them.
"""

from django.db import transaction

from accounts.models import User
from groups import services
from groups.exceptions import JoinRequestNotFound, RoleNotAllowed
from groups.models import Ban, Group, JoinRequest, Membership, Role, Visibility


def _locked(group_id: int) -> Group:
    services.lock_group(group_id)
    return Group.objects.get(pk=group_id)


@transaction.atomic
def group_update_as_staff(*, group_id: int, **fields: object) -> Group:
    """Change a group's details and settings.

    Raises GroupNotFound, InvalidInput.
    """
    group = _locked(group_id)
    return services.apply_group_fields(group, services.clean_group_fields(fields))


def groups_make_unlisted(*, group_ids: list[int]) -> int:
    """Hide groups from the directory and search (members keep them); return how many changed."""
    changed = 0
    for group_id in sorted(group_ids):
        with transaction.atomic():
            group = _locked(group_id)
            if group.visibility != Visibility.UNLISTED:
                services.apply_group_fields(group, {"visibility": Visibility.UNLISTED})
                changed += 1
    return changed


@transaction.atomic
def group_delete_as_staff(*, group_id: int) -> None:
    """Delete a group with its memberships and discussions.

    Raises GroupNotFound.
    """
    _locked(group_id).delete()


@transaction.atomic
def membership_remove_as_staff(*, group_id: int, member_id: int) -> None:
    """Take a member out of a group (they lose its posts at once); never the owner, who would
    leave the group without one.

    Raises GroupNotFound, NotGroupMember, RoleNotAllowed.
    """
    group = _locked(group_id)
    membership = services.target_membership(group, member_id)
    if membership.role == Role.OWNER:
        raise RoleNotAllowed("The owner cannot be removed; delete the group instead.")
    services.remove_member(group, member_id)


def _pending(request_id: int) -> tuple[Group, JoinRequest]:
    group_id = JoinRequest.objects.filter(pk=request_id).values_list("group_id", flat=True).first()
    if group_id is None:
        raise JoinRequestNotFound()
    group = _locked(group_id)
    return group, services.pending_request(group, request_id)


@transaction.atomic
def join_request_approve_as_staff(*, moderator: User, request_id: int) -> Membership:
    """Approve a pending join request: the member joins (within their group limit) and is told.

    Raises JoinRequestNotFound, GroupLimitReached.
    """
    group, request = _pending(request_id)
    return services.approve_request(group, request, responder=moderator)


@transaction.atomic
def join_request_reject_as_staff(*, moderator: User, request_id: int) -> None:
    """Reject a pending join request.

    Raises JoinRequestNotFound.
    """
    _group, request = _pending(request_id)
    services.reject_request(request, responder=moderator)


@transaction.atomic
def ban_lift_as_staff(*, group_id: int, member_id: int) -> None:
    """Lift a ban (idempotent).

    Raises GroupNotFound.
    """
    group = _locked(group_id)
    Ban.objects.filter(group=group, member_id=member_id).delete()
