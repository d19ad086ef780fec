"""Members as a viewer sees them, with the viewer-relative fields of API.md's conventions."""

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import MemberSummarySerializer, summary_data
from accounts.models import User
from network.selectors import CardMember, CardValues, ViewerFields, viewer_fields_for

RELATIONSHIPS = ["self", "connected", "invitation_sent", "invitation_received", "none"]


def member_context(viewer: User, members: Iterable[User | None]) -> dict[str, Any]:
    """Serializer context for members shown to `viewer`: degree, mutual count and
    relationship of the whole page in one batch, never once per row."""
    ids = sorted({member.pk for member in members if member is not None})
    return {"viewer_fields": viewer_fields_for(viewer, ids)}


def card_data(member: CardMember) -> dict[str, Any]:
    """The card `MemberSerializer` declares, built as a plain dict: what every list of members
    in the API returns, without DRF's per-field machinery (a field object, its source lookup
    and its `to_representation`, nine times per member). Same keys, order and values as the
    serializer's own output (tests/network/test_member_cards.py holds them equal)."""
    fields = member.nearness  # ViewerFields
    return {
        **summary_data(member.values),
        "degree": fields.degree,
        "mutual_connections_count": fields.mutual_connections_count,
        "relationship": fields.relationship,
    }


def member_card(member: User, fields: ViewerFields) -> dict[str, Any]:
    """`card_data` of a member loaded whole (with their profile)."""
    return card_data(CardMember(CardValues.of(member), fields))


class MemberSerializer(MemberSummarySerializer):
    """A member as shown to a viewer: `degree` (0 self, 1-3, null), `mutual_connections_count`
    and `relationship`, from `member_context`.

    The fields below are the schema (OpenAPI) and the reference output (`field_by_field`); the
    output itself is `member_card`, a plain dict (subclasses that add fields build their own)."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if type(self) is MemberSerializer:
            return member_card(instance, self._fields_for(instance))
        return super().to_representation(instance)

    def field_by_field(self, instance: Any) -> dict[str, Any]:
        """DRF's own output for these fields, the slow path the fast one must equal."""
        return dict(serializers.Serializer.to_representation(self, instance))

    degree = serializers.SerializerMethodField()
    mutual_connections_count = serializers.SerializerMethodField()
    relationship = serializers.SerializerMethodField()

    def _fields_for(self, member: User) -> ViewerFields:
        return self.context["viewer_fields"][member.pk]

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=0, max_value=3))
    def get_degree(self, member: User) -> int | None:
        return self._fields_for(member).degree

    @extend_schema_field(serializers.IntegerField(min_value=0))
    def get_mutual_connections_count(self, member: User) -> int:
        return self._fields_for(member).mutual_connections_count

    @extend_schema_field(serializers.ChoiceField(choices=RELATIONSHIPS))
    def get_relationship(self, member: User) -> str:
        return self._fields_for(member).relationship


class SkillEndorsementSerializer(serializers.Serializer):
    """One listed skill's endorsements (connections.selectors.skill_endorsements)."""

    skill = serializers.CharField()
    endorsements_count = serializers.IntegerField(min_value=0)
    endorsed_by_connections = MemberSerializer(
        many=True, help_text="Up to 3 of the viewer's connections who endorsed it, newest first."
    )
    endorsed_by_me = serializers.BooleanField()


def skill_endorsements_data(viewer: User, member: User) -> list[dict[str, Any]]:
    """`skill_endorsements` of a profile as the API shows it, in a constant number of queries."""
    from connections.selectors import skill_endorsements

    skills = skill_endorsements(viewer=viewer, member=member)
    people = [person for item in skills for person in item.endorsed_by_connections]
    context = member_context(viewer, people)
    return list(SkillEndorsementSerializer(skills, many=True, context=context).data)
