"""Where a new member starts: people to connect with and popular groups to join, for a member
with (almost) no connections, whom people you may know cannot help (it ranks 2nd degree).

People are ranked by what they share with the viewer's profile (current company, a school,
location), then by how well connected they are; only members the viewer may see and invite
are offered: active, no block either way, visible to members out of their network, inviting
from everyone, not already connected, invited either way or dismissed. Groups are the
largest listed ones the viewer is not in (nor banned from). A constant number of queries
whatever the network's size: the viewer's schools, the people, the groups.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.models import Education, InvitationsFrom, User
from accounts.selectors import visible_members
from connections.models import Connection, ConnectionCount
from connections.selectors import live_pending_invitations
from groups.models import Ban, Group
from groups.selectors import groups_findable_by
from network.models import SuggestionDismissal
from network.selectors.nearness import nearness_for
from network.selectors.suggestions import Suggestion

STARTER_BELOW_CONNECTIONS = 3  # the section shows while a member has fewer connections
STARTER_PEOPLE = 6
STARTER_GROUPS = 4


@dataclass(frozen=True)
class Starter:
    people: list[Suggestion]
    groups: list[Group]


def starter_for(
    viewer: User, *, people: int = STARTER_PEOPLE, groups: int = STARTER_GROUPS
) -> Starter | None:
    """Return people and groups for a member with fewer than STARTER_BELOW_CONNECTIONS
    connections, or None for anyone else (people you may know serves them)."""
    connections = (
        ConnectionCount.objects.filter(member=viewer).values_list("count", flat=True).first()
    )
    if (connections or 0) >= STARTER_BELOW_CONNECTIONS:
        return None
    return Starter(
        people=starter_people(viewer, limit=people), groups=popular_groups(viewer, groups)
    )


def starter_people(viewer: User, *, limit: int = STARTER_PEOPLE) -> list[Suggestion]:
    """Members to start with, each with why (the shared company, school or location, or how
    well connected they are), each carrying `nearness` for the degree badge."""
    profile = viewer.profile
    schools = list(
        Education.objects.filter(member=viewer).exclude(school="").values_list("school", flat=True)
    )
    members = list(
        _candidates(viewer)
        .annotate(
            same_company=_same(
                Q(profile__current_company=profile.current_company), profile.current_company
            ),
            same_location=_same(Q(profile__location=profile.location), profile.location),
            shared_school=_shared_school(schools),
            connections_total=Coalesce(F("connection_count__count"), Value(0)),
        )
        .annotate(
            shared=F("same_company")
            + F("same_location")
            + Case(When(shared_school__isnull=False, then=Value(1)), default=Value(0))
        )
        .order_by("-shared", "-connections_total", "pk")[:limit]
    )
    near = nearness_for(viewer, [member.pk for member in members])
    for member in members:
        member.nearness = near.get(member.pk)  # type: ignore[attr-defined]
    return [
        Suggestion(
            member,
            near[member.pk].mutual_connections_count if member.pk in near else 0,
            _reasons(member),
        )
        for member in members
    ]


def _candidates(viewer: User) -> QuerySet[User]:
    invited = live_pending_invitations().filter(
        Q(sender=viewer, recipient=OuterRef("pk")) | Q(sender=OuterRef("pk"), recipient=viewer)
    )
    return (
        visible_members(viewer)
        .filter(profile_visible_to_out_of_network=True, invitations_from=InvitationsFrom.EVERYONE)
        .exclude(is_staff=True)
        .filter(~Exists(Connection.objects.filter(member=viewer, other=OuterRef("pk"))))
        .filter(~Exists(invited))
        .filter(
            ~Exists(SuggestionDismissal.objects.filter(member=viewer, dismissed=OuterRef("pk")))
        )
    )


def _same(condition: Q, value: str) -> Case:
    if not value:
        return Value(0, output_field=IntegerField())  # type: ignore[return-value]
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _shared_school(schools: list[str]) -> Subquery | Value:
    if not schools:
        return Value(None, output_field=Education._meta.get_field("school"))
    shared = Education.objects.filter(member=OuterRef("pk"), school__in=schools).order_by("school")
    return Subquery(shared.values("school")[:1])


def _reasons(member: User) -> list[str]:
    profile = member.profile
    reasons = []
    if member.same_company:  # type: ignore[attr-defined]
        reasons.append(f"Both work at {profile.current_company}")
    if member.shared_school:  # type: ignore[attr-defined]
        reasons.append(f"Both studied at {member.shared_school}")  # type: ignore[attr-defined]
    if member.same_location:  # type: ignore[attr-defined]
        reasons.append(f"Both in {profile.location}")
    count = member.connections_total  # type: ignore[attr-defined]
    if not reasons and count:
        reasons.append(f"Well connected: {count} connection{'s' if count != 1 else ''}")
    return reasons


def popular_groups(viewer: User, limit: int = STARTER_GROUPS) -> list[Group]:
    """The largest listed groups the viewer is not in and not banned from."""
    return list(
        groups_findable_by(viewer)
        .filter(visibility="listed", viewer_role__isnull=True)  # type: ignore[misc]
        .filter(~Exists(Ban.objects.filter(group=OuterRef("pk"), member=viewer)))
        .order_by("-member_count", "-id")[:limit]
    )
