"""Load-test the people search API on loopback: gunicorn serves, wrk drives.

    ./scripts/bench loadtest_search [--workers 2] [--connections 16] [--duration 30]
        [--server before=/work/bench-before19 --server after=.] [--rounds 2]

Runs only in a database whose name ends in `_bench` (the graph `./scripts/bench` loads, with its
search index). A member with about 1,000 connections signs the requests with a JWT; the
requests cycle through keyword, keyword + 2nd degree, keyword + industry + location and
2nd-degree-in-a-city searches built from real profiles. The API's per-member throttle is lifted
for the run (THROTTLE_USER), everything else is the application as deployed: gunicorn's sync
workers, DEBUG off. Prints wrk's report and a summary, and writes var/bench/search_load.json.
Needs wrk (Debian: `apt-get install wrk`).

Then, on the same server, with the same token and wrk settings, it drives REFERENCES for
`--reference-duration` seconds each (0: none): endpoints that search nothing, so the table says
how many requests per second this stack serves before any search work (docs/benchmarks.md).
The first reference is the floor: a constant JSON body answered by the same gunicorn with no
middleware, no database and no authentication (devtools/bench/server/floor_wsgi.py); the
next four climb from it one layer at a time (Django's handler, the middleware stack, DRF, the
token's member and the throttle), all answering the same constant body, so the table shows
what each layer of an empty list costs.

Each `--server LABEL=ROOT[@KEY=VALUE,...]` is a worktree whose own .venv and code serve the
same database, Redis and graph snapshot; with several, the servers take turns for `--rounds`
rounds (before, after, before, after...), so a before/after pair shares the same minutes of a
shared machine. Every run reads CPU per process group (loadtest_cpu): the machine, gunicorn,
PostgreSQL, Redis and wrk, per request. A search's statement is PostgreSQL's CPU per search
less its CPU per empty list (the token's member, the throttle, the session-less rest).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Profile, User
from devtools.bench.database import require_bench_database
from devtools.bench.loadtest_cpu import OURS, CpuMeter, per_request_ms, postmaster_pid
from devtools.bench.loadtest_cpu import machine_busy_seconds as machine_busy_seconds
from devtools.reporting import write_json

OUTPUT = Path(settings.BASE_DIR) / "var" / "bench" / "search_load.json"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# What the same server answers when nothing is searched, as the ceiling search works under:
FLOOR = "the floor (constant JSON, no middleware, no database, no auth)"
EMPTY = "an empty list (GET /api/v1/blocks)"
REFERENCES = (
    (FLOOR, "/bench/floor"),
    # The layers between the floor and an empty list, one at a time (devtools/bench/server):
    ("Django, no middleware (constant view)", "/bench/django-bare"),
    ("Django and the middleware stack (constant view, anonymous)", "/bench/django-stack"),
    ("DRF view, no authentication or throttle (constant)", "/bench/drf"),
    ("DRF view, the token's member and the throttle (constant)", "/bench/drf-member"),
    # an authenticated empty page: middleware, the JWT and its member, DRF, pagination
    (EMPTY, "/api/v1/blocks"),
    # 20 member cards whose ranking is precomputed: one Redis read, the members' query
    ("20 suggested members, precomputed", "/api/v1/network/suggestions"),
    # 25 member cards of the viewer's connections, the first page
    ("25 connections, first page", "/api/v1/connections"),
)


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise CommandError(f"Unknown wrk duration {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def load_test_viewer() -> User:
    """The member every load-tested request is signed by: about 1,000 connections."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT member_id FROM connections_connectioncount "
            "ORDER BY abs(count - 1000), member_id LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        raise CommandError("No members: load the graph with ./scripts/bench first.")
    return User.objects.select_related("connection_count").get(pk=row[0])


def search_paths() -> list[str]:
    """The load test's 80 people searches: for 20 profiles' titles, industries and cities, a
    keyword, a keyword and the 2nd degree, a keyword with the industry and the city, and the
    2nd degree in the city."""
    profiles = list(
        Profile.objects.exclude(current_title="")
        .order_by("member_id")
        .values_list("current_title", "industry", "location")[:4000:200]
    )
    paths = []
    for title, industry, location in profiles:
        word = title.split()[-1]
        for query in (
            {"q": word},
            {"q": word, "degree": "2"},
            {"q": word, "industry": industry, "location": location},
            {"degree": "2", "location": location},
        ):
            paths.append("/api/v1/search/people?" + urlencode(query))
    return paths


