"""The one module of devtools that reaches into the graph cache (network.graph,
network.snapshot, connections.events): the benchmarks, the loader and the demo seed read and
reset it only through these names, so that the cache can move without touching them.

Used as `from devtools import graph_access as cache`: `cache.second_degree(...)`.
"""

from connections.events import NEIGHBOURS_CHANGED_TASK, graph_client, graph_key
from network.graph import (
    adjacency,
    first_degree,
    forget_everything,
    local,
    members_of,
    neighbours_changed,
    second_degree,
    warm_all,
)
from network.snapshot import Opened, read_csr
from network.snapshot import build as build_snapshot
from network.snapshot import current as current_snapshot

# The Redis connection holding the arrays, and the name of one member's key (g1, g2, ...).
client = graph_client
key = graph_key

__all__ = (
    "NEIGHBOURS_CHANGED_TASK",
    "Opened",
    "adjacency",
    "build_snapshot",
    "client",
    "current_snapshot",
    "first_degree",
    "forget_everything",
    "key",
    "local",
    "members_of",
    "neighbours_changed",
    "read_csr",
    "second_degree",
    "warm_all",
)
