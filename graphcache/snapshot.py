"""The whole graph in one file every process maps into memory: a snapshot, plus what changed since.

A snapshot is the 1st-degree ids of every member as a CSR (compressed sparse rows): `indptr`
(int64, one offset per member id) and `indices` (int32, each row sorted), two `.npy` files under
GRAPH_SNAPSHOT_DIR that processes open with `mmap_mode="r"`, so the operating system's page cache
holds one copy for all of them and a row is a slice, read without Redis or decoding.

A snapshot is only as old as its build, so the members whose connections changed after it are
logged in Redis (graphcache.changelog) and read the usual way (the local tier and Redis, then
PostgreSQL); the pointer key `snapshot` names the current snapshot and the log's counter read
*before* its PostgreSQL read.

A change counted after that read committed after it too (graph_changed runs after commit), so it
is in the log past the snapshot's counter; one counted before it is in the snapshot. A process
marks the members logged past its snapshot's counter as changed when it opens the snapshot (at
every subscription of graphcache.listener, after which each change's message marks its members
at once), and trusts the snapshot only while the listener is subscribed, exactly as it trusts its
other local arrays. The log carries a sentinel per snapshot: if Redis lost the log (a restart
without persistence, an eviction), the snapshot is not used until the next build.

`build` (manage.py graph_snapshot) writes a new snapshot, announces it, and forgets what the one
before the previous needed; rows that changed since the snapshot cost a Redis read each, so it is
rebuilt periodically.

Every machine keeps its own: the files are in its GRAPH_SNAPSHOT_DIR, and the pointer is per
machine (GRAPH_SNAPSHOT_MACHINE, the host name by default), so machines never point at files
they lack. The log is shared and trimmed only below what every machine's previous snapshot
needs. Each process's listener calls `refresh_if_due` once subscribed and every minute: when
this machine has no snapshot, or its snapshot is older than GRAPH_SNAPSHOT_REFRESH_SECONDS, one
process of the machine (a lock in Redis) builds the next in a thread of its own.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
from django.conf import settings

from graphcache import changelog, keys
from graphcache.changelog import SENTINEL_PREFIX, log_key
from graphcache.channel import publish_changes
from graphcache.codec import IDS
from graphcache.postgres import read_csr

logger = logging.getLogger(__name__)


MACHINE_FORGOTTEN_AFTER = 2 * 24 * 3600  # s: a machine silent this long holds no log back
BUILD_LOCK_SECONDS = 3600  # s: a build that has not finished by then is assumed dead


def machine() -> str:
    """This machine's name in the snapshot keys (files are per machine: see the docstring)."""
    name = settings.GRAPH_SNAPSHOT_MACHINE or socket.gethostname()
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def _pointer_key() -> str:
    return keys.key(f"snapshot@{machine()}", 0)


def _machines_key() -> str:
    """machine -> "<seq the log must keep past> <when>", for trimming the shared log."""
    return keys.key("snapshot-machines", 0)


def directory() -> Path:
    """Where this database's snapshots live (a folder per database: the benchmarks', the
    tests' and the development one's never meet)."""
    return Path(settings.GRAPH_SNAPSHOT_DIR) / str(settings.DATABASES["default"]["NAME"])


# --- Building -------------------------------------------------------------------------------------


_build_numbers = itertools.count(1)


@dataclass(frozen=True)
class Built:
    name: str
    seq: int
    members: int
    bytes: int


def build(progress: object = None) -> Built:
    """Write a snapshot of the graph as PostgreSQL has it now, make it current, tell every
    process, and drop the files and log entries no process can still need."""
    redis_client = keys.client()
    # The counter before the read: see the module docstring.
    seq = int(redis_client.get(changelog.seq_key()) or 0)
    indptr, indices = read_csr(progress)
    # The build's number in this process ends the name: a listener's refresh and a command's
    # own build may run in one process within the same second, and must not share files.
    name = f"{machine()}-{_started()}-{seq}-{os.getpid()}-{next(_build_numbers)}"
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    for part, array in (("indptr", indptr), ("indices", indices)):
        temporary = folder / f".{name}.{part}.npy"
        np.save(temporary, array)
        temporary.rename(folder / f"{name}.{part}.npy")
    previous = _current_pointer()
    pipe = redis_client.pipeline(transaction=True)
    pipe.zadd(log_key(), {f"{SENTINEL_PREFIX}{name}": "+inf"})
    pipe.set(_pointer_key(), f"{name} {seq} {time.time():.0f}")
    publish_changes(pipe, "snapshot", [])
    pipe.execute()
    _forget_before(previous, keep={name})
    return Built(name, seq, len(indptr) - 1, int(indptr.nbytes + indices.nbytes))


