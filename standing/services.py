"""Writes of standing: sanctions made and lifted (called by moderation's services, which write
the audit log in the same transaction; a suspension goes through accounts' services), appeals,
and hiding what a member reported."""

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import member_suspend, member_unsuspend
from core.exceptions import InvalidInput
from standing.exceptions import AppealExists, NotSuspended, SanctionNotFound
from standing.models import (
    Appeal,
    AppealStatus,
    HiddenContent,
    HiddenKind,
    RestrictedAction,
    Sanction,
    SanctionKind,
)
from standing.selectors import suspension_of

APPEAL_MAX_LENGTH = 2000


def clean_actions(actions: object) -> list[str]:
    """Return the restricted actions, sorted and once each.

    Raises InvalidInput.
    """
    if not isinstance(actions, list | tuple) or not actions:
        raise InvalidInput({"actions": ["Choose at least one of: invite, message, post."]})
    if any(action not in RestrictedAction.values for action in actions):
        raise InvalidInput({"actions": ["Choose among: invite, message, post."]})
    return sorted(set(actions))


def sanction_create(
    *,
    member: User,
    kind: str,
    reason: str,
    actions: Sequence[str] = (),
    until: datetime | None = None,
    automatic: bool = False,
    by: User | None = None,
) -> Sanction:
    """Record a warning, a restriction of `actions` (until `until`, or until lifted) or a
    suspension (until lifted: `accounts.services.member_suspend` ends every session at once).

    Raises InvalidInput.
    """
    if kind == SanctionKind.RESTRICTION:
        actions = clean_actions(list(actions))
        if until is not None and until <= timezone.now():
            raise InvalidInput({"until": ["Choose a time in the future (or none)."]})
    else:
        actions, until = [], None
    sanction = Sanction.objects.create(
        member=member,
        kind=kind,
        actions=list(actions),
        reason=reason.strip()[:1000] or "Breaking the community rules.",
        ends_at=until,
        automatic=automatic,
        created_by=by,
    )
    if kind == SanctionKind.SUSPENSION:
        member_suspend(member=member, reason=sanction.reason, by=by)
    return sanction


def sanction_lift(*, sanction: Sanction, by: User | None) -> bool:
    """End a sanction now (idempotent); return whether it changed. Lifting a suspension lets
    the member log in again."""
    changed = Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=by
    )
    sanction.refresh_from_db(fields=["lifted_at", "lifted_by"])
    if changed and sanction.kind == SanctionKind.SUSPENSION:
        member_unsuspend(member=sanction.member, by=by)
    return bool(changed)


def automatic_restrictions_lift(*, member_id: int, by: User | None) -> list[Sanction]:
    """Lift the member's automatic restriction, if any (a moderator's decision replaces it)."""
    lifted = []
    for sanction in Sanction.objects.filter(
        member_id=member_id, automatic=True, lifted_at__isnull=True
    ):
        if sanction_lift(sanction=sanction, by=by):
            lifted.append(sanction)
    return lifted


@transaction.atomic
def appeal_create(*, member: User, sanction_id: int, text: object) -> Appeal:
    """Appeal one of the member's own sanctions, once.

    Raises SanctionNotFound, AppealExists, InvalidInput.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput({"text": ["Say why the sanction should be lifted."]})
    if len(text) > APPEAL_MAX_LENGTH:
        raise InvalidInput({"text": [f"At most {APPEAL_MAX_LENGTH:,} characters."]})
    sanction = Sanction.objects.select_for_update().filter(pk=sanction_id, member=member).first()
    if sanction is None:
        raise SanctionNotFound()
    if Appeal.objects.filter(sanction=sanction).exists():
        raise AppealExists()
    try:
        with transaction.atomic():
            return Appeal.objects.create(sanction=sanction, text=text.strip())
    except IntegrityError as error:  # the one-to-one: a concurrent appeal won
        raise AppealExists() from error


def suspension_appeal_create(*, member: User, text: object) -> Appeal:
    """Appeal the member's suspension in force: `appeal_create` on its sanction (the same one
    appeal, the same text rule). For the log-in's refusal page and `auth/appeal`, whose
    callers proved the password.

    Raises NotSuspended, AppealExists, InvalidInput.
    """
    suspension = suspension_of(member.pk)
    if suspension is None or suspension.lifted_at is not None:
        raise NotSuspended()
    return appeal_create(member=member, sanction_id=suspension.pk, text=text)


def appeal_record_decision(*, appeal: Appeal, decision: str, note: str, by: User) -> Appeal:
    """Write a moderator's decision on an appeal (moderation.services decides who may)."""
    appeal.status = decision
    appeal.decided_at = timezone.now()
    appeal.decided_by = by
    appeal.note = note
    appeal.save(update_fields=["status", "decided_at", "decided_by", "note"])
    if decision == AppealStatus.LIFTED:
        sanction_lift(sanction=appeal.sanction, by=by)
    return appeal


def content_hide(*, member: User, kind: HiddenKind, object_id: int) -> None:
    """Hide a message, post or comment from the member who reported it (idempotent)."""
    HiddenContent.objects.get_or_create(member=member, kind=kind, object_id=object_id)
