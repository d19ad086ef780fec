"""Scoped rate limits: a fixed window per scope and member, counted in the cache (Redis) with
an atomic increment, so the pages and the API share one counter and concurrent requests
cannot both take the last slot. Rates are strings as DRF writes them ("60/min", "5/hour"),
read from settings at call time by the caller."""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from core.cache import counter_hit

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PERIOD_NAMES = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds

    @property
    def period_name(self) -> str:
        return PERIOD_NAMES.get(self.window, f"{self.window} seconds")


def parse_rate(rate: str) -> Rate:
    """Read "60/min" as 60 per 60 seconds. Raises ValueError for a malformed rate."""
    count, period = str(rate).split("/")
    return Rate(limit=int(count), window=_PERIODS[period.strip()[0].lower()])


@dataclass(frozen=True)
class RateUsage:
    """Where a member stands against one scoped limit (for me/limits and the limits panel)."""

    scope: str
    limit: int
    window_seconds: int
    used: int
    remaining: int
    resets_in: int


def _slot(rate: Rate, now: float) -> int:
    return int(now // rate.window)


def _key(scope: str, member_id: int, rate: Rate, slot: int) -> str:
    return _window_key(f"{scope}:{member_id}", rate, slot)


def _window_key(name: str, rate: Rate, slot: int) -> str:
    return f"ratelimit:{name}:{rate.window}:{slot}"


def _resets_in(rate: Rate, now: float) -> int:
    return max(1, math.ceil((_slot(rate, now) + 1) * rate.window - now))


def rate_hit(scope: str, member_id: int, rate: Rate) -> int | None:
    """Count one attempt; return the seconds to wait when it is over the limit, else None."""
    return window_hit(f"{scope}:{member_id}", rate)


def window_hit(name: str, rate: Rate) -> int | None:
    """Count one attempt in the window of `name` (a scope and who is counted); return the
    seconds to wait when it is over the limit, else None. One atomic round trip to Redis."""
    now = time.time()
    count = counter_hit(_window_key(name, rate, _slot(rate, now)), rate.window + 5)
    if count > rate.limit:
        return _resets_in(rate, now)
    return None


def rate_usage(scope: str, member_id: int, rate: Rate) -> RateUsage:
    """Read (without counting) how much of the limit the member used in this window."""
    now = time.time()
    used = min(int(cache.get(_key(scope, member_id, rate, _slot(rate, now))) or 0), rate.limit)
    return RateUsage(
        scope=scope,
        limit=rate.limit,
        window_seconds=rate.window,
        used=used,
        remaining=max(rate.limit - used, 0),
        resets_in=_resets_in(rate, now),
    )
