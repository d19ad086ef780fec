"""The one module of devtools that reaches into the graph cache (`graphcache`): the benchmarks,
the loader and the demo seed read and reset it only through these names.

Used as `from devtools import graph_access as cache`: `cache.second_degree(...)`.
"""

from graphcache import (
    adjacency,
    client,
    first_degree,
    forget_everything,
    key,
    local,
    members_of,
    neighbours_changed,
    read_csr,
    second_degree,
    warm_all,
)
from graphcache.snapshot import Opened
from graphcache.snapshot import build as build_snapshot
from graphcache.snapshot import current as current_snapshot
from graphcache.tasks import graph_neighbours_changed_task

# What the fan-out task is recorded under when a benchmark captures Celery's sends.
NEIGHBOURS_CHANGED_TASK = graph_neighbours_changed_task.name

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
