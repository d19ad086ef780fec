"""People search: matching, relevance, nearness, every filter, privacy and freshness."""

from collections.abc import Callable
from datetime import date

import pytest

from accounts import services as account_services
from accounts.exceptions import MemberNotFound
from accounts.models import Block, Education, Position, User
from accounts.policies import ProfileAccess
from connections.exceptions import ConnectionsHidden
from search.selectors import PeopleQuery, people_search, typeahead

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def ids(viewer: User, **query: object) -> list[int]:
    return [hit.member.pk for hit in people_search(viewer, PeopleQuery(**query)).hits]  # type: ignore[arg-type]


def test_keywords_reach_every_part_of_a_profile(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    by_summary = person("Sam", "One", summary="I love building compilers")
    by_skill = person("Sam", "Two", skills=["Kubernetes"])
    by_title = person("Sam", "Three", current_title="Oceanographer")
    by_past = person("Sam", "Four")
    Position.objects.create(
        member=by_past,
        company="Zeppelin Works",
        title="Welder",
        start_date="2010-01-01",
        end_date="2012-01-01",
    )
    by_school = person("Sam", "Five")
    Education.objects.create(member=by_school, school="Universidade de Coimbra")
    for member in (by_summary, by_past, by_school):  # summary and history: 1st/2nd degree only
        connect(viewer, member)
    assert ids(viewer, q="compiler") == [by_summary.pk]  # stemmed
    assert ids(viewer, q="kubernetes") == [by_skill.pk]
    assert ids(viewer, q="oceanographers") == [by_title.pk]
    assert ids(viewer, q="zeppelin") == [by_past.pk]
    assert ids(viewer, q="welder") == [by_past.pk]
    assert ids(viewer, q="coimbra") == [by_school.pk]


def test_accents_and_typos(viewer: User, person: Callable[..., User]) -> None:
    jose = person("José", "Gonçalves")
    assert ids(viewer, q="Jose") == [jose.pk]
    assert ids(viewer, q="goncalves") == [jose.pk]
    assert ids(viewer, q="José Gonçalves") == [jose.pk]
    assert ids(viewer, q="Jose Goncalvez") == [jose.pk]  # typo in the surname
    assert ids(viewer, q="Jsoe Goncalves") == [jose.pk]  # typo in the first name


def test_exact_name_beats_headline_mention(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    mention = person("Rui", "Dias", headline="Assistant to Marta Ferreira")
    marta = person("Marta", "Ferreira")
    connect(viewer, mention)  # even a 1st-degree mention ranks below the name itself
    assert ids(viewer, q="Marta Ferreira") == [marta.pk, mention.pk]


def test_endorsed_skill_ranks_above_a_plain_one(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    from connections.endorsements import endorsement_create, endorsement_delete

    # Names that share no trigram with the keywords, so only the document tells them apart.
    plain = person("Ada", "Ross", skills=["Python", "Go"])  # the lower id: ties favour it
    endorsed = person("Ada", "Rees", skills=["Python", "Go"])
    fan = person("Kim", "Lu")
    connect(fan, endorsed)
    connect(fan, plain)
    assert ids(viewer, q="python") == [plain.pk, endorsed.pk]
    endorsement_create(endorser=fan, member_id=endorsed.pk, skill="Python")
    assert ids(viewer, q="python") == [endorsed.pk, plain.pk]  # the document is current
    assert ids(viewer, q="go") == [plain.pk, endorsed.pk]  # only the endorsed skill counts
    endorsement_delete(endorser=fan, member_id=endorsed.pk, skill="python")
    assert ids(viewer, q="python") == [plain.pk, endorsed.pk]
    endorsement_create(endorser=fan, member_id=endorsed.pk, skill="Python")
    account_services.profile_update(member=endorsed, skills=["Go"])  # the skill dropped
    assert ids(viewer, q="python") == [plain.pk]
    # Nearness still weighs more than an endorsement: a 1st-degree plain match comes first.
    endorsement_create(endorser=fan, member_id=plain.pk, skill="Go")
    connect(viewer, endorsed)
    assert ids(viewer, q="go") == [endorsed.pk, plain.pk]


def test_nearer_member_first_at_equal_relevance(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    far = person("Ines", "Far", headline="Data engineer")
    third = person("Ines", "Third", headline="Data engineer")
    second_few = person("Ines", "Few", headline="Data engineer")
    second_many = person("Ines", "Many", headline="Data engineer")
    first = person("Ines", "First", headline="Data engineer")
    friends = [person("Friend", str(n)) for n in range(3)]
    connect(viewer, first)
    for friend in friends:
        connect(viewer, friend)
        connect(friend, second_many)
    connect(friends[0], second_few)
    connect(second_few, third)
    assert ids(viewer, q="data engineer") == [
        first.pk,
        second_many.pk,
        second_few.pk,
        third.pk,
        far.pk,
    ]
    # The same query ranks differently for another viewer.
    assert ids(far, q="data engineer")[0] != first.pk or far.pk == first.pk


def test_same_query_differs_by_viewer(person: Callable[..., User], connect: Connect) -> None:
    anna = person("Anna", "A", headline="Designer")
    bea = person("Bea", "B", headline="Designer")
    one = person("Viewer", "One")
    two = person("Viewer", "Two")
    connect(one, anna)
    connect(two, bea)
    assert ids(one, q="designer") == [anna.pk, bea.pk]
    assert ids(two, q="designer") == [bea.pk, anna.pk]


def test_degree_filters(viewer: User, person: Callable[..., User], connect: Connect) -> None:
    first = person("Deg", "First")
    second = person("Deg", "Second")
    third = person("Deg", "Third")
    beyond = person("Deg", "Beyond")
    connect(viewer, first)
    connect(first, second)
    connect(second, third)
    assert ids(viewer, q="deg", degrees=frozenset({1})) == [first.pk]
    assert ids(viewer, q="deg", degrees=frozenset({2})) == [second.pk]
    assert ids(viewer, q="deg", degrees=frozenset({3})) == [third.pk, beyond.pk]
    assert ids(viewer, q="deg", degrees=frozenset({1, 2})) == [first.pk, second.pk]
    assert ids(viewer, q="deg", degrees=frozenset({1, 3})) == [first.pk, third.pk, beyond.pk]
    assert set(ids(viewer, q="deg", degrees=frozenset({1, 2, 3}))) == {
        first.pk,
        second.pk,
        third.pk,
        beyond.pk,
    }


def test_attribute_filters_alone_and_combined(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    lisbon = person("Ana", "L", location="Lisbon", industry="banking", current_company="Banco X")
    porto = person("Ana", "P", location="Porto", industry="banking", current_company="Banco Y")
    Position.objects.create(
        member=porto,
        company="Banco X",
        title="Teller",
        start_date="2010-01-01",
        end_date="2011-01-01",
    )
    Education.objects.create(member=lisbon, school="Nova SBE")
    connect(viewer, porto)
    bridge = person("Bridge", "Member")  # Lisbon is 2nd degree: sees her education
    connect(viewer, bridge)
    connect(bridge, lisbon)
    assert ids(viewer, location="lisbon") == [lisbon.pk]  # case-insensitive
    assert set(ids(viewer, industry="banking")) == {lisbon.pk, porto.pk}
    assert ids(viewer, company="banco x") == [lisbon.pk]
    assert ids(viewer, past_company="Banco X") == [porto.pk]
    assert ids(viewer, school="nova sbe") == [lisbon.pk]
    assert ids(viewer, q="ana", industry="banking", location="Porto") == [porto.pk]
    assert ids(viewer, industry="banking", degrees=frozenset({1})) == [porto.pk]
    assert ids(viewer, industry="banking", location="Lisbon", degrees=frozenset({1})) == []


def test_facets_count_the_current_query(viewer: User, person: Callable[..., User]) -> None:
    person("Chef", "A", location="Lisbon", industry="restaurants")
    person("Chef", "B", location="Lisbon", industry="restaurants")
    person("Chef", "C", location="Porto", industry="food_production")
    person("Other", "D", location="Faro", industry="restaurants")
    result = people_search(viewer, PeopleQuery(q="chef"))
    assert result.count == 3
    assert [(f.value, f.count) for f in result.locations] == [("Lisbon", 2), ("Porto", 1)]
    assert [(f.value, f.count) for f in result.industries] == [
        ("restaurants", 2),
        ("food_production", 1),
    ]
    assert result.industries[0].label == "Restaurants"


def _closed(member: User) -> User:
    member.profile_visible_to_out_of_network = False
    member.save()
    return member


def test_count_and_facets_leave_out_what_the_viewer_may_not_see(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    friend = person("Fred", "Friend", summary="Chef at home", location="Lisbon")
    bridge = person("Bridge", "Member", location="Lisbon")
    second = _closed(person("Sara", "Second", summary="Trained chef", location="Coimbra"))
    third = _closed(person("Chef", "Third", location="Aveiro"))
    connect(viewer, friend)
    connect(viewer, bridge)
    connect(bridge, second)  # 2nd degree: sees the summary of a closed profile
    connect(second, third)  # 3rd degree: sees the name of a closed profile
    _closed(person("Chef", "Hidden", location="Braga"))  # name hidden out of network
    person("Otto", "Open", summary="Private chef", location="Porto")  # summary: 1st/2nd only
    _closed(person("Nina", "Network", headline="Chef", location="Faro"))  # "Network member"
    blocker = person("Chef", "Blocker", location="Evora")
    Block.objects.create(blocker=blocker, blocked=viewer)
    gone = person("Chef", "Gone", location="Evora")
    account_services.member_deactivate(member=gone)

    result = people_search(viewer, PeopleQuery(q="chef"))
    shown = {hit.member.last_name: hit.access for hit in result.hits}
    assert shown == {
        "Friend": ProfileAccess.FULL,
        "Second": ProfileAccess.NO_CONTACT,
        "Third": ProfileAccess.LIMITED,
        "Network": ProfileAccess.MINIMAL,
    }
    assert result.count == 4
    # Faro belongs to a member shown as "Network member", without a location; Aveiro (a closed
    # 3rd-degree profile) is left out of the facets rather than risk counting a hidden one.
    assert [(f.value, f.count) for f in result.locations] == [("Coimbra", 1), ("Lisbon", 1)]
    assert [(f.value, f.count) for f in result.industries] == [("accounting", 2)]
    filtered = people_search(viewer, PeopleQuery(q="chef", location="Faro"))
    assert (filtered.hits, filtered.count, filtered.locations) == ([], 0, [])


def test_connection_of_follows_the_members_setting(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    hub = person("Hub", "Member")
    friend_of_hub = person("Pal", "Ofhub")
    person("Pal", "Stranger")
    connect(viewer, hub)
    connect(hub, friend_of_hub)
    assert ids(viewer, q="pal", connection_of=hub.pk) == [friend_of_hub.pk]
    hub.connections_visible_to = "only_me"
    hub.save()
    with pytest.raises(ConnectionsHidden):
        ids(viewer, connection_of=hub.pk)
    stranger = person("Not", "Connected")
    with pytest.raises(ConnectionsHidden):  # only connections see them
        ids(viewer, connection_of=stranger.pk)
    with pytest.raises(MemberNotFound):
        ids(viewer, connection_of=999_999)
    Block.objects.create(blocker=stranger, blocked=viewer)
    with pytest.raises(MemberNotFound):
        ids(viewer, connection_of=stranger.pk)


def test_blocked_deactivated_and_deleted_members_never_appear(
    viewer: User, person: Callable[..., User]
) -> None:
    blocker = person("Hidden", "Blocker")
    blocked = person("Hidden", "Blocked")
    gone = person("Hidden", "Deactivated")
    suspended = person("Hidden", "Suspended")
    deleted = person("Hidden", "Deleted")
    shown = person("Hidden", "Shown")
    Block.objects.create(blocker=blocker, blocked=viewer)
    Block.objects.create(blocker=viewer, blocked=blocked)
    account_services.member_deactivate(member=gone)
    suspended.is_active = False
    suspended.save()
    deleted.delete()
    assert ids(viewer, q="hidden") == [shown.pk]
    assert [hit.member.pk for hit in typeahead(viewer, "hid").members] == [shown.pk]


def test_out_of_network_privacy(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    private = person("Priya", "Private", headline="Quantum chemist", summary="Loves sailing")
    private.profile_visible_to_out_of_network = False
    private.save()
    open_member = person("Otto", "Open", headline="Quantum chemist", summary="Loves sailing")
    results = people_search(viewer, PeopleQuery(q="quantum chemist")).hits
    access = {hit.member.pk: hit.access for hit in results}
    assert access == {private.pk: ProfileAccess.MINIMAL, open_member.pk: ProfileAccess.LIMITED}
    # A hidden name, summary or location is not searchable by out-of-network viewers...
    assert ids(viewer, q="priya") == []
    assert ids(viewer, q="sailing") == []  # summary: hidden from 3rd degree and beyond
    assert ids(viewer, q="quantum", location="Porto") == [open_member.pk]
    assert [hit.member.pk for hit in typeahead(viewer, "pri").members] == []
    # ... but is for a connection.
    connect(viewer, private)
    assert ids(viewer, q="priya") == [private.pk]
    assert set(ids(viewer, q="sailing")) == {private.pk}


def test_an_edit_is_searchable_at_once(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    member = person("Fresh", "Member")
    connect(viewer, member)
    assert ids(viewer, q="astrophysicist") == []
    account_services.profile_update(member=member, headline="Astrophysicist")
    assert ids(viewer, q="astrophysicist") == [member.pk]
    position = account_services.position_create(
        member=member, company="Nasa", title="Intern", start_date=date(2020, 1, 1)
    )
    assert ids(viewer, q="nasa") == [member.pk]
    account_services.position_delete(member=member, position_id=position.pk)
    assert ids(viewer, q="nasa") == []
    account_services.profile_update(member=member, first_name="Renamed")
    assert ids(viewer, q="renamed") == [member.pk]


def test_typeahead_prefixes_nearest_first(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    far = person("Carla", "Far")
    near = person("Carlos", "Near")
    second = person("Carolina", "Second")
    person("Bruno", "Other")
    connect(viewer, near)
    connect(near, second)

    def found(text: str) -> list[int]:
        return [hit.member.pk for hit in typeahead(viewer, text).members]

    assert found("car") == [near.pk, second.pk, far.pk]
    assert found("carl n") == [near.pk]
    assert found("ÇAR") == [near.pk, second.pk, far.pk]
    assert typeahead(viewer, "  ").members == []
    for n in range(12):
        person("Carmen", f"N{n}")
    assert len(found("car")) == 10
