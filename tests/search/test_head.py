"""The head index (search/sql.py, HEAD_MEMBERS; migration 0008): a keyword search reads the
matches of the first ids through their own index first, and the rest's only when those are
too few; whichever side the matches are on, the answer is the one a single scan gives."""

from collections.abc import Callable

import pytest
from django.db import connection

from accounts.models import User
from search.selectors import PeopleQuery, people_search
from search.selectors.common import viewer_network
from search.selectors.people import filters, pool, statement
from search.sql import HEAD_MEMBERS

pytestmark = pytest.mark.django_db


def test_the_index_predicate_is_the_clause_the_search_adds() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_head_fts_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (document, industry, location_key, company_key)" in definition
    assert definition.endswith(f"WHERE ((member_id + 0) < {HEAD_MEMBERS})")


def test_the_head_is_read_through_its_index(viewer: User, person: Callable[..., User]) -> None:
    """Its predicate is proved from the search's clause: with the full index gone (rolled back
    with the test) and table scans priced out, the head's matches come from the head index."""
    person("Ana", "Chef", headline="Chef")
    query = PeopleQuery(q="chef")
    network = viewer_network(viewer)
    sql = filters.filters(query, network)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # DROP INDEX trips over deferred checks
        cursor.execute("DROP INDEX search_document_fts_idx")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN " + statement.statement(query, sql),
            {"friends": network.friends_literal, "q": query.q, **sql.params},
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Bitmap Index Scan on search_document_head_fts_idx" in plan, plan


@pytest.fixture
def split_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Put the head's end at member id `end` (the head index then does not apply: the full
    one answers both sides, which is what is compared)."""

    def _split(end: int) -> None:
        monkeypatch.setattr(pool, "IN_HEAD", f"(d.member_id + 0) < {end}")

    return _split


def _answer(viewer: User, query: PeopleQuery) -> tuple[object, ...]:
    result = people_search(viewer, query)
    hits = [(hit.member.pk, hit.access) for hit in result.hits]
    return result.count, result.estimated, hits, result.industries, result.locations


@pytest.mark.parametrize(
    ("broad_matches", "in_head", "estimated"),
    [
        (10, 2, False),  # exact: every match, from both sides
        (4, 2, True),  # broad, told only by reading the rest as well
        (1, 2, True),  # broad from the head alone
        (4, 0, True),  # no match in the head
        (4, 6, True),  # every match in the head
    ],
)
def test_the_answer_is_the_same_wherever_the_head_ends(
    broad_matches: int,
    in_head: int,
    estimated: bool,
    viewer: User,
    person: Callable[..., User],
    connect: Callable[[User, User], None],
    split_at: Callable[[int], None],
    broad: Callable[..., None],
) -> None:
    chefs = [
        person(f"Cook{n}", "Member", headline="Chef", location=["Lisbon", "Porto"][n % 2])
        for n in range(6)
    ]
    connect(viewer, chefs[3])
    broad(matches=broad_matches)  # the sample, when broad, is every page
    query = PeopleQuery(q="chef")
    split_at(10**9)  # one side only: every member in the head
    whole = _answer(viewer, query)

    split_at(chefs[in_head].pk if in_head < len(chefs) else chefs[-1].pk + 1)

    assert _answer(viewer, query) == whole
    assert whole[:2] == (6, estimated)
