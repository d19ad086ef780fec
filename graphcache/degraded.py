"""Redis down: the read side answers from PostgreSQL, slower and uncached, instead of failing.

Each public read of the package (`adjacency`, `first_degree`, `second_degree`, `hidden`, the
cached second degree and suggestions, scheduling a build) is the cached function wrapped here:
a Redis error (core.dependencies.REDIS_ERRORS) is logged, Redis is skipped for
`RETRY_SECONDS`, and the answer is computed from PostgreSQL, the system of record, without
touching Redis or the local tier (nothing unversioned is kept). With Redis back, the next call
after the pause reads the cache again. docs/reliability.md ("Redis down") has the numbers.
"""

import threading
import time
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar, cast

import numpy as np

from core.dependencies import REDIS_ERRORS, log_outage
from graphcache import blocks, first, postgres, second, suggestions, tasks
from graphcache.codec import EMPTY, IDS
from graphcache.rows import Adjacency, assemble
from graphcache.sets import distinct
from graphcache.versions import Versions

RETRY_SECONDS = 2.0
F = TypeVar("F", bound=Callable[..., Any])

_state = {"down_until": 0.0}
_lock = threading.Lock()


def forget_outage() -> None:
    """Read Redis again from the next call on (tests, after simulating an outage)."""
    with _lock:
        _state["down_until"] = 0.0


def _or_from_postgres(fallback: Callable[..., Any]) -> Callable[[F], F]:
    def wrap(cached: F) -> F:
        @wraps(cached)
        def read(*args: Any, **kwargs: Any) -> Any:
            if time.monotonic() >= _state["down_until"]:
                try:
                    return cached(*args, **kwargs)
                except REDIS_ERRORS as error:
                    with _lock:
                        _state["down_until"] = time.monotonic() + RETRY_SECONDS
                    log_outage("redis", error, "(graph read from PostgreSQL)")
            return fallback(*args, **kwargs)

        return cast(F, read)

    return wrap


def _adjacency(
    member_ids: Sequence[int], known: Versions | None = None, *, viewer: int | None = None
) -> Adjacency:
    ids = list(dict.fromkeys(member_ids))
    loaded = postgres.load_first_degree(ids)
    return assemble(ids, [loaded.get(member_id, EMPTY) for member_id in ids], Versions({}, {}))


def _second_degree(
    member_id: int, friends: np.ndarray | None = None, known: Versions | None = None
) -> np.ndarray:
    if friends is None:
        friends = _adjacency([member_id]).joined
    without = np.append(friends, np.array([member_id], dtype=IDS))
    return distinct([_adjacency(friends.tolist()).joined], without)


def _hidden(member_id: int, known: Versions | None = None) -> np.ndarray:
    from accounts.selectors import hidden_member_ids  # as graphcache.blocks does

    return np.array(sorted(hidden_member_ids(member_id)), dtype=IDS)


def _no_suggestions(member_id: int, limit: int) -> tuple[list[int], None]:
    return [-1, -1, -1, -1], None  # a stamp no stored ranking carries: never served


adjacency = _or_from_postgres(_adjacency)(first.adjacency)
second_degree = _or_from_postgres(_second_degree)(second.second_degree)
hidden = _or_from_postgres(_hidden)(blocks.hidden)
cached_second_degree = _or_from_postgres(lambda *args, **kwargs: None)(second.cached_second_degree)
cached_suggestions = _or_from_postgres(_no_suggestions)(suggestions.cached_suggestions)
store_suggestions = _or_from_postgres(lambda *args, **kwargs: None)(suggestions.store_suggestions)
schedule_second_degree = _or_from_postgres(lambda *args, **kwargs: False)(
    tasks.schedule_second_degree
)


def first_degree(member_ids: Sequence[int], known: Versions | None = None) -> dict[int, np.ndarray]:
    """Return each member's sorted 1st-degree ids (read-only arrays)."""
    return adjacency(member_ids, known).rows()
