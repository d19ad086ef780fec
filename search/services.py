"""Index maintenance. Day to day the triggers of migration 0001 keep every document current;
these are for bulk loads that bypass them."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper

from search.sql import MEMBER_GIN_INDEXES, TRIGGER_TABLES


def search_index_rebuild() -> int:
    """Rebuild every member's search document in one statement; return how many exist.

    Then ANALYZE the index table: the planner's statistics and its row count (`reltuples`,
    from which a broad search sizes its sample) would otherwise wait for autovacuum."""
    with connection.cursor() as cursor, _gin_queued(cursor):
        cursor.execute("SELECT search_member_refresh(NULL)")
        cursor.execute(
            "DELETE FROM search_memberdocument d WHERE NOT EXISTS "
            "(SELECT 1 FROM accounts_user u WHERE u.id = d.member_id)"
        )
        cursor.execute("ANALYZE search_memberdocument")
        cursor.execute("SELECT count(*) FROM search_memberdocument")
        return int(cursor.fetchone()[0])


@contextmanager
def _gin_queued(cursor: CursorWrapper) -> Iterator[None]:
    """Around a bulk write: the member documents' GIN indexes queue their new entries (a
    pending list, merged in batches) and are emptied and set back to direct insertion after,
    as searches want them (migration 0006: every scan reads the whole pending list)."""
    for name in MEMBER_GIN_INDEXES:
        cursor.execute(f"ALTER INDEX {name} SET (fastupdate = on)")
    try:
        yield
    finally:
        for name in MEMBER_GIN_INDEXES:
            cursor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


@contextmanager
def search_triggers_paused() -> Iterator[None]:
    """Pause the index triggers around a bulk load (then call search_index_rebuild)."""
    with connection.cursor() as cursor:
        for table, trigger in TRIGGER_TABLES.items():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table, trigger in TRIGGER_TABLES.items():
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
