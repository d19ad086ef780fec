"""Benchmark the network read side on a generated graph; print a table, write JSON.

    manage.py bench_network --members 100000 [--seed 2026] [--rebuild] [--force]

Builds the graph with generate_graph (reused when already loaded with the same parameters),
writes a snapshot of it that this process maps (network.snapshot; with --no-snapshot, caches
every adjacency array in Redis instead, network.graph.warm_all), then measures, for viewers
with about 100, 1,000 and 30,000 connections:

    W1  degree + mutual count for a page of 25 members (nearness_for), warm and cold (cold: the
        viewer's second-degree set is not cached, and this process holds no arrays)
    W2  building the viewer's second-degree set (graph.second_degree, g2 dropped first, and the
        process's own arrays)
    W3  people you may know, top 20 (selectors.people_you_may_know, profiles included), served
        precomputed (the ranking stored by the call before), and online (ranked afresh)
    W4  filter 10,000 candidates to the 2nd degree
    W5  filter 10,000 candidates to the 3rd degree
    W6  the degree of one arbitrary pair (nearness_for with one member)
    W8  connect/disconnect through the real services, and the time from commit until
        nearness_for shows it to both members (plus the friends' fan-out, timed separately,
        and the time until this process's change-channel listener has applied the change's
        messages, as every other process's listener does)

and beside each, on the same data in the same run: the naive recursive CTE in PostgreSQL
(sampled, under statement_timeout) and an in-memory limit (numpy on a CSR of the same graph in
this process). Degrees and mutual counts are checked against scipy.sparse.csgraph's
breadth-first search for every sampled pair. Memory is Redis used_memory for the 1st-degree
arrays of every member, scaled to a million members.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast
from unittest import mock

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.db.models.functions import Abs
from psycopg2.errors import QueryCanceled
from tqdm import tqdm

from accounts.models import User
from connections import events
from connections import services as connection_services
from connections.models import ConnectionCount, Invitation
from network import graph, snapshot
from network.generator import average_clustering
from network.management.commands.generate_graph import loaded_graph, refuse_unless_bench
from network.selectors import nearness_for, people_you_may_know

VIEWER_SIZES = (100, 1_000, 30_000)
PAGE = 25
CANDIDATES = 10_000
TARGETS_MS: dict[str, tuple[float, float, float]] = {
    "W1_warm": (0.5, 0.5, 0.5),
    "W1_cold": (5.0, 5.0, 5.0),
    "W2": (3.0, 10.0, 150.0),
    "W3": (10.0, 30.0, 250.0),
    "W4": (1.0, 1.0, 1.0),
    "W5": (20.0, 20.0, 20.0),
    "W6": (0.2, 0.2, 0.2),
    "W8": (1000.0, 1000.0, 1000.0),
}
MEMORY_TARGET_GB_PER_MILLION = 0.5
SAMPLES = {
    "W1_warm": 200,
    "W1_cold": 30,
    "W2": 30,
    "W3": 20,
    "W4": 100,
    "W5": 30,
    "W6": 300,
    "W8": 5,
}
DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "var" / "bench" / "network.json"


# --- Measuring ------------------------------------------------------------------------------------


def _ms(nanoseconds: int) -> float:
    return nanoseconds / 1e6


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter_ns()
    call()
    return _ms(time.perf_counter_ns() - started)


def _summary(samples: list[float]) -> dict[str, float]:
    values = np.array(samples, dtype=np.float64)
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 4),
        "p95_ms": round(float(np.percentile(values, 95)), 4),
        "samples": len(samples),
    }


# --- The graph in this process: the in-memory limit and the reference -----------------------------


@dataclass
class InMemory:
    """The graph as CSR arrays in this process (read back from PostgreSQL, not from Redis)."""

    indptr: np.ndarray
    indices: np.ndarray

    @property
    def size(self) -> int:
        return len(self.indptr) - 1

    def row(self, member: int) -> np.ndarray:
        return self.indices[self.indptr[member] : self.indptr[member + 1]]

    def degree(self, member: int) -> int:
        return int(self.indptr[member + 1] - self.indptr[member])

    def rows(self, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated neighbours of `members` and the offset where each one's start."""
        starts, ends = self.indptr[members], self.indptr[members + 1]
        lengths = ends - starts
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        spans = np.repeat(ends - offsets[1:], lengths) + np.arange(offsets[-1])
        return self.indices[spans], offsets

    def masks(self, viewer: int) -> tuple[np.ndarray, np.ndarray]:
        """Boolean masks of the viewer's 1st and 2nd degree (the warm state of the limit)."""
        first = np.zeros(self.size, dtype=bool)
        first[self.row(viewer)] = True
        second = np.zeros(self.size, dtype=bool)
        reached, _ = self.rows(self.row(viewer))
        second[reached] = True
        second[first] = False
        second[viewer] = False
        return first, second

    def nearness(
        self, viewer: int, members: np.ndarray, first: np.ndarray, second: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Degree (0-3, -1 beyond) and mutual count of each member, from the viewer's masks."""
        reached, offsets = self.rows(members)
        lengths = np.diff(offsets)
        starts = np.minimum(offsets[:-1], max(len(reached) - 1, 0))
        in_first = first[reached] if len(reached) else np.zeros(0, dtype=bool)
        in_second = second[reached] if len(reached) else np.zeros(0, dtype=bool)
        mutual = np.add.reduceat(in_first, starts) * (lengths > 0) if len(reached) else lengths
        third = (
            np.logical_or.reduceat(in_second, starts) & (lengths > 0)
            if len(reached)
            else (lengths > 0)
        )
        degree = np.full(len(members), -1)
        degree[third] = 3
        degree[mutual > 0] = 2
        degree[second[members]] = 2
        degree[first[members]] = 1
        degree[members == viewer] = 0
        return degree, mutual

    def suggestions(self, viewer: int, first: np.ndarray, limit: int = 20) -> np.ndarray:
        reached, _ = self.rows(self.row(viewer))
        counts = np.bincount(reached, minlength=self.size)
        counts[first] = 0
        counts[viewer] = 0
        top = np.argpartition(-counts, limit)[:limit]
        return top[np.argsort(-counts[top], kind="stable")]

    def third(self, candidates: np.ndarray, first: np.ndarray, second: np.ndarray, viewer: int):
        reached, offsets = self.rows(candidates)
        lengths = np.diff(offsets)
        starts = np.minimum(offsets[:-1], max(len(reached) - 1, 0))
        touches = np.logical_or.reduceat(second[reached], starts) & (lengths > 0)
        keep = touches & ~first[candidates] & ~second[candidates] & (candidates != viewer)
        return candidates[keep]

    def distances(self, source: int) -> np.ndarray:
        """Hops from `source` to everyone by scipy's breadth-first search (-1: unreachable)."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import breadth_first_order

        matrix = csr_matrix(
            (np.ones(len(self.indices), dtype=np.int8), self.indices, self.indptr),
            shape=(self.size, self.size),
        )
        order, predecessors = breadth_first_order(
            matrix, source, directed=True, return_predecessors=True
        )
        depth = np.full(self.size, -1, dtype=np.int64)
        depth[source] = 0
        # Count the hops back to the source, all members at once (pointer chasing).
        members = order[1:]
        hops = np.ones(len(members), dtype=np.int64)
        ancestor = predecessors[members]
        while (walking := ancestor != source).any():
            hops[walking] += 1
            ancestor[walking] = predecessors[ancestor[walking]]
        depth[members] = hops
        return depth


def _in_memory_from_postgres(progress: bool) -> InMemory:
    """Read every member's sorted ids from PostgreSQL into a CSR (ids are the row numbers)."""
    with tqdm(desc="graph from PostgreSQL", unit="member", disable=not progress) as bar:
        return InMemory(*snapshot.read_csr(progress=bar.update))


def _wait_for(condition: Callable[[], object], seconds: float, failure: str) -> None:
    """Poll `condition` (the change channel's listener works on its own thread)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise CommandError(failure)
        time.sleep(0.0001)


# --- The workloads as the application runs them ---------------------------------------------------


_contains = graph.members_of


def filter_second(viewer_id: int, candidates: np.ndarray) -> np.ndarray:
    """W4: the candidates in the viewer's 2nd degree (the cached set, one binary search each)."""
    second = graph.second_degree(viewer_id)
    return candidates[_contains(second, candidates)]


def filter_third(viewer_id: int, candidates: np.ndarray) -> np.ndarray:
    """W5: the candidates in the 3rd degree: not within two hops, with a friend in the 2nd."""
    friends = graph.first_degree([viewer_id])[viewer_id]
    second = graph.second_degree(viewer_id, friends)
    near = _contains(second, candidates) | _contains(friends, candidates)
    near |= candidates == viewer_id
    rest = candidates[~near]
    theirs = graph.adjacency(rest.tolist())
    if not theirs.joined.size:
        return rest[:0]
    hits = np.concatenate([[0], np.cumsum(_contains(second, theirs.joined))])
    return rest[hits[theirs.bounds[1:]] > hits[theirs.bounds[:-1]]]


# --- The naive baseline: a recursive CTE in PostgreSQL --------------------------------------------

_REACH = """
WITH RECURSIVE reach(id, depth) AS (
    SELECT %(viewer)s::bigint, 0
    UNION
    SELECT c.other_id, r.depth + 1
    FROM reach r JOIN connections_connection c ON c.member_id = r.id
    WHERE r.depth < %(hops)s
)
"""
# What each workload asks of the reach set (W3 is a plain group-by: no recursion needed).
BASELINE_SQL = {
    "W1": """
SELECT t.id, r.depth,
       (SELECT count(*) FROM connections_connection a
          JOIN connections_connection b ON b.other_id = a.other_id
        WHERE a.member_id = %(viewer)s AND b.member_id = t.id)
FROM unnest(%(ids)s::bigint[]) AS t(id)
LEFT JOIN (SELECT id, min(depth) AS depth FROM reach GROUP BY id) r ON r.id = t.id
""",
    "W2": "SELECT id FROM reach GROUP BY id HAVING min(depth) = 2 ORDER BY id",
    "W3": """
SELECT b.other_id, count(*) AS mutual
FROM connections_connection a JOIN connections_connection b ON b.member_id = a.other_id
WHERE a.member_id = %(viewer)s AND b.other_id <> %(viewer)s
  AND NOT EXISTS (SELECT 1 FROM connections_connection f
                  WHERE f.member_id = %(viewer)s AND f.other_id = b.other_id)
GROUP BY b.other_id ORDER BY mutual DESC, b.other_id LIMIT 20
""",
    "W4": """
SELECT t.id FROM unnest(%(ids)s::bigint[]) AS t(id)
JOIN (SELECT id, min(depth) AS depth FROM reach GROUP BY id) r ON r.id = t.id
WHERE r.depth = 2
""",
    "W5": """
SELECT t.id FROM unnest(%(ids)s::bigint[]) AS t(id)
JOIN (SELECT id, min(depth) AS depth FROM reach GROUP BY id) r ON r.id = t.id
WHERE r.depth = 3
""",
    "W6": "SELECT min(depth) FROM reach WHERE id = (%(ids)s::bigint[])[1]",
}
BASELINE_HOPS = {"W1": 3, "W2": 2, "W3": 0, "W4": 2, "W5": 3, "W6": 3}


def _baseline(workload: str, viewer: int, ids: list[int], timeout_ms: int) -> tuple[float, bool]:
    """Run the naive SQL once; return (milliseconds, timed out)."""
    hops = BASELINE_HOPS[workload]
    query = (_REACH if hops else "") + BASELINE_SQL[workload]
    params: dict[str, Any] = {"viewer": viewer, "ids": ids, "hops": BASELINE_HOPS[workload]}
    started = time.perf_counter_ns()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
            cursor.execute(query, params)
            cursor.fetchall()
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return float(timeout_ms), True
    return _ms(time.perf_counter_ns() - started), False


# --- Connect and disconnect (W8) ------------------------------------------------------------------


@contextmanager
def _tasks_recorded() -> Iterator[list[tuple[str, Any]]]:
    """Keep Celery messages in a list (no worker runs here): the fan-out is run and timed
    separately, notifications are not part of what this measures."""
    sent: list[tuple[str, Any]] = []
    fake_app = mock.Mock()
    fake_app.send_task.side_effect = lambda name, args=None, **_: sent.append((name, args))
    with (
        mock.patch.object(events, "current_app", fake_app),
        mock.patch("celery.app.task.Task.apply_async", lambda *a, **k: None),
    ):
        yield sent


@dataclass
class Change:
    reflect_ms: float
    reads: int
    fanout_ms: float
    fanout_keys: int
    pushed_ms: float | None  # commit until the listener applied the g1 and g2 messages


def _pushed(applied_before: int, commit_ns: int) -> float | None:
    """Wait (up to 2 s) for the listener to apply the two messages graph_changed publishes."""
    if not graph.local.trusting():
        return None  # GRAPH_PUSHED_INVALIDATION off, or not subscribed: nothing is pushed
    _wait_for(
        lambda: graph.local.applied >= applied_before + 2,
        2,
        "The change channel did not deliver within 2 s.",
    )
    return _ms(graph.local.applied_at - commit_ns)


def _change(viewer: User, other: User, connect: bool) -> Change:
    commit_at: list[int] = []
    applied_before = graph.local.applied
    with _tasks_recorded() as sent:
        with transaction.atomic():
            transaction.on_commit(lambda: commit_at.append(time.perf_counter_ns()))
            if connect:
                outcome = connection_services.invitation_send(sender=viewer, recipient_id=other.pk)
                connection_services.invitation_accept(
                    recipient=other, invitation_id=outcome.invitation.pk
                )
            else:
                connection_services.connection_remove(member=viewer, other_id=other.pk)
        # graph_changed has run (after commit) when the atomic block returns; read until
        # both members see the change (a fresh reader would do the same).
        reads = 0
        while True:
            reads += 1
            mine = nearness_for(viewer, [other.pk])[other.pk].degree
            theirs = nearness_for(other, [viewer.pk])[viewer.pk].degree
            if (mine == 1 and theirs == 1) if connect else (mine != 1 and theirs != 1):
                break
            if reads > 10_000:
                raise RuntimeError("the change never showed")
        reflect = _ms(time.perf_counter_ns() - commit_at[0])
        pushed = _pushed(applied_before, commit_at[0])
    members = [args[0] for name, args in sent if name == events.NEIGHBOURS_CHANGED_TASK]
    started = time.perf_counter_ns()
    keys = sum(graph.neighbours_changed(batch) for batch in members)
    return Change(reflect, reads, _ms(time.perf_counter_ns() - started), keys, pushed)


# --- The command ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "cpu": model,
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


class Command(BaseCommand):
    help = "Benchmark degrees, mutual counts, suggestions and freshness on a generated graph."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--mean-degree", type=float, default=100.0)
        parser.add_argument("--hubs", type=int, default=3)
        parser.add_argument("--rebuild", action="store_true", help="regenerate even if loaded")
        parser.add_argument("--force", action="store_true", help="run on any database")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiply every sample count (min 1 each)"
        )
        parser.add_argument("--baseline-samples", type=int, default=1)
        parser.add_argument("--baseline-timeout", type=float, default=30.0, help="seconds")
        parser.add_argument("--check-sources", type=int, default=12)
        parser.add_argument("--check-targets", type=int, default=1000)
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--no-snapshot",
            action="store_true",
            help="no graph snapshot: every array from Redis and the local tier",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        refuse_unless_bench(options["force"])
        self.progress = not options["no_progress"]
        self.scale = options["scale"]
        self.rng = np.random.default_rng(options["seed"])
        self.timeout_ms = int(options["baseline_timeout"] * 1000)
        self.baseline_samples = options["baseline_samples"]
        self._w1_baseline: dict[int, dict[str, Any]] = {}
        self._sources = options["check_sources"]
        self._targets = options["check_targets"]
        call_command(
            "generate_graph",
            members=options["members"],
            seed=options["seed"],
            mean_degree=options["mean_degree"],
            hubs=options["hubs"],
            force=options["force"],
            reuse=not options["rebuild"],
            no_progress=not self.progress,
            stdout=self.stdout,
        )
        loaded = loaded_graph()
        assert loaded is not None
        report: dict[str, Any] = {
            "machine": machine(),
            "command": (
                f"manage.py bench_network --members {options['members']} --seed {options['seed']} "
                f"--mean-degree {options['mean_degree']:g} --hubs {options['hubs']}"
            ),
            "params": loaded["params"],
        }
        if options["no_snapshot"]:
            report["memory"] = self._warm()
            self.say("Reading the graph back from PostgreSQL for the limit and the check…")
            self.memory = _in_memory_from_postgres(self.progress)
        else:
            report["memory"] = self._snapshot()
        clustering = average_clustering(self.memory.indptr, self.memory.indices, sample=2_000)
        report["graph"] = {
            "members": loaded["params"]["members"],
            "connections": int(len(self.memory.indices) // 2),
            "clustering": round(clustering, 4),
            "clustering_sampled_members": 2_000,
            "mean_degree": round(len(self.memory.indices) / max(1, self.memory.size - 1), 2),
        }
        self.viewers = self._viewers()
        report["viewers"] = {
            str(size): {"id": viewer.pk, "connections": self.memory.degree(viewer.pk)}
            for size, viewer in self.viewers.items()
        }
        report["workloads"] = self._workloads()
        report["memory"]["local_tier_bytes"] = graph.local.size_bytes
        report["memory"]["local_tier_budget_bytes"] = graph.local.budget
        report["correctness"] = self._correctness()
        self._table(report)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2) + "\n")
        self.say(f"Wrote {output}")
        return ""

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def samples(self, workload: str) -> int:
        return max(1, round(SAMPLES[workload] * self.scale))

    # --- set-up

    def _snapshot(self) -> dict[str, Any]:
        """Write the snapshot every process would map; the limit and the check read the same
        files into this process's memory."""
        graph.forget_everything()
        _wait_for(graph.local.trusting, 10, "The graph change channel is not subscribed.")
        redis_client = graph.client()
        before = int(redis_client.info("memory")["used_memory"])
        started = time.monotonic()
        with tqdm(desc="snapshot", unit="member", disable=not self.progress) as bar:
            built = snapshot.build(progress=bar.update)
        seconds = time.monotonic() - started
        _wait_for(
            lambda: (opened := snapshot.current.opened) is not None and opened.name == built.name,
            10,
            "The change channel did not announce the new snapshot.",
        )
        opened = cast(snapshot.Opened, snapshot.current.opened)
        self.memory = InMemory(np.array(opened.indptr), np.array(opened.indices))
        used = int(redis_client.info("memory")["used_memory"]) - before
        per_million = (built.bytes + max(0, used)) * 1_000_000 / max(1, built.members)
        return {
            "snapshot": built.name,
            "snapshot_bytes": built.bytes,
            "snapshot_seconds": round(seconds, 1),
            "members_cached": 0,
            "redis_bytes_g1": max(0, used),
            "bytes_per_million_members": round(per_million),
            "gb_per_million_members": round(per_million / 1e9, 3),
            "target_gb_per_million_members": MEMORY_TARGET_GB_PER_MILLION,
        }

    def _warm(self) -> dict[str, Any]:
        redis_client = graph.client()
        graph.forget_everything()
        before = int(redis_client.info("memory")["used_memory"])
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM accounts_user")
            members = cursor.fetchone()[0]
        started = time.monotonic()
        with tqdm(
            total=members, desc="warm Redis", unit="member", disable=not self.progress
        ) as bar:
            cached = graph.warm_all(progress=bar.update)
        seconds = time.monotonic() - started
        used = int(redis_client.info("memory")["used_memory"]) - before
        per_million = used * 1_000_000 / max(1, members)
        return {
            "members_cached": cached,
            "warm_seconds": round(seconds, 1),
            "redis_bytes_g1": used,
            "bytes_per_million_members": round(per_million),
            "gb_per_million_members": round(per_million / 1e9, 3),
            "target_gb_per_million_members": MEMORY_TARGET_GB_PER_MILLION,
        }

    def _viewers(self) -> dict[int, User]:
        viewers = {}
        for size in VIEWER_SIZES:
            row = (
                ConnectionCount.objects.annotate(distance=Abs(F("count") - size))
                .order_by("distance", "member_id")
                .values_list("member_id", flat=True)
                .first()
            )
            assert row is not None
            viewers[size] = User.objects.get(pk=row)
        return viewers

    def _page(self, viewer: int) -> np.ndarray:
        """25 members as a search page shows them: 5 of the 1st degree, 10 friends of friends,
        10 from anywhere."""
        friends = self.memory.row(viewer)
        rng = self.rng
        picked = (
            list(rng.choice(friends, size=min(5, len(friends)), replace=False))
            if len(friends)
            else []
        )
        if len(friends):
            via = rng.choice(friends, size=10)
            for member in via.tolist():
                theirs = self.memory.row(member)
                picked.append(int(rng.choice(theirs)))
        while len(picked) < PAGE:
            picked.append(int(rng.integers(1, self.memory.size)))
        return np.array(picked[:PAGE], dtype=np.int64)

    def _candidates(self) -> np.ndarray:
        return np.unique(self.rng.integers(1, self.memory.size, CANDIDATES))

    # --- workloads

    def _workloads(self) -> dict[str, dict[str, dict[str, Any]]]:
        results: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TARGETS_MS}
        steps = [
            ("W1_warm", self._w1_warm),
            ("W1_cold", self._w1_cold),
            ("W2", self._w2),
            ("W3", self._w3),
            ("W4", self._w4),
            ("W5", self._w5),
            ("W6", self._w6),
            ("W8", self._w8),
        ]
        for name, run in steps:
            for position, (size, viewer) in enumerate(self.viewers.items()):
                self.say(f"{name} viewer with {self.memory.degree(viewer.pk):,} connections…")
                entry = run(viewer)
                entry["target_ms"] = TARGETS_MS[name][position]
                entry["viewer_connections"] = self.memory.degree(viewer.pk)
                if entry.get("baseline_ms"):
                    entry["vs_baseline"] = round(entry["baseline_ms"] / entry["p50_ms"], 1)
                if entry.get("limit_ms"):
                    entry["vs_limit"] = round(entry["p50_ms"] / entry["limit_ms"], 1)
                results[name][str(size)] = entry
        return results

    def _baselines(
        self, workload: str, viewer: int, ids: Callable[[], list[int]]
    ) -> dict[str, Any]:
        if self.baseline_samples < 1:
            return {"baseline_ms": None}
        runs = [
            _baseline(workload, viewer, ids(), self.timeout_ms)
            for _ in range(self.baseline_samples)
        ]
        times = [ms for ms, _ in runs]
        return {
            "baseline_ms": round(float(np.median(times)), 1),
            "baseline_timed_out": any(out for _, out in runs),
            "baseline_samples": len(runs),
        }

    def _limit(self, calls: list[Callable[[], object]]) -> float:
        return round(float(np.median([_timed(call) for call in calls])), 5)

    def _w1_warm(self, viewer: User) -> dict[str, Any]:
        pages = [self._page(viewer.pk).tolist() for _ in range(20)]
        graph.second_degree(viewer.pk)
        nearness_for(viewer, pages[0])
        times = [
            _timed(partial(nearness_for, viewer, pages[i % len(pages)]))
            for i in range(self.samples("W1_warm"))
        ]
        first, second = self.memory.masks(viewer.pk)
        limit = self._limit(
            [
                partial(self.memory.nearness, viewer.pk, np.array(page), first, second)
                for page in pages * 5
            ]
        )
        baseline = self._baselines("W1", viewer.pk, lambda: self._page(viewer.pk).tolist())
        self._w1_baseline[viewer.pk] = baseline
        return {**_summary(times), "limit_ms": limit, **baseline}

    def _w1_cold(self, viewer: User) -> dict[str, Any]:
        pages = [self._page(viewer.pk).tolist() for _ in range(20)]
        redis_client = graph.client()
        g2 = graph._key("g2", viewer.pk)
        times = []
        for i in range(self.samples("W1_cold")):
            redis_client.delete(g2)
            graph.local.clear()  # a process that has not served this viewer yet
            times.append(_timed(partial(nearness_for, viewer, pages[i % len(pages)])))

        def cold_limit(page: list[int]) -> None:
            first, second = self.memory.masks(viewer.pk)
            self.memory.nearness(viewer.pk, np.array(page), first, second)

        limit = self._limit([partial(cold_limit, page) for page in pages])
        # PostgreSQL has no cache to be cold: the same query as W1_warm, measured once.
        return {**_summary(times), "limit_ms": limit, **self._w1_baseline[viewer.pk]}

    def _w2(self, viewer: User) -> dict[str, Any]:
        redis_client = graph.client()
        g2 = graph._key("g2", viewer.pk)
        times = []
        for _ in range(self.samples("W2")):
            redis_client.delete(g2)
            graph.local.clear()
            times.append(_timed(partial(graph.second_degree, viewer.pk)))

        def build() -> np.ndarray:
            return np.flatnonzero(self.memory.masks(viewer.pk)[1])

        limit = self._limit([build] * 10)
        return {**_summary(times), "limit_ms": limit, **self._baselines("W2", viewer.pk, list)}

    def _w3(self, viewer: User) -> dict[str, Any]:
        online = partial(people_you_may_know, viewer, precomputed=False)
        online()
        ranked = [_timed(online) for _ in range(self.samples("W3"))]
        people_you_may_know(viewer)  # ranks and stores, as a first page view does
        times = [_timed(partial(people_you_may_know, viewer)) for _ in range(self.samples("W3"))]
        first, _second = self.memory.masks(viewer.pk)
        limit = self._limit([partial(self.memory.suggestions, viewer.pk, first)] * 10)
        summary = _summary(ranked)
        return {
            **_summary(times),
            "online_p50_ms": summary["p50_ms"],
            "online_p95_ms": summary["p95_ms"],
            "limit_ms": limit,
            **self._baselines("W3", viewer.pk, list),
        }

    def _w4(self, viewer: User) -> dict[str, Any]:
        graph.second_degree(viewer.pk)
        sets = [self._candidates() for _ in range(10)]
        times = [
            _timed(partial(filter_second, viewer.pk, sets[i % len(sets)]))
            for i in range(self.samples("W4"))
        ]
        first, second = self.memory.masks(viewer.pk)

        def limit_filter(candidates: np.ndarray) -> np.ndarray:
            return candidates[second[candidates]]

        limit = self._limit([partial(limit_filter, c) for c in sets * 5])
        self._check_filters(viewer.pk, sets, first, second)
        baseline = self._baselines("W4", viewer.pk, lambda: self._candidates().tolist())
        return {**_summary(times), "limit_ms": limit, **baseline}

    def _w5(self, viewer: User) -> dict[str, Any]:
        graph.second_degree(viewer.pk)
        sets = [self._candidates() for _ in range(5)]
        times = [
            _timed(partial(filter_third, viewer.pk, sets[i % len(sets)]))
            for i in range(self.samples("W5"))
        ]
        first, second = self.memory.masks(viewer.pk)
        limit = self._limit(
            [partial(self.memory.third, c, first, second, viewer.pk) for c in sets * 2]
        )
        baseline = self._baselines("W5", viewer.pk, lambda: self._candidates().tolist())
        return {**_summary(times), "limit_ms": limit, **baseline}

    def _w6(self, viewer: User) -> dict[str, Any]:
        graph.second_degree(viewer.pk)
        targets = self.rng.integers(1, self.memory.size, self.samples("W6")).tolist()
        times = [_timed(partial(nearness_for, viewer, [target])) for target in targets]
        first, second = self.memory.masks(viewer.pk)
        limit = self._limit(
            [
                partial(self.memory.nearness, viewer.pk, np.array([target]), first, second)
                for target in targets[:100]
            ]
        )
        baseline = self._baselines(
            "W6", viewer.pk, lambda: [int(self.rng.integers(1, self.memory.size))]
        )
        return {**_summary(times), "limit_ms": limit, **baseline}

    def _w8(self, viewer: User) -> dict[str, Any]:
        friends = self.memory.row(viewer.pk)
        changes: list[Change] = []
        newest = Invitation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        picked = self.rng.choice(friends, size=min(self.samples("W8"), len(friends)), replace=False)
        try:
            for friend_id in picked.tolist():
                friend = User.objects.get(pk=friend_id)
                changes.append(_change(viewer, friend, connect=False))
                changes.append(_change(viewer, friend, connect=True))
        finally:
            # The graph is as it was; the invitations W8 sent would count against weekly limits.
            Invitation.objects.filter(pk__gt=newest).delete()
        reflect = _summary([c.reflect_ms for c in changes])
        fanout = _summary([c.fanout_ms for c in changes])
        pushed = [c.pushed_ms for c in changes if c.pushed_ms is not None]
        return {
            **reflect,
            "pushed_p50_ms": _summary(pushed)["p50_ms"] if pushed else None,
            "pushed_p95_ms": _summary(pushed)["p95_ms"] if pushed else None,
            "reads_until_reflected_max": max(c.reads for c in changes),
            "fanout_p50_ms": fanout["p50_ms"],
            "fanout_p95_ms": fanout["p95_ms"],
            "fanout_keys_p50": int(np.median([c.fanout_keys for c in changes])),
            "baseline_ms": None,
            "limit_ms": None,
        }

    # --- correctness

    def _check_filters(
        self, viewer: int, sets: list[np.ndarray], first: np.ndarray, second: np.ndarray
    ) -> None:
        mismatches = getattr(self, "_filter_mismatches", 0)
        checked = getattr(self, "_filter_checked", 0)
        for candidates in sets[:3]:
            expected = set(candidates[second[candidates]].tolist())
            got = set(filter_second(viewer, candidates).tolist())
            mismatches += len(expected ^ got)
            expected3 = set(self.memory.third(candidates, first, second, viewer).tolist())
            got3 = set(filter_third(viewer, candidates).tolist())
            mismatches += len(expected3 ^ got3)
            checked += 2 * len(candidates)
        self._filter_mismatches, self._filter_checked = mismatches, checked

    def _correctness(self) -> dict[str, Any]:
        sources = [viewer.pk for viewer in self.viewers.values()]
        active = np.flatnonzero(np.diff(self.memory.indptr) > 0)
        extra = self.rng.choice(
            active, size=min(len(active), max(0, self._sources - len(sources))), replace=False
        )
        sources += [int(s) for s in extra.tolist() if int(s) not in sources]
        checked = mismatches = 0
        examples: list[dict[str, Any]] = []
        by_degree = {0: 0, 1: 0, 2: 0, 3: 0, None: 0}
        for source in tqdm(sources, desc="check vs scipy BFS", disable=not self.progress):
            depth = self.memory.distances(source)
            targets = self._check_targets(source, depth)
            viewer = User.objects.get(pk=source)
            friends = self.memory.row(source)
            for start in range(0, len(targets), 500):
                page = targets[start : start + 500]
                got = nearness_for(viewer, page.tolist())
                for member in page.tolist():
                    hops = int(depth[member])
                    expected = hops if 0 <= hops <= 3 else None
                    mutual = (
                        0
                        if member == source
                        else int(
                            np.intersect1d(
                                friends, self.memory.row(member), assume_unique=True
                            ).size
                        )
                    )
                    near = got[member]
                    checked += 1
                    by_degree[expected] += 1
                    if near.degree != expected or near.mutual_connections_count != mutual:
                        mismatches += 1
                        if len(examples) < 10:
                            examples.append(
                                {
                                    "viewer": source,
                                    "member": member,
                                    "expected": [expected, mutual],
                                    "got": [near.degree, near.mutual_connections_count],
                                }
                            )
        return {
            "pairs_checked": checked,
            "mismatches": mismatches + getattr(self, "_filter_mismatches", 0),
            "sources": len(sources),
            "pairs_by_degree": {str(k): v for k, v in by_degree.items()},
            "filter_members_checked": getattr(self, "_filter_checked", 0),
            "filter_mismatches": getattr(self, "_filter_mismatches", 0),
            "examples": examples,
            "reference": "scipy.sparse.csgraph.breadth_first_order on a CSR read from PostgreSQL",
        }

    def _check_targets(self, source: int, depth: np.ndarray) -> np.ndarray:
        """Members at each distance (0-3, beyond, unreachable) in equal shares, then random."""
        share = max(1, self._targets // 6)
        picked = [np.array([source])]
        for hops in (1, 2, 3):
            at = np.flatnonzero(depth == hops)
            picked.append(
                self.rng.choice(at, size=min(share, len(at)), replace=False) if len(at) else at
            )
        beyond = np.flatnonzero((depth > 3) | (depth == -1))
        beyond = beyond[beyond > 0]
        picked.append(
            self.rng.choice(beyond, size=min(share, len(beyond)), replace=False)
            if len(beyond)
            else beyond
        )
        picked.append(self.rng.integers(1, self.memory.size, share))
        return np.unique(np.concatenate(picked))

    # --- output

    def _table(self, report: dict[str, Any]) -> None:
        g = report["graph"]
        lines = [
            f"graph: {g['members']:,} members, {g['connections']:,} connections, "
            f"mean degree {g['mean_degree']}, clustering {g['clustering']} (sampled)"
        ]
        header = (
            f"{'workload':<9} {'viewer':>7} {'p50 ms':>9} {'p95 ms':>9} {'target':>7} {'':>4} "
            f"{'naive SQL ms':>13} {'x naive':>9} {'limit ms':>9} {'x limit':>8}"
        )
        lines += [header, "-" * len(header)]
        for name, by_size in report["workloads"].items():
            for entry in by_size.values():
                lines.append(f"{name:<9} " + _row(entry))
                if name == "W3":
                    lines.append(
                        f"{'  online':<9} {'':>7} {entry['online_p50_ms']:>9.3f} "
                        f"{entry['online_p95_ms']:>9.3f}   (ranked afresh, nothing stored)"
                    )
                if name == "W8":
                    lines.append(
                        f"{'  fan-out':<9} {'':>7} {entry['fanout_p50_ms']:>9.3f} "
                        f"{entry['fanout_p95_ms']:>9.3f}   ({entry['fanout_keys_p50']:,} "
                        "second-degree sets marked stale, p50)"
                    )
                    if entry.get("pushed_p50_ms") is not None:
                        lines.append(
                            f"{'  pushed':<9} {'':>7} {entry['pushed_p50_ms']:>9.3f} "
                            f"{entry['pushed_p95_ms']:>9.3f}   (commit until a listener "
                            "applied the change: every other process's arrays are dropped)"
                        )
        memory = report["memory"]
        held = (
            f"snapshot {memory['snapshot_bytes'] / 2**20:,.0f} MiB, mapped by every process"
            if "snapshot" in memory
            else f"Redis used_memory delta {memory['redis_bytes_g1'] / 2**20:,.0f} MiB for "
            f"{memory['members_cached']:,} arrays"
        )
        lines.append(
            f"memory: {memory['gb_per_million_members']} GB per million members "
            f"(target {memory['target_gb_per_million_members']}; {held}); "
            f"this process's local tier held {memory['local_tier_bytes'] / 2**20:,.0f} MiB "
            f"at the end (budget {memory['local_tier_budget_bytes'] / 2**20:,.0f} MiB)"
        )
        check = report["correctness"]
        lines.append(
            f"correctness: {check['pairs_checked']:,} pairs checked against scipy BFS, "
            f"{check['mismatches']} mismatches"
        )
        self.say("\n".join(lines))


def _row(entry: dict[str, Any]) -> str:
    # "ok": p95 within the target; "p50": only the median is; "MISS": neither.
    met = (
        "ok"
        if entry["p95_ms"] <= entry["target_ms"]
        else "p50"
        if entry["p50_ms"] <= entry["target_ms"]
        else "MISS"
    )
    timed_out = ">=" if entry.get("baseline_timed_out") else ""
    baseline = entry.get("baseline_ms")
    base = "-" if baseline is None else f"{timed_out}{baseline:,.1f}"
    ratio = entry.get("vs_baseline")
    versus = "-" if ratio is None else f"{timed_out}{ratio:,.0f}"
    limit = entry.get("limit_ms")
    limit_text = "-" if limit is None else f"{limit:.4f}"
    return (
        f"{entry['viewer_connections']:>7,} {entry['p50_ms']:>9.3f} {entry['p95_ms']:>9.3f} "
        f"{entry['target_ms']:>7g} {met:>4} {base:>13} {versus:>9} {limit_text:>9} "
        f"{entry.get('vs_limit', '-')!s:>8}"
    )
