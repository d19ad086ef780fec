"""bench_feed's timings: the first page of posts as SQL, as the whole page and from the API,
for each viewer and for the busy group's page."""

import statistics
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from devtools.bench.feed.data import VIEWER_SIZES
from devtools.reporting import rank_at_or_above, samples_ms
from feed import cards
from feed.views import FEED_PAGE_SIZE
from groups.selectors import access_group
from groups.views import POSTS_PAGE_SIZE


class FeedTimer:
    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def _time(self, call: Callable[[], object], runs: int) -> tuple[float, float]:
        """Median and p95 of `runs` warm calls."""
        samples = samples_ms(call, runs)
        return statistics.median(samples), rank_at_or_above(samples, 0.95)

    def _queries(self, call: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    def report(
        self, viewers: dict[int, tuple[int, int]], group_id: int, runs: int, explain: bool
    ) -> None:
        """Time each viewer's home feed, then the busy group's page; print the table."""
        settings.DEBUG = False
        rows = [
            self._home_row(size, viewer_id, degree, runs, explain)
            for size, (viewer_id, degree) in viewers.items()
        ]
        rows.append(self._group_row(viewers[VIEWER_SIZES[1]][0], group_id, runs, explain))
        self.say(
            f"{'case':<44} {'SQL p50':>8} {'SQL p95':>8} {'page p50':>9} {'page p95':>9} "
            f"{'queries':>8} {'API p50':>8} {'API p95':>8}"
        )
        for label, sql_p50, sql_p95, page_p50, page_p95, queries, api_p50, api_p95 in rows:
            self.say(
                f"{label:<44} {sql_p50:>8.1f} {sql_p95:>8.1f} {page_p50:>9.1f} {page_p95:>9.1f} "
                f"{queries:>8} {api_p50:>8.1f} {api_p95:>8.1f}"
            )

    def _home_row(
        self, size: int, viewer_id: int, degree: int, runs: int, explain: bool
    ) -> tuple[Any, ...]:
        viewer = User.objects.get(pk=viewer_id)
        client = Client(HTTP_HOST="localhost")
        client.force_login(viewer)
        many = cards.has_many_connections(viewer)

        def sql() -> object:
            return cards.home_posts(viewer, limit=FEED_PAGE_SIZE + 1, many_connections=many)

        row = (
            f"home feed, ~{size:,} connections ({degree:,})",
            *self._case(sql, partial(_get, client, "/"), runs),
            *self._time(partial(_get, client, "/api/v1/feed"), runs),
        )
        if explain:
            self._explain(cards.home_sql(viewer, limit=FEED_PAGE_SIZE + 1, many_connections=many))
        return row

    def _group_row(
        self, member_id: int, group_id: int, runs: int, explain: bool
    ) -> tuple[Any, ...]:
        member = User.objects.get(pk=member_id)
        group = access_group(viewer=member, group_id=group_id)
        client = Client(HTTP_HOST="localhost")
        client.force_login(member)

        def group_sql() -> object:
            return cards.group_posts(member, group, limit=POSTS_PAGE_SIZE + 1)

        label = f"busy group page ({group.member_count:,} members)"
        row = (
            label,
            *self._case(group_sql, partial(_get, client, f"/groups/{group_id}/"), runs),
            *self._time(partial(_get, client, f"/api/v1/groups/{group_id}/posts"), runs),
        )
        if explain:
            self._explain(cards.group_sql(member, group, limit=POSTS_PAGE_SIZE + 1))
        return row

    def _case(
        self, sql: Callable[[], object], page: Callable[[], object], runs: int
    ) -> tuple[float, float, float, float, int]:
        sql_p50, sql_p95 = self._time(sql, runs)
        page_p50, page_p95 = self._time(page, runs)
        return sql_p50, sql_p95, page_p50, page_p95, self._queries(page)

    def _explain(self, query: tuple[str, dict[str, Any]]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query[0], query[1])
            self.say("\n".join(row[0] for row in cursor.fetchall()))


def _get(client: Client, path: str) -> object:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response
