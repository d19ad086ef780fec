"""REST endpoints of notifications: the list (with the unread count) and marking read."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.views import valid_input
from accounts.auth import current_member
from connections.api.views import member_context
from core.pagination import CursorPagination
from notifications import preferences, selectors, services
from notifications.api import serializers as s
from notifications.models import Notification


class NotificationPagination(CursorPagination):
    # DRF accepts a tuple; core.pagination's base declares a plain string.
    ordering = ("-created_at", "-id")  # type: ignore[assignment]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_count"] = {"type": "integer", "example": 3}
        paginated["required"] = [*paginated.get("required", []), "unread_count"]
        return paginated


class NotificationListApi(generics.ListAPIView):
    """The member's notifications, newest first, with the unread count."""

    serializer_class = s.NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Notification.objects.none()
        return selectors.notifications_for(current_member(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = current_member(request)
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        context = {
            **self.get_serializer_context(),
            **member_context(member, [notification.actor for notification in page]),
        }
        response = self.get_paginated_response(
            self.get_serializer(page, many=True, context=context).data
        )
        response.data["unread_count"] = selectors.unread_count(member)
        return response


class NotificationsReadApi(APIView):
    @extend_schema(
        request=s.NotificationsReadInputSerializer,
        responses={200: s.NotificationsMarkedSerializer},
    )
    def post(self, request: Request) -> Response:
        data = valid_input(s.NotificationsReadInputSerializer, request)
        member = current_member(request)
        marked = services.notifications_mark_read(member=member, ids=data.get("ids"))
        body = {"marked": marked, "unread_count": selectors.unread_count(member)}
        return Response(s.NotificationsMarkedSerializer(body).data)


def _settings_body(settings: preferences.NotificationSettings) -> dict[str, Any]:
    return {
        "kinds": {
            kind: {"in_app": choice.in_app, "email": choice.email}
            for kind, choice in settings.kinds.items()
        },
        "message_digest": settings.message_digest,
    }


class NotificationSettingsApi(APIView):
    """The member's notification preferences: per kind in-app and email, and the digest."""

    @extend_schema(responses={200: s.NotificationSettingsSerializer})
    def get(self, request: Request) -> Response:
        settings = preferences.notification_settings_for(current_member(request))
        return Response(_settings_body(settings))

    @extend_schema(
        request=s.NotificationSettingsSerializer, responses={200: s.NotificationSettingsSerializer}
    )
    def patch(self, request: Request) -> Response:
        data = valid_input(s.NotificationSettingsSerializer, request)
        settings = preferences.notification_settings_update(
            member=current_member(request),
            kinds=data.get("kinds"),
            message_digest=data.get("message_digest"),
        )
        return Response(_settings_body(settings))
