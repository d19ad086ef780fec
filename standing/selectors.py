"""Reads of a member's standing: their sanctions with appeals, and what they hid by reporting."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from standing.models import (
    HiddenContent,
    HiddenKind,
    Sanction,
    SanctionKind,
    restriction_in_force,
)


@dataclass(frozen=True)
class Standing:
    """`status` is good, restricted or suspended; `sanctions` newest first."""

    status: str
    sanctions: list[Sanction]


def sanctions_of(member_id: int) -> QuerySet[Sanction]:
    """Return a member's sanctions, newest first, each with its appeal (one query)."""
    return (
        Sanction.objects.filter(member_id=member_id)
        .select_related("appeal")
        .order_by("-created_at", "-id")
    )


def standing_for(member: User) -> Standing:
    """Return the member's standing: suspended, restricted (a restriction in force) or good."""
    sanctions = list(sanctions_of(member.pk))
    if not member.is_active:
        status = "suspended"
    elif any(sanction.is_in_force() for sanction in sanctions):
        status = "restricted"
    else:
        status = "good"
    return Standing(status=status, sanctions=sanctions)


def suspension_of(member_id: int) -> Sanction | None:
    """Return the member's latest suspension, lifted or not, with its appeal (one query)."""
    return (
        Sanction.objects.filter(member_id=member_id, kind=SanctionKind.SUSPENSION)
        .select_related("appeal")
        .order_by("-created_at", "-id")
        .first()
    )


def restrictions_in_force(member_id: int) -> QuerySet[Sanction]:
    """Return the member's restrictions in force now."""
    return Sanction.objects.filter(restriction_in_force(), member_id=member_id)


def hidden_for(viewer_id: int, kind: HiddenKind, ref: str | OuterRef = "pk") -> Q:
    """EXISTS true when the viewer reported the row (`ref`: its id): they no longer see it."""
    return Q(
        Exists(
            HiddenContent.objects.filter(
                member_id=viewer_id,
                kind=kind,
                object_id=OuterRef(ref) if isinstance(ref, str) else ref,
            )
        )
    )


def hidden_ids(viewer_id: int, kind: HiddenKind) -> QuerySet[HiddenContent, int]:
    """The ids of the rows of `kind` the viewer reported (for an `IN`: `hidden_for`'s rows)."""
    return HiddenContent.objects.filter(member_id=viewer_id, kind=kind).values_list(
        "object_id", flat=True
    )
