"""Load-test the people search API on loopback: gunicorn serves, wrk drives.

    ./scripts/bench loadtest_search [--workers 2] [--connections 16] [--duration 30]

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
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psutil
from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Profile, User
from devtools.reporting import write_json

OUTPUT = Path(settings.BASE_DIR) / "var" / "bench" / "search_load.json"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# What the same server answers when nothing is searched, as the ceiling search works under:
REFERENCES = (
    # an authenticated empty page: middleware, the JWT and its member, DRF, pagination
    ("an empty list (GET /api/v1/blocks)", "/api/v1/blocks"),
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


class SearchLoadTest:
    """One run: gunicorn started, wrk driven against it, the report printed and written."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout

    def run(self, options: dict[str, Any]) -> None:
        if not connection.settings_dict["NAME"].endswith("_bench"):
            raise CommandError("Run this in a database whose name ends in _bench.")
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        viewer = self._viewer()
        paths = self._paths()
        token = str(AccessToken.for_user(viewer))
        base = f"http://127.0.0.1:{options['port']}"
        env = {**os.environ, "THROTTLE_USER": "1000000000/min", "DJANGO_DEBUG": "false"}
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(options["workers"]),
                "--bind",
                f"127.0.0.1:{options['port']}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            self._wait_until_serving(base + paths[0], token)
            references = REFERENCES if options["reference_duration"] else ()
            for path in (paths + [path for _, path in references]) * 2:  # warm every worker
                self._get(base + path, token)
            report = self._wrk(wrk, base, paths, token, options, options["duration"])
            report["references"] = {
                label: self._wrk(wrk, base, [path], token, options, options["reference_duration"])
                for label, path in references
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
        report.update(
            {
                "viewer": {"id": viewer.pk, "connections": viewer.connection_count.count},
                "gunicorn_workers": options["workers"],
                "wrk": {k: options[k] for k in ("connections", "threads", "duration")},
                "paths": len(paths),
                "cpus": os.cpu_count(),
            }
        )
        write_json(OUTPUT, report)
        self.stdout.write(
            f"\n{report['requests_per_second']:.1f} requests/s, latency p50 "
            f"{report['latency_ms']['50']:.1f} ms, p99 {report['latency_ms']['99']:.1f} ms, "
            f"{report['non_2xx']} non-2xx, {report['socket_errors']} socket errors "
            f"(target: at least 300 requests/s with p99 under 200 ms). Wrote {OUTPUT}"
        )
        if report["references"]:
            self.stdout.write("\n" + table(report))

    def _viewer(self) -> User:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT member_id FROM connections_connectioncount "
                "ORDER BY abs(count - 1000), member_id LIMIT 1"
            )
            row = cursor.fetchone()
        if row is None:
            raise CommandError("No members: load the graph with ./scripts/bench first.")
        return User.objects.select_related("connection_count").get(pk=row[0])

    def _paths(self) -> list[str]:
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

    def _get(self, url: str, token: str) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http, loopback)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            return int(response.status)

    def _wait_until_serving(self, url: str, token: str) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                if self._get(url, token) == 200:
                    return
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                raise CommandError(f"gunicorn did not answer {url} with 200 in 60 s.")
            time.sleep(0.5)

    def _wrk(
        self,
        wrk: str,
        base: str,
        paths: list[str],
        token: str,
        options: dict[str, Any],
        duration: int,
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
            busy = machine_busy_seconds()
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
            busy = machine_busy_seconds() - busy
        self.stdout.write(result.stdout)
        report = parse_wrk(result.stdout)
        # Every process's CPU (gunicorn, PostgreSQL, Redis, wrk) per request served.
        report["cpu_ms_per_request"] = 1000 * busy / max(1, report["requests"])
        return report


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent not idle since boot, every CPU together (Linux
    counts guest time in user and nice already, so it is not added twice)."""
    times = psutil.cpu_times()
    not_busy = ("iowait", "guest", "guest_nice")
    return sum(times) - times.idle - sum(getattr(times, name, 0.0) for name in not_busy)


def table(report: dict[str, Any]) -> str:
    """The search run beside the references, as a Markdown table."""
    search = f"people search (the {report['paths']} searches)"
    rows = [(search, report), *report["references"].items()]
    lines = [
        "| requests | requests/s | p50 ms | p99 ms | CPU ms per request | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, run in rows:
        latency = run["latency_ms"]
        lines.append(
            f"| {label} | {run['requests_per_second']:.1f} | {latency['50']:.1f} "
            f"| {latency['99']:.1f} | {run['cpu_ms_per_request']:.1f} | {run['non_2xx']} |"
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
