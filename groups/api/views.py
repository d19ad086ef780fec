"""REST endpoints of groups (API.md "Groups"). Thin: parse, call, serialize.

Every endpoint under /groups/{id} answers the same 404 `group_not_found` for a missing group
and for an unlisted one the viewer is neither in nor invited to (groups.selectors).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.views import valid_input
from accounts.auth import current_member
from accounts.models import User
from connections.api.views import valid_query
from core.exceptions import DomainError
from core.pagination import api_time
from groups import policies, selectors, services
from groups.api import serializers as s
from groups.models import Group, JoinRequest, Membership
from network.api.lists import CardPageApi, MemberPageApi
from network.api.serializers import member_context


def _raise(reason: DomainError | None) -> None:
    if reason is not None:
        raise reason


def _group_data(viewer: User, group_id: int) -> dict[str, Any]:
    group = selectors.access_group(viewer=viewer, group_id=group_id)
    return dict(s.GroupDetailSerializer(group).data)


class GroupListApi(generics.ListAPIView):
    """The directory (listed groups, and the viewer's own), largest first; create a group."""

    serializer_class = s.GroupSerializer

    def get_queryset(self) -> QuerySet[Group]:
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        query = valid_query(s.GroupListQuerySerializer, self.request)
        return selectors.group_list(
            current_member(self.request),
            query=query["q"],
            industry=query["industry"],
            mine=query["mine"],
        )

    @extend_schema(parameters=[s.GroupListQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.GroupInputSerializer, responses={201: s.GroupDetailSerializer})
    def post(self, request: Request) -> Response:
        member = current_member(request)
        data = valid_input(s.GroupInputSerializer, request)
        group = services.group_create(creator=member, **data)
        return Response(_group_data(member, group.pk), status=status.HTTP_201_CREATED)


class GroupDetailApi(APIView):
    @extend_schema(responses={200: s.GroupDetailSerializer})
    def get(self, request: Request, group_id: int) -> Response:
        return Response(_group_data(current_member(request), group_id))

    @extend_schema(
        description="Change details and settings (owner and managers).",
        request=s.GroupInputSerializer(partial=True),
        responses={200: s.GroupDetailSerializer},
    )
    def patch(self, request: Request, group_id: int) -> Response:
        member = current_member(request)
        selectors.access_group(viewer=member, group_id=group_id)
        data = valid_input(s.GroupInputSerializer, request, partial=True)
        services.group_update(member=member, group_id=group_id, **data)
        return Response(_group_data(member, group_id))

    @extend_schema(description="Delete the group (owner only).", responses={204: None})
    def delete(self, request: Request, group_id: int) -> Response:
        services.group_delete(member=current_member(request), group_id=group_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupJoinApi(APIView):
    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(s.JoinOutcomeSerializer, description="Joined at once."),
            202: OpenApiResponse(s.JoinOutcomeSerializer, description="Asked the managers."),
        },
    )
    def post(self, request: Request, group_id: int) -> Response:
        outcome = services.group_join(member=current_member(request), group_id=group_id)
        code = status.HTTP_200_OK if outcome == "member" else status.HTTP_202_ACCEPTED
        return Response({"status": outcome}, status=code)


class GroupLeaveApi(APIView):
    @extend_schema(
        description="Leave the group (or withdraw a pending request).",
        request=None,
        responses={204: None},
    )
    def post(self, request: Request, group_id: int) -> Response:
        services.group_leave(member=current_member(request), group_id=group_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupInvitationDeclineApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, group_id: int) -> Response:
        services.group_invitation_decline(member=current_member(request), group_id=group_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupMembersApi(CardPageApi):
    """The group's members (members only), owner and managers first, with degree badges."""

    serializer_class = s.MembershipSerializer
    cards_from = 2  # role, joined, then the member's card

    def get_queryset(self) -> QuerySet[Membership, tuple[Any, ...]]:
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none().values_list(*selectors.MEMBER_ROW)
        viewer = current_member(self.request)
        group = selectors.access_group(viewer=viewer, group_id=self.kwargs["group_id"])
        _raise(policies.member_block_reason(group))
        return selectors.group_members(viewer, group).values_list(*selectors.MEMBER_ROW)

    def row_data(self, row: tuple[Any, ...], *cards: dict[str, Any]) -> dict[str, Any]:
        return {"member": cards[0], "role": row[0], "created_at": api_time(row[1])}


class GroupMemberApi(APIView):
    @extend_schema(
        description="Remove a member (managers; the owner for managers).", responses={204: None}
    )
    def delete(self, request: Request, group_id: int, member_id: int) -> Response:
        services.member_remove(
            manager=current_member(request), group_id=group_id, member_id=member_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupMemberRoleApi(APIView):
    @extend_schema(
        description="Appoint a manager (owner and managers) or make a manager a member "
        "again (owner). 409 managers_limit_reached past GROUP_MANAGERS_MAX.",
        request=s.RoleInputSerializer,
        responses={200: s.MembershipSerializer},
    )
    def post(self, request: Request, group_id: int, member_id: int) -> Response:
        actor = current_member(request)
        selectors.access_group(viewer=actor, group_id=group_id)
        data = valid_input(s.RoleInputSerializer, request)
        membership = services.member_role_set(
            actor=actor, group_id=group_id, member_id=member_id, role=data["role"]
        )
        membership = Membership.objects.select_related("member__profile").get(pk=membership.pk)
        context = member_context(actor, [membership.member])
        return Response(s.MembershipSerializer(membership, context=context).data)


class GroupTransferApi(APIView):
    @extend_schema(request=s.MemberInputSerializer, responses={200: s.GroupDetailSerializer})
    def post(self, request: Request, group_id: int) -> Response:
        owner = current_member(request)
        selectors.access_group(viewer=owner, group_id=group_id)
        data = valid_input(s.MemberInputSerializer, request)
        services.ownership_transfer(owner=owner, group_id=group_id, member_id=data["member"])
        return Response(_group_data(owner, group_id))


class GroupBansApi(APIView):
    @extend_schema(
        description="Ban a member (removed at once; cannot join again).",
        request=s.MemberInputSerializer,
        responses={204: None},
    )
    def post(self, request: Request, group_id: int) -> Response:
        manager = current_member(request)
        selectors.access_group(viewer=manager, group_id=group_id)
        data = valid_input(s.MemberInputSerializer, request)
        services.member_ban(manager=manager, group_id=group_id, member_id=data["member"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupBanApi(APIView):
    @extend_schema(description="Lift a ban.", responses={204: None})
    def delete(self, request: Request, group_id: int, member_id: int) -> Response:
        services.member_unban(
            manager=current_member(request), group_id=group_id, member_id=member_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupInvitationsApi(APIView):
    @extend_schema(
        description="Invite one of your 1st-degree connections (managers).",
        request=s.MemberInputSerializer,
        responses={201: None},
    )
    def post(self, request: Request, group_id: int) -> Response:
        manager = current_member(request)
        selectors.access_group(viewer=manager, group_id=group_id)
        data = valid_input(s.MemberInputSerializer, request)
        services.group_invite(manager=manager, group_id=group_id, member_id=data["member"])
        return Response(status=status.HTTP_201_CREATED)


class GroupRequestsApi(MemberPageApi):
    """Pending join requests, oldest first (owner and managers)."""

    serializer_class = s.JoinRequestSerializer

    def get_queryset(self) -> QuerySet[JoinRequest]:
        if getattr(self, "swagger_fake_view", False):
            return JoinRequest.objects.none()
        viewer = current_member(self.request)
        group = selectors.access_group(viewer=viewer, group_id=self.kwargs["group_id"])
        _raise(policies.manage_block_reason(group))
        return selectors.join_requests_for(viewer, group)

    def members_in(self, rows: Sequence[Any]) -> list[User]:
        return [row.member for row in rows]


class GroupRequestApproveApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, group_id: int, request_id: int) -> Response:
        services.join_request_approve(
            manager=current_member(request), group_id=group_id, request_id=request_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupRequestRejectApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, group_id: int, request_id: int) -> Response:
        services.join_request_reject(
            manager=current_member(request), group_id=group_id, request_id=request_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
