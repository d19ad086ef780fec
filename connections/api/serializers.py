"""Input and output shapes of the invitations and connections API."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from connections.models import Invitation, InvitationStatus
from core.pagination import api_time
from network.api.serializers import MemberSerializer
from standing.selectors import restrictions_in_force, standing_for

CONNECTION_ORDERINGS = ["-connected_at", "last_name"]


class InvitationSerializer(serializers.ModelSerializer):
    sender = MemberSerializer()
    recipient = MemberSerializer()
    status = serializers.ChoiceField(choices=InvitationStatus.choices)

    class Meta:
        model = Invitation
        fields = ["id", "sender", "recipient", "note", "status", "created_at", "responded_at"]


def invitation_row_data(
    row: tuple[Any, ...], sender: dict[str, Any], recipient: dict[str, Any]
) -> dict[str, Any]:
    """`InvitationSerializer`'s output from a row of `connections.selectors.INVITATION_ROW`
    and the two members' cards."""
    _, _, invitation_id, note, status, created_at, responded_at = row
    return {
        "id": invitation_id,
        "sender": sender,
        "recipient": recipient,
        "note": note,
        "status": status,
        "created_at": api_time(created_at),
        "responded_at": api_time(responded_at),
    }


class InvitationReceivedSerializer(InvitationSerializer):
    """A received invitation, with the groups its recipient (the viewer) shares with the
    sender (PRODUCT.md "Groups"): up to 3 names, alphabetical, one query for the page."""

    shared_groups = serializers.SerializerMethodField()

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "shared_groups"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_shared_groups(self, invitation: Invitation) -> list[str]:
        shared: dict[int, list[str]] = self.context.get("shared_groups", {})
        return shared.get(invitation.sender_id, [])


class ConnectionSerializer(serializers.Serializer):
    """A connection from its owner's side: the other member and when they connected."""

    member = MemberSerializer(source="other")
    connected_at = serializers.DateTimeField(source="created_at")


class InvitationInputSerializer(serializers.Serializer):
    to = serializers.IntegerField(min_value=1, help_text="The member to invite.")
    # No max_length here: the rule (and its code, note_too_long) lives in the policy.
    note = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=254,
        help_text="The recipient's email address, where they require it.",
    )


class InvitationIgnoreInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=[("dont_know", "I don't know this person")],
        required=False,
        allow_null=True,
        help_text='"dont_know": the sender may never invite this member again.',
    )


class InvitationPreflightQuerySerializer(serializers.Serializer):
    to = serializers.IntegerField(min_value=1, help_text="The member one would invite.")


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    retry_after = serializers.IntegerField(allow_null=True, help_text="Seconds, where known.")


class InvitationPreflightSerializer(serializers.Serializer):
    can_invite = serializers.BooleanField()
    reason = ReasonSerializer(allow_null=True)
    email_required = serializers.BooleanField()
    note_recommended = serializers.BooleanField()
    accepts_their_invitation = serializers.BooleanField()


class ConnectionListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Filter by name."
    )
    ordering = serializers.ChoiceField(
        choices=CONNECTION_ORDERINGS, required=False, default="-connected_at"
    )


class CooldownSerializer(serializers.Serializer):
    member = MemberSerializer()
    until = serializers.DateTimeField()


class RestrictionLimitSerializer(serializers.Serializer):
    actions = serializers.ListField(child=serializers.CharField())
    until = serializers.DateTimeField(allow_null=True)


class StandingLimitsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["good", "restricted", "suspended"])
    restrictions = RestrictionLimitSerializer(many=True)


class RateLimitSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text="search_people, search_typeahead, email_resend...")
    limit = serializers.IntegerField()
    window_seconds = serializers.IntegerField()
    used = serializers.IntegerField()
    remaining = serializers.IntegerField()
    resets_in = serializers.IntegerField(help_text="Seconds until the window starts again.")


class MemberLimitsSerializer(serializers.Serializer):
    invitations_left_this_week = serializers.IntegerField()
    weekly_limit = serializers.IntegerField()
    next_weekly_slot_at = serializers.DateTimeField(allow_null=True)
    pending_count = serializers.IntegerField()
    pending_limit = serializers.IntegerField()
    connections_count = serializers.IntegerField()
    connections_max = serializers.IntegerField()
    dont_know_strikes = serializers.IntegerField()
    email_required_for_everyone = serializers.BooleanField()
    cooldowns = CooldownSerializer(many=True)
    standing = serializers.SerializerMethodField()

    @extend_schema_field(StandingLimitsSerializer)
    def get_standing(self, limits: object) -> dict[str, object]:
        """The member's standing (`me/standing` has the whole of it)."""
        member = self.context["member"]
        return {
            "status": standing_for(member).status,
            "restrictions": [
                {"actions": sanction.actions, "until": sanction.ends_at}
                for sanction in restrictions_in_force(member.pk).order_by("pk")
            ],
        }

    new_member_until = serializers.DateTimeField(
        allow_null=True,
        help_text="While set, the lower new-member weekly limit (weekly_limit) applies.",
    )
    email_confirmed = serializers.BooleanField(
        help_text="False: inviting, messaging, posting and creating groups wait for it."
    )
    rate_limits = RateLimitSerializer(many=True)


class EndorsementInputSerializer(serializers.Serializer):
    skill = serializers.CharField(max_length=200, help_text="A skill the member lists.")


class EndorsementSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    skill = serializers.CharField(help_text="The skill as matched: spaces collapsed, lower case.")
    created_at = serializers.DateTimeField()
