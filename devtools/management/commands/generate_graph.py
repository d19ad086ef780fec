"""Generate a large network and load it into the current database with COPY.

    manage.py generate_graph --members 1000000 --seed 2026 [--mean-degree 100] [--hubs 3]

Every member, profile, position, education and connection of the database is replaced, so the
command refuses to run unless the database name ends with `_bench` (or `--force` is given).
The connection table's indexes and constraints are dropped for the COPY and recreated from
their own definitions afterwards (devtools.generator.load). `--reuse` does nothing when a graph
with the same parameters is already loaded (they are kept in the small table
`network_bench_graph`).
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from devtools.generator import Params, generate
from devtools.generator.load import database_name, load_network, loaded_graph, refuse_unless_bench


class Command(BaseCommand):
    help = "Replace the members and connections of a *_bench database with a generated network."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--mean-degree", type=float, default=100.0)
        parser.add_argument("--hubs", type=int, default=3, help="members at exactly the cap")
        parser.add_argument("--force", action="store_true", help="run on any database")
        parser.add_argument(
            "--reuse", action="store_true", help="keep a loaded graph with the same parameters"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> str:
        refuse_unless_bench(options["force"])
        params = Params(
            members=options["members"],
            seed=options["seed"],
            mean_degree=options["mean_degree"],
            hubs=options["hubs"],
            cap=settings.CONNECTIONS_MAX_PER_MEMBER,
        )
        if options["reuse"]:
            loaded = loaded_graph()
            if loaded is not None and loaded["params"] == params.as_dict():
                self.stdout.write(f"Reusing the loaded graph: {json.dumps(loaded['stats'])}")
                return ""
        started = time.monotonic()
        self.stdout.write(f"Generating {params.members:,} members (seed {params.seed})…")
        network = generate(
            params.members,
            seed=params.seed,
            mean_degree=params.mean_degree,
            hubs=params.hubs,
            cap=params.cap,
        )
        self.stdout.write(
            f"Generated {len(network.edges):,} connections in {time.monotonic() - started:.1f}s; "
            f"loading into {database_name()}…"
        )
        stats = load_network(network, progress=not options["no_progress"], say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Loaded: {json.dumps(stats)}"))
        return ""
