"""Conversations between 1st-degree connections: participants, messages and email digests.

Read state, visibility and the digest mark are message ids, not timestamps: sends in one
conversation are serialized on the conversation row (messaging.services), so inside a
conversation a larger id was always committed later, and "read up to message 42" is exact
whatever the clocks say. `last_read_at` is kept for display ("seen at").
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from notifications.models import EmailState


class Conversation(models.Model):
    """A 1:1 conversation (one per pair of members) or a small group conversation."""

    is_group = models.BooleanField(default=False)
    title = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The pair of a 1:1 conversation, lower id first (plain ids: a deleted account must not
    # take the other member's history with it); empty for groups.
    pair_low_id = models.BigIntegerField(null=True, blank=True)
    pair_high_id = models.BigIntegerField(null=True, blank=True)
    # Written by every send under the conversation's row lock: the inbox reads the last
    # message and the latest activity without scanning messages.
    last_message = models.ForeignKey(
        "Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)

    # Filled by selectors (Prefetch to_attr): the active seats, with their members.
    seats: list["Participant"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pair_low_id", "pair_high_id"],
                condition=Q(is_group=False),
                name="messaging_conversation_one_per_pair",
            ),
            models.CheckConstraint(
                condition=(
                    Q(is_group=True, pair_low_id__isnull=True, pair_high_id__isnull=True)
                    | Q(is_group=False, pair_low_id__lt=F("pair_high_id"))
                ),
                name="messaging_conversation_pair_shape",
            ),
        ]

    def __str__(self) -> str:
        if self.is_group:
            return self.title or f"Group conversation {self.pk}"
        return f"Conversation {self.pk} ({self.pair_low_id} — {self.pair_high_id})"


class Participant(models.Model):
    """A member's place in a conversation, with their read, archive and digest state."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="participants",
        db_index=False,  # messaging_participant_once leads with it
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    # Messages with a larger id are visible (members added to a group see what follows).
    joined_after_message_id = models.BigIntegerField(default=0)
    last_read_message_id = models.BigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # The conversation's latest activity as this seat sees it (a message, or joining): written
    # by every send for every active seat, so the inbox is an index range scan of the
    # member's seats, newest first, however many conversations they have.
    last_activity_at = models.DateTimeField(default=timezone.now)
    # High-water mark of the email digest: messages up to this id were mailed (or skipped).
    digested_message_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="messaging_participant_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["member", "-last_activity_at", "-id"],
                condition=Q(left_at__isnull=True),
                name="messaging_seat_inbox_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.conversation_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class MessageKind(models.TextChoices):
    TEXT = "text", "Message"
    INVITATION_NOTE = "invitation_note", "Invitation note"


class Message(models.Model):
    """One message: plain text (links are made clickable when shown, never raw HTML)."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        db_index=False,  # messaging_message_conversation_idx leads with it
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    body = models.TextField()
    kind = models.CharField(max_length=20, choices=MessageKind.choices, default=MessageKind.TEXT)
    # The accepted invitation whose note this message is: unique, so opening the conversation
    # from a note is idempotent.
    invitation = models.OneToOneField(
        "connections.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="messaging_message_not_empty"),
        ]
        indexes = [
            # Newest-first pages, "after id" polling and unread counts (id > last read, not
            # sent by me) are all range scans of this index; sender_id rides along so the
            # unread count is an index-only scan.
            models.Index(
                fields=["conversation", "id"],
                include=["sender"],
                name="messaging_message_conv_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.conversation_id}"


# A digest is mailed by notifications.services.mail_once, with the notifications' states.
DigestEmailState = EmailState


class MessageDigest(models.Model):
    """One email telling a member about their unread messages; mailed at most once."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_digests"
    )
    created_at = models.DateTimeField(default=timezone.now)
    message_count = models.PositiveIntegerField()
    conversation_count = models.PositiveIntegerField()
    subject = models.CharField(max_length=200)
    text = models.TextField()
    email_state = models.CharField(
        max_length=10, choices=DigestEmailState.choices, default=DigestEmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["member", "-created_at"], name="messaging_digest_member_idx"),
        ]

    def __str__(self) -> str:
        return f"Digest {self.pk} for {self.member_id} ({self.message_count} messages)"
