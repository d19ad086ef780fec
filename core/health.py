"""`/healthz`: each dependency checked with a short timeout (API.md "Health").

200 `{"status": "ok", "checks": {"database": "ok", "redis": "ok", "broker": "ok"}}`, or 503
with `Retry-After`, the error shape's `code` and `detail` naming what failed, and the same
`checks` (`"unavailable"` for the failing ones). Nothing here is cached: a load balancer sees
a dependency come back on its next probe.
"""

import logging
from collections.abc import Callable
from functools import cache

import redis
from celery import current_app
from django.conf import settings
from django.db import connection, transaction

from core.dependencies import log_outage, retry_after

logger = logging.getLogger("proconnect.outage")


def _database() -> None:
    milliseconds = int(settings.HEALTH_CHECK_TIMEOUT_SECONDS * 1000)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = %s", [milliseconds])
        cursor.execute("SELECT 1")


@cache
def _redis_client(url: str, timeout: float) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def _redis() -> None:
    _redis_client(settings.REDIS_URL, settings.HEALTH_CHECK_TIMEOUT_SECONDS).ping()


def _broker() -> None:
    timeout = settings.HEALTH_CHECK_TIMEOUT_SECONDS
    url = settings.CELERY_BROKER_URL
    # The ping waits the check's timeout, not the broker's own socket timeout.
    options = {**current_app.conf.broker_transport_options, "socket_timeout": timeout}
    with current_app.connection_for_write(
        url=url, connect_timeout=timeout, transport_options=options
    ) as broker:
        broker.ensure_connection(max_retries=0)
        if broker.transport.driver_type == "redis":  # connected lazily: ask it something
            broker.default_channel.client.ping()  # type: ignore[attr-defined]


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "redis": _redis, "broker": _broker}


def health() -> tuple[int, dict[str, object], dict[str, str]]:
    """Run every check; return (status, body, headers)."""
    checks: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure of a check is that dependency's outage
            log_outage(name, error, "(health check)")
            checks[name] = "unavailable"
        else:
            checks[name] = "ok"
    failing = [name for name, state in checks.items() if state != "ok"]
    if not failing:
        return 200, {"status": "ok", "checks": checks}, {}
    body: dict[str, object] = {
        "status": "unavailable",
        "code": "service_unavailable",
        "detail": f"Unavailable: {', '.join(failing)}.",
        "checks": checks,
    }
    return 503, body, {"Retry-After": str(retry_after()), "Cache-Control": "no-store"}
