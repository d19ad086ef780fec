"""Reads about members: visibility (blocks, deactivation), profiles, blocked lists."""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.cards import card_columns
from accounts.exceptions import MemberNotFound
from accounts.models import Block, Education, MemberQuerySet, Position, User
from core.compiled import BoundRows, CompiledQuery


def hidden_from_each_other(first_id: int, second_id: int) -> bool:
    """Say whether a block in force, either way, hides these two members from each other."""
    return (
        Block.objects.in_force()
        .filter(
            Q(blocker_id=first_id, blocked_id=second_id)
            | Q(blocker_id=second_id, blocked_id=first_id)
        )
        .exists()
    )


# Every degree badge asks it, and compiling the queryset costs more than running it: compiled
# once (core.compiled), read on the primary as before.
_HIDDEN_ROWS = CompiledQuery(
    lambda member: (
        Block.objects.in_force()
        .filter(Q(blocker_id=member) | Q(blocked_id=member))
        .values_list("blocker_id", "blocked_id")
    ),
    member=-7_000_000_001,
)


def hidden_member_ids(member_id: int) -> set[int]:
    """Return the ids of every member hidden from `member_id` by a block, either way."""
    rows = _HIDDEN_ROWS.rows(member=member_id, using=DEFAULT_DB_ALIAS)
    return {other for pair in rows for other in pair if other != member_id}


def block_between(viewer_id: int, member_ref: OuterRef | str = "pk") -> Exists:
    """Build an EXISTS that is true when a block in force stands between viewer and the row.

    `member_ref` names the outer column holding the other member's id. Every query that
    shows members to a member filters with `~block_between(...)`: one rule, one place.
    """
    ref = OuterRef(member_ref) if isinstance(member_ref, str) else member_ref
    return Exists(
        Block.objects.in_force().filter(
            Q(blocker_id=viewer_id, blocked_id=ref) | Q(blocker_id=ref, blocked_id=viewer_id)
        )
    )


def visible_members(viewer: User) -> MemberQuerySet:
    """Return the members `viewer` may see at all: active, not deactivated, not blocked."""
    return (
        User.objects.active()
        .exclude(pk=viewer.pk)
        .filter(~block_between(viewer.pk))
        .select_related("profile")
    )


def access_member(*, viewer: User, member_id: int, with_history: bool = True) -> User:
    """Return the member with their profile (and work history and education unless
    `with_history` is False), or the same not-found for missing and hidden.

    Raises MemberNotFound.
    """
    if member_id == viewer.pk:
        queryset: QuerySet[User] = User.objects.filter(pk=viewer.pk)
    else:
        queryset = visible_members(viewer).filter(pk=member_id)
    queryset = queryset.select_related("profile")
    if with_history:
        queryset = queryset.prefetch_related(
            Prefetch("positions", queryset=Position.objects.order_by("-start_date", "-id")),
            Prefetch("education", queryset=Education.objects.order_by("-end_year", "-id")),
        )
    member = queryset.first()
    if member is None:
        raise MemberNotFound()
    return member


def blocked_members_for(viewer: User) -> QuerySet[Block]:
    """Return the blocks in force that `viewer` made, newest first, with the blocked member."""
    return _blocks_made(viewer.pk).select_related("blocked", "blocked__profile")


def blocked_member_rows(viewer: User) -> BoundRows:
    """`blocked_members_for` as plain rows for a paginator (compiled once): the blocked
    member's card values (accounts.cards), then when the block was made."""
    return _BLOCKED_ROWS.bind(viewer=viewer.pk)


def _blocks_made(viewer_id: int) -> QuerySet[Block]:
    return Block.objects.in_force().filter(blocker_id=viewer_id).order_by("-created_at", "-id")


_BLOCKED_ROWS = CompiledQuery(
    lambda viewer: _blocks_made(viewer).values_list(*card_columns("blocked"), "created_at"),
    viewer=-7_000_000_051,
)


@dataclass(frozen=True)
class ProfileStrength:
    percent: int
    hints: list[str]


def profile_strength(member: User) -> ProfileStrength:
    """Score how complete a profile is and say what to add next (uses prefetched history)."""
    profile = member.profile
    checks = [
        (bool(profile.photo), 15, "Add a photo so people recognise you."),
        (bool(profile.headline), 15, "Write a headline that says what you do."),
        (bool(profile.current_title and profile.current_company), 15, "Add your current position."),
        (bool(profile.industry), 10, "Choose your industry."),
        (bool(profile.location), 10, "Add your location."),
        (bool(profile.summary), 10, "Write a short summary about yourself."),
        (bool(member.positions.all()), 10, "Add your work history."),
        (bool(member.education.all()), 10, "Add your education."),
        (len(profile.skills) >= 3, 5, "List at least three skills."),
    ]
    percent = sum(weight for done, weight, _ in checks if done)
    hints = [hint for done, _, hint in checks if not done]
    return ProfileStrength(percent=percent, hints=hints)


def email_confirmed(member: User) -> bool:
    """Say whether the member confirmed their login address (django-allauth's EmailAddress)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(
        user_id=member.pk, email__iexact=member.email, verified=True
    ).exists()
