"""Reads of the graph's write side: connections, invitations, limits, relationships."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.cards import card_columns
from accounts.models import Endorsement, User, active_member, active_member_id, skill_key
from accounts.selectors import block_between
from connections.models import (
    Connection,
    ConnectionCount,
    Invitation,
    InvitationQuerySet,
    InvitationStatus,
)
from core.compiled import BoundRows, CompiledQuery


def invitation_expiry_cutoff() -> datetime:
    """Return the creation time before which a pending invitation has expired."""
    return timezone.now() - timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def live_pending_invitations(cutoff: datetime | None = None) -> InvitationQuerySet:
    """Pending invitations that have not yet expired (the task marks expired ones later);
    `cutoff` is `invitation_expiry_cutoff()` unless given."""
    since = cutoff if cutoff is not None else invitation_expiry_cutoff()
    return Invitation.objects.pending().filter(created_at__gte=since)


def are_connected(first_id: int, second_id: int) -> bool:
    """Say whether two members are 1st-degree connections (exact, from PostgreSQL)."""
    return Connection.objects.filter(member_id=first_id, other_id=second_id).exists()


def have_mutual_connection(first_id: int, second_id: int) -> bool:
    """Say whether at least one member is connected to both."""
    return Connection.objects.filter(
        member_id=first_id,
        other_id__in=Connection.objects.filter(member_id=second_id).values("other_id"),
    ).exists()


def connection_count(member_id: int) -> int:
    """Return the member's connection count (the counter row; reconciled periodically)."""
    row = ConnectionCount.objects.filter(member_id=member_id).values_list("count", flat=True)
    return next(iter(row), 0)


def connections_of(
    *, member: User, viewer: User, query: str = "", ordering: str = ""
) -> QuerySet[Connection]:
    """Return `member`'s connections as `viewer` may list them, with each other member.

    `ordering` is "-connected_at" (default) or "last_name"; `query` filters by name.
    """
    return _connections(member.pk, viewer.pk, query, ordering).select_related(
        "other", "other__profile"
    )


def _connections(member_id: int, viewer_id: int, query: str, ordering: str) -> QuerySet[Connection]:
    rows = Connection.objects.filter(active_member_id("other_id"), member_id=member_id).filter(
        ~block_between(viewer_id, "other_id")
    )
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(other__first_name__icontains=word) | Q(other__last_name__icontains=word)
        )
    if ordering == "last_name":
        return rows.order_by("other__last_name", "other__first_name", "other_id")
    return rows.order_by("-created_at", "-id")


# A connection as the lists read it: the other member's id, when they connected, then the
# other member's card values (accounts.cards), which the statement reads for its page alone.
CONNECTION_ROW = ("other_id", "created_at", *card_columns("other"))

# The pages without a name filter, compiled once per ordering (core.compiled); their count
# reads the connections alone, without the cards' joins.
_CONNECTION_ROWS = {
    ordering: CompiledQuery(
        lambda member, viewer, ordering=ordering: _connections(
            member, viewer, "", ordering
        ).values_list(*CONNECTION_ROW),
        counted=lambda member, viewer: _connections(member, viewer, "", "").values_list("pk"),
        member=-7_000_000_021,
        viewer=-7_000_000_022,
    )
    for ordering in ("-connected_at", "last_name")
}


def connection_rows(
    *, member: User, viewer: User, query: str = "", ordering: str = ""
) -> "BoundRows | QuerySet[Connection, tuple[Any, ...]]":
    """`connections_of` as plain rows (CONNECTION_ROW), for a paginator: compiled once per
    ordering, a queryset where a name filter changes its shape."""
    if query.split():
        return _connections(member.pk, viewer.pk, query, ordering).values_list(*CONNECTION_ROW)
    compiled = _CONNECTION_ROWS["last_name" if ordering == "last_name" else "-connected_at"]
    return compiled.bind(member=member.pk, viewer=viewer.pk)


# An invitation as the lists read it: the sender's and recipient's ids first (their cards).
INVITATION_ROW = ("sender_id", "recipient_id", "id", "note", "status", "created_at", "responded_at")