@dataclass
class Server:
    """A worktree to serve from: its code and its .venv, with extra environment, and its
    own gunicorn size where the spec gives one (`workers=N`, `threads=N` among the pairs:
    the sizing sweep serves one worktree at several sizes in the same run)."""

    label: str
    root: Path
    env: dict[str, str]
    workers: int | None = None
    threads: int | None = None

    @classmethod
    def parse(cls, spec: str) -> Server:
        label, _, rest = spec.partition("=")
        root, _, extra = rest.partition("@")
        pairs = [item.split("=", 1) for item in extra.split(",") if item]
        if not label or not root or any(len(pair) != 2 for pair in pairs):
            raise CommandError(f"--server wants LABEL=ROOT[@KEY=VALUE,...], not {spec!r}")
        env = dict(pairs)
        sizes = {}
        for name in ("workers", "threads"):
            if name in env:
                value = env.pop(name)
                if not value.isdigit() or int(value) < 1:
                    raise CommandError(f"--server {name} wants a whole number, not {value!r}")
                sizes[name] = int(value)
        return cls(label, Path(root).resolve(), env, **sizes)


class SearchLoadTest:
    """One run: every server started in turn, wrk driven against it, the report written."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout

    def run(self, options: dict[str, Any]) -> None:
        require_bench_database()
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        viewer = load_test_viewer()
        paths = search_paths()
        token = str(AccessToken.for_user(viewer))
        specs = options["server"] or [f"this={settings.BASE_DIR}"]
        servers = [Server.parse(spec) for spec in specs]
        postmaster = postmaster_pid()
        rounds: dict[str, list[dict[str, Any]]] = {server.label: [] for server in servers}
        for number in range(options["rounds"]):
            for server in servers:
                self.stdout.write(f"\n== round {number + 1}: {server.label} ({server.root})")
                rounds[server.label].append(
                    self._serve_and_drive(server, wrk, paths, token, options, postmaster)
                )
        report = {
            "servers": {label: median_report(runs) for label, runs in rounds.items()},
            "rounds": rounds,
            "viewer": {"id": viewer.pk, "connections": viewer.connection_count.count},
            "gunicorn_workers": options["workers"],
            "gunicorn_threads": options["gunicorn_threads"],
            "wrk": {k: options[k] for k in ("connections", "threads", "duration")},
            "paths": len(paths),
            "cpus": os.cpu_count(),
        }
        write_json(OUTPUT, report)
        self.stdout.write("\n" + table(report) + f"\n\nWrote {OUTPUT}")

    def _serve_and_drive(
        self,
        server: Server,
        wrk: str,
        paths: list[str],
        token: str,
        options: dict[str, Any],
        postmaster: int,
    ) -> dict[str, Any]:
        options = {
            **options,
            "workers": server.workers or options["workers"],
            "gunicorn_threads": server.threads or options["gunicorn_threads"],
        }
        base = f"http://127.0.0.1:{options['port']}"
        env = {
            **os.environ,
            "THROTTLE_USER": "1000000000/min",
            "SEARCH_PEOPLE_RATE": "1000000000/min",  # the search scope (issue 18) too
            "SEARCH_TYPEAHEAD_RATE": "1000000000/min",
            "DJANGO_DEBUG": "false",
            # Every server maps the graph snapshot this worktree's loader wrote.
            "GRAPH_SNAPSHOT_DIR": str(settings.GRAPH_SNAPSHOT_DIR),
            "CONN_MAX_AGE": str(options["conn_max_age"]),
            **server.env,
        }
        python = server.root / ".venv" / "bin" / "python"
        process = subprocess.Popen(  # noqa: S603 (a worktree's own interpreter, our arguments)
            [
                str(python),
                "-m",
                "gunicorn",
                "floor_wsgi:application",
                "--pythonpath",
                str(Path(__file__).resolve().parent / "server"),
                "--chdir",
                str(server.root),
                "--workers",
                str(options["workers"]),
                "--threads",
                str(options["gunicorn_threads"]),
                "--bind",
                f"127.0.0.1:{options['port']}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=server.root,
        )
        try:
            self._wait_until_serving(base + paths[0], token)
            references = REFERENCES if options["reference_duration"] else ()
            # Warm every worker: a few searches of each kind, every reference.
            for path in (paths[:8] + [path for _, path in references]) * 2:
                self._get(base + path, token)
            meter = CpuMeter(process.pid, postmaster)
            report = self._wrk(wrk, base, paths, token, options, options["duration"], meter)
            report["references"] = {
                label: self._wrk(
                    wrk, base, [path], token, options, options["reference_duration"], meter
                )
                for label, path in references
            }
            report["gunicorn"] = {
                "workers": options["workers"],
                "threads": options["gunicorn_threads"],
            }
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still inside a slow request
                process.kill()
                process.wait(timeout=30)
        return report

    def _get(self, url: str, token: str) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http, loopback)
        with urllib.request.urlopen(request, timeout=180) as response:  # noqa: S310
            response.read()
            return int(response.status)

    def _wait_until_serving(self, url: str, token: str) -> None:
        deadline = time.monotonic() + 240
        while True:
            try:
                if self._get(url, token) == 200:
                    return
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                raise CommandError(f"gunicorn did not answer {url} with 200 in 240 s.")
            time.sleep(0.5)

    def _wrk(
        self,
        wrk: str,
        base: str,
        paths: list[str],
        token: str,
        options: dict[str, Any],
        duration: int,
        meter: CpuMeter,
    ) -> dict[str, Any]:
        script = (
            f"local paths = {{{', '.join(json.dumps(path) for path in paths)}}}\n"
            "local i = 0\n"
            f'wrk.headers["Authorization"] = "Bearer {token}"\n'
            "request = function()\n"
            "  i = i % #paths + 1\n"
            '  return wrk.format("GET", paths[i])\n'
            "end\n"
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
            lua.write(script)
            lua.flush()
            start = meter.read()
            result = subprocess.run(  # noqa: S603 (wrk from PATH, our own arguments)
                [
                    wrk,
                    "--threads",
                    str(options["threads"]),
                    "--connections",
                    str(options["connections"]),
                    "--duration",
                    f"{duration}s",
                    "--timeout",
                    "10s",
                    "--latency",
                    "--script",
                    lua.name,
                    base,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            # The requests wrk left queued are served before the next run starts (their CPU
            # counts here, so each run pays for its own backlog and not the next one's).
            for _ in range(2 * options["workers"] * options["gunicorn_threads"]):
                self._get(base + "/bench/floor", token)
            end = meter.read()
        self.stdout.write(result.stdout)
        report = parse_wrk(result.stdout)
        report["cpu_ms"] = per_request_ms(start, end, report["requests"])
        # The load test's own processes' CPU (gunicorn, PostgreSQL, Redis, wrk) per request.
        report["cpu_ms_per_request"] = report["cpu_ms"]["ours"]
        return report


def median_report(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One server's rounds folded into one report: each number the median of its rounds."""

    def fold(items: list[dict[str, Any]]) -> dict[str, Any]:
        first = items[0]
        out: dict[str, Any] = {}
        for key, value in first.items():
            if isinstance(value, dict):
                out[key] = fold([item[key] for item in items])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                out[key] = statistics.median(item[key] for item in items)
            else:
                out[key] = value
        return out

    return fold(runs)


