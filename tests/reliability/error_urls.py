"""A URLconf for the error-page and outage tests: the site's routes plus views that fail on
purpose, and a middleware and a context processor that meet an outage when a request asks
(the X-Simulate-Outage header), so an outage can be raised outside a view."""

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site_patterns

OUTAGE_HEADER = "X-Simulate-Outage"

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def _outage(where: str) -> OperationalError:
    return OperationalError(f"could not connect to server: Connection refused ({where})")


def bug(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def database_gone(request: HttpRequest) -> HttpResponse:
    raise _outage("view")


class _Unreadable:
    """A value whose rendering reads a database that is down (a lazy queryset, say)."""

    def __str__(self) -> str:
        raise _outage("template")


def template_outage(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "error.html", {"title": _Unreadable(), "text": "x"})


class OutageMiddleware:
    """Meet an outage in a middleware (as a session read or save would) when asked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get(OUTAGE_HEADER) == "middleware":
            raise _outage("middleware")
        return self.get_response(request)


def outage_context(request: HttpRequest) -> dict[str, str]:
    """A context processor that meets an outage when asked."""
    if request.headers.get(OUTAGE_HEADER) == "context":
        raise _outage("context processor")
    return {}


urlpatterns = [
    path("test-errors/bug", bug),
    path("test-errors/database", database_gone),
    path("test-errors/template", template_outage),
    path("api/v1/test-errors/bug", bug),
    path("api/v1/test-errors/database", database_gone),
    *site_patterns,
]
