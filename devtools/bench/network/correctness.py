"""Every answer checked: degrees and mutual counts against scipy's breadth-first search, and
the W4/W5 filters against the in-memory limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm import tqdm

from accounts.models import User
from devtools.bench.network.filters import filter_second, filter_third
from network.selectors import nearness_for

if TYPE_CHECKING:
    from devtools.bench.network.run import NetworkBench


def check_filters(
    bench: NetworkBench, viewer: int, sets: list[np.ndarray], first: np.ndarray, second: np.ndarray
) -> None:
    """Compare the W4 and W5 filters with the in-memory limit on the first three sets."""
    mismatches = bench.filter_mismatches
    checked = bench.filter_checked
    for candidates in sets[:3]:
        expected = set(candidates[second[candidates]].tolist())
        got = set(filter_second(viewer, candidates).tolist())
        mismatches += len(expected ^ got)
        expected3 = set(bench.memory.third(candidates, first, second, viewer).tolist())
        got3 = set(filter_third(viewer, candidates).tolist())
        mismatches += len(expected3 ^ got3)
        checked += 2 * len(candidates)
    bench.filter_mismatches, bench.filter_checked = mismatches, checked


def correctness(bench: NetworkBench) -> dict[str, Any]:
    """Degree and mutual count of sampled pairs against scipy's BFS, plus the filter checks."""
    sources = [viewer.pk for viewer in bench.viewers.values()]
    active = np.flatnonzero(np.diff(bench.memory.indptr) > 0)
    extra = bench.rng.choice(
        active, size=min(len(active), max(0, bench.check_sources - len(sources))), replace=False
    )
    sources += [int(s) for s in extra.tolist() if int(s) not in sources]
    tally = _Tally()
    for source in tqdm(sources, desc="check vs scipy BFS", disable=not bench.progress):
        depth = bench.memory.distances(source)
        targets = check_targets(bench, source, depth)
        viewer = User.objects.get(pk=source)
        for start in range(0, len(targets), 500):
            _check_page(bench, tally, viewer, depth, targets[start : start + 500])
    return {
        "pairs_checked": tally.checked,
        "mismatches": tally.mismatches + bench.filter_mismatches,
        "sources": len(sources),
        "pairs_by_degree": {str(k): v for k, v in tally.by_degree.items()},
        "filter_members_checked": bench.filter_checked,
        "filter_mismatches": bench.filter_mismatches,
        "examples": tally.examples,
        "reference": "scipy.sparse.csgraph.breadth_first_order on a CSR read from PostgreSQL",
    }


@dataclass
class _Tally:
    checked: int = 0
    mismatches: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    by_degree: dict[int | None, int] = field(
        default_factory=lambda: {0: 0, 1: 0, 2: 0, 3: 0, None: 0}
    )


def _check_page(
    bench: NetworkBench, tally: _Tally, viewer: User, depth: np.ndarray, page: np.ndarray
) -> None:
    """Compare nearness_for on one page of targets with the BFS depths and CSR intersections."""
    source = viewer.pk
    friends = bench.memory.row(source)
    got = nearness_for(viewer, page.tolist())
    for member in page.tolist():
        hops = int(depth[member])
        expected = hops if 0 <= hops <= 3 else None
        mutual = (
            0
            if member == source
            else int(np.intersect1d(friends, bench.memory.row(member), assume_unique=True).size)
        )
        near = got[member]
        tally.checked += 1
        tally.by_degree[expected] += 1
        if near.degree != expected or near.mutual_connections_count != mutual:
            tally.mismatches += 1
            if len(tally.examples) < 10:
                tally.examples.append(
                    {
                        "viewer": source,
                        "member": member,
                        "expected": [expected, mutual],
                        "got": [near.degree, near.mutual_connections_count],
                    }
                )


def check_targets(bench: NetworkBench, source: int, depth: np.ndarray) -> np.ndarray:
    """Members at each distance (0-3, beyond, unreachable) in equal shares, then random."""
    share = max(1, bench.target_count // 6)
    picked = [np.array([source])]
    for hops in (1, 2, 3):
        at = np.flatnonzero(depth == hops)
        picked.append(
            bench.rng.choice(at, size=min(share, len(at)), replace=False) if len(at) else at
        )
    beyond = np.flatnonzero((depth > 3) | (depth == -1))
    beyond = beyond[beyond > 0]
    picked.append(
        bench.rng.choice(beyond, size=min(share, len(beyond)), replace=False)
        if len(beyond)
        else beyond
    )
    picked.append(bench.rng.integers(1, bench.memory.size, share))
    return np.unique(np.concatenate(picked))
