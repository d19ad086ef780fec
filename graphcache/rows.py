"""Many members' 1st-degree rows in one array, as the read functions return them."""

from dataclasses import dataclass

import numpy as np

from graphcache.codec import EMPTY
from graphcache.versions import Versions


@dataclass(frozen=True)
class Adjacency:
    """Many members' sorted 1st-degree ids in one array: row i is joined[bounds[i]:bounds[i+1]].

    `known` holds the versions read on the way, for the caller's next step."""

    ids: list[int]
    joined: np.ndarray
    bounds: np.ndarray
    known: Versions

    def rows(self) -> dict[int, np.ndarray]:
        if len(self.ids) == 1:  # the cached array itself (the same object while it is current)
            return {self.ids[0]: self.joined}
        b = self.bounds.tolist()
        return {m: self.joined[b[i] : b[i + 1]] for i, m in enumerate(self.ids)}


def assemble(ids: list[int], arrays: list[np.ndarray], known: Versions) -> Adjacency:
    lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    if len(arrays) == 1:  # one member's array as cached: no copy, the same object next time
        joined = arrays[0]
    else:
        joined = np.concatenate(arrays) if arrays else EMPTY
        joined.flags.writeable = False
    return Adjacency(ids, joined, np.concatenate([[0], np.cumsum(lengths)]), known)
