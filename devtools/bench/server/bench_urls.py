"""The load test's reference views (floor_wsgi routes `/bench/…` here): each answers the
floor's constant body with one more layer of the request path than the one before.

- `django-bare` and `django-stack`: a plain Django view, without and with the project's
  middleware (an anonymous request: no session is read, no database);
- `drf`: a DRF view with no authentication, permission or throttle (DRF's request, content
  negotiation and the project's renderer);
- `drf-member`: the project's defaults (the token's member row, the member throttle), what
  every authenticated API list pays before its own query.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

BODY = b'{"count":0,"next":null,"previous":null,"results":[]}'
DATA: dict[str, Any] = {"count": 0, "next": None, "previous": None, "results": []}


def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="application/json")


class Anonymous(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes: list[type] = []

    def get(self, request: Request) -> Response:
        return Response(DATA)


class Member(APIView):
    """The project's DEFAULT_AUTHENTICATION_CLASSES, permissions and throttles."""

    def get(self, request: Request) -> Response:
        return Response(DATA)


urlpatterns = [
    path("bench/django-bare", constant),
    path("bench/django-stack", constant),
    path("bench/drf", Anonymous.as_view()),
    path("bench/drf-member", Member.as_view()),
]
