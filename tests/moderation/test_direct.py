"""Sanctions imposed or lifted without a case (the admin's suspend and lift), every branch
through the services; refusals leave no trace (rows or tasks)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.exceptions import MemberNotFound
from accounts.models import User
from core.exceptions import InvalidInput, SelfAction
from feed.models import Post
from moderation import services
from moderation.exceptions import (
    AlreadySuspended,
    NotStaff,
    NotSuspended,
    SameModerator,
    SanctionEnded,
    SanctionNotFound,
)
from moderation.models import Case, CaseStatus, LogEntry
from notifications.models import Notification, NotificationKind
from standing import services as standing_services
from standing.models import Sanction, SanctionKind
from standing.policies import restriction_reason
from standing.selectors import standing_for
from tests.factories import UserFactory
from tests.moderation.conftest import post_by, run_after_commit

pytestmark = pytest.mark.django_db


def suspend(moderator: User, member: User, capture, reason: object = "Fake account") -> Sanction:
    with capture() as callbacks:
        sanction = services.member_suspend_directly(
            moderator=moderator, member_id=member.pk, reason=reason
        )
    run_after_commit(callbacks)
    return sanction


def test_suspend_directly_records_the_sanction_the_log_and_ends_sessions(
    other: User, moderator: User, django_capture_on_commit_callbacks
) -> None:
    generation = other.token_generation
    sanction = suspend(moderator, other, django_capture_on_commit_callbacks, "  Fake account ")
    other.refresh_from_db()
    assert not other.is_active and other.suspended_at is not None
    assert other.suspension_reason == "Fake account"
    assert other.token_generation == generation + 1
    assert (sanction.kind, sanction.reason, sanction.created_by_id, sanction.ends_at) == (
        SanctionKind.SUSPENSION,
        "Fake account",
        moderator.pk,
        None,
    )
    entry = LogEntry.objects.get()
    assert (entry.action, entry.moderator_id, entry.member_id, entry.sanction_id) == (
        "suspend",
        moderator.pk,
        other.pk,
        sanction.pk,
    )
    assert entry.note == "Fake account" and entry.details == {"direct": True, "cases": []}
    assert standing_for(other).status == "suspended"


def test_suspend_directly_resolves_the_open_cases_and_tells_the_reporters(
    member: User,
    other: User,
    third: User,
    moderator: User,
    connect,
    django_capture_on_commit_callbacks,
) -> None:
    connect(other, member)
    connect(other, third)
    post: Post = post_by(other)
    services.report_create(reporter=member, target_type="post", target_id=post.pk, reason="spam")
    services.report_create(reporter=third, target_type="member", target_id=other.pk, reason="spam")
    suspend(moderator, other, django_capture_on_commit_callbacks)
    cases = list(Case.objects.order_by("pk"))
    assert [(case.status, case.action, case.resolved_by_id) for case in cases] == [
        (CaseStatus.RESOLVED, "suspend", moderator.pk)
    ] * 2
    assert LogEntry.objects.get().details["cases"] == [case.pk for case in cases]
    told = Notification.objects.filter(kind=NotificationKind.REPORT_REVIEWED)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([member.pk, third.pk])
    assert all("took action" in text for text in told.values_list("text", flat=True))


def test_suspend_directly_replaces_the_automatic_restriction(
    other: User, moderator: User, settings, django_capture_on_commit_callbacks
) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 2
    for reporter in UserFactory.create_batch(2):
        services.report_create(
            reporter=reporter, target_type="member", target_id=other.pk, reason="spam"
        )
    automatic = Sanction.objects.get(automatic=True)
    suspend(moderator, other, django_capture_on_commit_callbacks)
    automatic.refresh_from_db()
    assert automatic.lifted_at is not None and automatic.lifted_by_id == moderator.pk
    assert sorted(LogEntry.objects.values_list("action", flat=True)) == [
        "auto_restrict",
        "lift",
        "suspend",
    ]


@pytest.mark.parametrize(
    ("reason", "field"),
    [("", "reason"), ("   ", "reason"), (None, "reason"), ("x" * 2001, "reason")],
)
def test_suspend_directly_needs_a_reason(
    other: User, moderator: User, refused, reason: object, field: str
) -> None:
    with refused(InvalidInput) as _:
        services.member_suspend_directly(moderator=moderator, member_id=other.pk, reason=reason)


def test_suspend_directly_refusals(
    member: User, other: User, moderator: User, refused, django_capture_on_commit_callbacks
) -> None:
    with refused(NotStaff):
        services.member_suspend_directly(moderator=member, member_id=other.pk, reason="Spam")
    with refused(MemberNotFound):
        services.member_suspend_directly(moderator=moderator, member_id=10**12, reason="Spam")
    with refused(SelfAction):
        services.member_suspend_directly(moderator=moderator, member_id=moderator.pk, reason="x")
    suspend(moderator, other, django_capture_on_commit_callbacks)
    with refused(AlreadySuspended):
        services.member_suspend_directly(moderator=moderator, member_id=other.pk, reason="Again")


def test_a_suspension_is_appealed_and_lifted_by_another_moderator(
    other: User,
    moderator: User,
    second_moderator: User,
    refused,
    django_capture_on_commit_callbacks,
) -> None:
    sanction = suspend(moderator, other, django_capture_on_commit_callbacks)
    appeal = standing_services.appeal_create(member=other, sanction_id=sanction.pk, text="Real me")
    with refused(SameModerator):
        services.appeal_decide(moderator=moderator, appeal_id=appeal.pk, decision="lifted")
    services.appeal_decide(moderator=second_moderator, appeal_id=appeal.pk, decision="lifted")
    other.refresh_from_db()
    sanction.refresh_from_db()
    assert other.is_active and other.suspended_at is None and other.suspension_reason == ""
    assert sanction.lifted_by_id == second_moderator.pk
    assert standing_for(other).status == "good"


def test_lift_a_restriction_directly(other: User, moderator: User) -> None:
    restriction = standing_services.sanction_create(
        member=other, kind=SanctionKind.RESTRICTION, actions=["invite"], reason="Spam", by=moderator
    )
    assert restriction_reason(other, "invite") is not None
    lifted = services.sanction_lift_directly(
        moderator=moderator, sanction_id=restriction.pk, reason=" Cleared up "
    )
    assert lifted.lifted_at is not None and lifted.lifted_by_id == moderator.pk
    assert restriction_reason(other, "invite") is None
    entry = LogEntry.objects.get()
    assert (entry.action, entry.sanction_id, entry.member_id, entry.note) == (
        "lift",
        restriction.pk,
        other.pk,
        "Cleared up",
    )
    assert entry.details == {"kind": "restriction"}


def test_lift_a_suspension_directly_lets_the_member_back(
    other: User, moderator: User, django_capture_on_commit_callbacks
) -> None:
    sanction = suspend(moderator, other, django_capture_on_commit_callbacks)
    services.suspension_lift_directly(moderator=moderator, member_id=other.pk, reason="Mistake")
    other.refresh_from_db()
    sanction.refresh_from_db()
    assert other.is_active and other.suspended_at is None and sanction.lifted_at is not None
    assert list(LogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "suspend",
        "lift",
    ]


def test_lift_directly_refusals(
    member: User, other: User, moderator: User, refused, django_capture_on_commit_callbacks
) -> None:
    restriction = standing_services.sanction_create(
        member=other, kind=SanctionKind.RESTRICTION, actions=["post"], reason="Spam", by=moderator
    )
    with refused(NotStaff):
        services.sanction_lift_directly(moderator=member, sanction_id=restriction.pk, reason="x")
    with refused(InvalidInput):
        services.sanction_lift_directly(moderator=moderator, sanction_id=restriction.pk, reason="")
    with refused(SanctionNotFound):
        services.sanction_lift_directly(moderator=moderator, sanction_id=10**12, reason="x")
    services.sanction_lift_directly(moderator=moderator, sanction_id=restriction.pk, reason="x")
    with refused(SanctionEnded):
        services.sanction_lift_directly(moderator=moderator, sanction_id=restriction.pk, reason="x")
    with refused(NotSuspended):
        services.suspension_lift_directly(moderator=moderator, member_id=other.pk, reason="x")
    with refused(InvalidInput):
        services.suspension_lift_directly(moderator=moderator, member_id=other.pk, reason=" ")


def test_a_restriction_past_its_end_cannot_be_lifted(other: User, moderator: User, refused) -> None:
    restriction = standing_services.sanction_create(
        member=other,
        kind=SanctionKind.RESTRICTION,
        actions=["post"],
        until=timezone.now() + timedelta(hours=1),
        reason="Spam",
        by=moderator,
    )
    Sanction.objects.filter(pk=restriction.pk).update(ends_at=timezone.now() - timedelta(hours=1))
    with refused(SanctionEnded):
        services.sanction_lift_directly(moderator=moderator, sanction_id=restriction.pk, reason="x")


def test_members_suspended_before_suspensions_were_sanctions_get_one() -> None:
    migration = importlib.import_module("standing.migrations.0002_sanction_suspension")
    suspended = UserFactory.create(
        is_active=False, suspended_at=timezone.now(), suspension_reason="Old spam"
    )
    silent = UserFactory.create(is_active=False, suspended_at=timezone.now())
    UserFactory.create()
    migration.suspensions_as_sanctions(apps, None)
    rows = {row.member_id: row for row in Sanction.objects.all()}
    assert sorted(rows) == sorted([suspended.pk, silent.pk])
    assert rows[suspended.pk].reason == "Old spam" and rows[suspended.pk].kind == "suspension"
    assert rows[silent.pk].reason == "Breaking the community rules."
    assert rows[suspended.pk].created_at == suspended.suspended_at
