"""Benchmark people search and typeahead on a generated graph (docs/benchmarks.md, "Search").

    manage.py bench_search --members 100000 [--runs 30] [--skip-load] [--skip-index]
        [--groups 20000]
    manage.py bench_search --write-cost [--runs 200]

Runs only in a database whose name ends in `_bench`: loads the graph with generate_graph
(index triggers paused, then one bulk rebuild), adds `--groups` groups when there are none
(names and descriptions from the members' industries and cities, heavy-tailed sizes, members
drawn mostly from the group's city; the benchmark's viewers join a few), warms the graph cache,
and prints p50/p95 per query type for viewers with about 100, 1,000 and 30,000 connections (the
nearest available). `--write-cost`: what keeping the index costs a write instead (below).
"""

import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction

from accounts.industries import INDUSTRIES
from accounts.models import User
from devtools import graph_access as cache
from devtools.bench.database import require_bench_database
from devtools.bench.search_groups import GROUP_KINDS, load_groups
from devtools.reporting import markdown_row, nearest_rank, samples_ms, timed_ms
from groups.models import Group, Membership
from search.selectors import GroupQuery, PeopleQuery, group_search, people_search, typeahead
from search.services import search_index_rebuild, search_triggers_paused

# A word a member of each industry would type to find its groups (the label's first word).
INDUSTRY_WORDS = {slug: label.split()[0] for slug, label in INDUSTRIES}
Case = Callable[[User], object]


def run(options: dict[str, Any], say: Callable[[str], None]) -> None:
    """Load and index as asked, then print p50/p95 of every query for every viewer."""
    require_bench_database()
    count = _prepare(options, say)
    viewers = _viewers()
    if options["groups"] and not Group.objects.exists():
        started = time.monotonic()
        load_groups(options["groups"], options["seed"], [v for _, v in viewers])
        say(
            f"groups: {Group.objects.count()} with "
            f"{Membership.objects.count()} memberships in {time.monotonic() - started:.1f}s"
        )
    sample = User.objects.select_related("profile").get(pk=viewers[0][1])
    city, industry = sample.profile.location, sample.profile.industry
    word = (sample.profile.current_title.split() or ["engineer"])[-1]
    cases = _cases(word, city, industry)
    say(f"members {count}, keyword {word!r}, city {city!r}, industry {industry!r}")
    say("| query | viewer connections | p50 ms | p95 ms |\n|---|---|---|---|")
    for name, case in cases.items():
        for degree, viewer_id in viewers:
            viewer = User.objects.get(pk=viewer_id)
            # The first call warms this viewer's second degree.
            timings = samples_ms(partial(case, viewer), options["runs"])
            say(
                markdown_row(
                    [
                        name,
                        degree,
                        f"{statistics.median(timings):.1f}",
                        f"{nearest_rank(timings, 0.95):.1f}",
                    ]
                )
            )


# What a write pays for the index (search/sql.py): one member's document refreshed, and a
# profile edit whose trigger refreshes it in the same statement.
WRITES = {
    "one member's refresh": "SELECT search_member_refresh(ARRAY[%s]::bigint[])",
    "a profile edit (UPDATE, its trigger)": (
        "UPDATE accounts_profile SET headline = headline || '' WHERE member_id = %s"
    ),
}


def write_cost(runs: int, say: Callable[[str], None]) -> None:
    """p50/p95 of each of WRITES for `runs` members drawn at random (the same ones for each,
    after one warming call), in a transaction rolled back: the database is left as it was."""
    require_bench_database()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        cursor.execute(
            "SELECT member_id FROM accounts_profile ORDER BY random() LIMIT %s", [runs + 1]
        )
        members = [member_id for (member_id,) in cursor.fetchall()]
        say(f"members {User.objects.count()}, {len(members) - 1} writes each")
        say("| write | p50 ms | p95 ms |\n|---|---|---|")
        for name, statement in WRITES.items():
            cursor.execute(statement, [members[0]])
            timings = [
                timed_ms(partial(cursor.execute, statement, [member_id]))
                for member_id in members[1:]
            ]
            row = [name, f"{statistics.median(timings):.2f}", f"{nearest_rank(timings, 0.95):.2f}"]
            say(markdown_row(row))
        transaction.set_rollback(True)


def _prepare(options: dict[str, Any], say: Callable[[str], None]) -> int:
    """Load the graph (unless --skip-load) and rebuild the index (unless --skip-index)."""
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
        return User.objects.count()
    started = time.monotonic()
    count = search_index_rebuild()  # ends with ANALYZE
    with connection.cursor() as cursor:  # the visibility map, for index-only scans
        cursor.execute("VACUUM search_memberdocument")
    seconds = time.monotonic() - started
    say(f"index: {count} documents rebuilt in {seconds:.1f}s")
    cache.build_snapshot()  # the graph as it is served: mapped by every process
    return count


def _cases(word: str, city: str, industry: str) -> dict[str, Case]:
    cases: dict[str, Case] = {
        "keyword": lambda v: people_search(v, PeopleQuery(q=word)),
        "keyword + 2nd": lambda v: people_search(v, PeopleQuery(q=word, degrees=frozenset({2}))),
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
    return cases


def _viewers() -> list[tuple[int, int]]:
    """(connections, id) of the members nearest to 100, 1,000 and 30,000 connections."""
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