def statement_ms(run: dict[str, Any]) -> float:
    """A search's statement: PostgreSQL's CPU per search less its CPU per empty list."""
    empty = run["references"].get(EMPTY)
    if empty is None:
        return 0.0
    return max(0.0, run["cpu_ms"]["postgres"] - empty["cpu_ms"]["postgres"])


def table(report: dict[str, Any]) -> str:
    """Every server's search and references as one Markdown table, CPU per group."""
    search = f"people search (the {report['paths']} searches)"
    groups = " | ".join(f"{name} ms" for name in OURS)
    lines = [
        f"| requests | server | requests/s | p50 ms | p99 ms | CPU ms per request | {groups} "
        "| whole machine ms | x floor | non-2xx |",
        "| --- | --- | " + " | ".join(["---:"] * (8 + len(OURS))) + " |",
    ]
    servers = report["servers"]
    labels = [search, *next(iter(servers.values()))["references"]]
    for label in labels:
        for name, run in servers.items():
            row = run if label == search else run["references"][label]
            floor = run["references"].get(FLOOR)
            times = " | ".join(f"{row['cpu_ms'][group]:.2f}" for group in OURS)
            ratio = (
                f"{row['cpu_ms']['ours'] / floor['cpu_ms']['ours']:.1f}"
                if floor and floor["cpu_ms"]["ours"] > 0
                else "-"
            )
            latency = row["latency_ms"]
            lines.append(
                f"| {label} | {name} | {row['requests_per_second']:.1f} | {latency['50']:.1f} "
                f"| {latency['99']:.1f} | {row['cpu_ms']['ours']:.2f} | {times} "
                f"| {row['cpu_ms']['machine']:.2f} | {ratio} | {row['non_2xx']} |"
            )
    lines.append("")
    for name, run in servers.items():
        statement = statement_ms(run)
        empty = run["references"].get(EMPTY)
        rest = run["cpu_ms"]["ours"] - statement
        share = statement / run["cpu_ms"]["ours"] if run["cpu_ms"]["ours"] else 0.0
        of_empty = f", {rest / empty['cpu_ms']['ours']:.1f} x the empty list" if empty else ""
        lines.append(
            f"{name}: the search statement {statement:.1f} ms of PostgreSQL CPU per search "
            f"({share:.0%} of the search's), everything else {rest:.1f} ms{of_empty}."
        )
    return "\n".join(lines)


def parse_wrk(out: str) -> dict[str, Any]:
    """Read throughput, latency percentiles and errors from wrk's `--latency` report."""
    latency = {
        share: _ms(value)
        for share, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.MULTILINE)
    }
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if rate is None or total is None or set(latency) != {"50", "75", "90", "99"}:
        raise CommandError("Could not read wrk's report:\n" + out)
    errors = re.search(r"Socket errors: (.*)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_second": float(rate.group(1)),
        "requests": int(total.group(1)),
        "latency_ms": latency,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else 0,
    }
