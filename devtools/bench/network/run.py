"""Benchmark the network read side on a generated graph; print a table, write JSON.

    manage.py bench_network --members 100000 [--seed 2026] [--rebuild] [--force]

Builds the graph with generate_graph (reused when already loaded with the same parameters),
writes a snapshot of it that this process maps (graphcache.snapshot; with --no-snapshot, caches
every adjacency array in Redis instead, graphcache.warm_all), then measures, for viewers
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

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import connection
from django.db.models import F
from django.db.models.functions import Abs
from tqdm import tqdm

from accounts.models import User
from connections.models import ConnectionCount
from devtools import graph_access as cache
from devtools.bench.network.baseline import baseline
from devtools.bench.network.changes import wait_for
from devtools.bench.network.correctness import correctness
from devtools.bench.network.in_memory import InMemory, in_memory_from_postgres
from devtools.bench.network.table import table
from devtools.bench.network.workloads import STEPS
from devtools.generator import average_clustering
from devtools.generator.load import loaded_graph
from devtools.reporting import machine, timed_ms, write_json

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


class NetworkBench:
    """One run: the loaded graph, this process's copy of it, the viewers and the random draws
    every workload shares (in one order, so the same options give the same workloads)."""

    memory: InMemory
    viewers: dict[int, User]

    def __init__(self, options: dict[str, Any], stdout: OutputWrapper) -> None:
        self.options = options
        self.stdout = stdout
        self.progress = not options["no_progress"]
        self.scale = options["scale"]
        self.rng = np.random.default_rng(options["seed"])
        self.timeout_ms = int(options["baseline_timeout"] * 1000)
        self.baseline_samples = options["baseline_samples"]
        self.w1_baseline: dict[int, dict[str, Any]] = {}
        self.check_sources = options["check_sources"]
        self.target_count = options["check_targets"]
        self.filter_mismatches = 0
        self.filter_checked = 0

    def run(self) -> None:
        """Load (or reuse) the graph, measure every workload, check, print and write JSON."""
        options = self.options
        loaded = self.load()
        report: dict[str, Any] = {
            "machine": machine(),
            "command": (
                f"manage.py bench_network --members {options['members']} --seed {options['seed']} "
                f"--mean-degree {options['mean_degree']:g} --hubs {options['hubs']}"
            ),
            "params": loaded["params"],
        }
        if options["no_snapshot"]:
            report["memory"] = self.warm()
            self.say("Reading the graph back from PostgreSQL for the limit and the check…")
            self.memory = in_memory_from_postgres(self.progress)
        else:
            report["memory"] = self.snapshot()
        report["graph"] = self.graph_summary(loaded)
        self.viewers = self.find_viewers()
        report["viewers"] = {
            str(size): {"id": viewer.pk, "connections": self.memory.degree(viewer.pk)}
            for size, viewer in self.viewers.items()
        }
        report["workloads"] = self.workloads()
        report["memory"]["local_tier_bytes"] = cache.local.size_bytes
        report["memory"]["local_tier_budget_bytes"] = cache.local.budget
        report["correctness"] = correctness(self)
        self.say(table(report))
        output = Path(options["output"])
        write_json(output, report)
        self.say(f"Wrote {output}")

    def load(self) -> dict[str, Any]:
        options = self.options
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
        return loaded

    def graph_summary(self, loaded: dict[str, Any]) -> dict[str, Any]:
        clustering = average_clustering(self.memory.indptr, self.memory.indices, sample=2_000)
        return {
            "members": loaded["params"]["members"],
            "connections": int(len(self.memory.indices) // 2),
            "clustering": round(clustering, 4),
            "clustering_sampled_members": 2_000,
            "mean_degree": round(len(self.memory.indices) / max(1, self.memory.size - 1), 2),
        }

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def samples(self, workload: str) -> int:
        return max(1, round(SAMPLES[workload] * self.scale))

    # --- set-up

    def snapshot(self) -> dict[str, Any]:
        """Write the snapshot every process would map; the limit and the check read the same
        files into this process's memory."""
        cache.forget_everything()
        wait_for(cache.local.trusting, 10, "The graph change channel is not subscribed.")
        redis_client = cache.client()
        before = int(redis_client.info("memory")["used_memory"])
        started = time.monotonic()
        with tqdm(desc="snapshot", unit="member", disable=not self.progress) as bar:
            built = cache.build_snapshot(progress=bar.update)
        seconds = time.monotonic() - started
        wait_for(
            lambda: (
                (opened := cache.current_snapshot.opened) is not None and opened.name == built.name
            ),
            10,
            "The change channel did not announce the new snapshot.",
        )
        opened = cast(cache.Opened, cache.current_snapshot.opened)
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

    def warm(self) -> dict[str, Any]:
        redis_client = cache.client()
        cache.forget_everything()
        before = int(redis_client.info("memory")["used_memory"])
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM accounts_user")
            members = cursor.fetchone()[0]
        started = time.monotonic()
        with tqdm(
            total=members, desc="warm Redis", unit="member", disable=not self.progress
        ) as bar:
            cached = cache.warm_all(progress=bar.update)
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

    def find_viewers(self) -> dict[int, User]:
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

    def page(self, viewer: int) -> np.ndarray:
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

    def candidates(self) -> np.ndarray:
        return np.unique(self.rng.integers(1, self.memory.size, CANDIDATES))

    # --- workloads

    def workloads(self) -> dict[str, dict[str, dict[str, Any]]]:
        results: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TARGETS_MS}
        for name, run in STEPS:
            for position, (size, viewer) in enumerate(self.viewers.items()):
                self.say(f"{name} viewer with {self.memory.degree(viewer.pk):,} connections…")
                entry = run(self, viewer)
                entry["target_ms"] = TARGETS_MS[name][position]
                entry["viewer_connections"] = self.memory.degree(viewer.pk)
                if entry.get("baseline_ms"):
                    entry["vs_baseline"] = round(entry["baseline_ms"] / entry["p50_ms"], 1)
                if entry.get("limit_ms"):
                    entry["vs_limit"] = round(entry["p50_ms"] / entry["limit_ms"], 1)
                results[name][str(size)] = entry
        return results

    def baselines(self, workload: str, viewer: int, ids: Callable[[], list[int]]) -> dict[str, Any]:
        if self.baseline_samples < 1:
            return {"baseline_ms": None}
        runs = [
            baseline(workload, viewer, ids(), self.timeout_ms) for _ in range(self.baseline_samples)
        ]
        times = [ms for ms, _ in runs]
        return {
            "baseline_ms": round(float(np.median(times)), 1),
            "baseline_timed_out": any(out for _, out in runs),
            "baseline_samples": len(runs),
        }

    def limit(self, calls: list[Callable[[], object]]) -> float:
        return round(float(np.median([timed_ms(call) for call in calls])), 5)
