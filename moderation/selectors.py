"""Reads of moderation: the review queue, a member's own reports, appeals, the audit log.
Each list is a constant number of queries, whatever its length."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from core.ratelimits import RateUsage
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


REPORTS_WINDOW = timedelta(days=1)


def recent_report_times(reporter_id: int) -> list[datetime]:
    """When the reporter's reports of the last day were made, newest first, at most
    REPORTS_DAILY_LIMIT of them (all the daily limit needs)."""
    limit = int(settings.REPORTS_DAILY_LIMIT)
    since = timezone.now() - REPORTS_WINDOW
    return list(
        Report.objects.filter(reporter_id=reporter_id, created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(limit, 1)]
    )


def report_rate_usage(member: User) -> RateUsage:
    """Where the member stands against REPORTS_DAILY_LIMIT (for me/limits)."""
    limit = int(settings.REPORTS_DAILY_LIMIT)
    stamps = recent_report_times(member.pk)
    used = min(len(stamps), limit)
    resets_in = 0
    if stamps and used >= limit:
        frees = stamps[-1] + REPORTS_WINDOW
        resets_in = max(int((frees - timezone.now()).total_seconds()) + 1, 0)
    return RateUsage(
        scope="reports",
        limit=limit,
        window_seconds=int(REPORTS_WINDOW.total_seconds()),
        used=used,
        remaining=max(limit - used, 0),
        resets_in=resets_in,
    )
