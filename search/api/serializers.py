"""Search results as the viewer may see them: the API.md member fields, cut by profile access."""

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from accounts.policies import ProfileAccess
from groups.api.serializers import GroupSerializer
from groups.models import Group
from network.api.serializers import MemberSerializer, card_data
from search.selectors import GroupHit, SearchHit

NETWORK_MEMBER = "Network member"


class SearchMemberSerializer(MemberSerializer):
    """A member found by search. Out-of-network members who hide their profile show as
    "Network member" with their headline alone (PRODUCT.md, "What a viewer sees").

    The fields are the schema and the reference output (`field_by_field`, of a member loaded
    whole); the API's output is `search_card`, built from the hit's plain values."""

    display_name = serializers.CharField()
    industry = serializers.CharField(source="profile.industry")
    current_company = serializers.CharField(source="profile.current_company")
    current_title = serializers.CharField(source="profile.current_title")
    name_visible = serializers.BooleanField()

    def field_by_field(self, instance: Any) -> dict[str, Any]:
        return _cut(super().field_by_field(instance), self.context["access"][instance.pk])


def search_card(hit: SearchHit) -> dict[str, Any]:
    """A hit as `SearchMemberSerializer` declares it: the member card and the search fields,
    cut by profile access (equal to `field_by_field`: tests/network/test_member_cards.py)."""
    data = card_data(hit.member)
    data.update(
        display_name=hit.member.full_name if hit.shows_name else NETWORK_MEMBER,
        industry=hit.industry,
        current_company=hit.current_company,
        current_title=hit.current_title,
        name_visible=hit.shows_name,
    )
    return _cut(data, hit.access)


def _cut(data: dict[str, Any], access: ProfileAccess) -> dict[str, Any]:
    if access is ProfileAccess.MINIMAL:
        for name in ("first_name", "last_name", "location", "industry"):
            data[name] = ""
        data.update(current_company="", current_title="", photo=None)
    return data


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
    count_is_estimate = serializers.BooleanField(
        help_text="True for a broad search: `count` and the facet counts are estimates "
        "(two significant digits) from a sample of the index."
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchMemberSerializer(many=True)
    facets = FacetsSerializer()


class SearchGroupSerializer(GroupSerializer):
    """A group found by search: the directory's fields plus the viewer's connections in it."""

    connections_in_group = serializers.IntegerField(
        help_text="How many of the viewer's connections are members."
    )

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "connections_in_group"]


def found_groups(hits: list[GroupHit]) -> list[Group]:
    """The groups of a page of hits, each carrying its `connections_in_group`."""
    for hit in hits:
        hit.group.connections_in_group = hit.connections_in_group  # type: ignore[attr-defined]
    return [hit.group for hit in hits]


class GroupFacetsSerializer(serializers.Serializer):
    industry = _facets("SearchGroupIndustryFacet")


class GroupSearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Groups matching the query and industry.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchGroupSerializer(many=True)
    facets = GroupFacetsSerializer()


class TypeaheadSerializer(serializers.Serializer):
    results = SearchMemberSerializer(many=True, help_text="Members, nearest first.")
    groups = SearchGroupSerializer(
        many=True, help_text="Groups, the viewer's own and their connections' first."
    )
