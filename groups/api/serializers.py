"""Input and output shapes of the groups API."""

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.industries import INDUSTRIES
from groups.models import Group, JoinPolicy, JoinRequest, Membership, Role, Visibility
from network.api.serializers import MemberSerializer

MAX_ID = 2**63 - 1


def inline_choice_field(values: Iterable[str], **kwargs: Any) -> serializers.ChoiceField:
    """A ChoiceField whose enum stays inline in the schema (wrapped in allOf, which
    drf-spectacular's enum hoisting leaves alone) instead of a named component: field names
    such as `visibility`, `role` and `kind` mean other choice sets in other apps."""
    choices = list(values)
    schema: dict[str, Any] = {"allOf": [{"type": "string", "enum": choices}]}
    if kwargs.get("allow_null"):
        schema["nullable"] = True
    field_class = extend_schema_field(schema)(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices, **kwargs)


class GroupSerializer(serializers.ModelSerializer):
    logo = serializers.SerializerMethodField()
    visibility = inline_choice_field(Visibility.values, read_only=True)
    viewer_role = inline_choice_field(
        Role.values, allow_null=True, read_only=True, help_text="null: not a member."
    )

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "description",
            "rules",
            "industry",
            "logo",
            "visibility",
            "join_policy",
            "posts_need_approval",
            "member_count",
            "pinned_post",
            "created_at",
            "viewer_role",
        ]

    def get_logo(self, group: Group) -> str | None:
        return group.logo.url if group.logo else None


class GroupDetailSerializer(GroupSerializer):
    viewer_invited = serializers.BooleanField(read_only=True)
    viewer_requested = serializers.BooleanField(read_only=True)

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "viewer_invited", "viewer_requested"]


class GroupInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000, allow_blank=True, default="")
    rules = serializers.CharField(max_length=2000, allow_blank=True, default="")
    industry = serializers.ChoiceField(choices=INDUSTRIES, allow_blank=True, default="")
    visibility = inline_choice_field(Visibility.values, default=Visibility.LISTED)
    join_policy = serializers.ChoiceField(choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    posts_need_approval = serializers.BooleanField(default=False)


class GroupListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    industry = serializers.ChoiceField(
        choices=INDUSTRIES, required=False, default="", allow_blank=True
    )
    mine = serializers.BooleanField(required=False, default=False)


class JoinOutcomeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["member", "requested"])


class MembershipSerializer(serializers.ModelSerializer):
    member = MemberSerializer()
    role = inline_choice_field(Role.values)

    class Meta:
        model = Membership
        fields = ["member", "role", "created_at"]


class JoinRequestSerializer(serializers.ModelSerializer):
    member = MemberSerializer()

    class Meta:
        model = JoinRequest
        fields = ["id", "member", "status", "created_at"]


class MemberInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class RoleInputSerializer(serializers.Serializer):
    role = inline_choice_field([Role.MANAGER, Role.MEMBER])
