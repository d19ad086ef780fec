"""The graph cache as this package reads it: its one import, so that moving the cache is an
edit here alone. Nothing outside `network.selectors` reads the cache (search and feed use
`viewer_graph`)."""

from network import graph

EMPTY = graph._EMPTY  # the cache's empty id array (public as EMPTY once it is a package)

__all__ = ["EMPTY", "graph"]
