"""Versions: plain Redis counters that stamp every cached array (`v1` 1st degree, `v2` 2nd
degree, `vb` blocks, `vs` suggestions), and the `epoch` read with them, whose change (Redis
emptied) clears every process's local copies."""

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphcache import keys
from graphcache.local_tier import local


def epoch_key() -> str:
    return keys.key("epoch", 0)


def current_epoch(raw: bytes | None) -> bytes:
    """The epoch read with the versions; created (once, by whoever comes first) when missing."""
    if raw is None:
        keys.client().set(epoch_key(), os.urandom(8).hex(), nx=True)
        raw = keys.get(epoch_key())
    return raw or b""


@dataclass(frozen=True)
class Versions:
    """Current versions read in one round trip: `v1` (1st degree) of some members, and `v2`
    (2nd degree) and `vb` (blocks) of a viewer; `since`, the local tier's generation just
    before they were read."""

    v1: dict[int, int]
    v2: dict[int, int]
    vb: dict[int, int] = field(default_factory=dict)
    since: int = -1


def versions(first: Sequence[int], second: Sequence[int] = ()) -> Versions:
    """Read `v1` of `first` and `v2` of `second` (and the epoch) with one MGET."""
    first, second = list(dict.fromkeys(first)), list(dict.fromkeys(second))
    since = local.generation
    raw = keys.mget([epoch_key(), *keys.keys_of("v1", first), *keys.keys_of("v2", second)])
    local.check_epoch(current_epoch(raw[0]))
    v1 = dict(zip(first, map(keys.version, raw[1 : 1 + len(first)]), strict=True))
    v2 = dict(zip(second, map(keys.version, raw[1 + len(first) :]), strict=True))
    return Versions(v1, v2, since=since)
