"""Benchmark the home feed and a busy group page in a database of its own.

    manage.py bench_feed [--members 100000 --posts 1000000 --reactions 5000000 --runs 50]
                         [--explain] [--keep | --reuse bench_feed_<pid>]

Creates `bench_feed_<pid>` next to the configured database and migrates it; loads a generated
professional network with network's COPY loader (network.generator: ~100 connections per
member, heavy-tailed, three hubs at the 30,000 cap); then loads with COPY the groups (a busy
one with 20,000 members), memberships, posts (a year of them, a tenth in groups), comments,
reactions, follows and blocks, with the big tables' indexes built after the load. Viewers are
the members whose number of connections is nearest to 100, 1,000 and 30,000.

Timed, warm, for each viewer and for the busy group's page: the SQL of the first page of posts
as the pages read it (`feed.cards`: the posts with their counts and the viewer's reaction, then
the latest comments; rows made into models), and the whole page through Django's test client
(the home page or the group page: every query, the degree badges from the Redis graph cache,
templates), and the same first page from the API (`/api/v1/feed`,
`/api/v1/groups/<id>/posts`, JSON: the ORM selectors). Prints p50/p95 and queries per page,
then drops the database and its Redis keys (a key prefix of its own, on --redis-db). It never
touches the configured database.

`--keep` keeps the database (its name is `bench_feed_<pid>`); `--reuse bench_feed_<pid>` times
a kept one again without loading (the viewers are found again by their number of
connections), for before/after comparisons on the same data; a reused database is kept.
"""

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from devtools.bench.database import own_graph_cache
from devtools.bench.feed.data import VIEWER_SIZES, FeedData
from devtools.bench.feed.timing import FeedTimer


def _admin(statement: str) -> None:
    """Run CREATE/DROP DATABASE from the configured connection (autocommit, no transaction)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(statement)


def run(options: dict[str, Any], say: Callable[[str], None]) -> None:
    """Load (or reuse) the own database, time every case, and clean up."""
    reuse = options["reuse"]
    if reuse and not re.fullmatch(r"bench_feed_\d+", reuse):
        raise SystemExit("--reuse takes the name of a bench_feed_<pid> database")
    name = reuse or f"bench_feed_{os.getpid()}"
    if name == settings.DATABASES["default"]["NAME"]:
        raise SystemExit("refusing to use the configured database")
    with _own_database(
        name, create=not reuse, drop=not (options["keep"] or reuse), redis_db=options["redis_db"]
    ):
        if reuse:
            viewers, group_id = _find_viewers(), 1
        else:
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            viewers, group_id = FeedData(say).fill(options)
            say(f"data loaded in {time.perf_counter() - started:.0f} s")
        FeedTimer(say).report(viewers, group_id, options["runs"], options["explain"])


@contextmanager
def _own_database(name: str, *, create: bool, drop: bool, redis_db: int) -> Iterator[None]:
    """Point the default connection at database `name`, and the graph cache at a key prefix and
    Redis database of its own; put everything back (and forget those keys) afterwards."""
    original = settings.DATABASES["default"]["NAME"]
    with own_graph_cache(name, redis_db):
        if create:
            _admin(f'CREATE DATABASE "{name}"')
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = name
        connections["default"].settings_dict["NAME"] = name
        try:
            yield
        finally:
            connections.close_all()
            settings.DATABASES["default"]["NAME"] = original
            connections["default"].settings_dict["NAME"] = original
    if drop:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _find_viewers() -> dict[int, tuple[int, int]]:
    """The viewers FeedData.fill chose, found again in a reused database: for each size, the
    member whose number of connections is nearest (the lowest id among ties)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT member_id, count(*) FROM connections_connection GROUP BY member_id")
        degrees = dict(cursor.fetchall())
    return {
        size: min(degrees.items(), key=lambda item: (abs(item[1] - size), item[0]))
        for size in VIEWER_SIZES
    }
