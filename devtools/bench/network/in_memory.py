"""The graph as CSR arrays in this process: the in-memory limit beside every workload, and
the reference the answers are checked against (scipy's breadth-first search)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from devtools import graph_access as cache


@dataclass
class InMemory:
    """The graph as CSR arrays in this process (read back from PostgreSQL, not from Redis)."""

    indptr: np.ndarray
    indices: np.ndarray

    @property
    def size(self) -> int:
        return len(self.indptr) - 1

    def row(self, member: int) -> np.ndarray:
        return self.indices[self.indptr[member] : self.indptr[member + 1]]

    def degree(self, member: int) -> int:
        return int(self.indptr[member + 1] - self.indptr[member])

    def rows(self, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated neighbours of `members` and the offset where each one's start."""
        starts, ends = self.indptr[members], self.indptr[members + 1]
        lengths = ends - starts
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        spans = np.repeat(ends - offsets[1:], lengths) + np.arange(offsets[-1])
        return self.indices[spans], offsets

    def masks(self, viewer: int) -> tuple[np.ndarray, np.ndarray]:
        """Boolean masks of the viewer's 1st and 2nd degree (the warm state of the limit)."""
        first = np.zeros(self.size, dtype=bool)
        first[self.row(viewer)] = True
        second = np.zeros(self.size, dtype=bool)
        reached, _ = self.rows(self.row(viewer))
        second[reached] = True
        second[first] = False
        second[viewer] = False
        return first, second

    def nearness(
        self, viewer: int, members: np.ndarray, first: np.ndarray, second: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Degree (0-3, -1 beyond) and mutual count of each member, from the viewer's masks."""
        reached, offsets = self.rows(members)
        lengths = np.diff(offsets)
        starts = np.minimum(offsets[:-1], max(len(reached) - 1, 0))
        in_first = first[reached] if len(reached) else np.zeros(0, dtype=bool)
        in_second = second[reached] if len(reached) else np.zeros(0, dtype=bool)
        mutual = np.add.reduceat(in_first, starts) * (lengths > 0) if len(reached) else lengths
        third = (
            np.logical_or.reduceat(in_second, starts) & (lengths > 0)
            if len(reached)
            else (lengths > 0)
        )
        degree = np.full(len(members), -1)
        degree[third] = 3
        degree[mutual > 0] = 2
        degree[second[members]] = 2
        degree[first[members]] = 1
        degree[members == viewer] = 0
        return degree, mutual

    def suggestions(self, viewer: int, first: np.ndarray, limit: int = 20) -> np.ndarray:
        reached, _ = self.rows(self.row(viewer))
        counts = np.bincount(reached, minlength=self.size)
        counts[first] = 0
        counts[viewer] = 0
        top = np.argpartition(-counts, limit)[:limit]
        return top[np.argsort(-counts[top], kind="stable")]

    def third(self, candidates: np.ndarray, first: np.ndarray, second: np.ndarray, viewer: int):
        reached, offsets = self.rows(candidates)
        lengths = np.diff(offsets)
        starts = np.minimum(offsets[:-1], max(len(reached) - 1, 0))
        touches = np.logical_or.reduceat(second[reached], starts) & (lengths > 0)
        keep = touches & ~first[candidates] & ~second[candidates] & (candidates != viewer)
        return candidates[keep]

    def distances(self, source: int) -> np.ndarray:
        """Hops from `source` to everyone by scipy's breadth-first search (-1: unreachable)."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import breadth_first_order

        matrix = csr_matrix(
            (np.ones(len(self.indices), dtype=np.int8), self.indices, self.indptr),
            shape=(self.size, self.size),
        )
        order, predecessors = breadth_first_order(
            matrix, source, directed=True, return_predecessors=True
        )
        depth = np.full(self.size, -1, dtype=np.int64)
        depth[source] = 0
        # Count the hops back to the source, all members at once (pointer chasing).
        members = order[1:]
        hops = np.ones(len(members), dtype=np.int64)
        ancestor = predecessors[members]
        while (walking := ancestor != source).any():
            hops[walking] += 1
            ancestor[walking] = predecessors[ancestor[walking]]
        depth[members] = hops
        return depth


def in_memory_from_postgres(progress: bool) -> InMemory:
    """Read every member's sorted ids from PostgreSQL into a CSR (ids are the row numbers)."""
    with tqdm(desc="graph from PostgreSQL", unit="member", disable=not progress) as bar:
        return InMemory(*cache.read_csr(progress=bar.update))
