"""Dependencies down: which errors mean PostgreSQL, Redis or the Celery broker could not be
reached, and the 503 every interface answers for them (docs/reliability.md).

An outage is not a bug: the API answers 503 `{"code": "service_unavailable", "detail"}` and a
browser a short page of its own, both with `Retry-After`, never a 500. The answer touches
neither the database nor Redis (they may be what is down). One warning per dependency is
logged at most every `OUTAGE_LOG_EVERY_SECONDS`, with how many were not logged since.
"""

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import redis.exceptions
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError
from django.db import OperationalError as DatabaseUnavailable
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger("proconnect.outage")

REDIS_ERRORS: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
DETAIL = "The service is briefly unavailable. Please try again in a moment."

_lock = threading.Lock()
_logged: dict[str, tuple[float, int]] = {}  # dependency -> (last logged at, not logged since)


def dependency_of(error: BaseException | None) -> str | None:
    """Name the dependency whose unreachability raised `error` ("database", "redis",
    "broker"), following explicit causes (`raise ... from`); None for anything else."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, BrokerUnavailable):
            return "broker"
        if isinstance(error, REDIS_ERRORS):
            return "redis"
        if isinstance(error, (DatabaseUnavailable, InterfaceError)):
            return "database"
        error = error.__cause__
    return None


def retry_after() -> int:
    return int(settings.OUTAGE_RETRY_AFTER_SECONDS)


def log_outage(dependency: str, error: BaseException, where: str = "") -> None:
    """Warn that `dependency` is unreachable, at most once per OUTAGE_LOG_EVERY_SECONDS."""
    now = time.monotonic()
    with _lock:
        last, skipped = _logged.get(dependency, (float("-inf"), 0))
        if now - last < settings.OUTAGE_LOG_EVERY_SECONDS:
            _logged[dependency] = (last, skipped + 1)
            return
        _logged[dependency] = (now, 0)
    logger.warning(
        "%s unavailable (%s: %s) %s; %d more since the last warning",
        dependency,
        error.__class__.__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
        where,
        skipped,
    )


def outage_response(request: HttpRequest, dependency: str, error: BaseException) -> HttpResponse:
    """The 503 of a request that met a dependency outage: the API's error shape under
    /api/, a short page otherwise; `Retry-After` on both."""
    log_outage(dependency, error, f"on {request.method} {request.path}")
    seconds = retry_after()
    headers = {"Retry-After": str(seconds), "Cache-Control": "no-store"}
    if request.path.startswith("/api/"):
        body = {"code": "service_unavailable", "detail": DETAIL}
        return JsonResponse(body, status=503, headers=headers)
    html = render_to_string("503.html", {"retry_after": seconds})  # no request: no context
    return HttpResponse(html, status=503, headers=headers)  # processors, no session, no member


OUTAGE_ATTRIBUTE = "dependency_outage"  # set on a request that met an outage outside a view


def note_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Remember on the request the outage Django is turning into a 500 (got_request_exception
    fires inside Django's `except`, so the error is `sys.exc_info()`)."""
    error = sys.exc_info()[1]
    dependency = dependency_of(error)
    if request is not None and error is not None and dependency is not None:
        setattr(request, OUTAGE_ATTRIBUTE, (dependency, error))


class DependencyOutageMiddleware:
    """Answer 503 for a request that met a dependency outage, pages and API alike, whatever
    DEBUG says. A view's error (DRF's too, through config.exception_handler) arrives in
    process_exception. An error raised by a middleware inside this one (a session read or
    save), a context processor or an error page's rendering never reaches here as an exception:
    Django turns it into a 500 where it was raised (under DEBUG its technical page, bypassing
    handler500). `note_outage` marks such a request, and on the way out this middleware puts
    the 503 in place of that 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(note_outage, dispatch_uid="core.dependencies.note_outage")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        outage = getattr(request, OUTAGE_ATTRIBUTE, None)
        if outage is not None and response.status_code >= 500 and response.status_code != 503:
            dependency, error = outage
            return outage_response(request, dependency, error)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        dependency = dependency_of(exception)
        if dependency is None:
            return None
        return outage_response(request, dependency, exception)
