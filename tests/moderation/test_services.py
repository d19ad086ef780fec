"""Reporting, resolving and appeals through the services, every branch; refusals leave no
trace (rows or tasks)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from connections import services as connection_services
from connections.models import Invitation, InvitationStatus
from core.exceptions import InvalidInput, NotFound, SelfAction
from feed.models import Comment, Post
from groups import services as group_services
from messaging.models import Message
from moderation import services
from moderation.exceptions import (
    AlreadySuspended,
    AppealDecided,
    AppealNotFound,
    CaseNotFound,
    CaseResolved,
    NothingToRemove,
    NotStaff,
    ReportLimit,
    SameModerator,
)
from moderation.models import Case, CaseStatus, LogEntry, Report, ReportStatus
from notifications.models import Notification, NotificationKind
from standing import services as standing_services
from standing.exceptions import AppealExists, SanctionNotFound
from standing.models import AppealStatus, HiddenContent, Sanction, SanctionKind
from tests.factories import UserFactory
from tests.moderation.conftest import comment_by, message_from, post_by, run_after_commit

pytestmark = pytest.mark.django_db


def report(reporter: User, target_type: str, target_id: int, **fields: object) -> Report:
    created, _ = services.report_create(
        reporter=reporter,
        target_type=target_type,
        target_id=target_id,
        reason=fields.pop("reason", "spam"),
        **fields,
    )
    return created


# ---------------------------------------------------------------- reporting


def test_report_a_member_opens_a_case_with_a_snapshot(member: User, other: User) -> None:
    created, new = services.report_create(
        reporter=member,
        target_type="member",
        target_id=other.pk,
        reason="fake_account",
        detail="  Not a real person  ",
    )
    assert new and created.status == ReportStatus.OPEN and created.detail == "Not a real person"
    case = created.case
    assert (case.target_type, case.target_id, case.subject_id) == ("member", other.pk, other.pk)
    assert case.reporters_count == 1 and case.snapshot["name"] == other.full_name
    assert not HiddenContent.objects.exists()  # a member is not hidden: blocking is offered


def test_reporting_again_returns_the_same_report(member: User, other: User) -> None:
    first = report(member, "member", other.pk)
    again, new = services.report_create(
        reporter=member, target_type="member", target_id=other.pk, reason="other"
    )
    assert not new and again.pk == first.pk and Report.objects.count() == 1


def test_many_reporters_share_one_case(member: User, other: User, third: User, connect) -> None:
    connect(other, member)
    connect(other, third)
    post = post_by(other)
    report(member, "post", post.pk)
    report(third, "post", post.pk, reason="harassment")
    case = Case.objects.get()
    assert case.reporters_count == 2 and case.reports.count() == 2


@pytest.mark.parametrize("kind", ["message", "post", "comment"])
def test_reported_content_is_hidden_from_its_reporter(
    kind: str, member: User, other: User, connect
) -> None:
    connect(member, other)
    target: Message | Post | Comment
    if kind == "message":
        target = message_from(other, member)
    elif kind == "post":
        target = post_by(other)
    else:
        target = comment_by(other, post_by(member))
    report(member, kind, target.pk)
    assert HiddenContent.objects.filter(member=member, kind=kind, object_id=target.pk).exists()
    case = Case.objects.get()
    assert case.snapshot["text"] == target.body and case.subject_id == other.pk


def test_report_an_invitation_and_a_group(member: User, other: User) -> None:
    invitation = connection_services.invitation_send(
        sender=other, recipient_id=member.pk
    ).invitation
    report(member, "invitation", invitation.pk)
    group = group_services.group_create(creator=other, name="Crypto riches")
    report(member, "group", group.pk)
    subjects = set(Case.objects.values_list("target_type", "subject_id"))
    assert subjects == {("invitation", other.pk), ("group", other.pk)}


@pytest.mark.parametrize(
    "target_type", ["member", "invitation", "message", "post", "comment", "group"]
)
def test_a_target_the_reporter_cannot_see_is_not_found(
    target_type: str, member: User, other: User, third: User, refused
) -> None:
    # Things between `other` and `third`, which `member` cannot see (or that do not exist).
    ids = {
        "member": 10**12,
        "invitation": connection_services.invitation_send(
            sender=other, recipient_id=third.pk
        ).invitation.pk,
        "post": 10**12,
        "comment": 10**12,
        "message": 10**12,
        "group": 10**12,
    }
    with refused(NotFound):
        report(member, target_type, ids[target_type])


def test_a_blocked_member_cannot_be_reported(member: User, other: User, refused) -> None:
    connection_services.member_block(blocker=other, blocked_id=member.pk)
    with refused(NotFound):
        report(member, "member", other.pk)


def test_a_message_of_a_conversation_one_is_not_in_is_not_found(
    member: User, other: User, third: User, connect, refused
) -> None:
    connect(other, third)
    message = message_from(other, third)
    with refused(NotFound):
        report(member, "message", message.pk)


def test_oneself_and_own_content_cannot_be_reported(member: User, refused) -> None:
    with refused(SelfAction):
        report(member, "member", member.pk)
    post = post_by(member)
    with refused(SelfAction):
        report(member, "post", post.pk)


@pytest.mark.parametrize(
    "fields",
    [
        {"target_type": "planet", "target_id": 1, "reason": "spam"},
        {"target_type": "member", "target_id": "1", "reason": "spam"},
        {"target_type": "member", "target_id": -1, "reason": "spam"},
        {"target_type": "member", "target_id": 2**63, "reason": "spam"},
        {"target_type": "member", "target_id": 1, "reason": "boring"},
        {"target_type": "member", "target_id": 1, "reason": "spam", "detail": 5},
        {"target_type": "member", "target_id": 1, "reason": "spam", "detail": "a\x00b"},
    ],
)
def test_bad_input_is_refused(fields: dict[str, object], member: User, refused) -> None:
    with refused(InvalidInput):
        services.report_create(reporter=member, **fields)


def test_detail_length_is_a_setting(member: User, other: User, settings, refused) -> None:
    settings.REPORT_DETAIL_MAX_LENGTH = 10
    with refused(InvalidInput):
        report(member, "member", other.pk, detail="x" * 11)
    assert report(member, "member", other.pk, detail="x" * 10).detail == "x" * 10


def test_daily_report_limit(member: User, settings, refused) -> None:
    settings.REPORTS_DAILY_LIMIT = 2
    targets = UserFactory.create_batch(3)
    report(member, "member", targets[0].pk)
    report(member, "member", targets[1].pk)
    with refused(ReportLimit) as _:
        report(member, "member", targets[2].pk)
    # Reporting the same target again is no new report, so the limit does not refuse it.
    assert report(member, "member", targets[0].pk).target_id == targets[0].pk


def test_daily_limit_counts_the_last_day_only(member: User, settings) -> None:
    settings.REPORTS_DAILY_LIMIT = 1
    first, second = UserFactory.create_batch(2)
    old = report(member, "member", first.pk)
    Report.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    assert report(member, "member", second.pk).pk


def test_daily_limit_gives_retry_after(member: User, settings) -> None:
    settings.REPORTS_DAILY_LIMIT = 1
    first, second = UserFactory.create_batch(2)
    report(member, "member", first.pk)
    with pytest.raises(ReportLimit) as refusal:
        report(member, "member", second.pk)
    assert refusal.value.retry_after and 0 < refusal.value.retry_after <= 86400 + 1


def test_a_limit_of_zero_turns_reporting_off(member: User, other: User, settings, refused) -> None:
    settings.REPORTS_DAILY_LIMIT = 0
    with refused(ReportLimit):
        report(member, "member", other.pk)


# ---------------------------------------------------------------- automatic protection


def test_distinct_reporters_restrict_automatically(other: User, settings) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 3
    reporters = UserFactory.create_batch(3)
    report(reporters[0], "member", other.pk)
    report(reporters[1], "member", other.pk)
    assert not Sanction.objects.exists()
    report(reporters[2], "member", other.pk)
    sanction = Sanction.objects.get()
    assert sanction.automatic and sanction.member_id == other.pk
    assert sorted(sanction.actions) == ["invite", "message"] and sanction.ends_at is None
    assert Case.objects.get().automatic
    entry = LogEntry.objects.get()
    assert entry.action == "auto_restrict" and entry.moderator_id is None


def test_reports_outside_the_window_do_not_count(other: User, settings) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 2
    settings.REPORTS_AUTO_RESTRICT_WINDOW_DAYS = 7
    first, second = UserFactory.create_batch(2)
    old = report(first, "member", other.pk)
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    report(second, "member", other.pk)
    assert not Sanction.objects.exists()


def test_one_reporter_many_targets_counts_once(
    member: User, other: User, connect, settings
) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 2
    connect(member, other)
    report(member, "member", other.pk)
    report(member, "post", post_by(other).pk)
    assert not Sanction.objects.exists()


def test_the_automatic_restriction_is_made_once(other: User, settings) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 2
    for reporter in UserFactory.create_batch(4):
        report(reporter, "member", other.pk)
    assert Sanction.objects.filter(automatic=True).count() == 1


def test_a_moderator_decision_replaces_the_automatic_restriction(
    other: User, moderator: User, settings, django_capture_on_commit_callbacks
) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 2
    for reporter in UserFactory.create_batch(2):
        report(reporter, "member", other.pk)
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_resolve(moderator=moderator, case_id=case.pk, action="dismiss")
    automatic = Sanction.objects.get(automatic=True)
    assert automatic.lifted_at is not None and automatic.lifted_by_id == moderator.pk
    assert [entry.action for entry in LogEntry.objects.order_by("id")] == [
        "auto_restrict",
        "lift",
        "dismiss",
    ]


# ---------------------------------------------------------------- resolving


@pytest.fixture
def reported_post(member: User, other: User, third: User, connect) -> Post:
    connect(other, member)
    connect(other, third)
    post = post_by(other)
    report(member, "post", post.pk, detail="spam link")
    report(third, "post", post.pk, reason="inappropriate")
    return post


def resolve(moderator: User, capture, **fields: object) -> Case:
    case = Case.objects.get(status=CaseStatus.OPEN)
    with capture() as callbacks:
        resolved = services.case_resolve(moderator=moderator, case_id=case.pk, **fields)
    run_after_commit(callbacks)
    return resolved


def test_dismiss_resolves_every_report_and_tells_the_reporters(
    reported_post: Post,
    member: User,
    third: User,
    other: User,
    moderator: User,
    django_capture_on_commit_callbacks,
) -> None:
    case = resolve(moderator, django_capture_on_commit_callbacks, action="dismiss", note="fine")
    assert case.status == CaseStatus.RESOLVED and case.resolved_by_id == moderator.pk
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DISMISSED}
    told = Notification.objects.filter(kind=NotificationKind.REPORT_REVIEWED)
    assert set(told.values_list("recipient_id", flat=True)) == {member.pk, third.pk}
    assert all("does not break" in text for text in told.values_list("text", flat=True))
    assert Post.objects.filter(pk=reported_post.pk).exists() and not Sanction.objects.exists()
    assert LogEntry.objects.get().action == "dismiss"


def test_remove_content_deletes_through_the_feed_and_keeps_the_snapshot(
    reported_post: Post,
    member: User,
    other: User,
    moderator: User,
    django_capture_on_commit_callbacks,
) -> None:
    case = resolve(moderator, django_capture_on_commit_callbacks, action="remove_content")
    assert not Post.objects.filter(pk=reported_post.pk).exists()
    assert case.snapshot["text"] == "Click my link"
    texts = Notification.objects.filter(kind=NotificationKind.REPORT_REVIEWED).values_list(
        "text", flat=True
    )
    assert all("took action" in text and other.full_name not in text for text in texts)
    assert LogEntry.objects.get().details["removed"] is True


def test_remove_a_message(
    member: User, other: User, moderator: User, connect, django_capture_on_commit_callbacks
) -> None:
    connect(member, other)
    first = message_from(other, member, "hello")
    spam = message_from(other, member, "spam")
    report(member, "message", spam.pk)
    resolve(moderator, django_capture_on_commit_callbacks, action="remove_content")
    assert not Message.objects.filter(pk=spam.pk).exists()
    first.conversation.refresh_from_db()
    assert first.conversation.last_message_id == first.pk


def test_remove_a_comment_an_invitation_and_a_group(
    member: User, other: User, moderator: User, connect, django_capture_on_commit_callbacks
) -> None:
    connect(member, other)
    comment = comment_by(other, post_by(member))
    report(member, "comment", comment.pk)
    resolve(moderator, django_capture_on_commit_callbacks, action="remove_content")
    assert not Comment.objects.filter(pk=comment.pk).exists()
    stranger = UserFactory.create()
    invitation = connection_services.invitation_send(
        sender=stranger, recipient_id=member.pk
    ).invitation
    report(member, "invitation", invitation.pk)
    resolve(moderator, django_capture_on_commit_callbacks, action="remove_content")
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.WITHDRAWN
    group = group_services.group_create(creator=other, name="Spam group")
    report(member, "group", group.pk)
    resolve(moderator, django_capture_on_commit_callbacks, action="remove_content")
    from groups.models import Group

    assert not Group.objects.filter(pk=group.pk).exists()


def test_removing_a_member_is_refused(member: User, other: User, moderator: User, refused) -> None:
    report(member, "member", other.pk)
    case = Case.objects.get()
    with refused(NothingToRemove):
        services.case_resolve(moderator=moderator, case_id=case.pk, action="remove_content")


def test_warn(
    reported_post: Post, other: User, moderator: User, django_capture_on_commit_callbacks
) -> None:
    resolve(moderator, django_capture_on_commit_callbacks, action="warn", note="No spam links")
    warning = Sanction.objects.get()
    assert warning.kind == SanctionKind.WARNING and warning.member_id == other.pk
    assert warning.reason == "No spam links" and warning.created_by_id == moderator.pk
    assert LogEntry.objects.get().sanction_id == warning.pk


def test_restrict_with_an_end(
    reported_post: Post, other: User, moderator: User, django_capture_on_commit_callbacks
) -> None:
    until = timezone.now() + timedelta(days=3)
    resolve(
        moderator,
        django_capture_on_commit_callbacks,
        action="restrict",
        actions=["post", "post"],
        until=until,
    )
    restriction = Sanction.objects.get()
    assert restriction.actions == ["post"] and restriction.ends_at == until
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.ACTIONED}


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"action": "restrict"}, InvalidInput),
        ({"action": "restrict", "actions": ["fly"]}, InvalidInput),
        ({"action": "restrict", "actions": ["post"], "until": "tomorrow"}, InvalidInput),
        (
            {"action": "restrict", "actions": ["post"], "until": timezone.now() - timedelta(1)},
            InvalidInput,
        ),
        ({"action": "ban"}, InvalidInput),
        ({"action": "warn", "note": "x" * 2001}, InvalidInput),
    ],
)
def test_bad_resolutions_are_refused(
    fields: dict[str, object],
    error: type[Exception],
    reported_post: Post,
    moderator: User,
    refused,
) -> None:
    case = Case.objects.get()
    with refused(error):
        services.case_resolve(moderator=moderator, case_id=case.pk, **fields)


def test_suspend(
    reported_post: Post, other: User, moderator: User, django_capture_on_commit_callbacks
) -> None:
    resolve(moderator, django_capture_on_commit_callbacks, action="suspend", note="Spam account")
    other.refresh_from_db()
    assert not other.is_active and other.suspension_reason == "Spam account"
    entry = LogEntry.objects.get()
    sanction = Sanction.objects.get()
    assert (sanction.kind, sanction.reason, sanction.created_by_id) == (
        SanctionKind.SUSPENSION,
        "Spam account",
        moderator.pk,
    )
    assert entry.action == "suspend" and entry.sanction_id == sanction.pk


def test_suspending_a_suspended_member_is_refused(
    reported_post: Post, other: User, moderator: User, refused
) -> None:
    services.member_suspend_directly(moderator=moderator, member_id=other.pk, reason="Spam")
    case = Case.objects.create(target_type="member", target_id=other.pk, subject=other)
    with refused(AlreadySuspended):
        services.case_resolve(moderator=moderator, case_id=case.pk, action="suspend")


def test_only_staff_resolve_and_only_open_cases(
    reported_post: Post,
    member: User,
    moderator: User,
    refused,
    django_capture_on_commit_callbacks,
) -> None:
    case = Case.objects.get()
    with refused(NotStaff):
        services.case_resolve(moderator=member, case_id=case.pk, action="dismiss")
    with refused(CaseNotFound):
        services.case_resolve(moderator=moderator, case_id=10**12, action="dismiss")
    resolve(moderator, django_capture_on_commit_callbacks, action="dismiss")
    with refused(CaseResolved):
        services.case_resolve(moderator=moderator, case_id=case.pk, action="warn")


def test_a_new_report_after_resolution_opens_a_new_case(
    reported_post: Post, moderator: User, django_capture_on_commit_callbacks
) -> None:
    resolve(moderator, django_capture_on_commit_callbacks, action="dismiss")
    late = UserFactory.create()
    from tests.conftest import connect_members

    connect_members(reported_post.author, late)
    report(late, "post", reported_post.pk)
    assert Case.objects.filter(status=CaseStatus.OPEN).count() == 1
    assert Case.objects.count() == 2


# ---------------------------------------------------------------- appeals


@pytest.fixture
def restriction(
    reported_post: Post, moderator: User, django_capture_on_commit_callbacks
) -> Sanction:
    resolve(moderator, django_capture_on_commit_callbacks, action="restrict", actions=["post"])
    return Sanction.objects.get()


def test_appeal_once(restriction: Sanction, other: User, refused) -> None:
    appeal = standing_services.appeal_create(member=other, sanction_id=restriction.pk, text="Sorry")
    assert appeal.status == AppealStatus.PENDING
    with refused(AppealExists):
        standing_services.appeal_create(member=other, sanction_id=restriction.pk, text="Again")


def test_appeal_someone_elses_sanction_is_not_found(
    restriction: Sanction, member: User, refused
) -> None:
    with refused(SanctionNotFound):
        standing_services.appeal_create(member=member, sanction_id=restriction.pk, text="Hm")


@pytest.mark.parametrize("text", ["", "   ", None, 5, "x" * 2001])
def test_appeal_text_is_required_and_bounded(
    text: object, restriction: Sanction, other: User, refused
) -> None:
    with refused(InvalidInput):
        standing_services.appeal_create(member=other, sanction_id=restriction.pk, text=text)


def test_appeal_decided_by_another_moderator(
    restriction: Sanction, other: User, moderator: User, second_moderator: User, refused
) -> None:
    appeal = standing_services.appeal_create(member=other, sanction_id=restriction.pk, text="Sorry")
    with refused(SameModerator):
        services.appeal_decide(moderator=moderator, appeal_id=appeal.pk, decision="lifted")
    with refused(NotStaff):
        services.appeal_decide(moderator=other, appeal_id=appeal.pk, decision="lifted")
    with refused(AppealNotFound):
        services.appeal_decide(moderator=second_moderator, appeal_id=10**12, decision="lifted")
    with refused(InvalidInput):
        services.appeal_decide(moderator=second_moderator, appeal_id=appeal.pk, decision="maybe")
    decided = services.appeal_decide(
        moderator=second_moderator, appeal_id=appeal.pk, decision="lifted", note="First time"
    )
    assert decided.status == AppealStatus.LIFTED
    restriction.refresh_from_db()
    assert restriction.lifted_at is not None and restriction.lifted_by_id == second_moderator.pk
    assert LogEntry.objects.latest("id").action == "appeal_lifted"
    with refused(AppealDecided):
        services.appeal_decide(moderator=second_moderator, appeal_id=appeal.pk, decision="upheld")


def test_an_upheld_appeal_keeps_the_sanction(
    restriction: Sanction, other: User, second_moderator: User
) -> None:
    appeal = standing_services.appeal_create(member=other, sanction_id=restriction.pk, text="No")
    services.appeal_decide(moderator=second_moderator, appeal_id=appeal.pk, decision="upheld")
    restriction.refresh_from_db()
    assert restriction.lifted_at is None
    assert LogEntry.objects.latest("id").action == "appeal_upheld"


def test_the_automatic_restriction_may_be_appealed_to_any_moderator(
    other: User, moderator: User, settings
) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 1
    report(UserFactory.create(), "member", other.pk)
    sanction = Sanction.objects.get()
    appeal = standing_services.appeal_create(member=other, sanction_id=sanction.pk, text="Mistake")
    services.appeal_decide(moderator=moderator, appeal_id=appeal.pk, decision="lifted")
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None
