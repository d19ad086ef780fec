"""Deterministic generator of a realistic professional network: members, profiles and edges.

Everything is drawn with numpy from one `seed`, so the same parameters always give the same
network (demo, tests, benchmarks), and a million members with fifty million connections take
well under a minute to generate.

Profiles: devtools.generator.members.

Edges (undirected, each pair once, never a member with itself) follow a Chung-Lu model inside
communities. Every member has a heavy-tailed "sociability" weight (a Lomax/Pareto-II draw, so the
degree distribution is power-law-like with mean `mean_degree`); an edge starts at a member drawn
by weight and ends, by weight, inside one of the member's communities:
- their team: members of the same company (and, where the company is big enough, the same city)
  in runs of `team_size` — the tight groups that give the graph its clustering;
- their company;
- their city and industry;
- or anyone.
A few members (`hubs`) end at exactly the connection cap; nobody ends above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from devtools.generator.members import Members

GENERATOR_VERSION = 1  # bump when the same parameters would give a different network

# Where an edge ends: team, company, city+industry, anyone.
COMMUNITY_SHARES = (0.50, 0.12, 0.23, 0.15)
LOMAX_SHAPE = 2.2  # tail exponent of the weights: P(w > x) ~ x^-2.2
ISOLATED_SHARE = 0.02  # members who have not connected to anyone yet
_SAMPLE_CHUNK = 4_000_000


def default_team_size(mean_degree: float) -> int:
    """Teams somewhat larger than half a member's connections keep clustering near 0.15-0.3."""
    return int(min(150, max(8, round(mean_degree * 1.2))))


