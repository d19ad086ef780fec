"""The graph cache as this package reads it: its one import. Nothing outside
`network.selectors` reads the cache (search and feed use `viewer_graph`)."""

import graphcache as graph
from graphcache import EMPTY

__all__ = ["EMPTY", "graph"]
