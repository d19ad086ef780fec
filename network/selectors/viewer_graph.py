"""One viewer's view of the cached graph, for the apps that read it without knowing the cache.

Search and the feed need the viewer's own arrays (connections, members hidden by a block, the
2nd degree for a degree filter) as the graph cache holds them: sorted, read-only and the same
objects while their versions hold, so what is derived from them (an SQL literal, a bitmap) can
be kept with them in a `Derived`.
"""

from functools import cached_property
from typing import ClassVar

import numpy as np

from accounts.models import User
from network.selectors._graph import EMPTY, graph

Derived = graph.Derived  # values derived from the arrays below, kept while those arrays live


class ViewerGraph:
    """The viewer's arrays, each read from the graph cache the first time it is asked for."""

    EMPTY: ClassVar[np.ndarray] = EMPTY  # no ids (read-only by convention: never write to it)

    def __init__(self, viewer_id: int) -> None:
        self.viewer_id = viewer_id

    @cached_property
    def connections(self) -> np.ndarray:
        """The sorted 1st-degree ids (hidden members included, as the cache keeps them)."""
        return graph.first_degree([self.viewer_id])[self.viewer_id]

    @cached_property
    def hidden(self) -> np.ndarray:
        """The sorted ids of members hidden from the viewer by a block either way."""
        return graph.hidden(self.viewer_id)  # cached per process, as for degree badges

    @property
    def connection_count(self) -> int:
        return int(self.connections.size)

    def second_degree(self) -> np.ndarray:
        """The sorted 2nd-degree ids (built on demand when none is cached)."""
        return graph.second_degree(self.viewer_id, self.connections)


def viewer_graph(viewer: User) -> ViewerGraph:
    """Return the viewer's view of the graph; nothing is read until an array is asked for."""
    return ViewerGraph(viewer.pk)
