"""Moderation writes: reporting, resolving a case with one action, deciding appeals.
(Sanctions imposed or lifted without a case are `moderation.services.direct`'s.)

Every moderation action writes its audit log entry (`LogEntry`) in the same transaction.
Reports by one reporter are counted under the reporter's row lock (the daily limit); reports
about one member under that member's row lock (the automatic protection), both taken
`FOR NO KEY UPDATE` in primary-key order, so concurrent reports can neither skip the
threshold nor restrict twice (the partial unique index on automatic restrictions backs it).
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.exceptions import InvalidInput
from moderation import selectors
from moderation.exceptions import (
    AlreadySuspended,
    AppealDecided,
    AppealNotFound,
    CaseNotFound,
    CaseResolved,
    NotStaff,
    ReportLimit,
    SameModerator,
)
from moderation.models import (
    Action,
    Case,
    CaseStatus,
    LogAction,
    LogEntry,
    Report,
    ReportReason,
    ReportStatus,
    TargetType,
)
from moderation.targets import HIDDEN_KINDS, target_for_reporter, target_remove
from notifications.models import NotificationKind
from notifications.services import notify_after_commit
from standing import services as standing_services
from standing.models import Appeal, AppealStatus, RestrictedAction, Sanction, SanctionKind

AUTOMATIC_ACTIONS = [RestrictedAction.INVITE, RestrictedAction.MESSAGE]
AUTOMATIC_REASON = "Several members reported your account; a moderator will review it."
NOTE_MAX_LENGTH = 2000


def require_staff(member: User) -> None:
    """Raises NotStaff unless the member is a moderator (staff)."""
    if not (member.is_authenticated and member.is_staff and member.is_active):
        raise NotStaff()


def log_write(
    *,
    action: str,
    moderator: User | None,
    member_id: int | None = None,
    case: Case | None = None,
    sanction: Sanction | None = None,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> LogEntry:
    """Append one entry to the audit log (inside the caller's transaction)."""
    return LogEntry.objects.create(
        action=action,
        moderator=moderator,
        member_id=member_id,
        case=case,
        sanction_id=sanction.pk if sanction else None,
        note=note,
        details=details or {},
    )


def lock_members(*member_ids: int) -> None:
    """Take the members' row locks, in primary-key order."""
    # FOR NO KEY UPDATE in primary-key order: serializes the counts without blocking the rows
    # that merely reference the members, and two reports locking the same pair cannot deadlock.
    list(
        User.objects.select_for_update(no_key=True)
        .filter(pk__in=sorted(set(member_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _clean_report(target_type: object, target_id: object, reason: object, detail: object) -> str:
    fields: dict[str, list[str]] = {}
    if target_type not in TargetType.values:
        fields["target_type"] = [f"Choose one of: {', '.join(TargetType.values)}."]
    if type(target_id) is not int or not 0 < target_id < 2**63:
        fields["target_id"] = ["Give the id of what you report."]
    if reason not in ReportReason.values:
        fields["reason"] = [f"Choose one of: {', '.join(ReportReason.values)}."]
    if detail is None:
        detail = ""
    limit = int(settings.REPORT_DETAIL_MAX_LENGTH)
    if not isinstance(detail, str) or "\x00" in detail:
        fields["detail"] = ["Send the detail as plain text."]
    elif len(detail) > limit:
        fields["detail"] = [f"At most {limit:,} characters ({len(detail):,} given)."]
    if fields:
        raise InvalidInput(fields)
    return str(detail).strip()


def _daily_limit_reason(reporter: User) -> ReportLimit | None:
    limit = int(settings.REPORTS_DAILY_LIMIT)
    stamps = selectors.recent_report_times(reporter.pk)
    if len(stamps) < limit:
        return None
    if not stamps:  # a limit of 0: waiting does not help
        return ReportLimit("Reporting is turned off.")
    frees = stamps[-1] + selectors.REPORTS_WINDOW
    retry_after = max(int((frees - timezone.now()).total_seconds()) + 1, 1)
    return ReportLimit(
        f"You can make at most {limit} reports a day. Try again later.", retry_after=retry_after
    )


def _open_case(target_type: str, target_id: int, subject: User, snapshot: dict[str, Any]) -> Case:
    case = (
        Case.objects.select_for_update()
        .filter(target_type=target_type, target_id=target_id, status=CaseStatus.OPEN)
        .first()
    )
    if case is None:
        case = Case.objects.create(
            target_type=target_type, target_id=target_id, subject=subject, snapshot=snapshot
        )
    return case


def _protect_automatically(subject: User) -> Sanction | None:
    """Restrict `subject` from inviting and messaging when enough distinct members reported
    them within the window; the caller holds the subject's row lock."""
    threshold = int(settings.REPORTS_AUTO_RESTRICT_AT)
    since = timezone.now() - timedelta(days=int(settings.REPORTS_AUTO_RESTRICT_WINDOW_DAYS))
    reporters = int(
        Report.objects.filter(subject=subject, created_at__gte=since)
        .aggregate(n=Count("reporter_id", distinct=True))
        .get("n")
        or 0
    )
    if threshold <= 0 or reporters < threshold:
        return None
    if Sanction.objects.filter(member=subject, automatic=True, lifted_at__isnull=True).exists():
        return None
    Case.objects.filter(subject=subject, status=CaseStatus.OPEN).update(automatic=True)
    sanction = standing_services.sanction_create(
        member=subject,
        kind=SanctionKind.RESTRICTION,
        actions=AUTOMATIC_ACTIONS,
        reason=AUTOMATIC_REASON,
        automatic=True,
    )
    log_write(
        action=LogAction.AUTO_RESTRICT,
        moderator=None,
        member_id=subject.pk,
        sanction=sanction,
        details={"reporters": reporters, "window_days": settings.REPORTS_AUTO_RESTRICT_WINDOW_DAYS},
    )
    return sanction


@transaction.atomic
def report_create(
    *, reporter: User, target_type: object, target_id: object, reason: object, detail: object = ""
) -> tuple[Report, bool]:
    """Report something the reporter can see; return the report and whether it is new (the
    same report when this reporter already reported this target). A reported message, post
    or comment is hidden from the reporter at once.

    Raises InvalidInput, NotFound, SelfAction, ReportLimit.
    """
    text = _clean_report(target_type, target_id, reason, detail)
    kind, object_id = str(target_type), int(target_id)  # type: ignore[call-overload]
    existing = Report.objects.filter(
        reporter=reporter, target_type=kind, target_id=object_id
    ).first()
    if existing is not None:
        return existing, False
    target = target_for_reporter(reporter, kind, object_id)
    lock_members(reporter.pk, target.subject.pk)
    existing = Report.objects.filter(
        reporter=reporter, target_type=kind, target_id=object_id
    ).first()
    if existing is not None:  # a concurrent request of the same reporter won
        return existing, False
    limited = _daily_limit_reason(reporter)
    if limited is not None:
        raise limited
    case = _open_case(kind, object_id, target.subject, target.snapshot)
    report = Report.objects.create(
        reporter=reporter,
        case=case,
        target_type=kind,
        target_id=object_id,
        subject=target.subject,
        reason=str(reason),
        detail=text,
    )
    case.reporters_count = case.reports.values("reporter_id").distinct().count()
    case.save(update_fields=["reporters_count"])
    if kind in HIDDEN_KINDS:
        standing_services.content_hide(
            member=reporter, kind=HIDDEN_KINDS[TargetType(kind)], object_id=object_id
        )
    _protect_automatically(target.subject)
    return report, True


def _clean_resolution(action: object, note: object, until: object) -> tuple[str, str]:
    fields: dict[str, list[str]] = {}
    if action not in Action.values:
        fields["action"] = [f"Choose one of: {', '.join(Action.values)}."]
    if note is None:
        note = ""
    if not isinstance(note, str) or len(note) > NOTE_MAX_LENGTH:
        fields["note"] = [f"Send a note of at most {NOTE_MAX_LENGTH:,} characters."]
    if until is not None and not isinstance(until, datetime):
        fields["until"] = ["Give a date and time, or none."]
    if fields:
        raise InvalidInput(fields)
    return str(action), str(note).strip()


def _sanction_for(case: Case, action: str, moderator: User, note: str, **options: Any) -> Any:
    reason = note or f"Reported for {case.target_type}s that break the community rules."
    if action == Action.WARN:
        return standing_services.sanction_create(
            member=case.subject, kind=SanctionKind.WARNING, reason=reason, by=moderator
        )
    if action == Action.RESTRICT:
        return standing_services.sanction_create(
            member=case.subject,
            kind=SanctionKind.RESTRICTION,
            actions=options.get("actions") or [],
            until=options.get("until"),
            reason=reason,
            by=moderator,
        )
    if action == Action.SUSPEND:
        return suspension_impose(member=case.subject, reason=reason, moderator=moderator)
    return None


def suspension_impose(*, member: User, reason: str, moderator: User) -> Sanction:
    """Suspend the member as a sanction they can appeal (the caller holds their row lock).

    Raises AlreadySuspended.
    """
    if member.suspended_at is not None:
        raise AlreadySuspended()
    return standing_services.sanction_create(
        member=member, kind=SanctionKind.SUSPENSION, reason=reason, by=moderator
    )


def automatic_restrictions_replace(*, member_id: int, moderator: User, case: Case | None) -> None:
    """Lift the member's automatic restriction, logged: a moderator's decision replaces it."""
    for lifted in standing_services.automatic_restrictions_lift(member_id=member_id, by=moderator):
        log_write(
            action=LogAction.LIFT,
            moderator=moderator,
            member_id=member_id,
            case=case,
            sanction=lifted,
            note="Replaced by a moderator's decision.",
        )
    Case.objects.filter(subject_id=member_id, status=CaseStatus.OPEN).update(automatic=False)


def tell_reporters(case: Case, actioned: bool) -> None:
    """Resolve the case's open reports and tell each reporter the outcome, after commit."""
    reports = list(case.reports.filter(status=ReportStatus.OPEN).values_list("pk", "reporter_id"))
    case.reports.filter(status=ReportStatus.OPEN).update(
        status=ReportStatus.ACTIONED if actioned else ReportStatus.DISMISSED,
        resolved_at=timezone.now(),
    )
    text = (
        "We reviewed your report and took action. Thank you for helping keep ProConnect safe."
        if actioned
        else "We reviewed your report and found that it does not break our rules."
    )
    for report_id, reporter_id in reports:
        notify_after_commit(
            [reporter_id],
            kind=NotificationKind.REPORT_REVIEWED,
            text=text,
            dedupe_key=f"{NotificationKind.REPORT_REVIEWED}:{report_id}",
            link=reverse("moderation:standing"),
        )


def case_close(case: Case, *, action: str, note: str, moderator: User) -> None:
    """Mark a locked open case resolved by a moderator's action: the one place a case closes
    (a decision on the case, or a direct suspension of its member). A moderator's decision
    replaces the automatic protection's, so the case is no longer queued as automatic."""
    case.status, case.action, case.note = CaseStatus.RESOLVED, action, note
    case.resolved_at, case.resolved_by, case.automatic = timezone.now(), moderator, False
    case.save(update_fields=["status", "action", "note", "resolved_at", "resolved_by", "automatic"])


@transaction.atomic
def case_resolve(
    *,
    moderator: User,
    case_id: int,
    action: object,
    note: object = "",
    actions: object = None,
    until: object = None,
) -> Case:
    """Resolve a case with one action (dismiss, remove the content, warn, restrict, suspend),
    which resolves every open report on its target and tells each reporter the outcome. The
    moderator's decision replaces an automatic restriction of the member.

    Raises NotStaff, CaseNotFound, CaseResolved, InvalidInput, NothingToRemove,
    AlreadySuspended.
    """
    require_staff(moderator)
    chosen, text = _clean_resolution(action, note, until)
    case = Case.objects.select_for_update().select_related("subject").filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound()
    if case.status != CaseStatus.OPEN:
        raise CaseResolved()
    lock_members(case.subject_id)
    removed = None
    if chosen == Action.REMOVE_CONTENT:
        removed = target_remove(case.target_type, case.target_id)
    sanction = _sanction_for(case, chosen, moderator, text, actions=actions, until=until)
    automatic_restrictions_replace(member_id=case.subject_id, moderator=moderator, case=case)
    case_close(case, action=chosen, note=text, moderator=moderator)
    details: dict[str, Any] = {"target_type": case.target_type, "target_id": case.target_id}
    if sanction is not None:
        details.update(actions=sanction.actions, until=until.isoformat() if until else None)  # type: ignore[attr-defined]
    if removed is not None:
        details["removed"] = removed
    log_write(
        action=chosen,
        moderator=moderator,
        member_id=case.subject_id,
        case=case,
        sanction=sanction,
        note=text,
        details=details,
    )
    tell_reporters(case, actioned=chosen != Action.DISMISS)
    return case


@transaction.atomic
def appeal_decide(
    *, moderator: User, appeal_id: int, decision: object, note: object = ""
) -> Appeal:
    """Uphold an appeal's sanction or lift it; a moderator other than the one who imposed it
    decides (the automatic protection's may be decided by anyone).

    Raises NotStaff, AppealNotFound, AppealDecided, SameModerator, InvalidInput.
    """
    require_staff(moderator)
    if decision not in AppealStatus.values or decision == AppealStatus.PENDING:
        raise InvalidInput({"decision": ["Choose upheld or lifted."]})
    if note is None:
        note = ""
    if not isinstance(note, str) or len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput({"note": [f"Send a note of at most {NOTE_MAX_LENGTH:,} characters."]})
    appeal = (
        Appeal.objects.select_for_update().select_related("sanction").filter(pk=appeal_id).first()
    )
    if appeal is None:
        raise AppealNotFound()
    if appeal.status != AppealStatus.PENDING:
        raise AppealDecided()
    if appeal.sanction.created_by_id == moderator.pk:
        raise SameModerator()
    standing_services.appeal_record_decision(
        appeal=appeal, decision=str(decision), note=note.strip(), by=moderator
    )
    log_write(
        action=LogAction.APPEAL_LIFTED
        if decision == AppealStatus.LIFTED
        else LogAction.APPEAL_UPHELD,
        moderator=moderator,
        member_id=appeal.sanction.member_id,
        sanction=appeal.sanction,
        note=note.strip(),
        details={"appeal_id": appeal.pk},
    )
    return appeal
