"""The member documents' GIN indexes (migration 0006, docs/search.md "Indexes without a
pending list"): no pending list for searches to read, also after a bulk rebuild; and one
member's refresh reads that member by id (migration 0007)."""

import re
from collections.abc import Callable

from django.db import connection

from accounts.models import User
from search.services import search_index_rebuild, search_triggers_paused
from search.sql import MEMBER_GIN_INDEXES, REFRESH_0005

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


def refresh_plan(member: User) -> str:
    """The plan PostgreSQL runs for one member's refresh, as auto_explain logs it: the generic
    plan (what a function's statement gets once its plan is cached), with sequential scans
    priced out (a table of a few rows is cheapest read whole, however the statement is written)."""
    with connection.cursor() as cursor:
        for statement in (
            "LOAD 'auto_explain'",
            "SET LOCAL auto_explain.log_min_duration = 0",
            "SET LOCAL auto_explain.log_nested_statements = on",
            "SET LOCAL client_min_messages = log",
            "SET LOCAL plan_cache_mode = force_generic_plan",
            "SET LOCAL enable_seqscan = off",
            "DISCARD PLANS",  # the plan cached when the fixtures made members, made without these
        ):
            cursor.execute(statement)
        notices = connection.connection.notices
        del notices[:]
        cursor.execute("SELECT search_member_refresh(ARRAY[%s]::bigint[])", [member.pk])
        cursor.execute("SET LOCAL client_min_messages = notice")
        return "".join(
            notice for notice in notices if "INSERT INTO search_memberdocument" in notice
        )


def member_lookup(plan: str) -> str:
    """How the plan finds the members in accounts_user: the line under its scan of the table
    (an index's condition, or the filter of a scan that reads every row)."""
    match = re.search(r"Scan (?:using \S+ )?on accounts_user u .*\n\s*(.*)", plan)
    assert match, plan
    return match.group(1)


def test_one_members_refresh_looks_the_member_up_by_id(person: Callable[..., User]) -> None:
    members = [person(f"Member{number}", "Refreshed") for number in range(3)]

    lookup = member_lookup(refresh_plan(members[1]))

    assert re.match(r"(Index|Recheck) Cond: \(id = ANY", lookup), lookup
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM search_memberdocument WHERE member_id = %s", [members[1].pk]
        )
        assert cursor.fetchone() == ("member1 refreshed",)


def test_the_refresh_before_migration_0007_read_every_member(person: Callable[..., User]) -> None:
    """What the test above tells apart: the SQL function of migration 0005, planned for any
    `ids`, filtered the whole of accounts_user (rolled back with the test's transaction)."""
    member = person("Member", "Refreshed")
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_0005)

    lookup = member_lookup(refresh_plan(member))

    assert lookup == "Filter: (($1 IS NULL) OR (id = ANY ($1)))", lookup
