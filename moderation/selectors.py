"""Reads of moderation: the review queue, a member's own reports, appeals, the audit log.
Each list is a constant number of queries, whatever its length."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from moderation.exceptions import CaseNotFound
from moderation.models import Case, CaseStatus, LogEntry, Report
from standing.models import Appeal, AppealStatus, Sanction


def case_queue(*, status: str = CaseStatus.OPEN) -> QuerySet[Case]:
    """Return cases of this status: open ones automatic first, then by distinct reporters,
    oldest first; resolved ones newest first. Each with its subject and reports (and
    reporters)."""
    cases = Case.objects.filter(status=status).select_related("subject", "resolved_by")
    cases = cases.prefetch_related(
        Prefetch(
            "reports",
            queryset=Report.objects.select_related("reporter").order_by("created_at", "id"),
        )
    )
    if status == CaseStatus.OPEN:
        return cases.order_by("-automatic", "-reporters_count", "first_reported_at", "id")
    return cases.order_by("-resolved_at", "-id")


def case_detail(case_id: int) -> Case:
    """Return one case with its reports and the subject's sanctions (newest first).

    Raises CaseNotFound.
    """
    found = (
        Case.objects.filter(pk=case_id)
        .select_related("subject")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.select_related("reporter").order_by("created_at", "id"),
            )
        )
        .first()
    )
    if found is None:
        raise CaseNotFound()
    return found


def earlier_sanctions(member_ids: list[int]) -> dict[int, list[Sanction]]:
    """Return each member's sanctions, newest first (one query for the whole list)."""
    by_member: dict[int, list[Sanction]] = {member_id: [] for member_id in member_ids}
    rows = Sanction.objects.filter(member_id__in=member_ids).select_related("appeal")
    for sanction in rows.order_by("-created_at", "-id"):
        by_member[sanction.member_id].append(sanction)
    return by_member


def reports_of(member: User) -> QuerySet[Report]:
    """Return the member's own reports, newest first."""
    return Report.objects.filter(reporter=member).order_by("-created_at", "-id")


def appeal_queue(*, status: str = AppealStatus.PENDING) -> QuerySet[Appeal]:
    """Return appeals of this status, oldest first, with the sanction and its member."""
    return (
        Appeal.objects.filter(status=status)
        .select_related("sanction", "sanction__member", "sanction__created_by", "decided_by")
        .order_by("created_at", "id")
    )


def audit_log() -> QuerySet[LogEntry]:
    """Return the audit log, newest first, with the moderators and members named."""
    return LogEntry.objects.select_related("moderator", "member").order_by("-created_at", "-id")
