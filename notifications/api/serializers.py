"""Input and output shapes of the notifications API."""

from typing import Any

from rest_framework import serializers

from connections.api.serializers import MemberSerializer
from notifications.models import Notification, NotificationKind


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    actor = MemberSerializer(allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "link", "actor", "created_at", "read_at"]


class NotificationsReadInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=1000,
        help_text="Mark these notifications read.",
    )
    all = serializers.BooleanField(required=False, help_text="Mark every notification read.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_ids = "ids" in attrs
        if has_ids == bool(attrs.get("all")):
            raise serializers.ValidationError('Give either "ids" or "all": true.')
        return attrs


class NotificationsMarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications changed to read.")
    unread_count = serializers.IntegerField()


class KindChoiceSerializer(serializers.Serializer):
    in_app = serializers.BooleanField(required=False, help_text="Shown in the app.")
    email = serializers.BooleanField(
        required=False,
        help_text="Sent by email (for `new_message`: the digest is not off).",
    )


class NotificationSettingsSerializer(serializers.Serializer):
    kinds = serializers.DictField(
        child=KindChoiceSerializer(),
        required=False,
        help_text="One entry per notification kind: " + ", ".join(NotificationKind.values) + ".",
    )
    message_digest = serializers.ChoiceField(
        choices=["batched", "daily", "off"],
        required=False,
        help_text="How unread messages are mailed: batched (at most every 15 minutes), daily "
        "or off.",
    )
