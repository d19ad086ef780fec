"""Reports, the cases moderators review (one open case per reported thing), and the audit log.

A report names its target by type and id (a member, an invitation, a message, a post, a
comment or a group) and the member responsible for it (`subject`: the member, the sender, the
author, the group's owner), whom the automatic protection counts and the sanctions fall on.
The case keeps a snapshot of the target as it was when first reported, so deleting it cannot
hide it from the moderators. The audit log (`LogEntry`) is append-only: the model refuses
updates and deletes, the admin offers neither, and a database trigger refuses them too.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TargetType(models.TextChoices):
    MEMBER = "member", "Member"
    INVITATION = "invitation", "Invitation"
    MESSAGE = "message", "Message"
    POST = "post", "Post"
    COMMENT = "comment", "Comment"
    GROUP = "group", "Group"


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam"
    FAKE_ACCOUNT = "fake_account", "Fake account"
    HARASSMENT = "harassment", "Harassment"
    INAPPROPRIATE = "inappropriate", "Inappropriate"
    OTHER = "other", "Other"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class Action(models.TextChoices):
    DISMISS = "dismiss", "Dismiss"
    REMOVE_CONTENT = "remove_content", "Remove the content"
    WARN = "warn", "Warn the member"
    RESTRICT = "restrict", "Restrict the member"
    SUSPEND = "suspend", "Suspend the member"


class Case(models.Model):
    target_type = models.CharField(max_length=12, choices=TargetType.choices)
    target_id = models.BigIntegerField()
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderation_cases",
        help_text="The member responsible for the reported thing.",
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    automatic = models.BooleanField(default=False, help_text="The automatic protection acted.")
    reporters_count = models.PositiveIntegerField(default=0)
    snapshot = models.JSONField(default=dict, help_text="The target as first reported.")
    first_reported_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            # One open case per reported thing, however many reports.
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=Q(status="open"),
                name="moderation_case_one_open_per_target",
            ),
        ]
        indexes = [
            # The queue: automatic first, then by distinct reporters.
            models.Index(
                fields=["-automatic", "-reporters_count", "first_reported_at"],
                condition=Q(status="open"),
                name="moderation_case_queue_idx",
            ),
            models.Index(fields=["subject", "status"], name="moderation_case_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}: {self.target_type} {self.target_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Action taken"
    DISMISSED = "dismissed", "Dismissed"


class Report(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    target_type = models.CharField(max_length=12, choices=TargetType.choices)
    target_id = models.BigIntegerField()
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_about"
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    detail = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One report per reporter and target: reporting again returns the same report.
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"], name="moderation_report_once"
            ),
        ]
        indexes = [
            # The daily limit and "my reports", newest first.
            models.Index(fields=["reporter", "-created_at"], name="moderation_report_mine_idx"),
            # The automatic protection: distinct reporters of a member within the window.
            models.Index(fields=["subject", "created_at"], name="moderation_report_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} of {self.target_type} {self.target_id}"


class LogAction(models.TextChoices):
    DISMISS = "dismiss", "Dismissed a case"
    REMOVE_CONTENT = "remove_content", "Removed content"
    WARN = "warn", "Warned a member"
    RESTRICT = "restrict", "Restricted a member"
    SUSPEND = "suspend", "Suspended a member"
    AUTO_RESTRICT = "auto_restrict", "Restricted a member automatically"
    LIFT = "lift", "Lifted a restriction"
    APPEAL_UPHELD = "appeal_upheld", "Upheld an appeal's sanction"
    APPEAL_LIFTED = "appeal_lifted", "Lifted a sanction on appeal"


class AppendOnly(Exception):
    """The audit log is never changed or deleted."""


class LogEntryQuerySet(models.QuerySet["LogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("The moderation log cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("The moderation log cannot be deleted.")


class LogEntry(models.Model):
    """Who did what, to whom, why and when. The ids are kept without foreign keys, so that
    deleting a member or a case never has to touch the log (a cascade would be a delete)."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: the automatic protection.",
    )
    action = models.CharField(max_length=16, choices=LogAction.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    sanction_id = models.BigIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["-created_at", "-id"], name="moderation_log_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("The moderation log cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("The moderation log cannot be deleted.")
