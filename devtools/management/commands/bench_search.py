"""Benchmark people search and typeahead on a generated graph (docs/benchmarks.md, "Search").

    manage.py bench_search --members 100000 [--runs 30] [--skip-load] [--skip-index]
        [--groups 20000]
    manage.py bench_search --statement [--rounds 5] [--runs 5] --server LABEL=ROOT ...
    manage.py bench_search --write-cost [--runs 200]

What it does: devtools.bench.search.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.bench import search, search_statement


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
        parser.add_argument(
            "--statement",
            action="store_true",
            help="time the people-search statement of the load test's 80 searches, per "
            "--server, and check they all answer alike (read-only: no load, no index)",
        )
        parser.add_argument(
            "--server",
            action="append",
            default=[],
            metavar="LABEL=ROOT",
            help="with --statement: a worktree to measure (its .venv and code); the first is "
            "the reference (default: this one)",
        )
        parser.add_argument("--rounds", type=int, default=5, help="with --statement")
        parser.add_argument(
            "--write-cost",
            action="store_true",
            help="time one member's document refresh and a profile edit, --runs members "
            "(read-only: rolled back, no load, no index)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write_cost"]:
            search.write_cost(options["runs"], self.stdout.write)
            return
        if not options["statement"]:
            search.run(options, self.stdout.write)
            return
        servers = [
            (label, Path(root).resolve())
            for label, _, root in (spec.partition("=") for spec in options["server"] or ["this=."])
        ]
        if any(not root.is_dir() for _, root in servers):
            raise CommandError("--server LABEL=ROOT: ROOT must be a worktree's folder")
        self.stdout.write(search_statement.compare(servers, options["rounds"], options["runs"]))
