"""Sanctions decided without resolving a case: an administrator suspends a member, or a
moderator lifts a sanction, from the admin. The same writes as a case's decision (the
sanction row, the audit entry, the reporters told, the right to appeal), through the same
helpers; a reason is required, since the member reads it."""

from django.db import transaction
from django.utils import timezone

from accounts.exceptions import MemberNotFound
from accounts.models import User
from core.exceptions import InvalidInput, SelfAction
from moderation.exceptions import NotSuspended, SanctionEnded, SanctionNotFound
from moderation.models import Action, Case, CaseStatus, LogAction
from moderation.services.decisions import (
    NOTE_MAX_LENGTH,
    automatic_restrictions_replace,
    case_close,
    lock_members,
    log_write,
    require_staff,
    suspension_impose,
    tell_reporters,
)
from standing import services as standing_services
from standing.models import Sanction, SanctionKind


def _clean_reason(reason: object) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput({"reason": ["Give the reason the member will read."]})
    if len(reason) > NOTE_MAX_LENGTH:
        raise InvalidInput({"reason": [f"At most {NOTE_MAX_LENGTH:,} characters."]})
    return reason.strip()


@transaction.atomic
def member_suspend_directly(*, moderator: User, member_id: int, reason: object) -> Sanction:
    """Suspend a member without a report: a suspension sanction (appealable), every open case
    about the member resolved with it (each reporter told), one audit entry.

    Raises NotStaff, InvalidInput, MemberNotFound, SelfAction, AlreadySuspended.
    """
    require_staff(moderator)
    text = _clean_reason(reason)
    lock_members(member_id)
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        raise MemberNotFound()
    if member.pk == moderator.pk:
        raise SelfAction()
    sanction = suspension_impose(member=member, reason=text, moderator=moderator)
    automatic_restrictions_replace(member_id=member.pk, moderator=moderator, case=None)
    cases = list(
        Case.objects.select_for_update()
        .filter(subject=member, status=CaseStatus.OPEN)
        .order_by("pk")
    )
    for case in cases:
        case_close(case, action=Action.SUSPEND, note=text, moderator=moderator)
        tell_reporters(case, actioned=True)
    log_write(
        action=LogAction.SUSPEND,
        moderator=moderator,
        member_id=member.pk,
        sanction=sanction,
        note=text,
        details={"direct": True, "cases": [case.pk for case in cases]},
    )
    return sanction


@transaction.atomic
def sanction_lift_directly(*, moderator: User, sanction_id: int, reason: object) -> Sanction:
    """Lift a sanction now, audited with the reason; a lifted suspension lets the member log
    in again. A pending appeal of it stays for a moderator to close.

    Raises NotStaff, InvalidInput, SanctionNotFound, SanctionEnded.
    """
    require_staff(moderator)
    text = _clean_reason(reason)
    sanction = (
        Sanction.objects.select_for_update().select_related("member").filter(pk=sanction_id).first()
    )
    if sanction is None:
        raise SanctionNotFound()
    ended = sanction.ends_at is not None and sanction.ends_at <= timezone.now()
    if (
        sanction.lifted_at is not None
        or ended
        or not standing_services.sanction_lift(sanction=sanction, by=moderator)
    ):
        raise SanctionEnded()
    log_write(
        action=LogAction.LIFT,
        moderator=moderator,
        member_id=sanction.member_id,
        sanction=sanction,
        note=text,
        details={"kind": sanction.kind},
    )
    return sanction


def suspension_lift_directly(*, moderator: User, member_id: int, reason: object) -> Sanction:
    """Lift the member's suspension (its sanction), as `sanction_lift_directly`.

    Raises NotStaff, InvalidInput, NotSuspended, SanctionEnded.
    """
    require_staff(moderator)
    _clean_reason(reason)
    sanction = (
        Sanction.objects.filter(
            member_id=member_id, kind=SanctionKind.SUSPENSION, lifted_at__isnull=True
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if sanction is None:
        raise NotSuspended()
    return sanction_lift_directly(moderator=moderator, sanction_id=sanction.pk, reason=reason)
