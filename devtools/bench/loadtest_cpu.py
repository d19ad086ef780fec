"""CPU time per process group during a load-test run: who spent what per request.

The machine's busy time says what a request costs in all; the groups say where: gunicorn
(the server's master and workers), PostgreSQL (the postmaster serving the benchmark database
and every backend it forked, exited ones included, since the postmaster reaps them), Redis
(its own `INFO cpu`), wrk (a child of this process, reaped when it exits).
"""

from __future__ import annotations

import resource
from dataclasses import dataclass

import psutil
import redis
from django.conf import settings
from django.db import connection

GROUPS = ("machine", "gunicorn", "postgres", "redis", "wrk")
# The groups the load test's own processes make up: on a machine shared with other work,
# `machine` counts theirs too, so the ratios use `ours`.
OURS = ("gunicorn", "postgres", "redis", "wrk")


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent not idle since boot, every CPU together (Linux
    counts guest time in user and nice already, so it is not added twice)."""
    times = psutil.cpu_times()
    not_busy = ("iowait", "guest", "guest_nice")
    return sum(times) - times.idle - sum(getattr(times, name, 0.0) for name in not_busy)


def tree_seconds(pid: int) -> float:
    """CPU of a process, the children it reaped and the children still running."""
    try:
        root = psutil.Process(pid)
        own = root.cpu_times()
        total = own.user + own.system + own.children_user + own.children_system
        children = root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0.0
    for child in children:
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue  # exited between the listing and the read: its parent counts it next
        total += times.user + times.system
    return total


def postmaster_pid() -> int:
    """The postmaster of the server the benchmark database lives on (the parent of our own
    backend); psutil must run on the same machine, which a loopback load test does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    parent = psutil.Process(backend).parent()
    if parent is None:
        raise RuntimeError("PostgreSQL's backend has no parent process")
    return parent.pid


def redis_seconds() -> float:
    info = redis.Redis.from_url(settings.REDIS_URL).info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def wrk_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class CpuMeter:
    """Reads every group's CPU seconds; `server_pid` is gunicorn's master."""

    server_pid: int
    postmaster: int

    def read(self) -> dict[str, float]:
        return {
            "machine": machine_busy_seconds(),
            "gunicorn": tree_seconds(self.server_pid),
            "postgres": tree_seconds(self.postmaster),
            "redis": redis_seconds(),
            "wrk": wrk_seconds(),
        }


def per_request_ms(
    before: dict[str, float], after: dict[str, float], requests: int
) -> dict[str, float]:
    """Each group's CPU milliseconds per request served between two readings."""
    spent = {name: 1000 * (after[name] - before[name]) / max(1, requests) for name in GROUPS}
    spent["ours"] = sum(spent[name] for name in OURS)
    return spent
