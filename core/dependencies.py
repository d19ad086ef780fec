"""Dependencies down: which errors mean PostgreSQL, Redis or the Celery broker could not be
reached, and the 503 every interface answers for them (docs/reliability.md).

An outage is not a bug: the API answers 503 `{"code": "service_unavailable", "detail"}` and a
browser a short page of its own, both with `Retry-After`, never a 500. The answer touches
neither the database nor Redis (they may be what is down). One warning per dependency is
logged at most every `OUTAGE_LOG_EVERY_SECONDS`, with how many were not logged since.
"""

import logging
import threading
import time
from collections.abc import Callable

import redis.exceptions
from django.conf import settings
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


class DependencyOutageMiddleware:
    """Answer 503 for a view that raised a dependency error (pages and API alike; DRF views
    reach here through config.exception_handler). Errors raised by other middleware (a
    session save, the member's lookup) reach handler500, which answers the same 503
    (config.views.server_error)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        dependency = dependency_of(exception)
        if dependency is None:
            return None
        return outage_response(request, dependency, exception)
