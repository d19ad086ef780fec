"""Where the CPU of one request goes, in this process: the load test's ladder of references
and lists called through the real WSGI handler (no server, no socket), then a pyinstrument
profile of one of them.

    ./scripts/bench profile_request [--requests 300] [--rounds 3] [--profile /api/v1/blocks]
        [--search-stages]

Each path is called `--requests` times per round, the rounds alternate the paths, and the
table gives the median CPU (time.process_time) per request and its ratio to the DRF view with
the token's member and the throttle, the floor of every authenticated API list. The server
module (devtools/bench/server/floor_wsgi.py) is the load test's own, so the paths are the
same; the member is the load test's (about 1,000 connections), with the throttles lifted as
there. The profile is wall time (pyinstrument), which on loopback is CPU and round trips.
`--search-stages` adds the CPU of each stage of the load test's 80 people searches
(devtools.bench.search_stages).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, OutputWrapper
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework_simplejwt.tokens import AccessToken

from devtools.bench.loadtest import load_test_viewer, search_paths
from devtools.reporting import markdown_row

SERVER_DIR = Path(__file__).resolve().parent / "server"
LADDER = (
    ("the floor (constant JSON from WSGI)", "/bench/floor"),
    ("Django, no middleware", "/bench/django-bare"),
    ("Django and the middleware stack", "/bench/django-stack"),
    ("DRF, no authentication or throttle", "/bench/drf"),
    ("DRF, the token's member and the throttle", "/bench/drf-member"),
    ("an empty list (blocks)", "/api/v1/blocks"),
    ("20 suggested members", "/api/v1/network/suggestions"),
    ("25 connections, first page", "/api/v1/connections"),
    ("a people search", "/api/v1/search/people?q=Engineer"),
)
MEMBER_FLOOR = "/bench/drf-member"


def _application() -> Callable[..., Iterable[bytes]]:
    sys.path.insert(0, str(SERVER_DIR))
    try:
        from floor_wsgi import application
    finally:
        sys.path.remove(str(SERVER_DIR))
    # The server module resolves `/bench/...` in its own URL conf, a module beside it.
    sys.path.append(str(SERVER_DIR))
    return application


class RequestProfile:
    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout

    def run(self, options: dict[str, Any]) -> None:
        for name, value in (
            ("THROTTLE_USER", "1000000000/min"),
            ("SEARCH_PEOPLE_RATE", "1000000000/min"),
        ):
            if os.environ.get(name) != value:
                raise CommandError(f"Run through ./scripts/bench, which sets {name}={value}.")
        application = _application()
        token = str(AccessToken.for_user(load_test_viewer()))
        # One process, one connection kept: as a gunicorn worker with CONN_MAX_AGE.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            self._measure(application, token, options)
            if options.get("search_stages"):
                self._search_stages(options["rounds"])
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
            sys.path.remove(str(SERVER_DIR))

    def _measure(
        self, application: Callable[..., Iterable[bytes]], token: str, options: dict[str, Any]
    ) -> None:
        def call(path: str) -> str:
            path_info, _, query = path.partition("?")
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path_info,
                "QUERY_STRING": query,
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000",
                "HTTP_HOST": "127.0.0.1:8000",
                "HTTP_AUTHORIZATION": f"Bearer {token}",
                "REMOTE_ADDR": "127.0.0.1",
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(b""),
                "wsgi.errors": sys.stderr,
            }
            started: list[str] = []
            response = application(environ, lambda status, headers: started.append(status))
            try:
                for _ in response:
                    pass
            finally:
                # As gunicorn does: closing finishes the request (request_finished resets the
                # thread's URLconf, which a /bench/ path set to bench_urls), and is paid for.
                if hasattr(response, "close"):
                    response.close()
            return started[0]

        requests, rounds = options["requests"], options["rounds"]
        paths = [path for _, path in LADDER]
        for path in paths:  # warm: imports, the URL resolver's caches, the graph arrays
            for _ in range(10):
                status = call(path)
            if not status.startswith("200"):
                raise CommandError(f"{path} answered {status}")
        cpu: dict[str, list[float]] = {path: [] for path in paths}
        for _ in range(rounds):
            for path in paths:
                started = time.process_time()
                for _ in range(requests):
                    call(path)
                cpu[path].append(1000 * (time.process_time() - started) / requests)
        medians = {path: statistics.median(values) for path, values in cpu.items()}
        floor = medians[MEMBER_FLOOR]
        rows = [
            [label, path, f"{medians[path]:.3f}", f"{medians[path] / floor:.2f}"]
            for label, path in LADDER
        ]
        header = ["request", "path", "CPU ms per request", "x DRF with the member"]
        lines = [markdown_row(header), markdown_row(["---", "---", "---:", "---:"])]
        self.stdout.write("\n".join([*lines, *(markdown_row(row) for row in rows)]))
        if options["profile"]:
            self._profile(call, options["profile"], requests)

    def _search_stages(self, rounds: int) -> None:
        from devtools.bench.search_stages import measure

        rows = measure(load_test_viewer(), search_paths(), rounds)
        header = ["stage of a people search", "CPU ms per search", "share"]
        lines = [markdown_row(header), markdown_row(["---", "---:", "---:"])]
        self.stdout.write("\n" + "\n".join([*lines, *(markdown_row(row) for row in rows)]))

    def _profile(self, call: Callable[[str], str], path: str, requests: int) -> None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(requests):
            call(path)
        profiler.stop()
        self.stdout.write(f"\npyinstrument, {requests} x GET {path}:\n")
        self.stdout.write(profiler.output_text(unicode=False, color=False, show_all=False))
