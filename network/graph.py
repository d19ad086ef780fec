"""The in-memory side of the graph: adjacency arrays cached in Redis, PostgreSQL as the record.

What is cached, per member id `m`:
- `g1:m`  the sorted 1st-degree ids, stamped with the version it was built at;
- `g2:m`  the sorted 2nd-degree ids (friends of friends, minus m and m's friends), stamped
          with the two versions it was built at.
Versions (`v1:m`, `v2:m`, plain Redis integers) are bumped by `graph_changed` after a
connection is made or removed: `v1` of the two members (their own arrays changed) and `v2` of
every friend of either (their second-degree sets changed). A cached value whose stamp is not the
current version is stale and rebuilt from PostgreSQL on the next read, so a reader that raced
with a change can never pin a stale value: it stamps what it loads with the version it read
*before* querying PostgreSQL.

Two tiers. Redis holds every member's arrays, shared by all processes. Each process keeps the
arrays it used last in a bounded LRU (`GRAPH_LOCAL_CACHE_MB`), and trusts a local array only
after reading the current versions from Redis in the same round trip that a page needs anyway:
a warm read of a page of members is one MGET of small integers and no copying. An `epoch` key,
created once in Redis, is read with the versions; when it changes (Redis flushed or restarted
empty, versions back to zero) every process drops its local arrays.

Values are compact: sorted ids are stored as the first id and then 16-bit gaps (half the memory
of int32 arrays; see `_pack`), and many values are decoded at once with numpy
(`_unpack_many`), without a Python step per member or per id.

Exact 1st degree for rules (invitations, messaging, the cap) never comes from here: those read
PostgreSQL inside their transaction (connections.selectors.are_connected).
"""

from __future__ import annotations

import json
import logging
import os
import struct
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

import numpy as np
import redis
from django.conf import settings
from django.db import connection as db

from connections.events import graph_channel, graph_client, graph_key, publish_changes
from network import snapshot

logger = logging.getLogger(__name__)

IDS = np.int32
_HEADER = struct.Struct("<IIHHI")  # v1, v2 (the stamp), layout tag, padding halves, how many ids
# The layout tag makes a value written by an older release read as stale (and be rebuilt).
_TAG = int.from_bytes(b"g4", "little")
_CONTINUE = 0xFFFF  # a gap half that only adds 65,535 to the next one
_EMPTY = np.empty(0, dtype=IDS)
_EMPTY.flags.writeable = False
G2_TTL = 3600
# Calls for more members than LOCAL_MAX_MEMBERS (building a second-degree set, filtering
# thousands of candidates) read Redis in bulk, without a version per member; they keep what
# they read in the local tier only up to LOCAL_BULK_MAX members, so that a 30,000-connection
# member's friends (millions of ids) never flush the arrays that pages reuse.
LOCAL_MAX_MEMBERS = 64
LOCAL_BULK_MAX = 20_000
MASK_MIN_VALUES = 16_000  # members_of: more values than this may be looked up in a mask
DECODE_ONE_BY_ONE = 6  # values decoded one by one; more at once (measured: 6 µs each vs ~50 µs)

client = graph_client
_key = graph_key


def _mget(keys: list[str]) -> list[bytes | None]:
    """MGET, typed: the client returns bytes (no decode_responses)."""
    return cast(list[bytes | None], client().mget(keys))


def _get(key: str) -> bytes | None:
    return cast(bytes | None, client().get(key))


def _version(raw: Any) -> int:
    return int(raw) if raw is not None else 0


# --- Encoding -------------------------------------------------------------------------------------


def _pack(array: np.ndarray, v1: int, v2: int = 0) -> bytes:
    """Stamp and encode sorted ids: the first as int32, then each gap as a 16-bit half.

    A gap of 65,535 or more is written as that many 0xFFFF halves (each adds 65,535 and
    yields no id) before its remainder, so decoding is one running sum with the 0xFFFF
    positions dropped, however the gaps fall. Values are padded to whole 32-bit words.
    """
    ids = np.ascontiguousarray(array, dtype="<i4")
    count = int(ids.size)
    if not count:
        return _HEADER.pack(v1, v2, _TAG, 0, 0)
    gaps = np.diff(ids.astype(np.int64))
    continuations = gaps // _CONTINUE
    halves = np.full(int(continuations.sum()) + len(gaps), _CONTINUE, dtype="<u2")
    halves[np.cumsum(continuations + 1) - 1] = np.remainder(gaps, _CONTINUE)
    pad = len(halves) % 2
    header = _HEADER.pack(v1, v2, _TAG, pad, count)
    return header + ids[:1].tobytes() + halves.tobytes() + b"\xff\xff" * pad


