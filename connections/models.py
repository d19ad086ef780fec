"""The write side of the graph: invitations, connections and the per-member counters.

A connection is stored as two directed rows (a→b and b→a) so that "my connections" and every
degree query are a plain index range scan on (member, other); the services always write and
delete both rows in one transaction, under the counter locks of both members.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    IGNORED = "ignored", "Ignored"
    DONT_KNOW = "dont_know", "I don't know this person"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"
    CLOSED = "closed", "Closed (connection cap reached)"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(status=InvitationStatus.PENDING)

    def between(self, first_id: int, second_id: int) -> "InvitationQuerySet":
        return self.filter(
            Q(sender_id=first_id, recipient_id=second_id)
            | Q(sender_id=second_id, recipient_id=first_id)
        )


class Invitation(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_received"
    )
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            # One pending invitation per pair, whichever way it goes.
            models.UniqueConstraint(
                Least("sender", "recipient"),
                Greatest("sender", "recipient"),
                condition=Q(status="pending"),
                name="connections_invitation_one_pending_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")),
                name="connections_invitation_not_self",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(status="pending"),
                name="connections_inv_received_idx",
            ),
            models.Index(
                fields=["sender", "-created_at"],
                condition=Q(status="pending"),
                name="connections_inv_sent_idx",
            ),
            models.Index(fields=["sender", "created_at"], name="connections_inv_week_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id} ({self.status})"


class Connection(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections"
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The accepted invitation (its note opens the conversation).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "other"], name="connections_connection_one_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("other")), name="connections_connection_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["other", "member"], name="connections_connection_rev_idx"),
            models.Index(fields=["member", "-created_at"], name="connections_conn_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} — {self.other_id}"

    def seen_from(self, viewer_id: int) -> "Connection":
        """Return this connection as the viewer's own directed row, whichever one this is (the
        services hand back either row of the pair)."""
        if self.member_id == viewer_id:
            return self
        return Connection(member=self.other, other=self.member, created_at=self.created_at)


class ConnectionCount(models.Model):
    """How many connections a member has: the row every cap check locks.

    Denormalized from Connection rows; a periodic task reconciles it and reports drift.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="connection_count",
    )
    count = models.PositiveIntegerField(default=0)
    warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=0), name="connections_connectioncount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.count}"
