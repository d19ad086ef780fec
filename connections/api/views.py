"""REST endpoints of the graph's write side: invitations, connections, limits, blocks."""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from accounts.api.serializers import BlockInputSerializer, BlockSerializer, block_row_data
from accounts.api.views import valid_input
from accounts.auth import current_member
from accounts.models import Block, User
from accounts.selectors import access_member, blocked_member_rows, email_confirmed
from config.limits import member_rate_limits
from connections import endorsements, policies, selectors, services
from connections.api import serializers as s
from connections.models import Connection, Invitation
from core.pagination import api_time
from groups.selectors import shared_group_names
from network.api.lists import CardPageApi
from network.api.serializers import member_context


def valid_query(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    """Validate the query string; a bad value is a 400 with the error shape, never ignored."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _invitation_data(viewer: User, invitation: Invitation) -> dict[str, Any]:
    context = member_context(viewer, [invitation.sender, invitation.recipient])
    return dict(s.InvitationSerializer(invitation, context=context).data)


def _connection_data(viewer: User, connection: Connection) -> dict[str, Any]:
    """Show a new connection from the viewer's side, whichever directed row the service gave."""
    own_side = connection.seen_from(viewer.pk)
    context = member_context(viewer, [own_side.other])
    return dict(s.ConnectionSerializer(own_side, context=context).data)


class InvitationSendApi(APIView):
    @extend_schema(
        request=s.InvitationInputSerializer,
        responses={
            201: s.InvitationSerializer,
            200: OpenApiResponse(
                s.ConnectionSerializer,
                description="The member had already invited you: theirs is accepted instead.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = valid_input(s.InvitationInputSerializer, request)
        sender = current_member(request)
        outcome = services.invitation_send(
            sender=sender, recipient_id=data["to"], note=data["note"], email=data.get("email")
        )
        if outcome.connection is not None:
            return Response(_connection_data(sender, outcome.connection))
        return Response(
            _invitation_data(sender, outcome.invitation), status=status.HTTP_201_CREATED
        )


class InvitationListApi(CardPageApi):
    """Pending invitations, newest first: plain rows, the sender's and recipient's cards."""

    serializer_class = s.InvitationSerializer
    members_per_row = 2

    def invitations(self, viewer: User) -> QuerySet[Invitation]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Invitation, tuple[Any, ...]]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Invitation.objects.none().values_list(*selectors.INVITATION_ROW)
        return self.invitations(current_member(self.request)).values_list(*selectors.INVITATION_ROW)

    def row_data(self, row: tuple[Any, ...], *cards: dict[str, Any]) -> dict[str, Any]:
        return s.invitation_row_data(row, *cards)


class InvitationReceivedListApi(InvitationListApi):
    serializer_class = s.InvitationReceivedSerializer

    def invitations(self, viewer: User) -> QuerySet[Invitation]:
        return selectors.invitations_received(viewer)

    def page_read(self, page: Sequence[tuple[Any, ...]]) -> None:
        """The groups each sender shares with the viewer (one query for the page)."""
        senders = [row[0] for row in page]
        self.shared = shared_group_names(current_member(self.request), senders)

    def row_data(self, row: tuple[Any, ...], *cards: dict[str, Any]) -> dict[str, Any]:
        return {**super().row_data(row, *cards), "shared_groups": self.shared.get(row[0], [])}


class InvitationSentListApi(InvitationListApi):
    def invitations(self, viewer: User) -> QuerySet[Invitation]:
        return selectors.invitations_sent(viewer)


class InvitationPreflightApi(APIView):
    @extend_schema(
        parameters=[s.InvitationPreflightQuerySerializer],
        responses={200: s.InvitationPreflightSerializer},
    )
    def get(self, request: Request) -> Response:
        query = valid_query(s.InvitationPreflightQuerySerializer, request)
        sender = current_member(request)
        recipient = access_member(viewer=sender, member_id=query["to"], with_history=False)
        preflight = policies.invitation_preflight(sender=sender, recipient=recipient)
        return Response(s.InvitationPreflightSerializer(preflight).data)


class InvitationAcceptApi(APIView):
    @extend_schema(request=None, responses={200: s.ConnectionSerializer})
    def post(self, request: Request, invitation_id: int) -> Response:
        recipient = current_member(request)
        connection = services.invitation_accept(recipient=recipient, invitation_id=invitation_id)
        return Response(_connection_data(recipient, connection))


class InvitationIgnoreApi(APIView):
    @extend_schema(
        request=s.InvitationIgnoreInputSerializer, responses={200: s.InvitationSerializer}
    )
    def post(self, request: Request, invitation_id: int) -> Response:
        data = valid_input(s.InvitationIgnoreInputSerializer, request)
        recipient = current_member(request)
        invitation = services.invitation_ignore(
            recipient=recipient,
            invitation_id=invitation_id,
            dont_know=data.get("reason") == "dont_know",
        )
        return Response(_invitation_data(recipient, invitation))


class InvitationWithdrawApi(APIView):
    @extend_schema(request=None, responses={200: s.InvitationSerializer})
    def post(self, request: Request, invitation_id: int) -> Response:
        sender = current_member(request)
        invitation = services.invitation_withdraw(sender=sender, invitation_id=invitation_id)
        return Response(_invitation_data(sender, invitation))


class ConnectionListApi(CardPageApi):
    """Own 1st-degree connections, searchable by name, newest or by last name."""

    serializer_class = s.ConnectionSerializer
    rows_are_own_connections = True
    cards_from = 2  # selectors.CONNECTION_ROW: the other member's id, connected, the card

    def owner(self) -> User:
        return current_member(self.request)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Connection.objects.none()
        owner = self.owner()  # a hidden member is a 404 before the query string is read
        query = valid_query(s.ConnectionListQuerySerializer, self.request)
        return selectors.connection_rows(
            member=owner,
            viewer=current_member(self.request),
            query=query.get("q", ""),
            ordering=query["ordering"],
        )

    def row_data(self, row: tuple[Any, ...], *cards: dict[str, Any]) -> dict[str, Any]:
        return {"member": cards[0], "connected_at": api_time(row[1])}

    @extend_schema(parameters=[s.ConnectionListQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ConnectionDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, member_id: int) -> Response:
        services.connection_remove(member=current_member(request), other_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberConnectionListApi(ConnectionListApi):
    """Another member's connections, as their "who sees my connections" setting allows."""

    rows_are_own_connections = False  # the viewer's relationship to each is asked

    def owner(self) -> User:
        viewer = current_member(self.request)
        member = access_member(
            viewer=viewer, member_id=self.kwargs["member_id"], with_history=False
        )
        reason = policies.connections_view_block_reason(viewer=viewer, member=member)
        if reason is not None:
            raise reason
        return member


class MeLimitsApi(APIView):
    @extend_schema(responses={200: s.MemberLimitsSerializer})
    def get(self, request: Request) -> Response:
        member = current_member(request)
        limits = selectors.member_limits(member)
        context = member_context(member, [cooldown.member for cooldown in limits.cooldowns])
        context["member"] = member  # for the standing
        data = s.MemberLimitsSerializer(
            {
                **vars(limits),
                "email_confirmed": email_confirmed(member),
                "rate_limits": member_rate_limits(member),
            },
            context=context,
        ).data
        return Response(data)


class BlockListApi(generics.ListAPIView):
    """The members the viewer blocked, newest first: plain rows (compiled once), no
    serializer on the way (`BlockSerializer` is the schema; a test holds the two equal)."""

    serializer_class = BlockSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Block.objects.none()
        return blocked_member_rows(current_member(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # paginated
        return self.get_paginated_response([block_row_data(row) for row in page])

    @extend_schema(
        request=BlockInputSerializer,
        responses={201: BlockSerializer, 404: OpenApiResponse(description="No such member.")},
    )
    def post(self, request: Request) -> Response:
        data = valid_input(BlockInputSerializer, request)
        block = services.member_block(blocker=current_member(request), blocked_id=data["member"])
        return Response(BlockSerializer(block).data, status=status.HTTP_201_CREATED)


class EndorsementsApi(APIView):
    @extend_schema(
        description="Endorse a skill of a 1st-degree connection: 201 with the endorsement, or "
        "200 with the same one when you had already endorsed it (one per skill and endorser). "
        "403 `not_first_degree`; 404 `skill_not_found` for a skill the member does not list "
        "(case and spacing are ignored); 404 `member_not_found`; 400 `self_action`.",
        request=s.EndorsementInputSerializer,
        responses={
            201: s.EndorsementSerializer,
            200: OpenApiResponse(s.EndorsementSerializer, description="Already endorsed."),
        },
    )
    def post(self, request: Request, member_id: int) -> Response:
        data = valid_input(s.EndorsementInputSerializer, request)
        endorsement, created = endorsements.endorsement_create(
            endorser=current_member(request), member_id=member_id, skill=data["skill"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.EndorsementSerializer(endorsement).data, status=code)


class EndorsementDetailApi(APIView):
    @extend_schema(
        description="Withdraw your endorsement of this skill (idempotent).",
        responses={204: None},
    )
    def delete(self, request: Request, member_id: int, skill: str) -> Response:
        endorsements.endorsement_delete(
            endorser=current_member(request), member_id=member_id, skill=skill
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
