"""Where the graph cache lives in Redis: the connection, and the name of every key (one place
knows the layout: `<prefix>:graph:<kind>:<member id>`)."""

from collections.abc import Sequence
from functools import cache
from typing import Any, cast

import redis
from django.conf import settings


@cache
def _client(url: str) -> redis.Redis:
    # Short timeouts (REDIS_CLIENT_OPTIONS): a Redis that does not answer fails the read fast.
    return redis.Redis.from_url(url, **settings.REDIS_CLIENT_OPTIONS)


def client() -> redis.Redis:
    """The Redis connection holding the graph caches and their versions (REDIS_URL)."""
    return _client(settings.REDIS_URL)


def key(kind: str, member_id: int) -> str:
    """Name a graph cache key: kind is g1/g2 (arrays) or v1/v2 (their versions), and so on."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "proconnect")
    return f"{prefix}:graph:{kind}:{member_id}"


def keys_of(kind: str, member_ids: Sequence[int]) -> list[str]:
    """Name many keys at once (`key` reads the settings on every call)."""
    prefix = key(kind, 0).rsplit(":", 1)[0]
    return [f"{prefix}:{member_id}" for member_id in member_ids]


def pattern(kind: str = "*") -> str:
    """A SCAN pattern for every key of `kind` (every graph key by default)."""
    return key(kind, 0).rsplit(":", 1)[0] + ":*"


def mget(names: list[str]) -> list[bytes | None]:
    """MGET, typed: the client returns bytes (no decode_responses)."""
    return cast(list[bytes | None], client().mget(names))


def get(name: str) -> bytes | None:
    return cast(bytes | None, client().get(name))


def version(raw: Any) -> int:
    """A version counter as read (a missing one is 0)."""
    return int(raw) if raw is not None else 0
