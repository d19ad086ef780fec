"""Temporary (issue 14): the graph cache is the `graphcache` package now.

Only the commands under network/management/ still import this module; they move to devtools/
and import `graphcache`'s public names instead (`_key` there is `graphcache.key`). Delete this
module with that change. Nothing else may import it.
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
    second_degree,
    warm_all,
)

_key = key

__all__ = [
    "adjacency",
    "client",
    "first_degree",
    "forget_everything",
    "local",
    "members_of",
    "neighbours_changed",
    "second_degree",
    "warm_all",
]