def invitations_received(member: User) -> QuerySet[Invitation]:
    """Return the member's pending received invitations, newest first."""
    return (
        live_pending_invitations()
        .filter(active_member("sender"), recipient=member)
        .filter(~block_between(member.pk, "sender_id"))
        .select_related("sender", "sender__profile", "recipient", "recipient__profile")
        .order_by("-created_at", "-id")
    )


def invitations_sent(member: User) -> QuerySet[Invitation]:
    """Return the member's pending sent invitations, newest first."""
    return (
        live_pending_invitations()
        .filter(sender=member)
        .filter(~block_between(member.pk, "recipient_id"))
        .select_related("sender", "sender__profile", "recipient", "recipient__profile")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class NetworkCounts:
    """My Network's counts: invitations received and sent, connections."""

    received: int
    sent: int
    connections: int


def network_counts(member: User) -> NetworkCounts:
    """Count what My Network lists (three queries), for its pills and the header's badge."""
    return NetworkCounts(
        received=invitations_received(member).count(),
        sent=invitations_sent(member).count(),
        connections=connection_count(member.pk),
    )


def invitations_sent_in_window(sender_id: int) -> QuerySet[Invitation]:
    """Invitations the sender created in the rolling weekly window (any status)."""
    return Invitation.objects.filter(
        sender_id=sender_id, created_at__gte=timezone.now() - timedelta(days=7)
    )


def dont_know_strikes(sender_id: int) -> int:
    """Count the recipients who answered "I don't know this person" to this sender."""
    return Invitation.objects.filter(sender_id=sender_id, status=InvitationStatus.DONT_KNOW).count()


@dataclass(frozen=True)
class Cooldown:
    member: User
    until: datetime


@dataclass(frozen=True)
class MemberLimits:
    invitations_left_this_week: int
    weekly_limit: int
    next_weekly_slot_at: datetime | None
    pending_count: int
    pending_limit: int
    connections_count: int
    connections_max: int
    dont_know_strikes: int
    email_required_for_everyone: bool
    cooldowns: list[Cooldown]
    new_member_until: datetime | None = None  # the lower new-member weekly limit ends then


def member_limits(member: User) -> MemberLimits:
    """Return the member's own limits: weekly quota, pending, cap, strikes, cooldowns."""
    from connections.policies import weekly_invitation_limit  # the policies read this module

    window = list(
        invitations_sent_in_window(member.pk)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    weekly = weekly_invitation_limit(member)
    weekly_limit = weekly.count
    left = max(weekly_limit - len(window), 0)
    next_slot = window[0] + timedelta(days=7) if window and left == 0 else None
    cooldown_start = timezone.now() - timedelta(days=settings.REINVITE_COOLDOWN_DAYS)
    withdrawn = (
        Invitation.objects.filter(
            sender=member, status=InvitationStatus.WITHDRAWN, responded_at__gte=cooldown_start
        )
        .filter(~block_between(member.pk, "recipient_id"))
        .select_related("recipient", "recipient__profile")
        .order_by("-responded_at")
    )
    cooldowns: dict[int, Cooldown] = {}
    for invitation in withdrawn:
        assert invitation.responded_at is not None
        until = invitation.responded_at + timedelta(days=settings.REINVITE_COOLDOWN_DAYS)
        cooldowns.setdefault(invitation.recipient_id, Cooldown(invitation.recipient, until))
    strikes = dont_know_strikes(member.pk)
    return MemberLimits(
        invitations_left_this_week=left,
        weekly_limit=weekly_limit,
        next_weekly_slot_at=next_slot,
        pending_count=live_pending_invitations().filter(sender=member).count(),
        pending_limit=settings.INVITATIONS_PENDING_LIMIT,
        connections_count=connection_count(member.pk),
        connections_max=settings.CONNECTIONS_MAX_PER_MEMBER,
        dont_know_strikes=strikes,
        email_required_for_everyone=strikes >= settings.DONT_KNOW_STRIKES_LIMIT,
        cooldowns=list(cooldowns.values()),
        new_member_until=weekly.new_member_until,
    )


# What relationships_for asks of every page of members, compiled once per process
# (core.compiled): the placeholders stand for the viewer, the page's ids and the expiry cutoff.
_VIEWER, _IDS, _CUTOFF = -7_000_000_001, [-7_000_000_002], datetime(1901, 1, 1, tzinfo=UTC)
_CONNECTED_AMONG = CompiledQuery(
    lambda viewer, ids: Connection.objects.filter(member_id=viewer, other_id__any=ids).values_list(
        "other_id"
    ),
    viewer=_VIEWER,
    ids=_IDS,
)
_PENDING_AMONG = CompiledQuery(
    lambda viewer, ids, cutoff: (
        live_pending_invitations(cutoff)
        .filter(
            Q(sender_id=viewer, recipient_id__any=ids) | Q(recipient_id=viewer, sender_id__any=ids)
        )
        .values_list("sender_id", "recipient_id")
    ),
    viewer=_VIEWER,
    ids=_IDS,
    cutoff=_CUTOFF,
)


def relationships_for(
    viewer: User, member_ids: list[int], *, connected: Collection[int] | None = None
) -> dict[int, str]:
    """Return `self`, `connected`, `invitation_sent`, `invitation_received` or `none` per id.

    `connected`: which of the members are the viewer's connections, as the caller just read
    them with their degrees (network.selectors.viewer_fields_for: the graph cache's 1st
    degree), so the card's relationship and its degree come from one read; the statement that
    would find them is not run."""
    ids = [member_id for member_id in member_ids if member_id != viewer.pk]
    result = dict.fromkeys(ids, "none")
    if viewer.pk in member_ids:
        result[viewer.pk] = "self"
    if not ids:
        return result
    if connected is None:
        connected = [other_id for (other_id,) in _CONNECTED_AMONG.rows(viewer=viewer.pk, ids=ids)]
    for other_id in connected:
        if other_id in result and other_id != viewer.pk:
            result[other_id] = "connected"
    pending = _PENDING_AMONG.rows(viewer=viewer.pk, ids=ids, cutoff=invitation_expiry_cutoff())
    for sender_id, recipient_id in pending:
        if sender_id == viewer.pk and result[recipient_id] == "none":
            result[recipient_id] = "invitation_sent"
        elif recipient_id == viewer.pk and result[sender_id] == "none":
            result[sender_id] = "invitation_received"
    return result


@dataclass
class SkillEndorsements:
    """One listed skill's endorsements as a viewer sees them."""

    skill: str
    endorsements_count: int
    endorsed_by_connections: list[User]
    endorsed_by_me: bool


def skill_endorsements(*, viewer: User, member: User, shown: int = 3) -> list[SkillEndorsements]:
    """Return each skill the member lists, in their order, with its count of endorsements by
    active members, up to `shown` of the viewer's connections who endorsed it (newest first,
    with profiles) and whether the viewer did; two queries whatever the numbers (one without
    any endorsement, none without skills).
    """
    if not member.profile.skills:
        return []
    endorsements = Endorsement.objects.filter(active_member("endorser"), member=member)
    totals = {
        row["skill"]: row
        for row in endorsements.values("skill").annotate(
            count=Count("id"), mine=Count("id", filter=Q(endorser_id=viewer.pk))
        )
    }
    by_connections: dict[str, list[User]] = {}
    if totals:
        viewer_connections = Connection.objects.filter(member=viewer).values("other_id")
        rank = Window(
            RowNumber(),
            partition_by=[F("skill")],
            order_by=[F("created_at").desc(), F("id").desc()],
        )
        rows = (
            endorsements.filter(endorser_id__in=viewer_connections)
            .filter(~block_between(viewer.pk, "endorser_id"))
            .annotate(rank=rank)
            .filter(rank__lte=shown)
            .select_related("endorser", "endorser__profile")
            .order_by("skill", "rank")
        )
        for row in rows:
            by_connections.setdefault(row.skill, []).append(row.endorser)
    result = []
    for skill in member.profile.skills:
        key = skill_key(skill)
        total = totals.get(key, {"count": 0, "mine": 0})
        result.append(
            SkillEndorsements(
                skill=skill,
                endorsements_count=total["count"],
                endorsed_by_connections=by_connections.get(key, []),
                endorsed_by_me=bool(total["mine"]),
            )
        )
    return result
