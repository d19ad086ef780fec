"""The workloads W1-W8 for one viewer: the application's call timed, beside the in-memory
limit and the naive SQL on the same data."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from accounts.models import User
from connections.models import Invitation
from devtools import graph_access as cache
from devtools.bench.network.changes import Change, change
from devtools.bench.network.correctness import check_filters
from devtools.bench.network.filters import filter_second, filter_third
from devtools.reporting import summary, timed_ms
from network.selectors import nearness_for, people_you_may_know

if TYPE_CHECKING:
    from devtools.bench.network.run import NetworkBench


def w1_warm(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    pages = [bench.page(viewer.pk).tolist() for _ in range(20)]
    cache.second_degree(viewer.pk)
    nearness_for(viewer, pages[0])
    times = [
        timed_ms(partial(nearness_for, viewer, pages[i % len(pages)]))
        for i in range(bench.samples("W1_warm"))
    ]
    first, second = bench.memory.masks(viewer.pk)
    limit = bench.limit(
        [
            partial(bench.memory.nearness, viewer.pk, np.array(page), first, second)
            for page in pages * 5
        ]
    )
    baseline = bench.baselines("W1", viewer.pk, lambda: bench.page(viewer.pk).tolist())
    bench.w1_baseline[viewer.pk] = baseline
    return {**summary(times), "limit_ms": limit, **baseline}


def w1_cold(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    pages = [bench.page(viewer.pk).tolist() for _ in range(20)]
    redis_client = cache.client()
    g2 = cache.key("g2", viewer.pk)
    times = []
    for i in range(bench.samples("W1_cold")):
        redis_client.delete(g2)
        cache.local.clear()  # a process that has not served this viewer yet
        times.append(timed_ms(partial(nearness_for, viewer, pages[i % len(pages)])))

    def cold_limit(page: list[int]) -> None:
        first, second = bench.memory.masks(viewer.pk)
        bench.memory.nearness(viewer.pk, np.array(page), first, second)

    limit = bench.limit([partial(cold_limit, page) for page in pages])
    # PostgreSQL has no cache to be cold: the same query as W1_warm, measured once.
    return {**summary(times), "limit_ms": limit, **bench.w1_baseline[viewer.pk]}


def w2(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    redis_client = cache.client()
    g2 = cache.key("g2", viewer.pk)
    times = []
    for _ in range(bench.samples("W2")):
        redis_client.delete(g2)
        cache.local.clear()
        times.append(timed_ms(partial(cache.second_degree, viewer.pk)))

    def build() -> np.ndarray:
        return np.flatnonzero(bench.memory.masks(viewer.pk)[1])

    limit = bench.limit([build] * 10)
    return {**summary(times), "limit_ms": limit, **bench.baselines("W2", viewer.pk, list)}


def w3(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    online = partial(people_you_may_know, viewer, precomputed=False)
    online()
    ranked = [timed_ms(online) for _ in range(bench.samples("W3"))]
    people_you_may_know(viewer)  # ranks and stores, as a first page view does
    times = [timed_ms(partial(people_you_may_know, viewer)) for _ in range(bench.samples("W3"))]
    first, _second = bench.memory.masks(viewer.pk)
    limit = bench.limit([partial(bench.memory.suggestions, viewer.pk, first)] * 10)
    afresh = summary(ranked)
    return {
        **summary(times),
        "online_p50_ms": afresh["p50_ms"],
        "online_p95_ms": afresh["p95_ms"],
        "limit_ms": limit,
        **bench.baselines("W3", viewer.pk, list),
    }


def w4(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    cache.second_degree(viewer.pk)
    sets = [bench.candidates() for _ in range(10)]
    times = [
        timed_ms(partial(filter_second, viewer.pk, sets[i % len(sets)]))
        for i in range(bench.samples("W4"))
    ]
    first, second = bench.memory.masks(viewer.pk)

    def limit_filter(candidates: np.ndarray) -> np.ndarray:
        return candidates[second[candidates]]

    limit = bench.limit([partial(limit_filter, c) for c in sets * 5])
    check_filters(bench, viewer.pk, sets, first, second)
    baseline = bench.baselines("W4", viewer.pk, lambda: bench.candidates().tolist())
    return {**summary(times), "limit_ms": limit, **baseline}


def w5(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    cache.second_degree(viewer.pk)
    sets = [bench.candidates() for _ in range(5)]
    times = [
        timed_ms(partial(filter_third, viewer.pk, sets[i % len(sets)]))
        for i in range(bench.samples("W5"))
    ]
    first, second = bench.memory.masks(viewer.pk)
    limit = bench.limit(
        [partial(bench.memory.third, c, first, second, viewer.pk) for c in sets * 2]
    )
    baseline = bench.baselines("W5", viewer.pk, lambda: bench.candidates().tolist())
    return {**summary(times), "limit_ms": limit, **baseline}


def w6(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    cache.second_degree(viewer.pk)
    targets = bench.rng.integers(1, bench.memory.size, bench.samples("W6")).tolist()
    times = [timed_ms(partial(nearness_for, viewer, [target])) for target in targets]
    first, second = bench.memory.masks(viewer.pk)
    limit = bench.limit(
        [
            partial(bench.memory.nearness, viewer.pk, np.array([target]), first, second)
            for target in targets[:100]
        ]
    )
    baseline = bench.baselines(
        "W6", viewer.pk, lambda: [int(bench.rng.integers(1, bench.memory.size))]
    )
    return {**summary(times), "limit_ms": limit, **baseline}


def w8(bench: NetworkBench, viewer: User) -> dict[str, Any]:
    friends = bench.memory.row(viewer.pk)
    changes: list[Change] = []
    newest = Invitation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = bench.rng.choice(friends, size=min(bench.samples("W8"), len(friends)), replace=False)
    try:
        for friend_id in picked.tolist():
            friend = User.objects.get(pk=friend_id)
            changes.append(change(viewer, friend, connect=False))
            changes.append(change(viewer, friend, connect=True))
    finally:
        # The graph is as it was; the invitations W8 sent would count against weekly limits.
        Invitation.objects.filter(pk__gt=newest).delete()
    reflect = summary([c.reflect_ms for c in changes])
    fanout = summary([c.fanout_ms for c in changes])
    pushed = [c.pushed_ms for c in changes if c.pushed_ms is not None]
    return {
        **reflect,
        "pushed_p50_ms": summary(pushed)["p50_ms"] if pushed else None,
        "pushed_p95_ms": summary(pushed)["p95_ms"] if pushed else None,
        "reads_until_reflected_max": max(c.reads for c in changes),
        "fanout_p50_ms": fanout["p50_ms"],
        "fanout_p95_ms": fanout["p95_ms"],
        "fanout_keys_p50": int(np.median([c.fanout_keys for c in changes])),
        "baseline_ms": None,
        "limit_ms": None,
    }


# In the order they run; each for every viewer in turn.
STEPS = (
    ("W1_warm", w1_warm),
    ("W1_cold", w1_cold),
    ("W2", w2),
    ("W3", w3),
    ("W4", w4),
    ("W5", w5),
    ("W6", w6),
    ("W8", w8),
)
