"""The graph cache: every member's connections as sorted id arrays, for the read side.

PostgreSQL is the system of record; rules never read this cache (invitations, messaging and the
cap read 1st degree from PostgreSQL inside their transaction: connections.selectors). Writers
call it by name after commit (`graph_changed`, `suggestions_changed`); readers
(network.selectors, search, feed) call `first_degree`, `adjacency`, `second_degree`, `hidden`,
`members_of` and the suggestion cache. What is kept, per member id `m`:

- **Redis** (shared, graphcache.keys): `g1:m`, the sorted 1st-degree ids, and `g2:m`, the 2nd
  degree (friends of friends, minus m and m's friends; one hour), each stamped with the
  version(s) it was built at (`v1:m`, `v2:m`, plain counters). `graph_changed` bumps the two
  members' `v1`/`v2` at commit and then deletes their `g1`; a Celery task
  (graphcache.tasks) bumps the `v2` of every friend of either. A `g1` is written only by a Lua
  script that checks its stamp against the current `v1` in the same step (graphcache.stored),
  so a `g1` present in Redis is always current and bulk reads are one MGET of values. Arrays
  are stored as the first id and 16-bit gaps, about 2 bytes per connection, and thousands are
  decoded with one numpy running sum (graphcache.codec).
- **Each process** (graphcache.local_tier): the arrays it used last, in an LRU bounded by
  GRAPH_LOCAL_CACHE_MB, plus each viewer's blocked set (stamped with `vb:m`, bumped when a
  Block is saved or deleted: graphcache.apps). An `epoch` key read with the versions clears
  every process's copies when Redis is emptied (graphcache.versions).
- **Pushed invalidation** (GRAPH_PUSHED_INVALIDATION, graphcache.channel and
  graphcache.listener). Every version bump is also published, in the same pipeline, on a
  pub/sub channel naming the stale arrays. Each process runs one daemon thread subscribed to
  it, which drops what a message names and pings Redis every 0.1 s. While the listener has
  heard from Redis within the last 0.5 s, arrays held locally are used **without reading any
  version**; an array is trusted only if it was read after the subscription and nothing
  dropped it since the read began. Otherwise (no listener yet, a lost connection, quiet pings)
  reads check the local arrays against the versions read from Redis in the same round trip. The
  process that made a change drops its own arrays before `graph_changed` returns.
- **A snapshot of the whole graph** (graphcache.snapshot): every member's 1st degree as a CSR
  in two `.npy` files under GRAPH_SNAPSHOT_DIR, mapped read-only by every process on the
  machine. Members changed since are logged in Redis (graphcache.changelog) and read the usual
  way; the snapshot is used only while the listener trusts.

Precomputed people-you-may-know rankings (`sg:m`) are stamped with `v1`, `v2`, `vb` and `vs`
(graphcache.suggestions). Bulk loads call `forget_everything` or `warm_all`.

This module is the package's public face: other apps import only the names in `__all__` (and
the `snapshot` and `tasks` modules' public names); the submodules' other names are its own.
"""

from graphcache import snapshot, tasks
from graphcache.codec import EMPTY, IDS
from graphcache.degraded import (  # the cached reads, from PostgreSQL while Redis is down
    adjacency,
    cached_second_degree,
    cached_suggestions,
    first_degree,
    hidden,
    schedule_second_degree,
    second_degree,
    store_suggestions,
)
from graphcache.fanout import neighbours_changed
from graphcache.invalidation import blocks_changed, graph_changed, suggestions_changed
from graphcache.keys import client, key
from graphcache.listener import listener_name  # and, imported, starts with the local tier
from graphcache.loading import forget_everything, warm_all
from graphcache.local_tier import local
from graphcache.postgres import read_csr
from graphcache.rows import Adjacency
from graphcache.sets import Derived, distinct, members_of
from graphcache.suggestions import SUGGESTIONS_TTL
from graphcache.versions import Versions

__all__ = [
    "EMPTY",
    "IDS",
    "SUGGESTIONS_TTL",
    "Adjacency",
    "Derived",
    "Versions",
    "adjacency",
    "blocks_changed",
    "cached_second_degree",
    "cached_suggestions",
    "client",
    "distinct",
    "first_degree",
    "forget_everything",
    "graph_changed",
    "hidden",
    "key",
    "listener_name",
    "local",
    "members_of",
    "neighbours_changed",
    "read_csr",
    "schedule_second_degree",
    "second_degree",
    "snapshot",
    "store_suggestions",
    "suggestions_changed",
    "tasks",
    "warm_all",
]
