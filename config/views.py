"""Site-wide pages: home, health check and friendly error pages."""

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt

from accounts.auth import current_member
from accounts.selectors import access_member, profile_strength
from core.dependencies import dependency_of, outage_response
from core.health import health
from feed.presentation import feed_page
from network.selectors import starter_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html")
    viewer = current_member(request)
    member = access_member(viewer=viewer, member_id=viewer.pk)
    context = {
        "member": member,
        "strength": profile_strength(member),
        "starter": starter_for(viewer),
    }
    context.update(feed_page(viewer))
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """Each dependency with a short timeout: 200, or 503 naming the failing ones (core.health)."""
    status, body, headers = health()
    return JsonResponse(body, status=status, headers=headers)


_API_CODES = {400: "invalid", 403: "permission_denied", 404: "not_found", 500: "server_error"}


def _api_error(request: HttpRequest, status: int, text: str) -> HttpResponse | None:
    if not request.path.startswith("/api/"):
        return None
    return JsonResponse({"code": _API_CODES[status], "detail": text}, status=status)


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    if (api := _api_error(request, status, text)) is not None:
        return api
    return render(request, "error.html", {"title": title, "text": text}, status=status)


@csrf_exempt  # a POST to an unknown API path is a 404, not a CSRF failure page
def api_not_found(request: HttpRequest, unmatched: str = "") -> HttpResponse:
    """Answer any path under /api/ that no route matches: the error shape, whatever DEBUG says
    (under DEBUG Django answers a Resolver404 with its HTML technical page, not handler404)."""
    return page_not_found(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "Not allowed", "You are not allowed to do this.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    api = _api_error(request, 404, "This page does not exist or is not visible to you.")
    return api if api is not None else render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # handler500 runs inside Django's `except`: an outage raised outside a view (a session
    # save, a middleware's query) is the 503 of core.dependencies, not a 500.
    error = sys.exc_info()[1]
    dependency = dependency_of(error)
    if error is not None and dependency is not None:
        return outage_response(request, dependency, error)
    api = _api_error(request, 500, "Something went wrong. Please try again in a moment.")
    if api is not None:
        return api
    # Without the request: no context processor, session or member (they may be what broke).
    return HttpResponse(render_to_string("500.html"), status=500)
