"""REST endpoints of search (API.md, "Search")."""

from typing import Any

from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import current_member
from core.exceptions import DomainError
from core.schema import ErrorSerializer
from search import policies
from search.api.serializers import (
    GroupSearchPageSerializer,
    PeopleSearchPageSerializer,
    SearchGroupSerializer,
    TypeaheadSerializer,
    found_groups,
    search_card,
)
from search.forms import GroupSearchForm, PeopleSearchForm, TypeaheadForm
from search.selectors import (
    CANDIDATES,
    GroupQuery,
    PeopleQuery,
    group_search,
    people_search,
    typeahead,
)

PAGE_SIZE = 25
_BAD_INPUT = OpenApiResponse(ErrorSerializer, description="A bad filter: `invalid` with `fields`.")
_PEOPLE_REFUSALS = {
    400: _BAD_INPUT,
    403: OpenApiResponse(
        ErrorSerializer,
        description="`connections_hidden` (connection_of: the member's setting) or "
        "`not_group_member` (group: only members see a group's members).",
    ),
    404: OpenApiResponse(
        ErrorSerializer,
        description="`member_not_found` (connection_of) or `group_not_found` (group: missing, "
        "or unlisted and not the viewer's).",
    ),
    429: OpenApiResponse(
        ErrorSerializer, description="`rate_limited` (SEARCH_PEOPLE_RATE), with Retry-After."
    ),
}

_PARAMETERS = [
    OpenApiParameter("q", str, description="Keywords."),
    OpenApiParameter("degree", str, description="Comma-separated 1, 2, 3 (3: 3rd and beyond)."),
    OpenApiParameter("industry", str, description="Industry slug."),
    OpenApiParameter("location", str),
    OpenApiParameter("company", str, description="Current company."),
    OpenApiParameter("past_company", str),
    OpenApiParameter("school", str),
    OpenApiParameter("connection_of", int, description="Member id."),
    OpenApiParameter("group", int, description="Group id: its members (the viewer's groups)."),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="At most 50."),
]


def raise_refusal(reason: DomainError | None) -> None:
    if reason is not None:
        raise reason


def _valid(form_class: type, data: QueryDict) -> dict[str, Any]:
    form = form_class(data)
    if not form.is_valid():
        raise serializers.ValidationError(
            {name: list(messages) for name, messages in form.errors.items()}
        )
    return form.cleaned_data


def _page_url(request: Request, page: int) -> str:
    params = request.query_params.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class PeopleSearchApi(APIView):
    @extend_schema(
        parameters=_PARAMETERS,
        responses={200: PeopleSearchPageSerializer, **_PEOPLE_REFUSALS},
    )
    def get(self, request: Request) -> Response:
        viewer = current_member(request)
        raise_refusal(policies.people_search_rate_block_reason(viewer))
        data = _valid(PeopleSearchForm, request.query_params)
        page, size = data.get("page") or 1, data.get("page_size") or PAGE_SIZE
        result = people_search(
            viewer, PeopleQuery.from_cleaned(data), offset=(page - 1) * size, limit=size
        )
        more = page * size < min(result.reachable, CANDIDATES)
        body = {
            "count": result.count,
            "count_is_estimate": result.estimated,
            "next": _page_url(request, page + 1) if more else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": [search_card(hit) for hit in result.hits],
            "facets": {
                "industry": [vars(facet) for facet in result.industries],
                "location": [vars(facet) for facet in result.locations],
            },
        }
        return Response(body)


class GroupSearchApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Keywords over name and description."),
            OpenApiParameter("industry", str, description="Industry slug."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 50."),
        ],
        responses={200: GroupSearchPageSerializer, 400: _BAD_INPUT},
    )
    def get(self, request: Request) -> Response:
        data = _valid(GroupSearchForm, request.query_params)
        page, size = data.get("page") or 1, data.get("page_size") or PAGE_SIZE
        result = group_search(
            current_member(request),
            GroupQuery.from_cleaned(data),
            offset=(page - 1) * size,
            limit=size,
        )
        body = {
            "count": result.count,
            "next": _page_url(request, page + 1) if page * size < result.reachable else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": SearchGroupSerializer(found_groups(result.hits), many=True).data,
            "facets": {"industry": [vars(facet) for facet in result.industries]},
        }
        return Response(body)


class TypeaheadApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Name prefix.")],
        responses={
            200: TypeaheadSerializer,
            400: _BAD_INPUT,
            429: OpenApiResponse(
                ErrorSerializer,
                description="`rate_limited` (SEARCH_TYPEAHEAD_RATE), with Retry-After.",
            ),
        },
    )
    def get(self, request: Request) -> Response:
        data = _valid(TypeaheadForm, request.query_params)
        member = current_member(request)
        if data.get("q"):
            raise_refusal(policies.typeahead_rate_block_reason(member))
        found = typeahead(member, data.get("q") or "")
        members = [search_card(hit) for hit in found.members]
        groups = SearchGroupSerializer(found_groups(found.groups), many=True).data
        return Response({"results": members, "groups": groups})
