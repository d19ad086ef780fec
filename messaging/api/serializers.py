"""Input and output shapes of the messaging API."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from connections.api.serializers import ReasonSerializer
from messaging import selectors
from messaging.models import Message, MessageKind, Participant
from network.api.serializers import MemberSerializer


class MessageSerializer(serializers.ModelSerializer):
    """A message: plain text; clients make links clickable and never render it as HTML."""

    sender = MemberSerializer()
    kind = serializers.ChoiceField(
        choices=MessageKind.choices,
        help_text='"invitation_note": the note of the accepted invitation that opened the '
        "conversation.",
    )

    class Meta:
        model = Message
        fields = ["id", "conversation", "sender", "body", "kind", "created_at"]


class ConversationSerializer(serializers.Serializer):
    """A conversation from one participant's seat (inbox rows and details)."""

    id = serializers.IntegerField(source="conversation_id")
    is_group = serializers.BooleanField(source="conversation.is_group")
    title = serializers.CharField(source="conversation.title")
    participants = serializers.SerializerMethodField(
        help_text="The other active participants (the viewer is not listed)."
    )
    last_message = serializers.SerializerMethodField()
    unread_count = serializers.IntegerField()
    archived = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="conversation.created_at")
    last_activity_at = serializers.DateTimeField()

    @extend_schema_field(MemberSerializer(many=True))
    def get_participants(self, seat: Participant) -> list[dict[str, Any]]:
        others = [other.member for other in seat.conversation.seats if other.pk != seat.pk]
        return list(MemberSerializer(others, many=True, context=self.context).data)

    @extend_schema_field(MessageSerializer(allow_null=True))
    def get_last_message(self, seat: Participant) -> dict[str, Any] | None:
        message = selectors.visible_last_message(seat)
        if message is None:
            return None
        return dict(MessageSerializer(message, context=self.context).data)

    def get_archived(self, seat: Participant) -> bool:
        return seat.archived_at is not None


class ConversationDetailSerializer(ConversationSerializer):
    send_block_reason = serializers.SerializerMethodField(
        help_text="Why the viewer cannot send here now (null: they can), from the same gate "
        "the send checks."
    )

    @extend_schema_field(ReasonSerializer(allow_null=True))
    def get_send_block_reason(self, seat: Participant) -> dict[str, Any] | None:
        reason = self.context.get("send_block_reason")
        if reason is None:
            return None
        return {"code": reason.code, "detail": reason.detail, "retry_after": reason.retry_after}


class ConversationStartInputSerializer(serializers.Serializer):
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=1000,
        help_text="Member ids: one for a 1:1 conversation (the existing one is reused), more "
        "for a group. Each must be a 1st-degree connection of the sender.",
    )
    # No max_length: the rule (and its code, message_too_long) lives in the service.
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The first message; required unless the 1:1 conversation already exists.",
    )
    title = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="Groups only."
    )


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ParticipantsInputSerializer(serializers.Serializer):
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1), max_length=1000
    )


class ConversationListQuerySerializer(serializers.Serializer):
    archived = serializers.BooleanField(
        required=False, default=False, help_text="List archived conversations instead."
    )
    q = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="Participant name."
    )


class MessageListQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(
        required=False, min_value=0, help_text="Only messages with a larger id (polling)."
    )


class ReadSerializer(serializers.Serializer):
    conversation = serializers.IntegerField()
    unread_count = serializers.IntegerField(help_text="Unread messages in this conversation: 0.")
    unread_total = serializers.IntegerField(help_text="Unread messages in all conversations.")
