"""Benchmark people search and typeahead on a generated graph (docs/benchmarks.md, "Search").

    manage.py bench_search --members 100000 [--runs 30] [--skip-load] [--skip-index]

Runs only in a database whose name ends in `_bench`: loads the graph with generate_graph
(index triggers paused, then one bulk rebuild), warms the graph cache, and prints p50/p95 per
query type for viewers with about 100, 1,000 and 30,000 connections (the nearest available).
"""

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from accounts.models import User
from network import graph
from search.selectors import PeopleQuery, people_search, typeahead
from search.services import search_index_rebuild, search_triggers_paused


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


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

    def handle(self, *args: Any, **options: Any) -> None:
        if not connection.settings_dict["NAME"].endswith("_bench"):
            raise CommandError("Run this in a database whose name ends in _bench.")
        if not options["skip_load"]:
            with search_triggers_paused():
                call_command(
                    "generate_graph",
                    members=options["members"],
                    seed=options["seed"],
                    reuse=True,
                    no_progress=True,
                )
        if options["skip_index"]:
            count = User.objects.count()
        else:
            started = time.monotonic()
            count = search_index_rebuild()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_memberdocument")
            seconds = time.monotonic() - started
            self.stdout.write(f"index: {count} documents rebuilt in {seconds:.1f}s")
            graph.warm_all()
        viewers = self._viewers()
        sample = User.objects.select_related("profile").get(pk=viewers[0][1])
        city, industry = sample.profile.location, sample.profile.industry
        word = (sample.profile.current_title.split() or ["engineer"])[-1]
        cases: dict[str, Callable[[User], object]] = {
            "keyword": lambda v: people_search(v, PeopleQuery(q=word)),
            "keyword + 2nd": lambda v: people_search(
                v, PeopleQuery(q=word, degrees=frozenset({2}))
            ),
            "keyword + industry + location": lambda v: people_search(
                v, PeopleQuery(q=word, industry=industry, location=city)
            ),
            "2nd in city (no keyword)": lambda v: people_search(
                v, PeopleQuery(degrees=frozenset({2}), location=city)
            ),
            "typeahead": lambda v: typeahead(v, "mar"),
        }
        self.stdout.write(
            f"members {count}, keyword {word!r}, city {city!r}, industry {industry!r}"
        )
        self.stdout.write("| query | viewer connections | p50 ms | p95 ms |\n|---|---|---|---|")
        for name, run in cases.items():
            for degree, viewer_id in viewers:
                viewer = User.objects.get(pk=viewer_id)
                run(viewer)  # warm this viewer's second degree
                timings = []
                for _ in range(options["runs"]):
                    began = time.perf_counter()
                    run(viewer)
                    timings.append((time.perf_counter() - began) * 1000)
                self.stdout.write(
                    f"| {name} | {degree} | {statistics.median(timings):.1f} "
                    f"| {_percentile(timings, 0.95):.1f} |"
                )

    def _viewers(self) -> list[tuple[int, int]]:
        chosen = []
        with connection.cursor() as cursor:
            for target in (100, 1_000, 30_000):
                cursor.execute(
                    "SELECT member_id, count(*) FROM connections_connection GROUP BY member_id "
                    "ORDER BY abs(count(*) - %s), member_id LIMIT 1",
                    [target],
                )
                member_id, degree = cursor.fetchone()
                chosen.append((int(degree), int(member_id)))
        return sorted(set(chosen))
