# ruff: noqa: S608 -- SQL is formatted from table names of this module and ints, never input.
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
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

VIEWER_SIZES = (100, 1_000, 30_000)
BUSY_GROUP_MEMBERS = 20_000
_CHUNK = 500_000
_YEAR = 365 * 24 * 3600


def _admin(statement: str) -> None:
    """Run CREATE/DROP DATABASE from the configured connection (autocommit, no transaction)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(statement)


def _copy(cursor: Any, table: str, columns: str, rows: Iterator[str]) -> None:
    from network.management.commands.generate_graph import copy_chunks

    sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT text)"
    copy_chunks(cursor, sql, (row.encode() for row in rows))


def _chunks(count: int, render: Callable[[slice], Iterable[str]]) -> Iterator[str]:
    for start in range(0, count, _CHUNK):
        yield "".join(render(slice(start, min(start + _CHUNK, count))))


def _stamps(seconds_ago: np.ndarray, now: float) -> list[str]:
    """ISO timestamps (UTC) for offsets in seconds before `now`."""
    moments = (np.int64(now) - seconds_ago.astype(np.int64)).astype("datetime64[s]")
    return [f"{stamp}+00" for stamp in moments.astype(str).tolist()]


def _unique_pairs(
    first: np.ndarray, second: np.ndarray, base: int, *, distinct: bool = True
) -> np.ndarray:
    """Unique (first, second) rows (with first != second when `distinct`), sorted, as an
    (n, 2) int64 array; `second` must be below `base`."""
    keep = first != second if distinct else np.ones(len(first), dtype=bool)
    keys = np.unique(first[keep].astype(np.int64) * base + second[keep].astype(np.int64))
    return np.stack([keys // base, keys % base], axis=1)


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
        reuse = options["reuse"]
        if reuse and not re.fullmatch(r"bench_feed_\d+", reuse):
            raise SystemExit("--reuse takes the name of a bench_feed_<pid> database")
        name = reuse or f"bench_feed_{os.getpid()}"
        if name == settings.DATABASES["default"]["NAME"]:
            raise SystemExit("refusing to use the configured database")
        original = settings.DATABASES["default"]["NAME"]
        # The graph cache (network/graph.py) keys by member id: a prefix and db of our own.
        saved = (settings.REDIS_URL, settings.CACHES["default"].get("KEY_PREFIX"))
        settings.REDIS_URL = re.sub(r"/\d*$", "", settings.REDIS_URL) + f"/{options['redis_db']}"
        settings.CACHES["default"]["KEY_PREFIX"] = name
        if not reuse:
            _admin(f'CREATE DATABASE "{name}"')
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = name
        connections["default"].settings_dict["NAME"] = name
        try:
            if reuse:
                viewers, group_id = self._find_viewers(), 1
            else:
                call_command("migrate", verbosity=0)
                started = time.perf_counter()
                viewers, group_id = self._fill(options)
                self.stdout.write(f"data loaded in {time.perf_counter() - started:.0f} s")
            self._report(viewers, group_id, options["runs"], options["explain"])
        finally:
            self._forget_cache(name)
            connections.close_all()
            settings.DATABASES["default"]["NAME"] = original
            connections["default"].settings_dict["NAME"] = original
            settings.REDIS_URL, settings.CACHES["default"]["KEY_PREFIX"] = saved
            if not (options["keep"] or reuse):
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _find_viewers(self) -> dict[int, tuple[int, int]]:
        """The viewers _fill chose, found again in a reused database: for each size, the
        member whose number of connections is nearest (the lowest id among ties)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT member_id, count(*) FROM connections_connection GROUP BY member_id"
            )
            degrees = dict(cursor.fetchall())
        return {
            size: min(degrees.items(), key=lambda item: (abs(item[1] - size), item[0]))
            for size in VIEWER_SIZES
        }

    def _forget_cache(self, prefix: str) -> None:
        from connections.events import graph_client

        client = graph_client()
        keys = list(client.scan_iter(match=f"{prefix}:*", count=10_000))
        for start in range(0, len(keys), 10_000):
            client.unlink(*keys[start : start + 10_000])

    # -- data ---------------------------------------------------------------------------

    def _fill(self, options: dict[str, Any]) -> tuple[dict[int, tuple[int, int]], int]:
        from network.generator import generate

        # network's loader: its COPY of members and connections, and its drop-and-rebuild of
        # a table's indexes and keys around a bulk load.
        from network.management.commands.generate_graph import _detach, load_network

        members = options["members"]
        rng = np.random.default_rng(options["seed"])
        began = time.perf_counter()
        network = generate(members, seed=options["seed"], cap=30_000)
        load_network(network, progress=False, say=self.stdout.write)
        self.stdout.write(
            f"graph: {members:,} members, {len(network.edges):,} connections "
            f"in {time.perf_counter() - began:.0f} s"
        )
        degrees = network.degrees
        viewers = {}
        for size in VIEWER_SIZES:
            index = int(np.argmin(np.abs(degrees - size)))
            viewers[size] = (index + 1, int(degrees[index]))
        # Busier members post more: the generator's heavy-tailed degree stands in for activity.
        activity = (degrees + 5).astype(np.float64)
        activity /= activity.sum()
        now = time.time()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            recreate = [
                statement
                for table in ("feed_post", "feed_comment", "feed_reaction", "groups_membership")
                for statement in _detach(cursor, table)
            ]
            group_id, memberships = self._groups(cursor, rng, options, viewers, now)
            post_ids, created = self._posts(cursor, rng, options, memberships, activity, now)
            self._comments_and_reactions(cursor, rng, options, post_ids, created, now)
            self._follows_and_blocks(cursor, rng, members, viewers, now)
            began = time.perf_counter()
            for statement in recreate:
                cursor.execute(statement)
            self.stdout.write(f"indexes rebuilt in {time.perf_counter() - began:.0f} s")
            pinned = int(post_ids[memberships["busy_post"]])
            cursor.execute("UPDATE groups_group SET pinned_post_id = %s WHERE id = %s", [pinned, 1])
            for table in ("feed_post", "feed_comment", "feed_reaction", "groups_group"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            began = time.perf_counter()
            cursor.execute("VACUUM ANALYZE")  # statistics, and the visibility map
            self.stdout.write(f"vacuum and analyze in {time.perf_counter() - began:.0f} s")
        return viewers, group_id

    def _groups(
        self,
        cursor: Any,
        rng: np.random.Generator,
        options: dict[str, Any],
        viewers: dict[int, tuple[int, int]],
        now: float,
    ) -> tuple[int, dict[str, Any]]:
        """Groups of heavy-tailed sizes; group 1 is the busy one. The ~1,000-connection viewer
        (the one who opens the busy group's page) is in groups 1-5, the other viewers in three
        groups of the long tail (their feed gets no help from a busy group). Owners are each
        group's first member."""
        members, count = options["members"], options["groups"]
        sizes = np.minimum((rng.pareto(1.3, count) + 1) * 25, 5_000).astype(np.int64)
        sizes[0] = min(BUSY_GROUP_MEMBERS, members)
        group_of = np.repeat(np.arange(1, count + 1), sizes)
        member_of = rng.integers(1, members + 1, len(group_of))
        extra_groups, extra_members = [], []
        for size, (viewer, _degree) in viewers.items():
            chosen = range(1, 6) if size == VIEWER_SIZES[1] else range(count - 2, count + 1)
            extra_groups += list(chosen)
            extra_members += [viewer] * len(chosen)
        pairs = _unique_pairs(
            np.concatenate([group_of, extra_groups]),
            np.concatenate([member_of, extra_members]),
            members + 1,
        )
        first_row = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]  # lowest member id = owner
        roles = np.where(first_row, "owner", "member")
        counts = np.bincount(pairs[:, 0], minlength=count + 1)
        created = _stamps(rng.integers(_YEAR, 3 * _YEAR, count), now)
        _copy(
            cursor,
            "groups_group",
            "id, name, description, rules, industry, logo, visibility, join_policy, "
            "posts_need_approval, member_count, created_at",
            _chunks(
                count,
                lambda part: (
                    f"{i + 1}\t{'Busy group' if i == 0 else f'Group {i + 1}'}\tAbout\t\t\t\t"
                    f"listed\topen\tf\t{counts[i + 1]}\t{created[i]}\n"
                    for i in range(part.start, part.stop)
                ),
            ),
        )
        joined = _stamps(rng.integers(0, _YEAR, len(pairs)), now - _YEAR)
        groups, people, role_list = pairs[:, 0].tolist(), pairs[:, 1].tolist(), roles.tolist()
        _copy(
            cursor,
            "groups_membership",
            "group_id, member_id, role, created_at",
            _chunks(
                len(pairs),
                lambda part: (
                    f"{groups[i]}\t{people[i]}\t{role_list[i]}\t{joined[i]}\n"
                    for i in range(part.start, part.stop)
                ),
            ),
        )
        self.stdout.write(f"groups: {count:,}, memberships {len(pairs):,}")
        return 1, {"pairs": pairs, "busy_post": 0}

    def _posts(
        self,
        cursor: Any,
        rng: np.random.Generator,
        options: dict[str, Any],
        memberships: dict[str, Any],
        activity: np.ndarray,
        now: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """A year of posts, ids in time order; a tenth in groups (a fifth of those in the busy
        group), 1% of group posts waiting for approval; status, link and article kinds."""
        total, members = options["posts"], options["members"]
        pairs = memberships["pairs"]
        in_groups = total // 10
        busy_rows = np.flatnonzero(pairs[:, 0] == 1)
        picks = np.concatenate(
            [
                rng.choice(busy_rows, in_groups // 5),
                rng.integers(0, len(pairs), in_groups - in_groups // 5),
            ]
        )
        authors = np.concatenate(
            [pairs[picks, 1], rng.choice(members, total - in_groups, p=activity) + 1]
        )
        group_ids = np.concatenate([pairs[picks, 0], np.zeros(total - in_groups, np.int64)])
        ago = rng.integers(0, _YEAR, total)
        order = np.argsort(-ago, kind="stable")  # oldest first: ids grow with time
        authors, group_ids, ago = authors[order], group_ids[order], ago[order]
        kinds = rng.choice(3, total, p=[0.8, 0.15, 0.05])
        pending = (group_ids > 0) & (rng.random(total) < 0.01)
        created = _stamps(ago, now)
        authors_list, groups_list = authors.tolist(), group_ids.tolist()
        kinds_list, pending_list = kinds.tolist(), pending.tolist()

        def row(i: int) -> str:
            kind = kinds_list[i]
            title = f"Article {i + 1}" if kind == 2 else ""
            link = f"https://example.com/story/{i + 1}" if kind == 1 else ""
            preview = f"ready\tStory {i + 1}\tA story\t\tExample" if kind == 1 else "none\t\t\t\t"
            group = groups_list[i] or "\\N"
            return (
                f"{i + 1}\t{authors_list[i]}\t{group}\t{('status', 'link', 'article')[kind]}\t"
                f"{'pending' if pending_list[i] else 'published'}\t{title}\t"
                f"Post {i + 1}: what I learned this week about teams, hiring and shipping.\t"
                f"{link}\t{preview}\t{created[i]}\n"
            )

        began = time.perf_counter()
        _copy(
            cursor,
            "feed_post",
            "id, author_id, group_id, kind, status, title, body, link_url, preview_state, "
            "preview_title, preview_description, preview_image_url, preview_site_name, "
            "created_at",
            _chunks(total, lambda part: (row(i) for i in range(part.start, part.stop))),
        )
        busy = np.flatnonzero((group_ids == 1) & ~pending)
        memberships["busy_post"] = int(busy[-1]) if len(busy) else 0
        self.stdout.write(
            f"posts: {total:,} ({in_groups:,} in groups, {int((group_ids == 1).sum()):,} in the "
            f"busy group) in {time.perf_counter() - began:.0f} s"
        )
        return np.arange(1, total + 1), ago

    def _comments_and_reactions(
        self,
        cursor: Any,
        rng: np.random.Generator,
        options: dict[str, Any],
        post_ids: np.ndarray,
        ago: np.ndarray,
        now: float,
    ) -> None:
        """Reactions and comments on popular posts (Zipf-like over a random order), by anyone;
        one reaction per member and post."""
        members, total = options["members"], len(post_ids)
        rank = rng.permutation(total)
        popularity = 1.0 / (rank + 10.0) ** 0.7
        popularity /= popularity.sum()
        began = time.perf_counter()
        wanted = options["reactions"]
        draws = rng.choice(total, int(wanted * 1.1) + 1000, p=popularity)
        pairs = _unique_pairs(
            draws, rng.integers(1, members + 1, len(draws)), members + 1, distinct=False
        )
        pairs = pairs[np.sort(rng.permutation(len(pairs))[:wanted])]
        posts = post_ids[pairs[:, 0]].tolist()
        people = pairs[:, 1].tolist()
        kinds = rng.choice(
            ["like", "celebrate", "support", "insightful"], len(pairs), p=[0.7, 0.1, 0.1, 0.1]
        ).tolist()
        _copy(
            cursor,
            "feed_reaction",
            "post_id, member_id, kind, created_at",
            _chunks(
                len(pairs),
                lambda part: (
                    f"{posts[i]}\t{people[i]}\t{kinds[i]}\t2026-01-01 00:00:00+00\n"
                    for i in range(part.start, part.stop)
                ),
            ),
        )
        count = options["comments"]
        on = rng.choice(total, count, p=popularity)
        after = np.minimum(ago[on], rng.integers(60, 7 * 86_400, count))
        stamps = _stamps(ago[on] - after, now)
        commented = post_ids[on].tolist()
        writers = rng.integers(1, members + 1, count).tolist()
        _copy(
            cursor,
            "feed_comment",
            "post_id, author_id, body, created_at",
            _chunks(
                count,
                lambda part: (
                    f"{commented[i]}\t{writers[i]}\tGood point, thanks for sharing.\t{stamps[i]}\n"
                    for i in range(part.start, part.stop)
                ),
            ),
        )
        self.stdout.write(
            f"reactions: {len(pairs):,}, comments: {count:,} in {time.perf_counter() - began:.0f} s"
        )

    def _follows_and_blocks(
        self,
        cursor: Any,
        rng: np.random.Generator,
        members: int,
        viewers: dict[int, tuple[int, int]],
        now: float,
    ) -> None:
        """Explicit follows (two per member, on average), and blocks: random ones plus a few
        by and of each viewer, so the feed's block filter has rows to check."""
        follows = _unique_pairs(
            rng.integers(1, members + 1, 2 * members),
            rng.integers(1, members + 1, 2 * members),
            members + 1,
        )
        _copy(
            cursor,
            "feed_follow",
            "follower_id, followed_id, created_at",
            _chunks(
                len(follows),
                lambda part: (
                    f"{a}\t{b}\t2025-06-01 00:00:00+00\n" for a, b in follows[part].tolist()
                ),
            ),
        )
        by_viewers = np.repeat([viewer for viewer, _ in viewers.values()], 5)
        others = rng.integers(1, members + 1, (2, len(by_viewers)))
        blocks = _unique_pairs(
            np.concatenate([rng.integers(1, members + 1, 5_000), by_viewers, others[0]]),
            np.concatenate([rng.integers(1, members + 1, 5_000), others[1], by_viewers]),
            members + 1,
        )
        _copy(
            cursor,
            "accounts_block",
            "blocker_id, blocked_id, created_at",
            iter(["".join(f"{a}\t{b}\t2025-06-01 00:00:00+00\n" for a, b in blocks.tolist())]),
        )
        self.stdout.write(f"follows: {len(follows):,}, blocks: {len(blocks):,}")

    # -- timing -------------------------------------------------------------------------

    def _time(self, call: Callable[[], object], runs: int) -> tuple[float, float]:
        call()  # warm
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
        return statistics.median(samples), p95

    def _queries(self, call: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    def _report(
        self, viewers: dict[int, tuple[int, int]], group_id: int, runs: int, explain: bool
    ) -> None:
        from django.test import Client

        from accounts.models import User
        from feed import cards
        from feed.views import FEED_PAGE_SIZE
        from groups.selectors import access_group
        from groups.views import POSTS_PAGE_SIZE

        settings.DEBUG = False
        rows = []
        for size, (viewer_id, degree) in viewers.items():
            viewer = User.objects.get(pk=viewer_id)
            client = Client(HTTP_HOST="localhost")
            client.force_login(viewer)

            many = cards.has_many_connections(viewer)

            def sql(v: User = viewer, many: bool = many) -> object:
                return cards.home_posts(v, limit=FEED_PAGE_SIZE + 1, many_connections=many)

            def page(c: Client = client) -> object:
                response = c.get("/")
                assert response.status_code == 200, response.status_code
                return response

            def api(c: Client = client) -> object:
                response = c.get("/api/v1/feed")
                assert response.status_code == 200, response.status_code
                return response

            rows.append(
                (
                    f"home feed, ~{size:,} connections ({degree:,})",
                    *self._case(sql, page, runs),
                    *self._time(api, runs),
                )
            )
            if explain:
                self._explain(
                    cards.home_sql(viewer, limit=FEED_PAGE_SIZE + 1, many_connections=many)
                )
        member_id = viewers[VIEWER_SIZES[1]][0]
        member = User.objects.get(pk=member_id)
        group = access_group(viewer=member, group_id=group_id)
        client = Client(HTTP_HOST="localhost")
        client.force_login(member)

        def group_sql() -> object:
            return cards.group_posts(member, group, limit=POSTS_PAGE_SIZE + 1)

        def group_page() -> object:
            response = client.get(f"/groups/{group_id}/")
            assert response.status_code == 200, response.status_code
            return response

        def group_api() -> object:
            response = client.get(f"/api/v1/groups/{group_id}/posts")
            assert response.status_code == 200, response.status_code
            return response

        label = f"busy group page ({group.member_count:,} members)"
        rows.append((label, *self._case(group_sql, group_page, runs), *self._time(group_api, runs)))
        if explain:
            self._explain(cards.group_sql(member, group, limit=POSTS_PAGE_SIZE + 1))
        self.stdout.write(
            f"{'case':<44} {'SQL p50':>8} {'SQL p95':>8} {'page p50':>9} {'page p95':>9} "
            f"{'queries':>8} {'API p50':>8} {'API p95':>8}"
        )
        for label, sql_p50, sql_p95, page_p50, page_p95, queries, api_p50, api_p95 in rows:
            self.stdout.write(
                f"{label:<44} {sql_p50:>8.1f} {sql_p95:>8.1f} {page_p50:>9.1f} {page_p95:>9.1f} "
                f"{queries:>8} {api_p50:>8.1f} {api_p95:>8.1f}"
            )

    def _case(
        self, sql: Callable[[], object], page: Callable[[], object], runs: int
    ) -> tuple[float, float, float, float, int]:
        sql_p50, sql_p95 = self._time(sql, runs)
        page_p50, page_p95 = self._time(page, runs)
        return sql_p50, sql_p95, page_p50, page_p95, self._queries(page)

    def _explain(self, query: tuple[str, dict[str, Any]]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query[0], query[1])
            self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))
