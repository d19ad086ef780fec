"""In-app notifications, each also mailed once. A dedupe key makes every notification unique:
a task that runs twice, or is retried after a crash, finds the row and does nothing more."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NotificationKind(models.TextChoices):
    INVITATION_RECEIVED = "invitation_received", "Invitation received"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
    INVITATION_CLOSED = "invitation_closed", "Invitation closed (member at the connection cap)"
    CAP_REACHED = "cap_reached", "Connection cap reached"
    CAP_WARNING = "cap_warning", "Approaching the connection cap"
    NEW_MESSAGE = "new_message", "New message"
    GROUP_JOIN_REQUEST = "group_join_request", "Group join request"
    GROUP_JOIN_APPROVED = "group_join_approved", "Group join request approved"
    POST_COMMENT = "post_comment", "Comment on your post"
    REPORT_REVIEWED = "report_reviewed", "Your report was reviewed"
    DATA_EXPORT_READY = "data_export_ready", "Your data export is ready"


class DigestFrequency(models.TextChoices):
    """How often unread messages are mailed (messaging.services.digests)."""

    BATCHED = "batched", "Batched (at most every 15 minutes)"
    DAILY = "daily", "Daily"
    OFF = "off", "Off"


class EmailState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not mailed"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # False when the member had this kind's in-app notifications off when it was created: the
    # row still exists (it makes the notification once and may be mailed) but is never listed.
    in_app = models.BooleanField(default=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notifications_notification_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notifications_recent_idx"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notifications_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """A member's choice for one kind; no row means both on (the default)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind"], name="notifications_preference_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.member_id}: in-app {self.in_app}, email {self.email}"


class DigestPreference(models.Model):
    """How often a member's unread messages are mailed; no row means batched."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest_preference",
    )
    message_digest = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.BATCHED
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Message digest {self.message_digest} for {self.member_id}"
