"""Benchmark people search and typeahead on a generated graph (docs/benchmarks.md, "Search").

    manage.py bench_search --members 100000 [--runs 30] [--skip-load] [--skip-index]
        [--groups 20000]

Runs only in a database whose name ends in `_bench`: loads the graph with generate_graph
(index triggers paused, then one bulk rebuild), adds `--groups` groups when there are none
(names and descriptions from the members' industries and cities, heavy-tailed sizes, members
drawn mostly from the group's city; the benchmark's viewers join a few), warms the graph cache,
and prints p50/p95 per query type for viewers with about 100, 1,000 and 30,000 connections (the
nearest available).
"""

import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from accounts.industries import INDUSTRIES
from accounts.models import User
from groups.models import Group, Membership
from network import snapshot
from network.management.commands.generate_graph import copy_chunks
from search.selectors import GroupQuery, PeopleQuery, group_search, people_search, typeahead
from search.services import search_index_rebuild, search_triggers_paused

GROUP_KINDS = ("Network", "Professionals", "Forum", "Meetup", "Leaders", "Careers")
# A word a member of each industry would type to find its groups (the label's first word).
INDUSTRY_WORDS = {slug: label.split()[0] for slug, label in INDUSTRIES}


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
        parser.add_argument("--groups", type=int, default=0, help="groups to add if none")

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
            count = search_index_rebuild()  # ends with ANALYZE
            with connection.cursor() as cursor:  # the visibility map, for index-only scans
                cursor.execute("VACUUM search_memberdocument")
            seconds = time.monotonic() - started
            self.stdout.write(f"index: {count} documents rebuilt in {seconds:.1f}s")
            snapshot.build()  # the graph as it is served: mapped by every process
        viewers = self._viewers()
        if options["groups"] and not Group.objects.exists():
            started = time.monotonic()
            self._load_groups(options["groups"], options["seed"], [v for _, v in viewers])
            self.stdout.write(
                f"groups: {Group.objects.count()} with "
                f"{Membership.objects.count()} memberships in {time.monotonic() - started:.1f}s"
            )
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
        if Group.objects.exists():
            topic = INDUSTRY_WORDS.get(industry, "network")
            cases["group keyword"] = lambda v: group_search(v, GroupQuery(q=topic))
            cases["group keyword + industry"] = lambda v: group_search(
                v, GroupQuery(q=GROUP_KINDS[0], industry=industry)
            )
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

    def _load_groups(self, count: int, seed: int, viewers: list[int]) -> None:
        """COPY `count` listed groups and their memberships (a member's first group row is
        the owner), then set member counts."""
        rng = np.random.default_rng(seed)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT location, array_agg(member_id) FROM search_memberdocument "
                "WHERE is_visible AND location <> '' GROUP BY location "
                "ORDER BY count(*) DESC LIMIT 60"
            )
            cities = [(city, np.array(ids, dtype=np.int64)) for city, ids in cursor.fetchall()]
            cursor.execute("SELECT max(member_id) FROM search_memberdocument")
            (top,) = cursor.fetchone()
        slugs = [slug for slug, _ in INDUSTRIES]
        city_of = rng.integers(0, len(cities), count)
        industry_of = rng.integers(0, len(slugs), count)
        kind_of = rng.integers(0, len(GROUP_KINDS), count)
        sizes = np.minimum((rng.pareto(1.2, count) + 1) * 15, 20_000).astype(np.int64)
        labels = dict(INDUSTRIES)

        def groups() -> Iterator[bytes]:
            for i in range(count):
                city = cities[city_of[i]][0].split(",")[0]
                label = labels[slugs[industry_of[i]]]
                name = f"{city} {label} {GROUP_KINDS[kind_of[i]]}"[:100]
                about = f"{label} people in {city}: jobs, events and questions."
                yield (
                    f"{i + 1}\t{name}\t{about}\t\t{slugs[industry_of[i]]}\t\tlisted\topen\tf\t0"
                    "\t2025-01-01 00:00:00+00\n"
                ).encode()

        pairs = []
        for i in range(count):
            local = cities[city_of[i]][1]
            near = rng.choice(local, min(len(local), int(sizes[i] * 0.7)), replace=False)
            far = rng.integers(1, top + 1, int(sizes[i]) - len(near))
            pairs.append(np.stack([np.full(len(near) + len(far), i + 1), np.r_[near, far]], 1))
        joined = np.concatenate(
            [*pairs, np.array([[g, v] for v in viewers for g in range(1, 6)], dtype=np.int64)]
        )
        keys = np.unique(joined[:, 0] * (top + 1) + joined[:, 1])
        group_ids, member_ids = keys // (top + 1), keys % (top + 1)
        owner = np.r_[True, group_ids[1:] != group_ids[:-1]]

        def memberships() -> Iterator[bytes]:
            for start in range(0, len(keys), 100_000):
                rows = zip(
                    group_ids[start : start + 100_000].tolist(),
                    member_ids[start : start + 100_000].tolist(),
                    owner[start : start + 100_000].tolist(),
                    strict=True,
                )
                yield "".join(
                    f"{g}\t{m}\t{'owner' if first else 'member'}\t2025-01-02 00:00:00+00\n"
                    for g, m, first in rows
                ).encode()

        with connection.cursor() as cursor:
            copy_chunks(
                cursor,
                "COPY groups_group (id, name, description, rules, industry, logo, visibility, "
                "join_policy, posts_need_approval, member_count, created_at) FROM STDIN",
                groups(),
            )
            copy_chunks(
                cursor,
                "COPY groups_membership (group_id, member_id, role, created_at) FROM STDIN",
                memberships(),
            )
            cursor.execute(
                "UPDATE groups_group g SET member_count = n FROM (SELECT group_id, count(*) AS n "
                "FROM groups_membership GROUP BY group_id) c WHERE c.group_id = g.id"
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('groups_group', 'id'), max(id)) "
                "FROM groups_group"
            )
            cursor.execute("VACUUM ANALYZE groups_group")
            cursor.execute("VACUUM ANALYZE groups_membership")

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