def _current_pointer() -> tuple[str, int] | None:
    raw = cast(bytes | None, keys.client().get(_pointer_key()))
    if raw is None:
        return None
    name, seq = raw.decode().split()[:2]
    return name, int(seq)


def built_at() -> float | None:
    """When this machine's current snapshot was built (seconds since the epoch), if it has one."""
    raw = cast(bytes | None, keys.client().get(_pointer_key()))
    parts = raw.decode().split() if raw is not None else []
    return float(parts[2]) if len(parts) > 2 else None


def _log_needed_past(own: int) -> int:
    """The counter below which no machine's snapshot needs the log (`own`: this machine's)."""
    redis_client = keys.client()
    now = time.time()
    redis_client.hset(_machines_key(), machine(), f"{own} {now:.0f}")
    needed = own
    for name, raw in cast(dict[bytes, bytes], redis_client.hgetall(_machines_key())).items():
        seq, when = raw.decode().split()
        if now - float(when) > MACHINE_FORGOTTEN_AFTER:
            redis_client.hdel(_machines_key(), name)
        else:
            needed = min(needed, int(seq))
    return needed


def _forget_before(previous: tuple[str, int] | None, keep: set[str]) -> None:
    """Processes still on `previous` need the log past its counter; nothing needs older ones,
    unless another machine's snapshot does. Only this machine's sentinels and files go."""
    if previous is not None:
        keep.add(previous[0])
        keys.client().zremrangebyscore(log_key(), "-inf", _log_needed_past(previous[1]))
    own = f"{SENTINEL_PREFIX}{machine()}-".encode()
    stale = [
        member
        for member in changelog.logged("+inf", "+inf")  # the sentinels
        if member.startswith(own) and member.decode()[len(SENTINEL_PREFIX) :] not in keep
    ]
    if stale:
        keys.client().zrem(log_key(), *stale)
    # A build that started in the same second or later may be writing its files now, or have
    # just made them current: they are its to keep (the next build drops them if unused).
    newest = max(map(_stamp, keep))
    for path in directory().glob(f"{machine()}-*.npy"):
        name = path.name.split(".")[0]
        if name not in keep and _stamp(name) < newest:
            path.unlink(missing_ok=True)


def _started() -> str:
    return time.strftime("%Y%m%dT%H%M%S")


_STAMP = re.compile(r"-(\d{8}T\d{6})-")


def _stamp(name: str) -> str:
    """When a snapshot's build started, from its name (see `build`); sortable."""
    found = _STAMP.search(name)
    return found.group(1) if found else ""


# --- Reading it in a process ----------------------------------------------------------------------


