"""Benchmark the network read side on a generated graph; print a table, write JSON.

    manage.py bench_network --members 100000 [--seed 2026] [--rebuild] [--force]

What it measures: devtools.bench.network.run.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test import override_settings

from devtools.bench.network.run import DEFAULT_OUTPUT, NetworkBench
from devtools.generator.load import refuse_unless_bench


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
        # This process builds the snapshot it measures: the listener's own refresh, due on a
        # machine with none, would build another at the same moment and may become current
        # after it (graphcache.snapshot `refresh_if_due`).
        with override_settings(GRAPH_SNAPSHOT_REFRESH_SECONDS=0):
            NetworkBench(options, self.stdout).run()
        return ""
