"""Read replicas: which database a read may use (docs/scaling.md, "Read replicas").

PostgreSQL's own streaming replicas, named by DATABASE_REPLICA_URLS (none by default: then every
function here answers "the primary" without a query). The model is GitLab's database load
balancing:

- Only reads that may lag use a replica: the ORM reads and raw statements of a safe request
  (GET, HEAD, OPTIONS: search, the feed, profiles, lists, suggestions), chosen once per request
  by `ReplicaReadsMiddleware` and applied by `config.db_router.ReplicaRouter`; raw SQL asks
  `read_connection()`. Writes, and every read inside a transaction on the primary (the rules:
  the cap, invitations, messaging read 1st degree there), stay on the primary.
- A member never misses their own write: a request that wrote records the primary's WAL insert
  position for that member (`pg_current_wal_insert_lsn()`, in the cache for
  DATABASE_REPLICA_STICKY_SECONDS); their next reads use a replica only once its
  `pg_last_wal_replay_lsn()` has passed it, else the primary. An API token issued within that
  window (sign-up, login, refresh: all writes) counts as such a write.
- Each process checks each replica at most every DATABASE_REPLICA_CHECK_SECONDS (a short
  connect timeout): one that is down, or lags more than DATABASE_REPLICA_MAX_LAG_SECONDS behind
  the primary, is skipped; with none left, reads use the primary. A replica that fails during a
  request is marked down and the request runs again on the primary (the middleware).
- The graph's bulk reads (rows stored in Redis at a version, the snapshot) must not be older
  than the change they are stamped after: `run_caught_up` uses a replica only if it has replayed
  what the primary had when asked.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA_PREFIX = "replica_"  # DATABASES aliases made from DATABASE_REPLICA_URLS
FAILURES = (OperationalError, InterfaceError)  # a server gone, not a bad statement
MAX_SAMPLES = 1000  # primary positions remembered per replica, to tell how far behind it is

_read_alias: ContextVar[str] = ContextVar("read_alias", default=PRIMARY)


def replica_aliases() -> list[str]:
    """The replicas configured now (read at call time: tests add one)."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def read_alias() -> str:
    """Where a read that may lag goes now: the request's replica, or the primary inside a
    transaction on the primary and everywhere else (tasks, commands, shells)."""
    alias = _read_alias.get()
    if alias != PRIMARY and connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return alias


def read_connection() -> BaseDatabaseWrapper:
    """The connection for a raw statement that may read from a replica (search, the feed)."""
    return connections[read_alias()]