class Opened:
    """A snapshot mapped into this process, with the members changed since (`changed`)."""

    ROWS_KEPT = 10_000  # single rows handed out, kept so that each is the same object next time

    def __init__(self, name: str, seq: int, indptr: np.ndarray, indices: np.ndarray) -> None:
        self.name, self.seq = name, seq
        # Plain arrays over the mapped files (slicing a np.memmap costs several times more).
        self.indptr, self.indices = np.asarray(indptr), np.asarray(indices)
        self.size = len(indptr) - 1  # member ids 0 .. size - 1
        self.changed = np.zeros(self.size, dtype=bool)
        self._rows: dict[int, np.ndarray] = {}

    def mark(self, member_ids: np.ndarray) -> None:
        self.changed[member_ids[(member_ids >= 0) & (member_ids < self.size)]] = True

    def clean(self, member_ids: np.ndarray) -> np.ndarray:
        """Which of the members have a current row here."""
        inside = (member_ids >= 0) & (member_ids < self.size)
        result = np.zeros(member_ids.size, dtype=bool)
        result[inside] = ~self.changed[member_ids[inside]]
        return result

    def row(self, member_id: int) -> np.ndarray | None:
        """The member's row if it is current here (the same object while it is kept: callers
        key what they derive from a graph array on its identity), else None."""
        if not 0 <= member_id < self.size or self.changed[member_id]:
            return None
        row = self._rows.get(member_id)
        if row is None:
            if len(self._rows) >= self.ROWS_KEPT:
                self._rows.clear()
            row = self.indices[self.indptr[member_id] : self.indptr[member_id + 1]]
            self._rows[member_id] = row
        return row

    def gather(self, member_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows of clean members, joined, and their bounds (row i is
        joined[bounds[i]:bounds[i + 1]]), in one vectorised gather."""
        starts = self.indptr[member_ids]
        lengths = self.indptr[member_ids + 1] - starts
        bounds = np.zeros(member_ids.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        joined = np.empty(int(bounds[-1]), dtype=IDS)
        copy_rows(joined, bounds[:-1], self.indices, starts, lengths)
        return joined, bounds


def copy_rows(
    target: np.ndarray,
    target_starts: np.ndarray,
    source: np.ndarray,
    source_starts: np.ndarray,
    lengths: np.ndarray,
) -> None:
    """Copy row i, `source[source_starts[i]:][:lengths[i]]`, to `target[target_starts[i]:]`,
    every row at once (one fancy-indexed assignment, no Python step per row)."""
    offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(lengths) - lengths, lengths
    )
    target[np.repeat(target_starts, lengths) + offsets] = source[
        np.repeat(source_starts, lengths) + offsets
    ]


class Current:
    """This process's snapshot (None without one), swapped whole by the listener's thread."""

    def __init__(self) -> None:
        self.opened: Opened | None = None
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Open the current snapshot (or keep it open) and mark what changed since, from the
        log; called by the listener once subscribed, so no change falls between the two."""
        with self._lock:
            self.opened = None
            try:
                self.opened = _open_current()
            except (OSError, ValueError):
                logger.warning("Graph snapshot unreadable; reading Redis instead.", exc_info=True)

    def forget(self) -> None:
        self.opened = None

    def mark(self, member_ids: list[int]) -> None:
        opened = self.opened
        if opened is not None:
            opened.mark(np.array(member_ids, dtype=np.int64))


def _open_current() -> Opened | None:
    pointer = _current_pointer()
    if pointer is None:
        return None
    name, seq = pointer
    redis_client = keys.client()
    if redis_client.zscore(log_key(), f"{SENTINEL_PREFIX}{name}") is None:
        return None  # the log is gone (Redis lost it): what changed since is unknown
    folder = directory()
    if not (folder / f"{name}.indices.npy").exists():
        return None  # built on another machine: this one reads Redis
    indptr = np.load(folder / f"{name}.indptr.npy", mmap_mode="r")
    indices = np.load(folder / f"{name}.indices.npy", mmap_mode="r")
    opened = Opened(name, seq, indptr, indices)
    changed = [
        int(member)
        for member in changelog.logged(f"({seq}", "+inf")
        if not member.startswith(SENTINEL_PREFIX.encode())
    ]
    opened.mark(np.array(changed, dtype=np.int64))
    return opened


current = Current()


# --- Keeping this machine's current ---------------------------------------------------------------


def refresh_if_due() -> bool:
    """Start building this machine's next snapshot in a thread if it has none, or it is older
    than GRAPH_SNAPSHOT_REFRESH_SECONDS (0: never, `manage.py graph_snapshot` only), and no
    other process of the machine is at it. Whether a build started."""
    every = settings.GRAPH_SNAPSHOT_REFRESH_SECONDS
    if every <= 0:
        return False
    pointer, when = _current_pointer(), built_at()
    present = pointer is not None and (directory() / f"{pointer[0]}.indices.npy").exists()
    if present and when is not None and time.time() - when < every:
        return False
    lock = keys.key(f"snapshot-build@{machine()}", 0)
    if not keys.client().set(lock, os.getpid(), nx=True, ex=BUILD_LOCK_SECONDS):
        return False
    threading.Thread(
        target=_build_then_unlock, args=(lock,), name="graph-snapshot", daemon=True
    ).start()
    return True


def _build_then_unlock(lock: str) -> None:
    from django.db import connections

    try:
        build()
    except Exception:
        logger.warning("Graph snapshot build failed; reading Redis meanwhile.", exc_info=True)
    finally:
        keys.client().delete(lock)
        connections.close_all()  # this thread's own connections
