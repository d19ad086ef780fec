"""What every write of groups shares: the locks, adding and removing a member under them, the
group's editable fields, deciding on a join request. Used by
groups.services' member-facing writes and by groups.moderation (the admin's)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import MemberNotFound
from accounts.models import User
from core.exceptions import DomainError
from groups import selectors
from groups.exceptions import (
    AlreadyMember,
    GroupLimitReached,
    GroupNotFound,
    InvalidInput,
    JoinRequestNotFound,
    NotGroupMember,
)
from groups.models import (
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
from notifications.models import NotificationKind
from notifications.services import notify_after_commit

GROUP_FIELDS = ("name", "description", "rules", "industry", "visibility", "join_policy")
EDITABLE_FIELDS = (*GROUP_FIELDS, "posts_need_approval")


def raise_if(reason: DomainError | None) -> None:
    """Raise a policy's reason, if it gave one."""
    if reason is not None:
        raise reason


def lock_group(group_id: int) -> None:
    """Lock the group's row: every change of its members, roles and settings takes it first.

    Raises GroupNotFound.
    """
    if not Group.objects.select_for_update().filter(pk=group_id).exists():
        raise GroupNotFound()


def locked_group(*, viewer: User, group_id: int) -> Group:
    """Lock the group's row and return it as `viewer` sees it (role read under the lock).

    Raises GroupNotFound.
    """
    lock_group(group_id)
    return selectors.access_group(viewer=viewer, group_id=group_id)


def lock_member(member_id: int) -> User:
    """Lock the member's row, which serializes the checks of their number of groups.

    Raises MemberNotFound.
    """
    # FOR NO KEY UPDATE: does not block the rows that merely reference the member (their
    # inserts take FOR KEY SHARE).
    member = User.objects.select_for_update(no_key=True).filter(pk=member_id).first()
    if member is None:
        raise MemberNotFound()
    return member


def check_group_limit(member_id: int) -> None:
    """Raise GroupLimitReached when the member (whose row the caller locked) is at the limit."""
    limit = settings.GROUPS_PER_MEMBER_MAX
    if selectors.group_count_of(member_id) >= limit:
        raise GroupLimitReached(f"A member can be in at most {limit} groups.")


def clean_group_fields(fields: dict[str, object]) -> dict[str, object]:
    """Return the editable fields, trimmed and checked.

    Raises InvalidInput.
    """
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


def apply_group_fields(group: Group, data: dict[str, object], *, logo: object = None) -> Group:
    """Save cleaned details and settings on a group whose row the caller locked."""
    for name, value in data.items():
        setattr(group, name, value)
    if logo:
        group.logo = logo
        data = {**data, "logo": logo}
    if data:
        group.save(update_fields=list(data))
    return group


def add_member(group: Group, member_id: int, role: str = Role.MEMBER) -> Membership:
    """Add a member to a group whose row the caller locked; close their request/invitation.

    Raises GroupLimitReached, AlreadyMember.
    """
    lock_member(member_id)
    check_group_limit(member_id)
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


def remove_member(group: Group, member_id: int) -> bool:
    """Take a member out of a group whose row the caller locked; say whether they were in it."""
    deleted, _ = Membership.objects.filter(group=group, member_id=member_id).delete()
    if deleted:
        Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
    return bool(deleted)


def membership_in(group: Group, member_id: int) -> Membership | None:
    """Return the member's membership of the group, if any."""
    return Membership.objects.filter(group=group, member_id=member_id).first()


def target_membership(group: Group, member_id: int) -> Membership:
    """Return the membership of the member an action is aimed at.

    Raises NotGroupMember.
    """
    membership = membership_in(group, member_id)
    if membership is None:
        raise NotGroupMember("This member is not in the group.")
    return membership


def pending_request(group: Group, request_id: int) -> JoinRequest:
    """Lock and return the group's pending join request.

    Raises JoinRequestNotFound.
    """
    request = (
        JoinRequest.objects.select_for_update()
        .filter(pk=request_id, group=group, status=RequestStatus.PENDING)
        .first()
    )
    if request is None:
        raise JoinRequestNotFound()
    return request


def approve_request(group: Group, request: JoinRequest, *, responder: User) -> Membership:
    """Add the requester to a group whose row the caller locked, close the request and tell
    the member (after commit).

    Raises GroupLimitReached.
    """
    membership = membership_in(group, request.member_id) or add_member(group, request.member_id)
    JoinRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.APPROVED, responded_at=timezone.now(), responded_by=responder
    )
    kind = NotificationKind.GROUP_JOIN_APPROVED
    notify_after_commit(
        [request.member_id],
        kind=kind,
        text=f"You are now a member of {group.name}.",
        dedupe_key=f"{kind}:{request.pk}",
        link=reverse("groups:detail", args=[group.pk]),
        actor_id=responder.pk,
    )
    return membership


def reject_request(request: JoinRequest, *, responder: User) -> None:
    """Close a pending join request as rejected (the member is not told)."""
    JoinRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.REJECTED, responded_at=timezone.now(), responded_by=responder
    )
