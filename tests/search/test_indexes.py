"""The member documents' GIN indexes (migration 0006, docs/search.md "Indexes without a
pending list"): no pending list for searches to read, also after a bulk rebuild."""

from collections.abc import Callable

from django.db import connection

from accounts.models import User
from search.services import search_index_rebuild, search_triggers_paused
from search.sql import MEMBER_GIN_INDEXES

GIN_INDEXES = """
    SELECT c.relname, coalesce(c.reloptions, '{}')
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
    WHERE i.indrelid = 'search_memberdocument'::regclass AND a.amname = 'gin'
"""


def gin_options() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(GIN_INDEXES)
        return dict(cursor.fetchall())


def test_every_gin_index_of_the_documents_inserts_directly(db: None) -> None:
    options = gin_options()
    assert set(options) == set(MEMBER_GIN_INDEXES)  # a new GIN index is listed, so rebuilt right
    assert all(value == ["fastupdate=off"] for value in options.values()), options


def test_full_text_index_carries_the_equality_filters(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_fts_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (document, industry, location_key, company_key)" in definition


def test_a_bulk_rebuild_queues_then_leaves_the_indexes_as_searches_want_them(
    person: Callable[..., User],
) -> None:
    with connection.cursor() as cursor:  # the deferred checks first: ALTER TABLE trips over them
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with search_triggers_paused():
        loaded = person("Quirina", "Bulkloaded", headline="Glassblower", location="Leiden")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_memberdocument WHERE member_id = %s", [loaded.pk]
        )
        assert cursor.fetchone() == (0,)  # the triggers were paused: not indexed yet

    assert search_index_rebuild() == User.objects.count()

    assert all(value == ["fastupdate=off"] for value in gin_options().values())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT member_id FROM search_memberdocument "
            "WHERE document @@ plainto_tsquery('english', 'glassblower') "
            "AND location_key = search_key('Leiden')"
        )
        assert cursor.fetchall() == [(loaded.pk,)]
