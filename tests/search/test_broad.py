"""Bounded searches: broad people searches (past BROAD_MATCHES matches: a bounded pool and
estimated counts) and typeahead (a bounded number of candidates)."""

from collections.abc import Callable

import numpy as np
import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import Block, User
from accounts.policies import ProfileAccess
from core import replicas
from search.selectors import PeopleQuery, autocomplete, people_search, typeahead
from search.selectors.common import id_bitmap, ids_literal
from search.selectors.people import filters, pool, statement
from tests.helpers import url

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def _chefs(person: Callable[..., User]) -> list[User]:
    return [
        person("Ana", "Chef", headline="Chef", location="Lisbon", industry="restaurants"),
        person("Rui", "Cook", headline="Head chef", location="Lisbon", industry="restaurants"),
        person(
            "Eva", "Baker", headline="Pastry chef", location="Porto", industry="food_production"
        ),
    ]


def test_a_narrow_search_stays_exact(
    viewer: User, person: Callable[..., User], broad: Callable[..., None]
) -> None:
    _chefs(person)
    broad(matches=3)
    result = people_search(viewer, PeopleQuery(q="chef"))
    assert (result.count, result.estimated) == (3, False)


def test_a_broad_search_over_the_whole_index_gives_the_exact_answer(
    viewer: User, person: Callable[..., User], connect: Connect, broad: Callable[..., None]
) -> None:
    chefs = _chefs(person)
    connect(viewer, chefs[2])
    exact = people_search(viewer, PeopleQuery(q="chef"))
    broad(matches=2)  # 3 matches: broad, and the sample is every page
    sampled = people_search(viewer, PeopleQuery(q="chef"))
    assert (exact.estimated, sampled.estimated) == (False, True)
    assert [hit.member.pk for hit in sampled.hits] == [hit.member.pk for hit in exact.hits]
    assert sampled.count == exact.count == 3
    assert sampled.locations == exact.locations
    assert sampled.industries == exact.industries


def test_outside_the_sample_connections_and_names_still_come_first(
    viewer: User, person: Callable[..., User], connect: Connect, broad: Callable[..., None]
) -> None:
    friend = person("Lia", "Lopes", headline="Analyst")
    named = person("Analyst", "Named", headline="Clerk")
    for n in range(4):
        person(f"Other{n}", "Person", headline="Analyst")
    connect(viewer, friend)
    broad(matches=1, sample=0, first=0)  # no sample, no plain matches: the other two sources
    result = people_search(viewer, PeopleQuery(q="analyst"))
    assert result.estimated
    assert [hit.member.pk for hit in result.hits] == [named.pk, friend.pk]  # a name first
    # An estimate from an empty sample, never below what one can page through.
    assert result.count == 2
    assert result.industries == result.locations == []


def test_a_broad_search_keeps_every_privacy_rule(
    viewer: User, person: Callable[..., User], connect: Connect, broad: Callable[..., None]
) -> None:
    """As test_selectors' counting test, but broad: a closed 2nd-degree profile matched by its
    summary is shown (its degree is checked exactly) and left out of the estimates."""
    friend = person("Fred", "Friend", summary="Chef at home", location="Lisbon")
    bridge = person("Bridge", "Member", location="Lisbon")
    second = person("Sara", "Second", summary="Trained chef", location="Coimbra")
    second.profile_visible_to_out_of_network = False
    second.save()
    third = person("Chef", "Third", location="Aveiro")
    connect(viewer, friend)
    connect(viewer, bridge)
    connect(bridge, second)
    connect(second, third)
    hidden = person("Chef", "Hidden", location="Braga")
    hidden.profile_visible_to_out_of_network = False
    hidden.save()
    person("Otto", "Open", summary="Private chef", location="Porto")  # summary: 1st/2nd only
    blocker = person("Chef", "Blocker", location="Evora")
    Block.objects.create(blocker=blocker, blocked=viewer)
    gone = person("Chef", "Gone", location="Evora")
    account_services.member_deactivate(member=gone)
    broad(matches=0)

    result = people_search(viewer, PeopleQuery(q="chef"))
    assert result.estimated
    shown = {hit.member.last_name: hit.access for hit in result.hits}
    assert shown == {
        "Friend": ProfileAccess.FULL,
        "Second": ProfileAccess.NO_CONTACT,
        "Third": ProfileAccess.LIMITED,
    }
    assert result.count == 3  # Friend and Third estimated; never fewer than those shown
    assert [(f.value, f.count) for f in result.locations] == [("Aveiro", 1), ("Lisbon", 1)]


