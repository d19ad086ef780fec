"""The default cache: Redis, falling back to this process's memory while Redis is down.

What lives in the default cache is rate-limit state only: DRF's throttles, the message send
rate (messaging.policies), allauth's rate limits (the graph cache has its own Redis client;
sessions and the log-in lockout are in PostgreSQL). With Redis down those limits must neither
let a flood through unchecked nor take the site down, so each call that fails on Redis is
answered by a process-local LocMemCache of the same name (shared by the process's threads):
every limit then holds per process (with N processes, at most N times the rate gets through),
a warning is logged (core.dependencies.log_outage), and Redis is tried again after
`CACHE_FAILOVER_RETRY_SECONDS`, so the process goes back to the shared counters on its own.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from core.dependencies import REDIS_ERRORS, log_outage

_down_until: dict[str, float] = {}  # LOCATION -> monotonic time before which Redis is skipped
_lock = threading.Lock()


def forget_outage() -> None:
    """Use Redis again from the next call on (tests, after simulating an outage)."""
    with _lock:
        _down_until.clear()


def _failing_over(name: str) -> Callable[..., Any]:
    redis_method = getattr(RedisCache, name)

    def method(self: "FailoverRedisCache", *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= _down_until.get(self.location, 0.0):
            try:
                return redis_method(self, *args, **kwargs)
            except REDIS_ERRORS as error:
                with _lock:
                    _down_until[self.location] = time.monotonic() + self.retry_seconds
                log_outage("redis", error, "(cache: using this process's memory)")
        return getattr(self.local, name)(*args, **kwargs)

    method.__name__ = name
    return method


class FailoverRedisCache(RedisCache):
    """RedisCache whose every call falls back to process memory while Redis is unreachable.

    OPTIONS as RedisCache's (e.g. `socket_connect_timeout`, `socket_timeout`), plus
    `FAILOVER_RETRY_SECONDS` (default 2).
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("FAILOVER_RETRY_SECONDS", 2.0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.location = server if isinstance(server, str) else ",".join(server)
        self.local = LocMemCache(
            f"failover:{self.location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            },
        )

    add = _failing_over("add")
    get = _failing_over("get")
    set = _failing_over("set")
    touch = _failing_over("touch")
    delete = _failing_over("delete")
    get_many = _failing_over("get_many")
    has_key = _failing_over("has_key")
    incr = _failing_over("incr")
    set_many = _failing_over("set_many")
    delete_many = _failing_over("delete_many")
    clear = _failing_over("clear")