def _unpack(raw: bytes) -> tuple[int, int, np.ndarray]:
    v1, v2, tag, pad, count = _HEADER.unpack_from(raw)
    if tag != _TAG:
        return -1, -1, _EMPTY
    if not count:
        return v1, v2, _EMPTY
    first = int.from_bytes(raw[_HEADER.size : _HEADER.size + 4], "little", signed=True)
    halves = np.frombuffer(raw, dtype="<u2", offset=_HEADER.size + 4)
    halves = halves[: len(halves) - pad]
    array = np.empty(count, dtype=IDS)
    array[0] = first
    array[1:] = first + np.cumsum(halves, dtype=np.int64)[halves != _CONTINUE]
    array.flags.writeable = False
    return v1, v2, array


def _unpack_many(
    raws: Sequence[bytes | None],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Decode many values at once: (ok, joined ids, bounds, stamps).

    `ok[i]` is true when value i exists in the current layout; row i of the result is
    `joined[bounds[i]:bounds[i + 1]]` (empty where not ok), stamped with `v1` `stamps[i]`.
    The values are joined and read as 16-bit halves with the headers zeroed; each row's first
    id goes in place of its first half, less the last id of the row before, so that one running
    sum over everything gives every id; the 0xFFFF halves and the headers are dropped.
    """
    values = [raw or b"" for raw in raws]
    n = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
    joined = b"".join(values)
    words = np.frombuffer(joined, dtype="<u4")
    starts = np.zeros(n, dtype=np.int64)  # each value's first word
    np.cumsum(lengths[:-1] // 4, out=starts[1:])
    ok = np.zeros(n, dtype=bool)
    present = np.flatnonzero(lengths > 0)
    ok[present] = (words[starts[present] + 2] & 0xFFFF) == _TAG
    if ok.sum() < present.size:  # values in another layout: decode without them
        kept = [value if fine else None for value, fine in zip(values, ok, strict=True)]
        _, joined_ids, bounds, stamps = _unpack_many(kept)
        return ok, joined_ids, bounds, stamps
    stamps = np.zeros(n, dtype=np.int64)
    stamps[ok] = words[starts[ok]]
    counts = np.zeros(n, dtype=np.int64)
    counts[ok] = words[starts[ok] + 3]
    bounds = np.concatenate([[0], np.cumsum(counts)])
    if not bounds[-1]:
        return ok, _EMPTY, bounds, stamps
    halves = np.frombuffer(joined, dtype="<u2")
    sums = halves.astype(np.int32)  # ids and the sums below stay within int32
    keep = halves != _CONTINUE
    header = starts[present] * 2
    for half in range(_HEADER.size // 2):
        sums[header + half] = 0
        keep[header + half] = False
    rows = np.flatnonzero(counts)
    first_at = (starts[rows] + 4) * 2
    sums[first_at] = 0
    sums[first_at + 1] = 0
    keep[first_at] = True  # the first id, even when its low half happens to be 0xFFFF
    keep[first_at + 1] = False
    padded = rows[(words[starts[rows] + 2] >> 16) > 0]
    sums[(starts[padded] * 4 + lengths[padded]) // 2 - 1] = 0
    # Each row's first id goes where its running sum starts, minus what the row before added.
    # (int32 sums wrap around past 2**31, but every difference taken here is a true one.)
    first = words[starts[rows] + 4].view(np.int32)
    running = np.cumsum(sums, dtype=np.int32)
    ends = np.append(first_at[1:] - 1, len(sums) - 1)
    last = first + (running[ends] - running[first_at])
    sums[first_at] = first - np.concatenate([[0], last[:-1]]).astype(np.int32)
    ids = np.cumsum(sums, dtype=np.int32)[keep]
    return ok, ids, bounds, stamps


# --- The local tier -------------------------------------------------------------------------------


class _LocalArrays:
    """A least-recently-used map (kind, member) -> (stamp, array, trusted), bounded in bytes.

    An array is *trusted* when this process's listener (`_Listener`) was subscribed to the
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

    def check_epoch(self, epoch: bytes | None) -> None:
        if epoch != self.epoch:
            self.clear()
            self.epoch = epoch

    def trusting(self) -> bool:
        """Whether trusted arrays may be used without reading versions (the listener runs and
        has heard from Redis within TRUST_WINDOW, so every drop published before then is
        applied)."""
        if listener.pid != os.getpid():
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
        """A message from the change channel (connections.events.publish_changes)."""
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


# --- Pushed invalidation --------------------------------------------------------------------------

TRUST_WINDOW = 0.5  # s: trusted arrays are used while the listener heard Redis this recently
PING_EVERY = 0.1  # s: how often the listener asks Redis whether it is still there
DROPS_REMEMBERED = 100_000  # (kind, member) drops kept to judge reads in flight


class _Listener:
    """A daemon thread per process, subscribed to the change channel, applying each message to
    `local` and pinging Redis every PING_EVERY. Pub/sub delivers messages in order, so a
    pong means every change published before its ping has been applied: trusted arrays are
    at most TRUST_WINDOW behind. When the connection fails or goes quiet, trust lapses, the
    local tier is reset (messages may have been lost) and the thread subscribes again; reads
    meanwhile read versions, as they do with GRAPH_PUSHED_INVALIDATION off."""

    def __init__(self) -> None:
        self.pid = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()  # a forked child starts its own (the parent's is not here)
            local.heard_at = float("-inf")
            if settings.GRAPH_PUSHED_INVALIDATION:
                thread = threading.Thread(target=self._run, name="graph-changes", daemon=True)
                thread.start()

    def _run(self) -> None:
        while True:
            try:
                self._listen()
            except Exception:  # any failure: stop trusting, subscribe again
                logger.warning("Graph change channel lost; reading versions.", exc_info=True)
            local.heard_at = float("-inf")
            snapshot.current.forget()
            local.reset()
            time.sleep(PING_EVERY)

    def _listen(self) -> None:
        redis_client = redis.Redis.from_url(
            settings.REDIS_URL, client_name=listener_name(), socket_timeout=2 * TRUST_WINDOW
        )
        pubsub = redis_client.pubsub()
        try:
            pubsub.subscribe(graph_channel())
            subscribed, pinged = False, 0.0
            while True:
                now = time.monotonic()
                if subscribed and now - pinged >= PING_EVERY:
                    pubsub.ping()
                    pinged = now
                if subscribed and now - local.heard_at > 2 * TRUST_WINDOW:
                    raise TimeoutError("no answer from Redis")
                message = pubsub.get_message(timeout=PING_EVERY)
                if message is None:
                    continue
                if message["type"] == "message":
                    local.apply(message["data"])
                elif message["type"] == "subscribe":
                    local.reset()  # whatever was read before subscribing is not trusted
                    snapshot.current.refresh()  # and what changed since the snapshot is read now
                    subscribed = True
                    local.heard_at = time.monotonic()
                elif message["type"] == "pong":
                    local.heard_at = time.monotonic()
        finally:
            pubsub.close()
            redis_client.close()


def listener_name() -> str:
    """The name this process's listener gives its Redis connection (CLIENT LIST shows it)."""
    return f"graph-changes-{os.getpid()}"


local = _LocalArrays(settings.GRAPH_LOCAL_CACHE_MB * 2**20)
listener = _Listener()


def _epoch_key() -> str:
    return _key("epoch", 0)


def _current_epoch(raw: bytes | None) -> bytes:
    """The epoch read with the versions; created (once, by whoever comes first) when missing."""
    if raw is None:
        client().set(_epoch_key(), os.urandom(8).hex(), nx=True)
        raw = _get(_epoch_key())
    return raw or b""


# --- Versions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Versions:
    """Current versions read in one round trip: `v1` (1st degree) of some members, and `v2`
    (2nd degree) and `vb` (blocks) of a viewer; `since`, the local tier's generation just
    before they were read."""

    v1: dict[int, int]
    v2: dict[int, int]
    vb: dict[int, int] = field(default_factory=dict)
    since: int = -1


def _keys(kind: str, member_ids: Sequence[int]) -> list[str]:
    """Name many keys at once (graph_key reads the settings on every call)."""
    prefix = _key(kind, 0).rsplit(":", 1)[0]
    return [f"{prefix}:{member_id}" for member_id in member_ids]


def versions(first: Sequence[int], second: Sequence[int] = ()) -> Versions:
    """Read `v1` of `first` and `v2` of `second` (and the epoch) with one MGET."""
    first, second = list(dict.fromkeys(first)), list(dict.fromkeys(second))
    since = local.generation
    raw = _mget([_epoch_key(), *_keys("v1", first), *_keys("v2", second)])
    local.check_epoch(_current_epoch(raw[0]))
    v1 = dict(zip(first, map(_version, raw[1 : 1 + len(first)]), strict=True))
    v2 = dict(zip(second, map(_version, raw[1 + len(first) :]), strict=True))
    return Versions(v1, v2, since=since)


# --- Reading PostgreSQL ---------------------------------------------------------------------------


def _load_first_degree(member_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Read adjacency arrays straight from PostgreSQL (the system of record)."""
    result = dict.fromkeys(member_ids, _EMPTY)
    if not member_ids:
        return result
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT member_id, other_id FROM connections_connection "
            "WHERE member_id = ANY(%s) ORDER BY member_id, other_id",
            [list(member_ids)],
        )
        rows = np.array(cursor.fetchall(), dtype=IDS).reshape(-1, 2)
    if rows.size:
        owners, starts = np.unique(rows[:, 0], return_index=True)
        ends = np.append(starts[1:], len(rows))
        for owner, start, end in zip(owners.tolist(), starts, ends, strict=True):
            result[owner] = rows[start:end, 1].copy()
    return result


# --- 1st degree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adjacency:
    """Many members' sorted 1st-degree ids in one array: row i is joined[bounds[i]:bounds[i+1]].

    `known` holds the versions read on the way, for the caller's next step."""

    ids: list[int]
    joined: np.ndarray
    bounds: np.ndarray
    known: Versions

    def rows(self) -> dict[int, np.ndarray]:
        if len(self.ids) == 1:  # the cached array itself (the same object while it is current)
            return {self.ids[0]: self.joined}
        b = self.bounds.tolist()
        return {m: self.joined[b[i] : b[i + 1]] for i, m in enumerate(self.ids)}


def _assemble(ids: list[int], arrays: list[np.ndarray], known: Versions) -> Adjacency:
    lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    if len(arrays) == 1:  # one member's array as cached: no copy, the same object next time
        joined = arrays[0]
    else:
        joined = np.concatenate(arrays) if arrays else _EMPTY
        joined.flags.writeable = False
    return Adjacency(ids, joined, np.concatenate([[0], np.cumsum(lengths)]), known)


def adjacency(
    member_ids: Sequence[int], known: Versions | None = None, *, viewer: int | None = None
) -> Adjacency:
    """Return the members' sorted 1st-degree ids, from the local tier, Redis, or PostgreSQL.

    One MGET reads the versions (`v1` of `member_ids`; `v2` and `vb` of `viewer`, for the
    caller's next steps) together with the values of members this process has no array for; a
    second one is needed only for local arrays that turn out stale. `known` may carry versions
    already read.
    """
    ids = list(dict.fromkeys(member_ids))
    if len(ids) > LOCAL_MAX_MEMBERS:
        return _adjacency_bulk(ids)
    if local.trusting():
        held = _trusted_rows(ids)
        missing = [member_id for member_id, array in zip(ids, held, strict=True) if array is None]
        if not missing:  # every array current without asking Redis
            return _assemble(ids, cast(list[np.ndarray], held), Versions({}, {}))
        if len(missing) < len(ids):
            found = _fetch_bulk(missing)
            arrays = [found[m] if a is None else a for m, a in zip(ids, held, strict=True)]
            return _assemble(ids, arrays, Versions({}, {}))
        # Nothing held (a process new to these members): the read below also fetches the
        # viewer's `v2` and `vb` in its one round trip, for the steps after this one.
    fetched: dict[int, bytes | None] = {}
    if known is None or any(member_id not in known.v1 for member_id in ids):
        absent = [member_id for member_id in ids if not local.holds("g1", member_id)]
        extra = [] if viewer is None else [_key("v2", viewer), _key("vb", viewer)]
        since = local.generation
        raw = _mget([_epoch_key(), *_keys("v1", ids), *extra, *_keys("g1", absent)])
        local.check_epoch(_current_epoch(raw[0]))
        v1_end = 1 + len(ids)
        known = Versions(dict(zip(ids, map(_version, raw[1:v1_end]), strict=True)), {}, since=since)
        if viewer is not None:
            known.v2[viewer], known.vb[viewer] = map(_version, raw[v1_end : v1_end + 2])
        fetched = dict(zip(absent, raw[v1_end + len(extra) :], strict=True))
    rows: dict[int, np.ndarray] = {}
    misses: list[int] = []
    decoded = _decode_current(fetched, known.v1)
    for member_id in ids:
        stamp = (known.v1[member_id],)
        array = local.get("g1", member_id, stamp, known.since)
        if array is None and (array := decoded.get(member_id)) is not None:
            local.put("g1", member_id, stamp, array, known.since)
        if array is None:
            misses.append(member_id)
        else:
            rows[member_id] = array
    if misses:
        for member_id, array in _fetch(misses, known.v1).items():
            local.put("g1", member_id, (known.v1[member_id],), array, known.since)
            rows[member_id] = array
    return _assemble(ids, [rows[member_id] for member_id in ids], known)


def _trusted_rows(ids: list[int]) -> list[np.ndarray | None]:
    """The rows this process may use without asking Redis (call only while `local.trusting`):
    the snapshot's, for members unchanged since it, else trusted local arrays; None for the
    rest."""
    opened = snapshot.current.opened
    if opened is None:
        return local.fresh_many("g1", ids)
    rows = [opened.row(member_id) for member_id in ids]
    for position, row in enumerate(rows):
        if row is None:
            rows[position] = local.fresh("g1", ids[position])
    return rows


def _bulk_from_snapshot(opened: snapshot.Opened, ids: list[int]) -> Adjacency:
    """Thousands of members' rows: the snapshot's gathered at once, the few changed since it
    read as usual (local tier, Redis, PostgreSQL) and written into place."""
    members = np.array(ids, dtype=np.int64)
    clean = opened.clean(members)
    if clean.all():
        joined, bounds = opened.gather(members)
        joined.flags.writeable = False
        return Adjacency(ids, joined, bounds, Versions({}, {}))
    changed = np.flatnonzero(~clean)
    others = _adjacency_bulk([ids[i] for i in changed.tolist()], use_snapshot=False)
    clean_at = np.flatnonzero(clean)
    starts = opened.indptr[members[clean_at]]
    lengths = np.zeros(len(ids), dtype=np.int64)
    lengths[clean_at] = opened.indptr[members[clean_at] + 1] - starts
    lengths[changed] = np.diff(others.bounds)
    bounds = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    joined = np.empty(int(bounds[-1]), dtype=IDS)
    snapshot.copy_rows(joined, bounds[clean_at], opened.indices, starts, lengths[clean_at])
    snapshot.copy_rows(joined, bounds[changed], others.joined, others.bounds[:-1], lengths[changed])
    joined.flags.writeable = False
    return Adjacency(ids, joined, bounds, Versions({}, {}))


def _decode_current(values: dict[int, bytes | None], v1: dict[int, int]) -> dict[int, np.ndarray]:
    """Decode the g1 values stamped with the member's current `v1` (one vectorised pass over
    all of them: decoding a page's 25 arrays one by one cost ~9 µs each), each as its own
    read-only array."""
    present = [(member_id, raw) for member_id, raw in values.items() if raw is not None]
    if len(present) <= DECODE_ONE_BY_ONE:  # below this, _unpack_many's fixed cost is more
        rows: dict[int, np.ndarray] = {}
        for member_id, raw in present:
            built_at, _, array = _unpack(raw)
            if built_at == v1[member_id]:
                rows[member_id] = array
        return rows
    ok, joined, bounds, stamps = _unpack_many([raw for _, raw in present])
    edges = bounds.tolist()
    rows = {}
    for i, (member_id, _) in enumerate(present):
        if ok[i] and int(stamps[i]) == v1[member_id]:
            array = joined[edges[i] : edges[i + 1]].copy()  # its own buffer, for the LRU's sums
            array.flags.writeable = False
            rows[member_id] = array
    return rows


def _fetch(ids: list[int], v1: dict[int, int]) -> dict[int, np.ndarray]:
    """Read g1 values from Redis; rebuild the stale or missing ones from PostgreSQL."""
    raws = _mget(_keys("g1", ids))
    rows = _decode_current(dict(zip(ids, raws, strict=True)), v1)
    stale = [member_id for member_id in ids if member_id not in rows]
    if stale:
        rows.update(_rebuild(stale, v1))
    return rows


# Writes a g1 value only while the member's v1 is still the version it was stamped with, in one
# atomic step; graph_changed bumps v1 and then deletes g1. So a g1 value present in Redis is
# always current, and bulk reads need not read the versions at all.
_SET_IF_CURRENT = """
if tonumber(redis.call('GET', KEYS[1]) or '0') == tonumber(ARGV[1]) then
    redis.call('SET', KEYS[2], ARGV[2])
    return 1
end
return 0
"""


@cache
def _set_if_current(redis_client: Any) -> Any:
    return redis_client.register_script(_SET_IF_CURRENT)


def _store_g1(pipe: Any, member_id: int, array: np.ndarray, v1: int) -> None:
    _set_if_current(client())(
        keys=[_key("v1", member_id), _key("g1", member_id)],
        args=[v1, _pack(array, v1)],
        client=pipe,
    )


def _rebuild(ids: list[int], v1: dict[int, int]) -> dict[int, np.ndarray]:
    loaded = _load_first_degree(ids)
    pipe = client().pipeline(transaction=False)
    for member_id, array in loaded.items():
        _store_g1(pipe, member_id, array, v1[member_id])
    pipe.execute()
    return loaded


def _adjacency_bulk(ids: list[int], *, use_snapshot: bool = True) -> Adjacency:
    """Thousands of members. From the snapshot when this process trusts it. When this process
    holds most of their arrays: those it trusts (`_LocalArrays.trusting`), or else one MGET of
    their versions and the arrays held at them; one MGET for the rest. Otherwise one MGET of
    all the values (present means current), decoded at once; for up to LOCAL_BULK_MAX members
    the arrays are then kept locally too, stamped with the version each value carries."""
    if use_snapshot and local.trusting() and (opened := snapshot.current.opened) is not None:
        return _bulk_from_snapshot(opened, ids)
    sample = ids[:: max(1, len(ids) // 64)]
    if local.count_held("g1", sample) * 2 >= len(sample):
        if local.trusting():
            arrays = local.fresh_many("g1", ids)
            known = Versions({}, {})
        else:
            since = local.generation
            raw = _mget([_epoch_key(), *_keys("v1", ids)])
            local.check_epoch(_current_epoch(raw[0]))
            v1 = list(map(_version, raw[1:]))
            arrays = local.peek_many("g1", ids, v1)
            known = Versions(dict(zip(ids, v1, strict=True)), {}, since=since)
        misses = [member_id for member_id, array in zip(ids, arrays, strict=True) if array is None]
        if misses:
            found = _fetch_bulk(misses)
            arrays = [found[m] if a is None else a for m, a in zip(ids, arrays, strict=True)]
        return _assemble(ids, cast(list[np.ndarray], arrays), known)
    since = local.generation
    raw = _mget([_epoch_key(), *_keys("g1", ids)])
    local.check_epoch(_current_epoch(raw[0]))
    ok, joined, bounds, stamps = _unpack_many(raw[1:])
    if len(ids) <= LOCAL_BULK_MAX:
        _keep_locally(ids, ok, joined, bounds, stamps, since)
    if ok.all():
        return Adjacency(ids, joined, bounds, Versions({}, {}))
    stale = [member_id for member_id, fine in zip(ids, ok.tolist(), strict=True) if not fine]
    rebuilt = _rebuild_at_current(stale)
    b = bounds.tolist()
    rows = [
        joined[b[i] : b[i + 1]] if fine else rebuilt[member_id]
        for i, (member_id, fine) in enumerate(zip(ids, ok.tolist(), strict=True))
    ]
    return _assemble(ids, rows, Versions({}, {}))


def _keep_locally(
    ids: list[int],
    ok: np.ndarray,
    joined: np.ndarray,
    bounds: np.ndarray,
    stamps: np.ndarray,
    since: int,
) -> None:
    local.put_rows("g1", ids, np.where(ok, stamps, -1).tolist(), joined, bounds.tolist(), since)


def _rebuild_at_current(ids: list[int]) -> dict[int, np.ndarray]:
    """Rebuild from PostgreSQL at the versions read just before (kept locally, trusted if
    nothing dropped them meanwhile)."""
    since = local.generation
    v1 = dict(zip(ids, map(_version, _mget(_keys("v1", ids))), strict=True))
    rebuilt = _rebuild(ids, v1)
    for member_id, array in rebuilt.items():
        local.put("g1", member_id, (v1[member_id],), array, since)
    return rebuilt


def _fetch_bulk(ids: list[int]) -> dict[int, np.ndarray]:
    """Read and decode many g1 values at once (a few one by one), keeping them locally too."""
    since = local.generation
    raws = _mget(_keys("g1", ids))
    found: dict[int, np.ndarray] = {}
    if len(ids) <= DECODE_ONE_BY_ONE:
        for member_id, raw in zip(ids, raws, strict=True):
            if raw is not None and (unpacked := _unpack(raw))[0] >= 0:
                found[member_id] = unpacked[2]
                local.put("g1", member_id, (unpacked[0],), unpacked[2], since)
    else:
        ok, joined, bounds, stamps = _unpack_many(raws)
        _keep_locally(ids, ok, joined, bounds, stamps, since)
        b, fine = bounds.tolist(), ok.tolist()
        found = {m: joined[b[i] : b[i + 1]] for i, m in enumerate(ids) if fine[i]}
    stale = [m for m in ids if m not in found]
    if stale:
        found.update(_rebuild_at_current(stale))
    return found


def first_degree(member_ids: Sequence[int], known: Versions | None = None) -> dict[int, np.ndarray]:
    """Return each member's sorted 1st-degree ids (read-only arrays)."""
    return adjacency(member_ids, known).rows()


# --- 2nd degree -----------------------------------------------------------------------------------


def distinct(arrays: Sequence[np.ndarray], without: np.ndarray = _EMPTY) -> np.ndarray:
    """The sorted distinct ids of all the arrays, minus the ids in `without`.

    Millions of ids (a 30,000-connection member's friends of friends) are marked in a boolean
    mask over the id range, which is linear; a few are sorted, which is cheaper than the mask.
    (Not np.unique: numpy 2.x's hashing unique is several times slower than a sort here.)
    """
    total = sum(len(array) for array in arrays)
    if not total:
        return _EMPTY
    joined = np.concatenate(arrays)
    top = int(joined.max())
    if total * 16 < top:
        joined.sort()
        joined = joined[np.concatenate([[True], joined[1:] != joined[:-1]])]
        return joined[~np.isin(joined, without)] if without.size else joined
    seen = np.zeros(top + 1, dtype=bool)
    seen[joined] = True
    seen[without[without <= top]] = False
    return np.flatnonzero(seen).astype(IDS)


class Derived[T]:
    """What was derived from read-only arrays of the graph cache (the same objects while their
    versions hold), kept while those arrays live: the last `size`, by their identity."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, ...], tuple[tuple[weakref.ref[np.ndarray], ...], T]]
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, *arrays: np.ndarray) -> T | None:
        """What was derived from these very arrays, if it is kept."""
        key = tuple(map(id, arrays))
        with self._lock:
            held = self._items.get(key)
            if held is not None and all(ref() is a for ref, a in zip(held[0], arrays, strict=True)):
                self._items.move_to_end(key)
                return held[1]
        return None

    def get(self, *arrays: np.ndarray, make: Callable[[], T]) -> T:
        if any(array.flags.writeable for array in arrays):  # a caller's own array: not kept
            return make()
        held = self.peek(*arrays)
        if held is not None:
            return held
        value = make()
        with self._lock:
            self._items[tuple(map(id, arrays))] = (tuple(map(weakref.ref, arrays)), value)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


# Boolean masks over the id range of cached sets (~1 MB at a million members), kept while the
# set lives: built for a large set (a 30,000-connection member's 2nd degree, where a binary
# search per value is slow) or for many values at once (filtering 10,000 candidates), and then
# used for every lookup in that set.
_masks: Derived[np.ndarray] = Derived(size=4)
MASK_KEPT_MIN = 100_000  # ids in a cached set from which members_of keeps its mask
MASK_KEPT_VALUES = 4_000  # or values looked up at once in a cached set of MASK_KEPT_MIN_IDS on
MASK_KEPT_MIN_IDS = 2_000


def _mask(sorted_ids: np.ndarray, top: int) -> np.ndarray:
    mask = np.zeros(top + 1, dtype=bool)
    mask[sorted_ids] = True
    return mask


def members_of(sorted_ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_ids`: a binary search each, or one lookup each in a
    boolean mask over the id range when there are many values (30,000 values in 30,000 ids:
    370 µs searching, 60-85 µs by mask). Below ~16,000 values the mask's allocation over the
    whole id range (1 MB at a million members) costs about what the searches save, and more
    when it must be faulted in afresh, as measured in typeahead."""
    if not sorted_ids.size or not values.size:
        return np.zeros(values.size, dtype=bool)
    # Only a cached set's own array (not a view, such as a row of a page, made afresh each call).
    if (
        sorted_ids.size >= MASK_KEPT_MIN_IDS
        and not sorted_ids.flags.writeable
        and sorted_ids.base is None
    ):
        mask = _masks.peek(sorted_ids)
        if mask is None and (sorted_ids.size >= MASK_KEPT_MIN or values.size >= MASK_KEPT_VALUES):
            mask = _masks.get(sorted_ids, make=lambda: _mask(sorted_ids, int(sorted_ids[-1])))
    else:
        mask = None
    if mask is not None:
        found = np.zeros(values.size, dtype=bool)
        inside = (values >= 0) & (values < mask.size)
        found[inside] = mask[values[inside]]
        return found
    if values.size > MASK_MIN_VALUES:
        top = max(int(sorted_ids[-1]), int(values.max()))
        if top // 25 + sorted_ids.size < 9 * values.size:
            mask = np.zeros(top + 1, dtype=bool)
            mask[sorted_ids] = True
            return mask[values]
    position = np.searchsorted(sorted_ids, values)
    position[position == sorted_ids.size] = 0
    return sorted_ids[position] == values


def cached_second_degree(member_id: int, known: Versions | None = None) -> np.ndarray | None:
    """The member's 2nd-degree set if a current one is cached (locally or in Redis), else None."""
    if local.trusting() and (array := local.fresh("g2", member_id)) is not None:
        return array
    if known is None or member_id not in known.v1 or member_id not in known.v2:
        known = versions([member_id], [member_id])
    stamp = (known.v1[member_id], known.v2[member_id])
    array = local.get("g2", member_id, stamp, known.since)
    if array is not None:
        return array
    raw = _get(_key("g2", member_id))
    if raw is None:
        return None
    built_v1, built_v2, array = _unpack(raw)
    if (built_v1, built_v2) != stamp:
        return None
    local.put("g2", member_id, stamp, array, known.since)
    return array


def second_degree(
    member_id: int, friends: np.ndarray | None = None, known: Versions | None = None
) -> np.ndarray:
    """Return the member's sorted 2nd-degree ids (not themselves, not their 1st degree)."""
    if local.trusting() and (array := local.fresh("g2", member_id)) is not None:
        return array
    if known is None or member_id not in known.v1 or member_id not in known.v2:
        known = versions([member_id], [member_id])
    cached = cached_second_degree(member_id, known)
    if cached is not None:
        return cached
    if friends is None:
        friends = adjacency([member_id], known).joined
    without = np.append(friends, np.array([member_id], dtype=IDS))
    union = distinct([adjacency(friends.tolist()).joined], without)
    stamp = (known.v1[member_id], known.v2[member_id])
    client().set(_key("g2", member_id), _pack(union, *stamp), ex=G2_TTL)
    local.put("g2", member_id, stamp, union, known.since)
    return union


def schedule_second_degree(member_id: int) -> bool:
    """Have a Celery worker build the member's second-degree set (at most once a minute)."""
    from network.tasks import graph_second_degree_build_task

    if not client().set(_key("g2b", member_id), 1, nx=True, ex=60):
        return False
    graph_second_degree_build_task.delay(member_id)
    return True


# --- Precomputed suggestions ----------------------------------------------------------------------

SUGGESTIONS_TTL = 3600  # s: at most this long do reasons lag behind the candidates' profiles


def cached_suggestions(
    member_id: int, limit: int
) -> tuple[list[int], list[tuple[int, int, list[str]]] | None]:
    """The member's current stamp (`v1`, `v2`, `vb`, `vs`: their connections, their 2nd degree,
    their blocks, their invitations and dismissals) and the ranking stored at it, if any; one
    round trip. Store a ranking made now with `store_suggestions` and this stamp: a change
    meanwhile has moved the stamp, so it is never served."""
    raw = _mget([*(_key(kind, member_id) for kind in ("v1", "v2", "vb", "vs", "sg"))])
    stamp = [_version(value) for value in raw[:4]]
    if raw[4] is not None:
        stored = json.loads(raw[4])
        if stored["stamp"] == stamp and stored["limit"] == limit:
            return stamp, [
                (int(m), int(mutual), list(reasons)) for m, mutual, reasons in stored["rows"]
            ]
    return stamp, None


def store_suggestions(
    member_id: int, stamp: list[int], limit: int, rows: list[tuple[int, int, list[str]]]
) -> None:
    value = json.dumps({"stamp": stamp, "limit": limit, "rows": rows})
    client().set(_key("sg", member_id), value, ex=SUGGESTIONS_TTL)


# --- Blocks ---------------------------------------------------------------------------------------


def hidden(member_id: int, known: Versions | None = None) -> np.ndarray:
    """The sorted ids of members hidden from `member_id` by a block either way, from the local
    tier at the current `vb` version, else from PostgreSQL (accounts' rule)."""
    from accounts.selectors import hidden_member_ids

    if local.trusting() and (array := local.fresh("hb", member_id)) is not None:
        return array
    if known is None or member_id not in known.vb:
        since = local.generation
        epoch, version = _mget([_epoch_key(), _key("vb", member_id)])
        local.check_epoch(_current_epoch(epoch))
        known = Versions({}, {}, {member_id: _version(version)}, since=since)
    stamp = (known.vb[member_id],)
    array = local.get("hb", member_id, stamp, known.since)
    if array is None:
        array = np.array(sorted(hidden_member_ids(member_id)), dtype=IDS)
        local.put("hb", member_id, stamp, array, known.since)
    return array


def members_changed(member_ids: list[int]) -> None:
    """In the process that changed their connections: their snapshot rows and local arrays are
    stale from now (other processes hear it from the change channel)."""
    snapshot.current.mark(member_ids)
    local.drop("g1", member_ids)
    local.drop("g2", member_ids)


def blocks_changed(member_ids: Sequence[int]) -> None:
    """Retire the members' cached hidden sets (network.signals calls this)."""
    members = list(member_ids)
    pipe = client().pipeline(transaction=False)
    for member_id in members:
        pipe.incr(_key("vb", member_id))
    publish_changes(pipe, "hb", members)
    pipe.execute()
    local.drop("hb", members)


# --- Changes and bulk loads -----------------------------------------------------------------------


def neighbours_changed(members: Sequence[int]) -> int:
    """Mark the second-degree sets of the members' friends stale; return how many.

    The members' own versions were bumped at commit (connections.events.graph_changed).
    """
    redis_client = client()
    neighbours: set[int] = set()
    for array in _load_first_degree(members).values():
        neighbours.update(array.tolist())
    neighbours.difference_update(members)
    changed = sorted(neighbours)
    pipe = redis_client.pipeline(transaction=False)
    for neighbour in changed:
        pipe.incr(_key("v2", neighbour))
    publish_changes(pipe, "g2", changed)
    pipe.execute()
    local.drop("g2", changed)
    return len(changed)


def _pattern(kind: str = "*") -> str:
    return graph_key(kind, 0).rsplit(":", 1)[0] + ":*"


def forget_everything() -> None:
    """Drop every cached array and version (after a bulk load), here and in every process
    (the epoch goes with them)."""
    redis_client = client()
    batch: list[bytes] = []
    for key in redis_client.scan_iter(match=_pattern(), count=10_000):
        batch.append(key)
        if len(batch) >= 10_000:
            redis_client.unlink(*batch)
            batch.clear()
    if batch:
        redis_client.unlink(*batch)
    pipe = redis_client.pipeline(transaction=False)
    publish_changes(pipe, "*", [])
    pipe.execute()
    local.reset()


def warm_all(*, batch: int = 5_000, progress: Callable[[int], object] | None = None) -> int:
    """Cache every member's 1st-degree array, from one ordered pass over PostgreSQL.

    For bulk loads and benchmarks (`snapshot.packed_rows`). Each value carries the member's
    `v1` as read *before* the query's snapshot, so a connection made meanwhile leaves it stale,
    never wrong. Returns how many members were cached.
    """
    redis_client = client()
    known_versions: dict[int, int] = {}
    keys = list(redis_client.scan_iter(match=_pattern("v1"), count=10_000))
    for start in range(0, len(keys), 10_000):
        part = keys[start : start + 10_000]
        for key, value in zip(part, redis_client.mget(part), strict=True):
            if value is not None:
                known_versions[int(key.rsplit(b":", 1)[1])] = int(value)
    with db.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user ORDER BY id")
        everyone = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
    cached = 0
    seen: list[int] = []
    pipe = redis_client.pipeline(transaction=False)

    def store(member_id: int, array: np.ndarray) -> None:
        nonlocal cached
        _store_g1(pipe, member_id, array, known_versions.get(member_id, 0))
        cached += 1
        if len(pipe) >= batch:
            pipe.execute()
            if progress is not None:
                progress(batch)

    for rows in snapshot.packed_rows(batch):
        for member_id, ids in rows:
            store(member_id, ids.astype(IDS))
            seen.append(member_id)
    for member_id in np.setdiff1d(everyone, np.array(seen, dtype=np.int64)).tolist():
        store(member_id, _EMPTY)
    remaining = len(pipe)
    pipe.execute()
    if progress is not None and remaining:
        progress(remaining)
    return cached
