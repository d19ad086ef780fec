"""Reads of groups: the directory, one group as a viewer sees it, members, requests, and the
shared groups of a page of members. Visibility in one place (`groups_visible_to`): a listed
group is seen by every member; an unlisted one only by its members and the invited. Anything
else is GroupNotFound, the same as a missing id."""

from collections import defaultdict
from collections.abc import Collection

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from accounts.cards import card_columns
from accounts.models import User, active_member
from accounts.selectors import block_between
from groups.exceptions import GroupNotFound
from groups.models import (
    Ban,
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
    Visibility,
)


def _invited(viewer_id: int, group_ref: str = "pk") -> Exists:
    return Exists(
        GroupInvitation.objects.filter(
            group_id=OuterRef(group_ref), recipient_id=viewer_id, status=InvitationStatus.PENDING
        )
    )


def _role_of(viewer_id: int) -> Subquery:
    return Subquery(
        Membership.objects.filter(group_id=OuterRef("pk"), member_id=viewer_id).values("role")[:1]
    )


def groups_visible_to(viewer: User) -> QuerySet[Group]:
    """Return the groups `viewer` may know exist, each with `viewer_role` (or None)."""
    return Group.objects.annotate(viewer_role=_role_of(viewer.pk)).filter(
        Q(visibility=Visibility.LISTED) | Q(viewer_role__isnull=False) | _invited(viewer.pk)
    )


def access_group(*, viewer: User, group_id: int) -> Group:
    """Return the group with `viewer_role`, `viewer_invited`, `viewer_requested` and
    `viewer_banned`, or the same not-found for missing and hidden (one query).

    Raises GroupNotFound.
    """
    group = (
        groups_visible_to(viewer)
        .annotate(
            viewer_invited=_invited(viewer.pk),
            viewer_requested=Exists(
                JoinRequest.objects.filter(
                    group_id=OuterRef("pk"), member_id=viewer.pk, status=RequestStatus.PENDING
                )
            ),
            viewer_banned=Exists(Ban.objects.filter(group_id=OuterRef("pk"), member_id=viewer.pk)),
        )
        .select_related("pinned_post")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise GroupNotFound()
    return group


def group_list(
    viewer: User, *, query: str = "", industry: str = "", mine: bool = False
) -> QuerySet[Group]:
    """Return the directory: listed groups (and the viewer's own and invited ones), the
    largest first; `query` matches every word in the name or description."""
    groups = groups_visible_to(viewer)
    if mine:
        groups = groups.filter(viewer_role__isnull=False)  # type: ignore[misc]
    if industry:
        groups = groups.filter(industry=industry)
    for word in query.split()[:5]:
        groups = groups.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return groups.order_by("-member_count", "-id")


def membership_of(member_id: int, group_id: int) -> Membership | None:
    """Return the member's membership of the group, if any."""
    return Membership.objects.filter(member_id=member_id, group_id=group_id).first()


ROLE_ORDER = Case(
    When(role=Role.OWNER, then=Value(0)),
    When(role=Role.MANAGER, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


# A membership as the members lists read it: role, joined, then the member's card values.
MEMBER_ROW = ("role", "created_at", *card_columns("member"))


def group_members(viewer: User, group: Group) -> QuerySet[Membership]:
    """Return the group's memberships the viewer may see (no block either way, active
    accounts), owner and managers first, with members and profiles."""
    return (
        Membership.objects.filter(active_member("member"), group=group)
        .filter(~block_between(viewer.pk, "member_id"))
        .select_related("member", "member__profile")
        .order_by(ROLE_ORDER, "created_at", "id")
    )


def join_requests_for(viewer: User, group: Group) -> QuerySet[JoinRequest]:
    """Return the group's pending join requests, oldest first, with members and profiles."""
    return (
        JoinRequest.objects.filter(group=group, status=RequestStatus.PENDING)
        .filter(~block_between(viewer.pk, "member_id"))
        .select_related("member", "member__profile")
        .order_by("created_at", "id")
    )


def bans_for(group: Group) -> QuerySet[Ban]:
    """Return the group's bans, newest first, with members."""
    return Ban.objects.filter(group=group).select_related("member").order_by("-created_at", "-id")


def manager_ids(group_id: int, *, visible_to: int | None = None) -> list[int]:
    """Return the ids of the group's owner and managers (only those with no block either way
    with member `visible_to`, when given)."""
    managers = Membership.objects.filter(group_id=group_id, role__in=[Role.OWNER, Role.MANAGER])
    if visible_to is not None:
        managers = managers.filter(~block_between(visible_to, "member_id"))
    return list(managers.order_by("member_id").values_list("member_id", flat=True))


def invitations_for(member: User) -> QuerySet[GroupInvitation]:
    """Return the member's pending group invitations, newest first."""
    return (
        GroupInvitation.objects.filter(recipient=member, status=InvitationStatus.PENDING)
        .filter(~block_between(member.pk, "sender_id"))
        .select_related("group", "sender", "sender__profile")
        .order_by("-created_at", "-id")
    )


def shared_group_names(
    viewer: User, member_ids: Collection[int], *, limit: int = 3
) -> dict[int, list[str]]:
    """Return, for each of `member_ids` sharing a group with `viewer`, the names of up to
    `limit` shared groups (alphabetical). One query for the whole page; members sharing
    nothing are absent. Group names are not secret to a fellow member, listed or not."""
    if not member_ids:
        return {}
    rows = (
        Membership.objects.filter(member_id__in=sorted(set(member_ids)))
        .exclude(member_id=viewer.pk)
        .filter(Exists(Membership.objects.filter(group_id=OuterRef("group_id"), member=viewer)))
        .order_by("member_id", "group__name")
        .values_list("member_id", "group__name")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for member_id, name in rows:
        if len(names[member_id]) < limit:
            names[member_id].append(name)
    return dict(names)


def group_count_of(member_id: int) -> int:
    """Count the groups a member is in."""
    return Membership.objects.filter(member_id=member_id).count()


def groups_findable_by(viewer: User) -> QuerySet[Group]:
    """Return the groups search and typeahead may show `viewer`, each with `viewer_role`:
    listed groups and the viewer's own. An unlisted group is never found by a non-member
    (an invited member reaches it through the invitation, not through search)."""
    return Group.objects.annotate(viewer_role=_role_of(viewer.pk)).filter(
        Q(visibility=Visibility.LISTED) | Q(viewer_role__isnull=False)
    )
