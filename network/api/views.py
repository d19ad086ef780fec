"""REST endpoints of the read side: profiles as a viewer sees them, mutuals, paths,
suggestions and the size of one's network."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MemberProfileSerializer
from accounts.auth import current_member
from accounts.models import User
from accounts.policies import profile_access
from accounts.selectors import access_member
from core.exceptions import DomainError
from network import selectors, services
from network.api.lists import CardPageApi
from network.api.serializers import (
    MemberSerializer,
    SkillEndorsementSerializer,
    card_data,
    member_context,
    skill_endorsements_data,
)


class OutOfNetwork(DomainError):
    code = "out_of_network"
    status = 404
    default_detail = "This member is not within three connections of you."


class MemberProfileWithDegreeSerializer(MemberProfileSerializer):
    degree = serializers.IntegerField(allow_null=True)
    mutual_connections_count = serializers.IntegerField()
    relationship = serializers.CharField()
    skill_endorsements = SkillEndorsementSerializer(
        many=True, allow_null=True, help_text="Null where `skills` is (hidden from this viewer)."
    )


class MemberDetailApi(APIView):
    @extend_schema(responses={200: MemberProfileWithDegreeSerializer})
    def get(self, request: Request, member_id: int) -> Response:
        viewer = current_member(request)
        member = access_member(viewer=viewer, member_id=member_id)
        fields = selectors.viewer_fields_for(viewer, [member.pk])[member.pk]
        access = profile_access(member=member, degree=fields.degree)
        body: dict[str, Any] = MemberProfileSerializer.for_viewer(member, access)
        body.update(
            degree=fields.degree,
            mutual_connections_count=fields.mutual_connections_count,
            relationship=fields.relationship,
            skill_endorsements=None
            if body["skills"] is None
            else skill_endorsements_data(viewer, member),
        )
        return Response(body)


class MutualConnectionsApi(CardPageApi):
    serializer_class = MemberSerializer
    cards_from = 0

    def get_queryset(self) -> QuerySet[User, tuple[Any, ...]]:
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none().values_list(*selectors.CARD_COLUMNS)
        viewer = current_member(self.request)
        member = access_member(
            viewer=viewer, member_id=self.kwargs["member_id"], with_history=False
        )
        return selectors.mutual_connections(viewer=viewer, member=member).values_list(
            *selectors.CARD_COLUMNS
        )


class PathSerializer(serializers.Serializer):
    path = MemberSerializer(many=True)


class PathApi(APIView):
    @extend_schema(responses={200: PathSerializer})
    def get(self, request: Request, member_id: int) -> Response:
        viewer = current_member(request)
        member = access_member(viewer=viewer, member_id=member_id, with_history=False)
        path = selectors.connection_path(viewer=viewer, member=member)
        if path is None:
            raise OutOfNetwork()
        return Response(
            {"path": MemberSerializer(path, many=True, context=member_context(viewer, path)).data}
        )


class SuggestionSerializer(serializers.Serializer):
    member = MemberSerializer()
    mutual_connections_count = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class SuggestionsApi(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                name="SuggestionPage",
                fields={
                    "results": SuggestionSerializer(many=True),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                },
            )
        }
    )
    def get(self, request: Request) -> Response:
        viewer = current_member(request)
        ranked = selectors.ranked_suggestions(viewer)
        ids = [member_id for member_id, _, _ in ranked]
        cards = selectors.card_members(viewer, ids, selectors.viewer_fields_for)
        data = [
            {
                "member": card_data(cards[member_id]),
                "mutual_connections_count": mutual,
                "reasons": reasons,
            }
            for member_id, mutual, reasons in ranked
            if member_id in cards
        ]
        return Response({"results": data, "next": None, "previous": None})


class SuggestionDismissApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, member_id: int) -> Response:
        services.suggestion_dismiss(member=current_member(request), dismissed_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NetworkSizeSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    third = serializers.IntegerField()
    third_is_estimate = serializers.BooleanField()


class NetworkSummaryApi(APIView):
    @extend_schema(responses={200: NetworkSizeSerializer})
    def get(self, request: Request) -> Response:
        return Response(NetworkSizeSerializer(selectors.network_size(current_member(request))).data)
