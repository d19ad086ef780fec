"""The average local clustering coefficient of a graph held as CSR arrays."""

from __future__ import annotations

import numpy as np


def average_clustering(
    indptr: np.ndarray, indices: np.ndarray, *, sample: int | None = None, seed: int = 0
) -> float:
    """Average local clustering coefficient (members with < 2 connections count as 0).

    Exact over every member, or estimated over `sample` members drawn uniformly.
    """
    count = len(indptr) - 1
    if count == 0:
        return 0.0
    if sample is None or sample >= count:
        nodes = np.arange(count)
    else:
        nodes = np.random.default_rng(seed).choice(count, size=sample, replace=False)
    total = 0.0
    for node in nodes.tolist():
        neighbours = indices[indptr[node] : indptr[node + 1]]
        degree = len(neighbours)
        if degree < 2:
            continue
        starts, ends = indptr[neighbours], indptr[neighbours + 1]
        lengths = ends - starts
        spans = np.repeat(ends - lengths.cumsum(), lengths) + np.arange(lengths.sum())
        reached = indices[spans]
        position = np.searchsorted(neighbours, reached)
        position[position == degree] = 0
        links = int(np.count_nonzero(neighbours[position] == reached))  # each triangle twice
        total += links / (degree * (degree - 1))
    return total / len(nodes)
