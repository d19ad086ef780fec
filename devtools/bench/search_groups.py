"""The groups bench_search adds when there are none: names and descriptions from the members'
industries and cities, heavy-tailed sizes, members drawn mostly from the group's city; the
benchmark's viewers join a few."""

from collections.abc import Iterator

import numpy as np
from django.db import connection

from accounts.industries import INDUSTRIES
from devtools.generator.copy import copy_chunks

GROUP_KINDS = ("Network", "Professionals", "Forum", "Meetup", "Leaders", "Careers")


def load_groups(count: int, seed: int, viewers: list[int]) -> None:
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
    _copy(groups(), _memberships(np.unique(joined[:, 0] * (top + 1) + joined[:, 1]), top + 1))


def _memberships(keys: np.ndarray, base: int) -> Iterator[bytes]:
    """COPY rows of the (group, member) keys, sorted; each group's first member owns it."""
    group_ids, member_ids = keys // base, keys % base
    owner = np.r_[True, group_ids[1:] != group_ids[:-1]]
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


def _copy(groups: Iterator[bytes], memberships: Iterator[bytes]) -> None:
    with connection.cursor() as cursor:
        copy_chunks(
            cursor,
            "COPY groups_group (id, name, description, rules, industry, logo, visibility, "
            "join_policy, posts_need_approval, member_count, created_at) FROM STDIN",
            groups,
        )
        copy_chunks(
            cursor,
            "COPY groups_membership (group_id, member_id, role, created_at) FROM STDIN",
            memberships,
        )
        cursor.execute(
            "UPDATE groups_group g SET member_count = n FROM (SELECT group_id, count(*) AS n "
            "FROM groups_membership GROUP BY group_id) c WHERE c.group_id = g.id"
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('groups_group', 'id'), max(id)) FROM groups_group"
        )
        cursor.execute("VACUUM ANALYZE groups_group")
        cursor.execute("VACUUM ANALYZE groups_membership")
