"""The naive baseline: each workload as a recursive CTE in PostgreSQL, under a timeout."""

from __future__ import annotations

import time
from typing import Any

from django.db import OperationalError, connection, transaction
from psycopg2.errors import QueryCanceled

from devtools.reporting import ms

_REACH = """
WITH RECURSIVE reach(id, depth) AS (
    SELECT %(viewer)s::bigint, 0
    UNION
    SELECT c.other_id, r.depth + 1
    FROM reach r JOIN connections_connection c ON c.member_id = r.id
    WHERE r.depth < %(hops)s
)
"""
# What each workload asks of the reach set (W3 is a plain group-by: no recursion needed).
BASELINE_SQL = {
    "W1": """
SELECT t.id, r.depth,
       (SELECT count(*) FROM connections_connection a
          JOIN connections_connection b ON b.other_id = a.other_id
        WHERE a.member_id = %(viewer)s AND b.member_id = t.id)
FROM unnest(%(ids)s::bigint[]) AS t(id)
LEFT JOIN (SELECT id, min(depth) AS depth FROM reach GROUP BY id) r ON r.id = t.id
""",
    "W2": "SELECT id FROM reach GROUP BY id HAVING min(depth) = 2 ORDER BY id",
    "W3": """
SELECT b.other_id, count(*) AS mutual
FROM connections_connection a JOIN connections_connection b ON b.member_id = a.other_id
WHERE a.member_id = %(viewer)s AND b.other_id <> %(viewer)s
  AND NOT EXISTS (SELECT 1 FROM connections_connection f
                  WHERE f.member_id = %(viewer)s AND f.other_id = b.other_id)
GROUP BY b.other_id ORDER BY mutual DESC, b.other_id LIMIT 20
""",
    "W4": """
SELECT t.id FROM unnest(%(ids)s::bigint[]) AS t(id)
JOIN (SELECT id, min(depth) AS depth FROM reach GROUP BY id) r ON r.id = t.id
WHERE r.depth = 2
""",
    "W5": """
SELECT t.id FROM unnest(%(ids)s::bigint[]) AS t(id)
JOIN (SELECT id, min(depth) AS depth FROM reach GROUP BY id) r ON r.id = t.id
WHERE r.depth = 3
""",
    "W6": "SELECT min(depth) FROM reach WHERE id = (%(ids)s::bigint[])[1]",
}
BASELINE_HOPS = {"W1": 3, "W2": 2, "W3": 0, "W4": 2, "W5": 3, "W6": 3}


def baseline(workload: str, viewer: int, ids: list[int], timeout_ms: int) -> tuple[float, bool]:
    """Run the naive SQL once; return (milliseconds, timed out)."""
    hops = BASELINE_HOPS[workload]
    query = (_REACH if hops else "") + BASELINE_SQL[workload]
    params: dict[str, Any] = {"viewer": viewer, "ids": ids, "hops": BASELINE_HOPS[workload]}
    started = time.perf_counter_ns()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
            cursor.execute(query, params)
            cursor.fetchall()
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return float(timeout_ms), True
    return ms(time.perf_counter_ns() - started), False
