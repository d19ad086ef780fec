"""REST endpoints of the graph's write side: invitations, connections, blocks."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.serializers import BlockInputSerializer, BlockSerializer
from accounts.api.views import valid_input
from accounts.auth import current_member
from accounts.models import Block
from accounts.selectors import blocked_members_for
from connections import services


class BlockListApi(generics.ListAPIView):
    serializer_class = BlockSerializer

    def get_queryset(self) -> QuerySet[Block]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Block.objects.none()
        return blocked_members_for(current_member(self.request))

    @extend_schema(
        request=BlockInputSerializer,
        responses={201: BlockSerializer, 404: OpenApiResponse(description="No such member.")},
    )
    def post(self, request: Request) -> Response:
        data = valid_input(BlockInputSerializer, request)
        block = services.member_block(blocker=current_member(request), blocked_id=data["member"])
        return Response(BlockSerializer(block).data, status=status.HTTP_201_CREATED)