@contextlib.contextmanager
def reads_from(alias: str) -> Iterator[None]:
    """Send this block's lag-tolerant reads to `alias`."""
    token = _read_alias.set(alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


# --- WAL positions --------------------------------------------------------------------------------


def _lsn(alias: str, expression: str) -> int | None:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_lsn_diff({expression}, '0/0')::bigint")
        value = cursor.fetchone()[0]
    return None if value is None else int(value)


def primary_lsn() -> int:
    """The primary's WAL insert position now: every commit so far is before it."""
    return _lsn(PRIMARY, "pg_current_wal_insert_lsn()") or 0


def replay_lsn(alias: str) -> int:
    """How far the replica has replayed the primary's WAL."""
    return _lsn(alias, "pg_last_wal_replay_lsn()") or 0


# --- Health, per process --------------------------------------------------------------------------


@dataclass
class _Health:
    checked_at: float = float("-inf")
    up: bool = False
    replayed: int = 0
    lag: float = 0.0
    samples: deque[tuple[float, int]] = field(default_factory=deque)  # (when, primary LSN)


class Health:
    """What this process last learned of each replica: up, how far replayed, how far behind."""

    def __init__(self) -> None:
        self._states: dict[str, _Health] = {}
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._states.clear()

    def state(self, alias: str) -> _Health:
        with self._lock:
            return self._states.setdefault(alias, _Health())

    def mark_down(self, alias: str) -> None:
        state = self.state(alias)
        state.up, state.checked_at = False, time.monotonic()
        with contextlib.suppress(Exception):
            connections[alias].close()

    def usable(self, alias: str) -> bool:
        """Up and within the lag bound, checking again when the last check is too old."""
        state = self.state(alias)
        now = time.monotonic()
        if now - state.checked_at >= settings.DATABASE_REPLICA_CHECK_SECONDS:
            self._check(alias, state, now)
        return state.up and state.lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS

    def _check(self, alias: str, state: _Health, now: float) -> None:
        state.checked_at = now
        try:
            primary = primary_lsn()
            state.replayed = replay_lsn(alias)
        except DatabaseError:
            if state.up:
                logger.warning("Database replica %s is down; reading elsewhere.", alias)
            state.up = False
            with contextlib.suppress(Exception):
                connections[alias].close()
            return
        state.up = True
        # The replica has everything the primary had at each sample at or below its replay
        # position (a prefix: positions only grow), so it lags at most the time since the last
        # of those; with none, at least the time since the oldest sample kept.
        samples = state.samples
        samples.append((now, primary))
        while len(samples) > 1 and samples[1][1] <= state.replayed:
            samples.popleft()
        if len(samples) > MAX_SAMPLES:
            del samples[1]  # keep the oldest: it bounds the lag from below
        state.lag = now - samples[0][0]

    def has_replayed(self, alias: str, position: int) -> bool:
        state = self.state(alias)
        if state.replayed >= position:
            return True
        try:
            state.replayed = replay_lsn(alias)
        except DatabaseError:
            self.mark_down(alias)
            return False
        return state.replayed >= position


health = Health()


def choose(at_least: int | None = None) -> str:
    """A usable replica (replayed past `at_least`, when given), else the primary."""
    aliases = replica_aliases()
    random.shuffle(aliases)
    for alias in aliases:
        if health.usable(alias) and (at_least is None or health.has_replayed(alias, at_least)):
            return alias
    return PRIMARY


# --- Read-your-writes -----------------------------------------------------------------------------


def _sticky_key(member_id: int) -> str:
    return f"db-sticky:{member_id}"


def record_write(member_id: int) -> None:
    """Remember where the primary's WAL was after this member's write."""
    cache.set(
        _sticky_key(member_id), primary_lsn(), timeout=settings.DATABASE_REPLICA_STICKY_SECONDS
    )


def alias_for_member(member_id: int | None) -> str:
    """Where this member's lag-tolerant reads go now (their own writes included)."""
    try:
        position = cache.get(_sticky_key(member_id)) if member_id is not None else None
    except Exception:  # the cache (Redis) is down: their last write cannot be told, so
        logger.warning("Cannot read where a member last wrote; reading the primary.")
        return PRIMARY
    return choose(at_least=position)


def run_caught_up[T](read: Callable[[BaseDatabaseWrapper], T]) -> T:
    """Run `read(connection)` on a replica that has replayed everything committed before this
    call (so what it returns may be stamped with versions read before it), else on the primary."""
    if not replica_aliases() or connections[PRIMARY].in_atomic_block:
        return read(connections[PRIMARY])
    alias = choose(at_least=primary_lsn())
    if alias == PRIMARY:
        return read(connections[PRIMARY])
    try:
        return read(connections[alias])
    except FAILURES:
        logger.warning("Database replica %s failed; reading the primary.", alias, exc_info=True)
        health.mark_down(alias)
        return read(connections[PRIMARY])


def caught_up_connection() -> BaseDatabaseWrapper:
    """`run_caught_up`'s choice for a long read (a generator): a replica that has replayed
    everything committed before this call, else the primary."""
    if not replica_aliases() or connections[PRIMARY].in_atomic_block:
        return connections[PRIMARY]
    return connections[choose(at_least=primary_lsn())]


def member_of(request: Any) -> int | None:
    """The member a request is made by, without a query to a replica: the session's member (read
    from the primary), or an API token's, unless the token is new (see the module docstring)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        from rest_framework_simplejwt.exceptions import TokenError
        from rest_framework_simplejwt.tokens import AccessToken

        try:
            token = AccessToken(header.removeprefix("Bearer ").strip().encode())
        except TokenError:
            return None
        if time.time() - float(token.get("iat", 0)) < settings.DATABASE_REPLICA_STICKY_SECONDS:
            raise _FreshToken
        from rest_framework_simplejwt.settings import api_settings

        try:
            return int(token[api_settings.USER_ID_CLAIM])
        except (KeyError, TypeError, ValueError):
            return None  # DRF refuses the token itself
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class _FreshToken(Exception):
    """An API token issued within the sticky window: read from the primary."""


def alias_for_request(request: Any) -> str:
    try:
        member_id = member_of(request)
    except _FreshToken:
        return PRIMARY
    return alias_for_member(member_id)


# --- Per request ----------------------------------------------------------------------------------

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READ_STATEMENTS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW")


class _WriteSeen:
    """An execute wrapper on the primary noting whether a request wrote (anything but a read)."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute: Any, sql: Any, params: Any, many: bool, context: Any) -> Any:
        if not self.wrote:
            text = sql.lstrip()[:9].upper() if isinstance(sql, str) else ""
            self.wrote = not text.startswith(_READ_STATEMENTS)
        return execute(sql, params, many, context)


class ReplicaReadsMiddleware:
    """Choose the request's read database once (a replica for safe requests, the primary for
    the rest), remember a member's write, and run a view again on the primary when its replica
    failed under it. Without replicas configured it only calls the view."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if not replica_aliases():
            return self.get_response(request)
        alias = PRIMARY
        if request.method in SAFE_METHODS:
            try:
                alias = alias_for_request(request)
            except DatabaseError:  # the primary is the one in trouble: not ours to answer
                alias = PRIMARY
        seen = _WriteSeen()
        with connections[PRIMARY].execute_wrapper(seen), reads_from(alias):
            response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF sets the API's member here too
        if seen.wrote and user is not None and user.is_authenticated:
            try:
                record_write(user.pk)
            except Exception:  # the write is done; only its stickiness is lost (the lag bound)
                logger.warning("Could not remember a member's write position.", exc_info=True)
        return response

    def process_view(self, request: Any, view: Any, args: Any, kwargs: Any) -> None:
        request.replica_view = (view, args, kwargs)

    def process_exception(self, request: Any, exception: Exception) -> Any:
        alias = _read_alias.get()
        if alias == PRIMARY or not isinstance(exception, FAILURES):
            return None
        if not hasattr(request, "replica_view"):
            return None
        logger.warning("Database replica %s failed during a request; reading the primary.", alias)
        health.mark_down(alias)
        view, args, kwargs = request.replica_view
        with reads_from(PRIMARY):
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response = response.render()
        return response
