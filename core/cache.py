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

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from core.dependencies import REDIS_ERRORS, log_outage

_down_until: dict[str, float] = {}  # LOCATION -> monotonic time before which Redis is skipped
_lock = threading.Lock()


def forget_outage() -> None:
    """Use Redis again from the next call on (tests, after simulating an outage)."""
    with _lock:
        _down_until.clear()


def _failing_over(
    name: str,
    redis_method: Callable[..., Any] | None = None,
    local_method: Callable[..., Any] | None = None,
) -> Callable[..., Any]:
    on_redis = redis_method or getattr(RedisCache, name)

    def method(self: "FailoverRedisCache", *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= _down_until.get(self.location, 0.0):
            try:
                return on_redis(self, *args, **kwargs)
            except REDIS_ERRORS as error:
                with _lock:
                    _down_until[self.location] = time.monotonic() + self.retry_seconds
                log_outage("redis", error, "(cache: using this process's memory)")
        if local_method is not None:
            return local_method(self.local, *args, **kwargs)
        return getattr(self.local, name)(*args, **kwargs)

    method.__name__ = name
    return method


# One more in a counter that lives `timeout` seconds from its first count, atomically.
_HIT_SCRIPT = (
    "local n = redis.call('incr', KEYS[1]) "
    "if n == 1 then redis.call('expire', KEYS[1], ARGV[1]) end "
    "return n"
)


def _redis_hit(cache: RedisCache, key: str, timeout: int, version: int | None = None) -> int:
    """One round trip (Django's add + incr are three: SET NX, EXISTS, INCRBY)."""
    key = cache.make_and_validate_key(key, version=version)
    client = cache._cache.get_client(key, write=True)
    return int(client.eval(_HIT_SCRIPT, 1, key, int(timeout)))


def _local_hit(cache: LocMemCache, key: str, timeout: int, version: int | None = None) -> int:
    cache.add(key, 0, timeout=timeout, version=version)
    try:
        return int(cache.incr(key, version=version))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout, version=version)
        return 1


def counter_hit(key: str, timeout: int) -> int:
    """Count one more in the default cache's counter `key` (created with `timeout` seconds to
    live by its first count) and return the count: what the rate limits count with."""
    backend = caches["default"]
    if isinstance(backend, FailoverRedisCache):
        return int(backend.hit(key, timeout))
    if isinstance(backend, LocMemCache):
        return _local_hit(backend, key, timeout)
    backend.add(key, 0, timeout=timeout)
    return int(backend.incr(key))


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client builds a new `redis.Redis` for every call (its constructor
    fills a table of some 170 response callbacks: a third of the CPU of a cache call, twice
    per throttled API request). This one builds one per connection pool and keeps it; a
    redis-py client is safe to share between threads (each command checks a connection out
    of the pool), and the pool itself resets in a forked worker."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own attributes (django.core.cache.backends.redis), not in its stubs.
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[index] = client
        return client


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
        self._class = SharedClientRedisCacheClient
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
    hit = _failing_over("hit", _redis_hit, _local_hit)
    set_many = _failing_over("set_many")
    delete_many = _failing_over("delete_many")
    clear = _failing_over("clear")
