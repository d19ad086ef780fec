"""The API's default throttles, on the rate limits' fixed-window counter (core.ratelimits).

DRF's own (`UserRateThrottle`, `AnonRateThrottle`) keep a sliding log: every request reads the
list of the timestamps of the last window from the cache, unpickles it, appends one and writes
it back, two round trips whose size grows with the rate (1,200 floats at "1200/min"), and the
read and the write race. These count one integer per window instead, in one atomic round trip
(`counter_hit`, a Redis script), falling back to process memory with the rest of the cache
while Redis is down (core.cache). A fixed window lets a client spend up to twice its rate
across a window's edge; for a limit against floods that is the trade (docs/reliability.md).
The rates, scopes and cache keys are DRF's (THROTTLE_RATES, `get_cache_key`), so settings and
tests that change DRF's rates change these.
"""

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

from core.ratelimits import Rate, window_hit


class _WindowThrottle(SimpleRateThrottle):
    _wait: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        # Set by SimpleRateThrottle from the rate (not in its stubs).
        limit, window = getattr(self, "num_requests", None), getattr(self, "duration", None)
        if self.rate is None or limit is None or window is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        rate = Rate(limit=int(limit), window=int(window))
        self._wait = window_hit(key, rate)
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


class MemberRateThrottle(_WindowThrottle, UserRateThrottle):
    """The "user" rate (THROTTLE_USER) per member; anonymous requests by address."""


class AnonymousRateThrottle(_WindowThrottle, AnonRateThrottle):
    """The "anon" rate (THROTTLE_ANON) per address; members are not counted here."""


class ScopedWindowThrottle(ScopedRateThrottle, _WindowThrottle):
    """The view's `throttle_scope` rate (register, login) per member or address."""
