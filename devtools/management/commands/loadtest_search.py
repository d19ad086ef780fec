"""Load-test the people search API on loopback: gunicorn serves, wrk drives.

    ./scripts/bench loadtest_search [--workers 2] [--connections 16] [--duration 30]

What it does: devtools.bench.loadtest. Needs wrk (Debian: `apt-get install wrk`).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devtools.bench.loadtest import SearchLoadTest


class Command(BaseCommand):
    help = "Load-test GET /api/v1/search/people with gunicorn and wrk on loopback."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--connections", type=int, default=16, help="wrk connections")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads")
        parser.add_argument("--duration", type=int, default=30, help="seconds")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--reference-duration", type=int, default=15, help="seconds per reference (0: none)"
        )
        parser.add_argument(
            "--server",
            action="append",
            help="LABEL=ROOT[@KEY=VALUE,...]: a worktree to serve from (repeat for before/after)",
        )
        parser.add_argument("--rounds", type=int, default=1, help="turns per server")
        parser.add_argument("--gunicorn-threads", type=int, default=1, help="threads per worker")
        parser.add_argument(
            "--conn-max-age", type=int, default=60, help="the servers' CONN_MAX_AGE (seconds)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        SearchLoadTest(self.stdout).run(options)
