"""REST endpoints of messaging (API.md "Messaging"). Thin: parse, call, serialize.

Every endpoint under /conversations/{id} answers the same 404 `conversation_not_found` for a
conversation that does not exist and for one the member is not in (selectors).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts.api.views import valid_input
from accounts.auth import current_member
from accounts.models import User
from connections.api.views import valid_query
from core.pagination import CursorPagination
from messaging import policies, selectors, services
from messaging.api import serializers as s
from messaging.models import Message, Participant
from network.api.lists import MemberPageApi
from network.api.serializers import member_context


class MessageSendThrottle(BaseThrottle):
    """The per-member send rate ("messages" in DEFAULT_THROTTLE_RATES), on POST only.

    The counter is messaging.policies.send_rate_block_reason, the one the pages use; a refusal
    is the domain error (429 `message_rate_limited` with Retry-After).
    """

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method == "POST":
            reason = policies.send_rate_block_reason(current_member(request))
            if reason is not None:
                raise reason
        return True


SEND_THROTTLES = [*APIView.throttle_classes, MessageSendThrottle]


def _members_of(seats: list[Participant]) -> list[User]:
    members: list[User] = []
    for seat in seats:
        members += [other.member for other in seat.conversation.seats]
        message = selectors.visible_last_message(seat)
        if message is not None:
            members.append(message.sender)
    return members


def _conversation_data(member: User, seat: Participant) -> dict[str, Any]:
    others = [other.member_id for other in seat.conversation.seats if other.pk != seat.pk]
    context = {
        **member_context(member, _members_of([seat])),
        "send_block_reason": policies.message_send_block_reason(sender=member, other_ids=others),
    }
    return dict(s.ConversationDetailSerializer(seat, context=context).data)


class ConversationPagination(CursorPagination):
    # DRF accepts a tuple; core.pagination's base declares a plain string.
    ordering = ("-last_activity_at", "-id")  # type: ignore[assignment]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_total"] = {"type": "integer", "example": 3}
        paginated["required"] = [*paginated.get("required", []), "unread_total"]
        return paginated


class MessagePagination(CursorPagination):
    ordering = "-id"


class ConversationListApi(generics.ListAPIView):
    """Own conversations, latest activity first, with unread counts and the last message."""

    serializer_class = s.ConversationSerializer
    pagination_class = ConversationPagination
    throttle_classes = SEND_THROTTLES

    def get_queryset(self) -> QuerySet[Participant]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Participant.objects.none()
        query = valid_query(s.ConversationListQuerySerializer, self.request)
        return selectors.inbox_for(
            current_member(self.request), archived=query["archived"], query=query["q"]
        )

    @extend_schema(parameters=[s.ConversationListQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = current_member(request)
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        context = {**self.get_serializer_context(), **member_context(member, _members_of(page))}
        response = self.get_paginated_response(
            self.get_serializer(page, many=True, context=context).data
        )
        response.data["unread_total"] = selectors.unread_total(member)
        return response

    @extend_schema(
        description="Start a conversation with 1st-degree connections (one: a 1:1, the "
        "existing one if there is one; more: a new group). Rate-limited with the sends.",
        request=s.ConversationStartInputSerializer,
        responses={
            201: s.ConversationDetailSerializer,
            200: OpenApiResponse(
                s.ConversationDetailSerializer,
                description="The 1:1 conversation with this member already existed (the body, "
                "if any, was sent there).",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = valid_input(s.ConversationStartInputSerializer, request)
        member = current_member(request)
        outcome = services.conversation_start(
            sender=member,
            participant_ids=data["participants"],
            body=data["body"],
            title=data["title"],
        )
        seat = selectors.conversation_for(member=member, conversation_id=outcome.conversation.pk)
        return Response(
            _conversation_data(member, seat),
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )


class ConversationDetailApi(APIView):
    @extend_schema(
        description="One conversation, with `send_block_reason` from the sending gate.",
        responses={200: s.ConversationDetailSerializer},
    )
    def get(self, request: Request, conversation_id: int) -> Response:
        member = current_member(request)
        seat = selectors.conversation_for(member=member, conversation_id=conversation_id)
        return Response(_conversation_data(member, seat))


class ConversationMessagesApi(MemberPageApi):
    """Read a conversation newest first (cursor-paginated), or send a message to it."""

    serializer_class = s.MessageSerializer
    pagination_class = MessagePagination
    throttle_classes = SEND_THROTTLES

    def get_queryset(self) -> QuerySet[Message]:
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        seat = selectors.access_conversation(
            member=current_member(self.request), conversation_id=self.kwargs["conversation_id"]
        )
        messages = selectors.messages_for(seat)
        query = valid_query(s.MessageListQuerySerializer, self.request)
        if query.get("after") is not None:
            messages = messages.filter(id__gt=query["after"])
        return messages

    def members_in(self, rows: Sequence[Any]) -> list[User]:
        return [message.sender for message in rows]

    @extend_schema(parameters=[s.MessageListQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        description="Send a message; every other participant must still be a 1st-degree "
        "connection of the sender (403 not_first_degree). Rate-limited per member (429).",
        request=s.MessageInputSerializer,
        responses={201: s.MessageSerializer},
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        member = current_member(request)
        # The 404 comes before the body's 400: a stranger learns nothing either way.
        selectors.access_conversation(member=member, conversation_id=conversation_id)
        data = valid_input(s.MessageInputSerializer, request)
        message = services.message_send(
            sender=member, conversation_id=conversation_id, body=data["body"]
        )
        context = member_context(member, [member])
        return Response(
            s.MessageSerializer(message, context=context).data, status=status.HTTP_201_CREATED
        )


class ConversationReadApi(APIView):
    @extend_schema(
        description="Mark the conversation read up to its latest message.",
        request=None,
        responses={200: s.ReadSerializer},
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        member = current_member(request)
        services.conversation_mark_read(member=member, conversation_id=conversation_id)
        body = {
            "conversation": conversation_id,
            "unread_count": 0,
            "unread_total": selectors.unread_total(member),
        }
        return Response(s.ReadSerializer(body).data)


class _SeatActionApi(APIView):
    """A POST that changes the member's seat and answers with the conversation."""

    def act(self, member: User, conversation_id: int) -> None:
        raise NotImplementedError

    @extend_schema(request=None, responses={200: s.ConversationDetailSerializer})
    def post(self, request: Request, conversation_id: int) -> Response:
        member = current_member(request)
        self.act(member, conversation_id)
        seat = selectors.conversation_for(member=member, conversation_id=conversation_id)
        return Response(_conversation_data(member, seat))


