"""The local tier: the graph arrays this process used last, in an LRU bounded in bytes
(GRAPH_LOCAL_CACHE_MB), and whether each may be trusted without reading its version."""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
from django.conf import settings

from graphcache import snapshot
from graphcache.codec import IDS

TRUST_WINDOW = 0.5  # s: trusted arrays are used while the listener heard Redis this recently
DROPS_REMEMBERED = 100_000  # (kind, member) drops kept to judge reads in flight


class Starts(Protocol):
    """What the local tier needs of the listener (graphcache.listener, which applies the change
    channel's messages to this tier: each knows the other, so the listener registers itself)."""

    pid: int

    def start(self) -> None: ...


class LocalArrays:
    """A least-recently-used map (kind, member) -> (stamp, array, trusted), bounded in bytes.

    An array is *trusted* when this process's listener (graphcache.listener) was subscribed to the
    change channel before its version was read: any change since would have dropped it, so it
    is current without asking Redis, for as long as the listener keeps hearing from Redis
    (`trusting`). Whether a read began before a drop is told by `generation`, which every drop
    advances: a read remembers it first (`Versions.since`), and what it loaded is trusted only
    if nothing it read was dropped after that. Untrusted arrays are used at the version read.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.epoch: bytes | None = None
        self._items: OrderedDict[tuple[str, int], tuple[tuple[int, ...], np.ndarray, bool]] = (
            OrderedDict()
        )
        self._bytes = 0
        self._lock = threading.Lock()
        self.generation = 0
        self._floor = 0  # reads that began before this generation are never trusted
        self._dropped: OrderedDict[tuple[str, int], int] = OrderedDict()  # -> generation
        self.heard_at = float("-inf")  # monotonic time the listener last heard from Redis
        self.applied = 0  # messages from the change channel applied (the benchmark's W8 reads it)
        self.applied_at = 0  # time.perf_counter_ns() when the last one was
        self.listener: Starts | None = None  # set by graphcache.listener

    def check_epoch(self, epoch: bytes | None) -> None:
        if epoch != self.epoch:
            self.clear()
            self.epoch = epoch

    def trusting(self) -> bool:
        """Whether trusted arrays may be used without reading versions (the listener runs and
        has heard from Redis within TRUST_WINDOW, so every drop published before then is
        applied)."""
        listener = self.listener
        if listener is not None and listener.pid != os.getpid():
            listener.start()
        return time.monotonic() - self.heard_at < TRUST_WINDOW

    def fresh(self, kind: str, member_id: int) -> np.ndarray | None:
        """The trusted array, if held (call only while `trusting`)."""
        item = self._items.get((kind, member_id))
        if item is None or not item[2]:
            return None
        return item[1]

    def fresh_many(self, kind: str, member_ids: Sequence[int]) -> list[np.ndarray | None]:
        get = self._items.get
        found: list[np.ndarray | None] = [None] * len(member_ids)
        for position, member_id in enumerate(member_ids):
            item = get((kind, member_id))
            if item is not None and item[2]:
                found[position] = item[1]
        return found

    def get(
        self, kind: str, member_id: int, stamp: tuple[int, ...], since: int = -1
    ) -> np.ndarray | None:
        """The array held at `stamp`, a version read at generation `since` (which makes it
        trusted from now on, unless it was dropped after that)."""
        key = (kind, member_id)
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != stamp:
                return None
            if not item[2] and self._trusts(key, since):
                self._items[key] = (stamp, item[1], True)
            self._items.move_to_end(key)
            return item[1]

    def peek_many(
        self, kind: str, member_ids: Sequence[int], stamps: Sequence[int]
    ) -> list[np.ndarray | None]:
        """Look many up at once, without the least-recently-used bookkeeping (bulk reads)."""
        get = self._items.get
        found: list[np.ndarray | None] = [None] * len(member_ids)
        for position, (member_id, stamp) in enumerate(zip(member_ids, stamps, strict=True)):
            item = get((kind, member_id))
            if item is not None and item[0][0] == stamp:
                found[position] = item[1]
        return found

    def count_held(self, kind: str, member_ids: Sequence[int]) -> int:
        items = self._items
        return sum((kind, member_id) in items for member_id in member_ids)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def holds(self, kind: str, member_id: int) -> bool:
        return (kind, member_id) in self._items

    def put(
        self,
        kind: str,
        member_id: int,
        stamp: tuple[int, ...],
        array: np.ndarray,
        since: int = -1,
    ) -> None:
        """Keep `array` at `stamp`; trusted if the read that loaded it began at generation
        `since` (-1: unknown) and nothing dropped it after."""
        if array.nbytes > self.budget // 4:
            return
        array.flags.writeable = False
        key = (kind, member_id)
        with self._lock:
            self._store(key, stamp, array, self._trusts(key, since))
            self._evict()

    def put_rows(
        self,
        kind: str,
        member_ids: Sequence[int],
        stamps: Sequence[int],
        joined: np.ndarray,
        bounds: Sequence[int],
        since: int,
    ) -> None:
        """Keep row i of `joined` (`joined[bounds[i]:bounds[i + 1]]`, copied) for each member
        whose stamp `stamps[i]` is not negative, as `put` would, under one lock (a bulk read
        keeps thousands). An array already held at its stamp stays the same object: callers
        key caches of what they derive from it, such as search's id literals, on its identity."""
        items, largest = self._items, self.budget // 4
        with self._lock:
            for i, member_id in enumerate(member_ids):
                if stamps[i] < 0:
                    continue
                key, stamp = (kind, member_id), (stamps[i],)
                trusted = self._trusts(key, since)
                old = items.get(key)
                if old is not None and old[0] == stamp:
                    items[key] = (stamp, old[1], old[2] or trusted)
                    items.move_to_end(key)
                elif (bounds[i + 1] - bounds[i]) * np.dtype(IDS).itemsize > largest:
                    self._remove(key)
                else:
                    array = joined[bounds[i] : bounds[i + 1]].copy()
                    array.flags.writeable = False
                    self._store(key, stamp, array, trusted)
            self._evict()

    def drop(self, kind: str, member_ids: Iterable[int]) -> None:
        """Forget the members' `kind` arrays: a change made them stale."""
        with self._lock:
            self.generation += 1
            for member_id in member_ids:
                key = (kind, member_id)
                self._remove(key)
                self._dropped[key] = self.generation
                self._dropped.move_to_end(key)
            while len(self._dropped) > DROPS_REMEMBERED:
                _, generation = self._dropped.popitem(last=False)
                self._floor = max(self._floor, generation)

    # The helpers below are called with the lock held.

    def _trusts(self, key: tuple[str, int], since: int) -> bool:
        """Whether what a read begun at generation `since` loaded for `key` may be trusted."""
        return since >= self._floor and self._dropped.get(key, -1) <= since

    def _remove(self, key: tuple[str, int]) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old[1].nbytes + 64

    def _store(
        self, key: tuple[str, int], stamp: tuple[int, ...], array: np.ndarray, trusted: bool
    ) -> None:
        self._remove(key)
        self._items[key] = (stamp, array, trusted)
        self._bytes += array.nbytes + 64

    def _evict(self) -> None:
        while self._bytes > self.budget and self._items:
            _, (_, evicted, _) = self._items.popitem(last=False)
            self._bytes -= evicted.nbytes + 64

    def reset(self) -> None:
        """Forget everything, and trust nothing read before now (changes may have been missed)."""
        with self._lock:
            self.generation += 1
            self._floor = self.generation
            self._dropped.clear()
            self._items.clear()
            self._bytes = 0

    def apply(self, message: bytes) -> None:
        """A message from the change channel (graphcache.channel.publish_changes)."""
        kind, _, ids = message.partition(b" ")
        if kind == b"*":
            self.reset()
            snapshot.current.refresh()
        elif kind == b"snapshot":
            snapshot.current.refresh()
        else:
            members = list(map(int, ids.split()))
            if kind == b"g1":
                snapshot.current.mark(members)
            self.drop(kind.decode(), members)
        self.applied_at = time.perf_counter_ns()
        self.applied += 1

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


local = LocalArrays(settings.GRAPH_LOCAL_CACHE_MB * 2**20)
