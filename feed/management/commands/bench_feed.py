# ruff: noqa: S608 -- the SQL is formatted from ints (argparse type=int) and ids read back.
"""Benchmark the home feed and a busy group page in a database of its own.

    manage.py bench_feed [--members 100000 --posts 1000000 --reactions 5000000 --runs 50]

Creates `bench_feed_<pid>` next to the configured database, migrates it, fills it with
generate_series (members, connections for viewers with 100 / 1,000 / 30,000 connections,
posts, comments, reactions, a busy group), times the feed and group-page selectors (the page
of posts with counts, the viewer's reaction and the latest comments: every SQL query the
page makes), prints p50/p95, and drops the database. It never touches the configured one.
The degree badges (Redis graph, network/) are not timed: the bench database's ids would
collide with the development cache.
"""

import os
import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, connections

VIEWER_SIZES = (100, 1_000, 30_000)


def _admin(statement: str) -> None:
    """Run CREATE/DROP DATABASE from the configured connection (autocommit, no transaction)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(statement)


class Command(BaseCommand):
    help = "Time the home feed and a busy group page on generated data (own database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--posts", type=int, default=1_000_000)
        parser.add_argument("--reactions", type=int, default=5_000_000)
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--keep", action="store_true", help="Do not drop the database.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = f"bench_feed_{os.getpid()}"
        if name == settings.DATABASES["default"]["NAME"]:
            raise SystemExit("refusing to use the configured database")
        _admin(f'CREATE DATABASE "{name}"')
        original = settings.DATABASES["default"]["NAME"]
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = name
        connections["default"].settings_dict["NAME"] = name
        try:
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            viewers, group_id = self._fill(options)
            self.stdout.write(f"data generated in {time.perf_counter() - started:.0f} s")
            self._report(viewers, group_id, options["runs"])
        finally:
            connections.close_all()
            settings.DATABASES["default"]["NAME"] = original
            connections["default"].settings_dict["NAME"] = original
            if not options["keep"]:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _fill(self, options: dict[str, Any]) -> tuple[dict[int, int], int]:
        members, posts, reactions = options["members"], options["posts"], options["reactions"]
        largest = min(max(VIEWER_SIZES), members - 10)
        sql = [
            f"""INSERT INTO accounts_user (email, first_name, last_name, password, is_active,
                is_staff, is_superuser, date_joined, invitations_from, connections_visible_to,
                profile_visible_to_out_of_network, show_email_to_connections)
                SELECT 'm' || i || '@bench.test', 'First' || i, 'Last' || i, '!', true, false,
                false, now(), 'everyone', 'connections', true, false
                FROM generate_series(1, {members}) i""",
            """INSERT INTO accounts_profile (member_id, headline, summary, location, industry,
                current_company, current_title, skills, photo, photo_thumbnail, updated_at)
                SELECT id, 'Engineer', '', 'Lisbon', '', 'Acme', 'Engineer', '{}', '', '', now()
                FROM accounts_user""",
            # Posts spread over a year and over every member; a tenth in group 1.
            f"""INSERT INTO feed_post (author_id, group_id, kind, status, title, body, link_url,
                preview_state, preview_title, preview_description, preview_image_url,
                preview_site_name, created_at)
                SELECT 1 + (i * 7919) % {members}, NULL, 'status', 'published', '',
                'Post number ' || i, '', 'none', '', '', '', '',
                now() - (i % 525600) * interval '1 minute'
                FROM generate_series(1, {posts}) i""",
        ]
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
            cursor.execute("SELECT min(id) FROM accounts_user")
            first = cursor.fetchone()[0]
            viewers: dict[int, int] = {}
            for offset, size in enumerate(VIEWER_SIZES):
                viewer = first + offset
                size = min(size, largest)
                viewers[size] = viewer
                cursor.execute(
                    """INSERT INTO connections_connection (member_id, other_id, created_at)
                    SELECT %s, other, now() FROM generate_series(%s, %s) other
                    UNION ALL SELECT other, %s, now() FROM generate_series(%s, %s) other
                    ON CONFLICT DO NOTHING""",
                    [viewer, first + 10, first + 9 + size, viewer, first + 10, first + 9 + size],
                )
            cursor.execute(
                """INSERT INTO groups_group (name, description, rules, industry, logo, visibility,
                join_policy, posts_need_approval, member_count, created_at)
                VALUES ('Busy group', '', '', '', '', 'listed', 'open', false, 0, now())
                RETURNING id"""
            )
            group_id = cursor.fetchone()[0]
            cursor.execute(
                f"""INSERT INTO groups_membership (group_id, member_id, role, created_at)
                SELECT %s, id, CASE WHEN id = %s THEN 'owner' ELSE 'member' END, now()
                FROM accounts_user WHERE id < %s + {min(members, 20_000)}""",
                [group_id, first, first],
            )
            cursor.execute(
                "UPDATE feed_post SET group_id = %s WHERE id %% 10 = 0 AND author_id < %s + 20000",
                [group_id, first],
            )
            cursor.execute("SELECT min(id), max(id) FROM feed_post")
            low, high = cursor.fetchone()
            span = high - low + 1
            cursor.execute(
                f"""INSERT INTO feed_reaction (post_id, member_id, kind, created_at)
                SELECT {low} + (i % {span}), {first} + (i / {span}) % {members}, 'like', now()
                FROM generate_series(0, {reactions - 1}) i ON CONFLICT DO NOTHING"""
            )
            cursor.execute(
                f"""INSERT INTO feed_comment (post_id, author_id, body, created_at)
                SELECT {low} + (i * 13) % {span}, {first} + (i * 31) % {members}, 'Nice', now()
                FROM generate_series(1, {posts // 2}) i"""
            )
            cursor.execute("ANALYZE")
        return viewers, group_id

    def _time(self, call: Any, runs: int) -> tuple[float, float]:
        call()  # warm
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
        return statistics.median(samples), p95

    def _report(self, viewers: dict[int, int], group_id: int, runs: int) -> None:
        from accounts.models import User
        from feed import selectors
        from groups.selectors import access_group

        rows = []
        for size, viewer_id in viewers.items():
            viewer = User.objects.get(pk=viewer_id)
            p50, p95 = self._time(lambda v=viewer: list(selectors.home_feed(v)[:25]), runs)
            rows.append((f"home feed, {size:,} connections", p50, p95))
        owner = User.objects.get(pk=min(viewers.values()))
        group = access_group(viewer=owner, group_id=group_id)
        p50, p95 = self._time(lambda: list(selectors.group_posts(owner, group)[:25]), runs)
        rows.append(("busy group page (posts)", p50, p95))
        self.stdout.write(f"{'case':<36} {'p50 ms':>8} {'p95 ms':>8}")
        for label, p50, p95 in rows:
            self.stdout.write(f"{label:<36} {p50:>8.1f} {p95:>8.1f}")
