"""Search results as the viewer may see them: the API.md member fields, cut by profile access."""

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from accounts.policies import ProfileAccess
from network.api.serializers import MemberSerializer
from search.selectors import SearchHit

NETWORK_MEMBER = "Network member"


class SearchMemberSerializer(MemberSerializer):
    """A member found by search. Out-of-network members who hide their profile show as
    "Network member" with their headline alone (PRODUCT.md, "What a viewer sees")."""

    display_name = serializers.CharField()
    industry = serializers.CharField(source="profile.industry")
    current_company = serializers.CharField(source="profile.current_company")
    current_title = serializers.CharField(source="profile.current_title")
    name_visible = serializers.BooleanField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self.context["access"][instance.pk] is ProfileAccess.MINIMAL:
            for name in ("first_name", "last_name", "location", "industry"):
                data[name] = ""
            data.update(current_company="", current_title="", photo=None)
        return data


def search_context(hits: list[SearchHit]) -> dict[str, Any]:
    """Serializer context for a page of hits: nothing more is read from the database."""
    for hit in hits:
        hit.member.display_name = hit.member.full_name if hit.shows_name else NETWORK_MEMBER  # type: ignore[attr-defined]
        hit.member.name_visible = hit.shows_name  # type: ignore[attr-defined]
    return {
        "viewer_fields": {hit.member.pk: hit.fields for hit in hits},
        "access": {hit.member.pk: hit.access for hit in hits},
    }


def _facets(name: str) -> serializers.Serializer:
    return inline_serializer(
        name=name,
        fields={
            "value": serializers.CharField(help_text="The filter value to pass back."),
            "label": serializers.CharField(),
            "count": serializers.IntegerField(),
        },
        many=True,
    )


class FacetsSerializer(serializers.Serializer):
    industry = _facets("SearchIndustryFacet")
    location = _facets("SearchLocationFacet")


class PeopleSearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Members matching the query and filters.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchMemberSerializer(many=True)
    facets = FacetsSerializer()


class TypeaheadSerializer(serializers.Serializer):
    results = SearchMemberSerializer(many=True)
    groups = serializers.ListField(child=serializers.DictField(), help_text="Empty for now.")