@pytest.mark.parametrize("bitmap", [False, True], ids=["id list", "bitmap"])
@pytest.mark.parametrize("wide", [False, True], ids=["exact", "broad"])
def test_degree_filters_whichever_way_the_ids_are_sent(
    bitmap: bool,
    wide: bool,
    viewer: User,
    person: Callable[..., User],
    connect: Connect,
    broad: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chefs = _chefs(person)
    bridge = person("Bridge", "Member")
    connect(viewer, chefs[0])
    connect(viewer, bridge)
    connect(bridge, chefs[1])
    if wide:
        broad(matches=0)
    if bitmap:  # every degree filter as a bitmap of member ids
        monkeypatch.setattr(filters, "DEGREE_BITMAP_MIN", 0)

    def found(*degrees: int) -> list[int]:
        query = PeopleQuery(q="chef", degrees=frozenset(degrees))
        return [hit.member.pk for hit in people_search(viewer, query).hits]

    ids = [chef.pk for chef in chefs]
    assert found(1) == [ids[0]]
    assert found(2) == [ids[1]]
    assert found(3) == [ids[2]]
    assert found(1, 2) == [ids[0], ids[1]]
    assert set(found(1, 3)) == {ids[0], ids[2]}
    assert set(found(2, 3)) == {ids[1], ids[2]}


@pytest.mark.parametrize("wide", [False, True], ids=["exact", "broad"])
def test_equal_matches_come_in_member_id_order_on_every_request(
    wide: bool,
    viewer: User,
    person: Callable[..., User],
    broad: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ties (the same relevance, the same nearness) are broken by member id, in the SQL cut to
    the best candidates and in the exact re-rank, so a cut never picks among them at random."""
    twins = [person("Ana", "Silva", headline="Chef") for _ in range(6)]
    if wide:
        broad(matches=0)
    monkeypatch.setattr(statement, "CANDIDATES", 4)  # the statement's cut falls among the ties
    answers = [
        [hit.member.pk for hit in people_search(viewer, PeopleQuery(q="chef")).hits]
        for _ in range(3)
    ]
    assert answers == [sorted(twin.pk for twin in twins)[:4]] * 3


def test_no_sequential_scan_starts_mid_table() -> None:
    """A broad search's pool takes the first matches a scan finds (docs/search.md, "Broad
    searches"); with synchronized scans a scan joins another backend's mid-table and takes
    others, so identical requests would answer differently. The app's connections turn them
    off (config/settings/base.py)."""
    with replicas.read_connection().cursor() as cursor:
        cursor.execute("SHOW synchronize_seqscans")
        assert cursor.fetchone() == ("off",)


def test_a_common_words_bitmap_stays_exact() -> None:
    """A filtered search over a common word builds the bitmap of its matches (278,000 at a
    million members); in PostgreSQL's default 4 MB of work_mem it turns lossy and every
    document on a lossy page is matched again. The app's connections allow 16 MB
    (DB_WORK_MEM, config/settings/base.py)."""
    with replicas.read_connection().cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone() == ("16MB",)


def test_id_bitmaps_follow_get_bit_order() -> None:
    bits = id_bitmap(np.array([0, 9, 17], dtype=np.int32))
    assert bits == bytes([0b00000001, 0b00000010, 0b00000010])


def test_estimated_counts_are_rounded_to_two_significant_digits() -> None:
    assert statement.scaled(7, 1.0) == 7
    assert statement.scaled(3, 10.0) == 30
    assert statement.scaled(1234, 10.0) == 12_000
    assert statement.scaled(5657, 50.0) == 280_000


def test_the_api_and_the_page_say_when_a_count_is_an_estimate(
    viewer: User, person: Callable[..., User], broad: Callable[..., None]
) -> None:
    _chefs(person)
    api = APIClient()
    api.force_authenticate(viewer)
    page = Client()
    page.force_login(viewer)
    body = api.get(url("search-people"), {"q": "chef"}).json()
    assert (body["count"], body["count_is_estimate"]) == (3, False)
    assert "About 3 results" not in page.get("/search/", {"q": "chef"}).content.decode()
    broad(matches=1)
    body = api.get(url("search-people"), {"q": "chef"}).json()
    assert (body["count"], body["count_is_estimate"]) == (3, True)
    assert "About 3 results" in page.get("/search/", {"q": "chef"}).content.decode()


def test_large_cached_id_sets_are_formatted_once() -> None:
    ids = np.arange(20_000, dtype=np.int32)
    ids.flags.writeable = False
    first = ids_literal(ids)
    assert ids_literal(ids) is first
    assert first == "{" + ",".join(map(str, range(20_000))) + "}"
    copy = ids.copy()  # writeable: formatted afresh, same text
    assert ids_literal(copy) == first and ids_literal(copy) is not first


def test_typeahead_is_bounded_and_still_puts_connections_first(
    viewer: User, person: Callable[..., User], connect: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autocomplete, "TYPEAHEAD_CANDIDATES", 2)
    monkeypatch.setattr(autocomplete, "TYPEAHEAD_CONNECTIONS", 2)
    strangers = [person(f"Mar{n}", "Stranger") for n in range(4)]
    bridge = person("Bridge", "Member")
    second = person("Marta", "Second")
    friend = person("Mario", "Friend")  # created last: the index returns it last
    connect(viewer, friend)
    connect(viewer, bridge)
    connect(bridge, second)
    shown = [hit.member.pk for hit in typeahead(viewer, "mar").members]
    assert shown[0] == friend.pk
    assert len(shown) == 3  # two connections at most (one matches), two others at most
    assert set(shown[1:]) <= {second.pk, *(stranger.pk for stranger in strangers)}


def test_the_sample_is_sized_from_the_row_count_or_before_analyze_from_the_highest_id(
    person: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    members = [person("Ana", f"Chef{i}", headline="Chef") for i in range(4)]
    monkeypatch.setattr(pool, "SAMPLE_DOCUMENTS", 2)

    def percent() -> float:
        with connection.cursor() as cursor:
            cursor.execute(pool.sample_percent())
            return float(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_memberdocument")
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'search_memberdocument'::regclass"
        )
        rows = cursor.fetchone()[0]
        assert rows >= len(members)
        assert percent() == pytest.approx(100 * 2 / rows)
        # Never analyzed (a bulk load before autovacuum came by): the highest id stands in.
        cursor.execute(
            "UPDATE pg_class SET reltuples = -1 WHERE oid = 'search_memberdocument'::regclass"
        )
        assert percent() == pytest.approx(100 * 2 / max(m.pk for m in members))