class ConversationArchiveApi(_SeatActionApi):
    def act(self, member: User, conversation_id: int) -> None:
        services.conversation_archive(member=member, conversation_id=conversation_id)


class ConversationUnarchiveApi(_SeatActionApi):
    def act(self, member: User, conversation_id: int) -> None:
        services.conversation_archive(
            member=member, conversation_id=conversation_id, archived=False
        )


class ConversationLeaveApi(APIView):
    @extend_schema(
        description="Leave a group conversation (409 not_a_group for a 1:1; archive it).",
        request=None,
        responses={204: None},
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        services.conversation_leave(member=current_member(request), conversation_id=conversation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConversationParticipantsApi(APIView):
    @extend_schema(
        description="Add 1st-degree connections of the caller to a group conversation; they "
        "see the messages sent from then on. Each must also be a 1st-degree connection of every "
        "current participant (403 not_connected_to_everyone), so no addition silences the group.",
        request=s.ParticipantsInputSerializer,
        responses={200: s.ConversationDetailSerializer},
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        member = current_member(request)
        selectors.access_conversation(member=member, conversation_id=conversation_id)
        data = valid_input(s.ParticipantsInputSerializer, request)
        services.conversation_participants_add(
            member=member, conversation_id=conversation_id, participant_ids=data["participants"]
        )
        seat = selectors.conversation_for(member=member, conversation_id=conversation_id)
        return Response(_conversation_data(member, seat))
