"""Benchmark people search and typeahead on a generated graph (docs/benchmarks.md, "Search").

    manage.py bench_search --members 100000 [--runs 30] [--skip-load] [--skip-index]
        [--groups 20000]

What it does: devtools.bench.search.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devtools.bench import search


class Command(BaseCommand):
    help = "Time people search and typeahead on a generated graph."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--skip-load", action="store_true")
        parser.add_argument(
            "--skip-index", action="store_true", help="reuse the index and the graph cache"
        )
        parser.add_argument("--groups", type=int, default=0, help="groups to add if none")

    def handle(self, *args: Any, **options: Any) -> None:
        search.run(options, self.stdout.write)
