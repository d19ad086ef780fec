"""A member's standing with the moderators: sanctions (warnings, restrictions, suspensions), their
appeals, and what the member reported (hidden from them at once).

This app sits low (right above notifications) so that the apps whose actions a restriction
stops (connections, messaging, feed) can ask `standing.policies.restriction_reason`, and the
feed and messaging can leave out what a member reported. Reports, cases and the audit log are
the top app `moderation`'s.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SanctionKind(models.TextChoices):
    WARNING = "warning", "Warning"
    RESTRICTION = "restriction", "Restriction"
    # Until lifted: the account is off (accounts' `suspended_at`); lifting it lets them back in.
    SUSPENSION = "suspension", "Suspension"


class RestrictedAction(models.TextChoices):
    INVITE = "invite", "sending invitations"
    MESSAGE = "message", "sending messages"
    POST = "post", "posting and commenting"


class Sanction(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=12, choices=SanctionKind.choices)
    # What a restriction stops (empty for a warning).
    actions = ArrayField(
        models.CharField(max_length=10, choices=RestrictedAction.choices), default=list, blank=True
    )
    reason = models.TextField()
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until lifted.")
    automatic = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The moderator; empty for the automatic protection.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            # The automatic protection restricts a member once until a moderator decides.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(automatic=True, lifted_at__isnull=True),
                name="standing_sanction_one_automatic",
            ),
            models.CheckConstraint(
                condition=Q(kind="restriction") | Q(actions=[]),
                name="standing_sanction_warning_has_no_actions",
            ),
            models.CheckConstraint(
                condition=~Q(kind="restriction") | ~Q(actions=[]),
                name="standing_sanction_restriction_has_actions",
            ),
        ]
        indexes = [models.Index(fields=["member", "-created_at"], name="standing_sanction_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.member_id}"

    def is_in_force(self, now: object = None) -> bool:
        """Whether this restriction still stops something (not lifted, not ended)."""
        moment = now or timezone.now()
        return (
            self.kind == SanctionKind.RESTRICTION
            and self.lifted_at is None
            and (self.ends_at is None or self.ends_at > moment)  # type: ignore[operator]
        )


def restriction_in_force(now: object = None) -> Q:
    """The condition that a sanction row is a restriction in force now."""
    moment = now or timezone.now()
    return Q(kind=SanctionKind.RESTRICTION, lifted_at__isnull=True) & (
        Q(ends_at__isnull=True) | Q(ends_at__gt=moment)
    )


class AppealStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    UPHELD = "upheld", "Upheld"
    LIFTED = "lifted", "Lifted"


class Appeal(models.Model):
    # One appeal per sanction, held by the database.
    sanction = models.OneToOneField(Sanction, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Appeal of sanction {self.sanction_id}"


class HiddenKind(models.TextChoices):
    MESSAGE = "message", "Message"
    POST = "post", "Post"
    COMMENT = "comment", "Comment"


class HiddenContent(models.Model):
    """Something a member reported: the feed and messaging leave it out for them."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=10, choices=HiddenKind.choices)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "object_id"], name="standing_hiddencontent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} hidden for {self.member_id}"
