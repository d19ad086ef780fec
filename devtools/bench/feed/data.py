# ruff: noqa: S608 -- SQL is formatted from table names of this module and ints, never input.
"""bench_feed's data, loaded with COPY: the generated network (the graph loader's COPY of members
and connections), then groups, memberships, posts, comments, reactions, follows and blocks, with
the big tables' indexes dropped for the load and rebuilt after it."""

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from django.db import connection

from devtools.generator import generate
from devtools.generator.copy import copy_text_rows, detach
from devtools.generator.load import load_network

VIEWER_SIZES = (100, 1_000, 30_000)
BUSY_GROUP_MEMBERS = 20_000
_CHUNK = 500_000
_YEAR = 365 * 24 * 3600


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


class FeedData:
    """Fills the current (empty, migrated) database; returns the viewers and the busy group."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def fill(self, options: dict[str, Any]) -> tuple[dict[int, tuple[int, int]], int]:
        members = options["members"]
        rng = np.random.default_rng(options["seed"])
        began = time.perf_counter()
        network = generate(members, seed=options["seed"], cap=30_000)
        load_network(network, progress=False, say=self.say)
        self.say(
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
                for statement in detach(cursor, table)
            ]
            group_id, memberships = self._groups(cursor, rng, options, viewers, now)
            post_ids, created = self._posts(cursor, rng, options, memberships, activity, now)
            self._comments_and_reactions(cursor, rng, options, post_ids, created, now)
            self._follows_and_blocks(cursor, rng, members, viewers, now)
            began = time.perf_counter()
            for statement in recreate:
                cursor.execute(statement)
            self.say(f"indexes rebuilt in {time.perf_counter() - began:.0f} s")
            pinned = int(post_ids[memberships["busy_post"]])
            cursor.execute("UPDATE groups_group SET pinned_post_id = %s WHERE id = %s", [pinned, 1])
            for table in ("feed_post", "feed_comment", "feed_reaction", "groups_group"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            began = time.perf_counter()
            cursor.execute("VACUUM ANALYZE")  # statistics, and the visibility map
            self.say(f"vacuum and analyze in {time.perf_counter() - began:.0f} s")
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
        copy_text_rows(
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
        copy_text_rows(
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
        self.say(f"groups: {count:,}, memberships {len(pairs):,}")
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
        copy_text_rows(
            cursor,
            "feed_post",
            "id, author_id, group_id, kind, status, title, body, link_url, preview_state, "
            "preview_title, preview_description, preview_image_url, preview_site_name, "
            "created_at",
            _chunks(total, lambda part: (row(i) for i in range(part.start, part.stop))),
        )
        busy = np.flatnonzero((group_ids == 1) & ~pending)
        memberships["busy_post"] = int(busy[-1]) if len(busy) else 0
        self.say(
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
        copy_text_rows(
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
        copy_text_rows(
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
        self.say(
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
        copy_text_rows(
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
        copy_text_rows(
            cursor,
            "accounts_block",
            "blocker_id, blocked_id, created_at",
            iter(["".join(f"{a}\t{b}\t2025-06-01 00:00:00+00\n" for a, b in blocks.tolist())]),
        )
        self.say(f"follows: {len(follows):,}, blocks: {len(blocks):,}")