@dataclass(frozen=True)
class Params:
    members: int
    seed: int = 2026
    mean_degree: float = 100.0
    hubs: int = 3
    cap: int = 30_000
    team_size: int | None = None
    isolated_share: float = ISOLATED_SHARE

    def as_dict(self) -> dict[str, object]:
        return {
            "members": self.members,
            "seed": self.seed,
            "mean_degree": self.mean_degree,
            "hubs": self.hubs,
            "cap": self.cap,
            "team_size": self.resolved_team_size,
            "isolated_share": self.isolated_share,
            "generator_version": GENERATOR_VERSION,
        }

    @property
    def resolved_team_size(self) -> int:
        return self.team_size or default_team_size(self.mean_degree)

    @property
    def hub_degree(self) -> int:
        """The cap, or half the members on graphs too small to reach it."""
        return min(self.cap, max(1, self.members // 2))


@dataclass
class Network:
    params: Params
    members: Members
    edges: np.ndarray  # (pairs, 2) int32: low index, high index; sorted, unique
    hubs: np.ndarray  # member indexes of the hubs

    @cached_property
    def degrees(self) -> np.ndarray:
        return np.bincount(self.edges.ravel(), minlength=self.members.count)

    @property
    def mean_degree(self) -> float:
        return 2 * len(self.edges) / max(1, self.members.count)

    @cached_property
    def _csr(self) -> tuple[np.ndarray, np.ndarray]:
        return csr(self.edges, self.members.count)

    def adjacency(self) -> tuple[np.ndarray, np.ndarray]:
        """CSR of the undirected graph (both directions): (indptr, sorted neighbour indexes)."""
        return self._csr

    def directed(self) -> tuple[np.ndarray, np.ndarray]:
        """Both directions of every edge as (member, other) arrays sorted by member, other."""
        indptr, indices = self.adjacency()
        owners = np.repeat(np.arange(self.members.count, dtype=np.int32), np.diff(indptr))
        return owners, indices


def csr(edges: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric CSR (indptr int64, indices int32 sorted per row) from undirected pairs."""
    low, high = edges[:, 0].astype(np.int64), edges[:, 1].astype(np.int64)
    keys = np.concatenate([low * count + high, high * count + low])
    keys.sort()
    indices = (keys % count).astype(np.int32)
    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // count, minlength=count), out=indptr[1:])
    return indptr, indices


class _Communities:
    """Cumulative weights of the members grouped by one community, for weighted sampling."""

    def __init__(self, group: np.ndarray, weights: np.ndarray) -> None:
        self.group = group
        self.order = np.argsort(group, kind="stable")
        ordered = group[self.order]
        groups = int(group.max()) + 1 if len(group) else 0
        self.starts = np.searchsorted(ordered, np.arange(groups), side="left")
        self.ends = np.searchsorted(ordered, np.arange(groups), side="right")
        self.cumulative = np.concatenate([[0.0], np.cumsum(weights[self.order])])

    def pick(self, sources: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """For each source, a member of the source's group drawn by weight."""
        group = self.group[sources]
        start, end = self.starts[group], self.ends[group]
        low, high = self.cumulative[start], self.cumulative[end]
        point = low + rng.random(len(sources)) * (high - low)
        position = np.searchsorted(self.cumulative, point, side="right") - 1
        position = np.clip(position, start, end - 1)
        return self.order[position]


def _sample(
    count: int,
    weights: np.ndarray,
    communities: list[_Communities],
    rng: np.random.Generator,
) -> np.ndarray:
    """Draw `count` candidate edges as int64 keys low * members + high (self-loops dropped)."""
    members = len(weights)
    cumulative = np.cumsum(weights)
    keys = []
    for done in range(0, count, _SAMPLE_CHUNK):
        size = min(_SAMPLE_CHUNK, count - done)
        sources = np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right")
        sources = np.minimum(sources, members - 1)
        kind = rng.choice(len(COMMUNITY_SHARES), size, p=COMMUNITY_SHARES)
        targets = np.empty(size, dtype=np.int64)
        for number, community in enumerate(communities):
            chosen = kind == number
            targets[chosen] = community.pick(sources[chosen], rng)
        anyone = kind == len(communities)
        targets[anyone] = np.minimum(
            np.searchsorted(
                cumulative, rng.random(int(anyone.sum())) * cumulative[-1], side="right"
            ),
            members - 1,
        )
        keep = sources != targets
        low = np.minimum(sources[keep], targets[keep]).astype(np.int64)
        high = np.maximum(sources[keep], targets[keep]).astype(np.int64)
        keys.append(low * members + high)
    return np.concatenate(keys) if keys else np.empty(0, dtype=np.int64)


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a merge-friendly sort: much faster than np.unique's hashing)."""
    values = np.sort(values, kind="stable")
    if len(values) < 2:
        return values
    return values[np.concatenate([[True], values[1:] != values[:-1]])]


def _decode(keys: np.ndarray, members: int) -> np.ndarray:
    return np.stack([keys // members, keys % members], axis=1).astype(np.int32)


def _encode(edges: np.ndarray, members: int) -> np.ndarray:
    return edges[:, 0].astype(np.int64) * members + edges[:, 1]


def _trim(
    keys: np.ndarray,
    member: int,
    excess: int,
    protected: np.ndarray,
    n: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Drop `excess` random edges of `member` whose other end is not protected."""
    low, high = keys // n, keys % n
    mine = np.flatnonzero((low == member) | (high == member))
    other = np.where(low[mine] == member, high[mine], low[mine])
    droppable = mine[~np.isin(other, protected)]
    drop = rng.choice(droppable, size=min(excess, len(droppable)), replace=False)
    return np.delete(keys, drop)


def _enforce_cap(
    keys: np.ndarray,
    params: Params,
    hubs: np.ndarray,
    active: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Nobody above the cap; every hub at exactly `params.hub_degree`."""
    n = params.members
    edges = _decode(keys, n)
    degrees = np.bincount(edges.ravel(), minlength=n)
    over = np.flatnonzero(degrees > params.cap)
    for member in over[~np.isin(over, hubs)].tolist():
        keys = _trim(keys, member, int(degrees[member] - params.cap), hubs, n, rng)
    for hub in hubs.tolist():
        edges = _decode(keys, n)
        degrees = np.bincount(edges.ravel(), minlength=n)
        need = params.hub_degree - int(degrees[hub])
        if need < 0:
            keys = _trim(keys, hub, -need, hubs, n, rng)
        elif need > 0:
            linked = np.concatenate(
                [edges[edges[:, 0] == hub, 1], edges[edges[:, 1] == hub, 0], hubs]
            )
            eligible = np.ones(n, dtype=bool)
            eligible[linked] = False
            eligible &= active & (degrees < params.cap)
            pool = np.flatnonzero(eligible)
            picked = rng.choice(pool, size=min(need, len(pool)), replace=False).astype(np.int64)
            low, high = np.minimum(picked, hub), np.maximum(picked, hub)
            keys = np.concatenate([keys, low * n + high])
    return _unique(keys)


def generate(
    members: int,
    *,
    seed: int = 2026,
    mean_degree: float = 100.0,
    hubs: int = 3,
    cap: int | None = None,
    team_size: int | None = None,
    isolated_share: float = ISOLATED_SHARE,
    boost: Mapping[int, float] | None = None,
) -> Network:
    """Generate a network of `members` members; the same arguments give the same network.

    `cap` defaults to settings.CONNECTIONS_MAX_PER_MEMBER. `boost` maps member indexes to a
    degree target in multiples of `mean_degree` (the demo member is made well connected).
    """
    if cap is None:
        from django.conf import settings

        cap = int(settings.CONNECTIONS_MAX_PER_MEMBER)
    params = Params(members, seed, mean_degree, hubs, cap, team_size, isolated_share)
    rng = np.random.default_rng([seed, GENERATOR_VERSION])
    people = Members(members, rng)
    weights = rng.pareto(LOMAX_SHAPE, members) * mean_degree * (LOMAX_SHAPE - 1)
    weights = np.minimum(weights, cap * 0.8)
    active = rng.random(members) >= isolated_share
    for index, factor in (boost or {}).items():
        weights[index] = factor * mean_degree
        active[index] = True
    hub_ids = np.empty(0, dtype=np.int64)
    if hubs and members > 2:
        candidates = np.flatnonzero(active)
        ranked = candidates[np.argsort(-weights[candidates], kind="stable")]
        hub_ids = np.sort(ranked[: min(hubs, len(ranked))])
        weights[hub_ids] = max(weights[hub_ids].max(), params.hub_degree * 0.3)
    weights = np.where(active, weights, 0.0)
    if members < 2 or not weights.any():
        return Network(params, people, np.empty((0, 2), dtype=np.int32), hub_ids)

    team = people.teams(params.resolved_team_size)
    communities = [
        _Communities(team, weights),
        _Communities(people.company.astype(np.int64), weights),
        _Communities(people.city.astype(np.int64) * 64 + people.industry, weights),
    ]
    hub_extra = max(0.0, len(hub_ids) * (params.hub_degree - float(weights[hub_ids].sum())))
    target = max(0, round(members * mean_degree / 2 - hub_extra))
    keys = np.empty(0, dtype=np.int64)
    novel = 1.0  # share of the last draw that was new: duplicates grow as teams fill up
    for _round in range(30):
        missing = target - len(keys)
        if missing <= max(1, target // 1000):
            break
        draw = int(missing / max(novel, 0.05) * 1.05) + 16
        before = len(keys)
        keys = _unique(np.concatenate([keys, _unique(_sample(draw, weights, communities, rng))]))
        novel = (len(keys) - before) / draw
    if len(keys) > target:  # drop the overshoot at random, deterministically
        keys = np.sort(rng.choice(keys, size=target, replace=False))
    keys = _enforce_cap(keys, params, hub_ids, active, rng)
    return Network(params, people, _decode(keys, members), hub_ids)
