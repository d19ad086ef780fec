"""W4 and W5 as the application would run them: candidates filtered to the 2nd or 3rd degree
with the graph cache's sorted arrays."""

from __future__ import annotations

import numpy as np

from devtools import graph_access as cache

_contains = cache.members_of


def filter_second(viewer_id: int, candidates: np.ndarray) -> np.ndarray:
    """W4: the candidates in the viewer's 2nd degree (the cached set, one binary search each)."""
    second = cache.second_degree(viewer_id)
    return candidates[_contains(second, candidates)]


def filter_third(viewer_id: int, candidates: np.ndarray) -> np.ndarray:
    """W5: the candidates in the 3rd degree: not within two hops, with a friend in the 2nd."""
    friends = cache.first_degree([viewer_id])[viewer_id]
    second = cache.second_degree(viewer_id, friends)
    near = _contains(second, candidates) | _contains(friends, candidates)
    near |= candidates == viewer_id
    rest = candidates[~near]
    theirs = cache.adjacency(rest.tolist())
    if not theirs.joined.size:
        return rest[:0]
    hits = np.concatenate([[0], np.cumsum(_contains(second, theirs.joined))])
    return rest[hits[theirs.bounds[1:]] > hits[theirs.bounds[:-1]]]
