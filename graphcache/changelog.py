"""The log of members whose connections changed after the graph's snapshot (graphcache.snapshot).

- `seq` a counter every connection change advances (graphcache.invalidation.graph_changed);
- `log` a sorted set, member -> the counter at their latest change, plus one sentinel per
  snapshot (scored +inf) that tells whether Redis still has the log the snapshot needs.
"""

from functools import cache
from typing import Any, cast

import redis

from graphcache import keys

SENTINEL_PREFIX = "snapshot:"  # log members naming a snapshot, not a member

# One count for the change, which becomes each member's score in the log.
_LOG_CHANGED = """
local seq = redis.call('INCR', KEYS[1])
for _, member in ipairs(ARGV) do redis.call('ZADD', KEYS[2], seq, member) end
return seq
"""


def log_key() -> str:
    return keys.key("log", 0)


def seq_key() -> str:
    return keys.key("seq", 0)


@cache
def _log_script(redis_client: redis.Redis) -> Any:
    return redis_client.register_script(_LOG_CHANGED)


def log_changed(pipe: Any, member_ids: list[int]) -> None:
    """Queue on `pipe` the logging of the members as changed now."""
    log = _log_script(keys.client())
    log(keys=[seq_key(), log_key()], args=member_ids, client=pipe)


def logged(low: str, high: str) -> list[bytes]:
    """Members of the log scored from `low` to `high` (redis-py's types are looser)."""
    return cast(list[bytes], keys.client().zrangebyscore(log_key(), low, high))
