"""Benchmark the home feed and a busy group page in a database of its own.

    manage.py bench_feed [--members 100000 --posts 1000000 --reactions 5000000 --runs 50]
                         [--explain] [--keep | --reuse bench_feed_<pid>]

What it loads and times: devtools.bench.feed.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devtools.bench.feed import run


class Command(BaseCommand):
    help = "Time the home feed and a busy group page on generated data (own database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--posts", type=int, default=1_000_000)
        parser.add_argument("--reactions", type=int, default=5_000_000)
        parser.add_argument("--comments", type=int, default=500_000)
        parser.add_argument("--groups", type=int, default=2_000)
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--redis-db", type=int, default=7, help="Redis db for the graph cache")
        parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE")
        parser.add_argument("--keep", action="store_true", help="Do not drop the database.")
        parser.add_argument(
            "--reuse",
            metavar="NAME",
            default="",
            help="Time an existing bench_feed_* database (kept by --keep) without loading; "
            "it is kept.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run.run(options, self.stdout.write)
