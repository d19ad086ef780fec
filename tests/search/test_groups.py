"""Groups in search: the `group` filter of people search (who may use it, blocks, privacy,
with every other filter), group search (keywords, industry, unlisted groups, ranking by the
network) and groups in typeahead."""

from collections.abc import Callable
from datetime import date

import pytest

from accounts import services as account_services
from accounts.models import Block, Position, User
from accounts.policies import ProfileAccess
from groups import services as group_services
from groups.exceptions import GroupNotFound, NotGroupMember
from groups.models import Group
from search.selectors import GroupQuery, PeopleQuery, group_search, people_search, typeahead
from search.selectors import groups as groups_selectors

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]
MakeGroup = Callable[..., Group]


def ids(viewer: User, **query: object) -> list[int]:
    return [hit.member.pk for hit in people_search(viewer, PeopleQuery(**query)).hits]  # type: ignore[arg-type]


def group_ids(viewer: User, q: str = "", industry: str = "") -> list[int]:
    return [hit.group.pk for hit in group_search(viewer, GroupQuery(q, industry)).hits]


# -- the group filter of people search ------------------------------------------------------


def test_group_filter_alone_and_with_every_other_filter(
    viewer: User, person: Callable[..., User], connect: Connect, make_group: MakeGroup
) -> None:
    inside_lisbon = person(
        "Ana", "Inside", location="Lisbon", industry="banking", current_company="Banco X"
    )
    inside_porto = person("Ana", "Porto", location="Porto", industry="banking")
    inside_far = person("Bia", "Far", headline="Data analyst")
    outside = person("Ana", "Outside", location="Lisbon", industry="banking")
    hub = person("Hub", "Member")
    Position.objects.create(
        member=inside_porto,
        company="Old Bank",
        title="Teller",
        start_date=date(2010, 1, 1),
        end_date=date(2012, 1, 1),
    )
    connect(viewer, inside_lisbon)
    connect(viewer, hub)
    connect(hub, inside_porto)  # 2nd degree: her history is visible
    group = make_group(
        hub, "Fintech Lisbon", members=(viewer, inside_lisbon, inside_porto, inside_far)
    )
    make_group(outside, "Elsewhere", members=(viewer,))

    assert set(ids(viewer, group=group.pk)) == {
        inside_lisbon.pk,
        inside_porto.pk,
        inside_far.pk,
        hub.pk,
    }
    assert ids(viewer, group=group.pk, q="ana") == [inside_lisbon.pk, inside_porto.pk]
    assert ids(viewer, group=group.pk, q="analyst") == [inside_far.pk]
    assert ids(viewer, group=group.pk, degrees=frozenset({1})) == [inside_lisbon.pk, hub.pk]
    assert ids(viewer, group=group.pk, degrees=frozenset({2})) == [inside_porto.pk]
    assert ids(viewer, group=group.pk, degrees=frozenset({3})) == [inside_far.pk]
    assert ids(viewer, group=group.pk, location="lisbon") == [inside_lisbon.pk]
    assert set(ids(viewer, group=group.pk, industry="banking")) == {
        inside_lisbon.pk,
        inside_porto.pk,
    }
    assert ids(viewer, group=group.pk, company="banco x") == [inside_lisbon.pk]
    assert ids(viewer, group=group.pk, past_company="old bank") == [inside_porto.pk]
    assert ids(viewer, group=group.pk, connection_of=hub.pk) == [inside_porto.pk]
    assert ids(
        viewer,
        group=group.pk,
        q="ana",
        industry="banking",
        location="Porto",
        degrees=frozenset({2}),
    ) == [inside_porto.pk]
    result = people_search(viewer, PeopleQuery(group=group.pk, industry="banking"))
    assert result.count == 2
    assert [(f.value, f.count) for f in result.locations] == [("Lisbon", 1), ("Porto", 1)]


def test_group_filter_is_for_the_groups_members_alone(
    viewer: User, person: Callable[..., User], connect: Connect, make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    listed = make_group(owner, "Listed circle")
    hidden = make_group(owner, "Hidden circle", unlisted=True)
    with pytest.raises(NotGroupMember):  # listed: it exists, but its members are for members
        ids(viewer, group=listed.pk)
    with pytest.raises(GroupNotFound):  # unlisted and not the viewer's: as if missing
        ids(viewer, group=hidden.pk)
    with pytest.raises(GroupNotFound):
        ids(viewer, group=987_654)
    connect(owner, viewer)
    group_services.group_invite(manager=owner, group_id=hidden.pk, member_id=viewer.pk)
    with pytest.raises(NotGroupMember):  # invited: may see the group, not yet its members
        ids(viewer, group=hidden.pk)
    group_services.group_join(member=viewer, group_id=hidden.pk)
    assert ids(viewer, group=hidden.pk) == [owner.pk]


def test_group_filter_hides_blocked_deactivated_and_private_members(
    viewer: User, person: Callable[..., User], make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    blocker = person("Gina", "Blocker")
    blocked = person("Gina", "Blocked")
    gone = person("Gina", "Gone")
    private = person("Gina", "Private", headline="Gardener")
    private.profile_visible_to_out_of_network = False
    private.save()
    shown = person("Gina", "Shown")
    group = make_group(owner, "Gardeners", members=(viewer, blocker, blocked, gone, private, shown))
    Block.objects.create(blocker=blocker, blocked=viewer)
    Block.objects.create(blocker=viewer, blocked=blocked)
    account_services.member_deactivate(member=gone)
    assert ids(viewer, group=group.pk, q="gina") == [shown.pk]  # a private name is not searchable
    result = people_search(viewer, PeopleQuery(group=group.pk, q="gardener"))
    assert [(hit.member.pk, hit.access) for hit in result.hits] == [
        (private.pk, ProfileAccess.MINIMAL)
    ]
    assert result.count == 1 and result.locations == [] and result.industries == []
    everyone = people_search(viewer, PeopleQuery(group=group.pk))
    assert {hit.member.pk for hit in everyone.hits} == {owner.pk, private.pk, shown.pk}
    assert everyone.count == 3
    assert sum(f.count for f in everyone.locations) == 2  # the private member's is not shown


# -- group search ---------------------------------------------------------------------------


def test_group_search_by_keywords_and_industry(
    viewer: User, person: Callable[..., User], make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    python = make_group(owner, "Python Developers Lisboa", industry="computer_software")
    nurses = make_group(
        owner, "Care Network", description="For nurses and carers", industry="hospital_health_care"
    )
    cafe = make_group(owner, "Café Owners", industry="restaurants")
    assert group_ids(viewer, "python") == [python.pk]
    assert group_ids(viewer, "developer") == [python.pk]  # stemmed
    assert group_ids(viewer, "nurse") == [nurses.pk]  # the description counts too
    assert group_ids(viewer, "cafe") == [cafe.pk]  # accents do not matter
    assert group_ids(viewer, "pyhton developers") == [python.pk]  # typo in the name
    assert group_ids(viewer, industry="restaurants") == [cafe.pk]
    assert group_ids(viewer, "python", industry="restaurants") == []
    assert group_ids(viewer, "care", industry="hospital_health_care") == [nurses.pk]
    result = group_search(viewer, GroupQuery())
    assert result.count == 3
    assert {(f.value, f.count) for f in result.industries} == {
        ("computer_software", 1),
        ("hospital_health_care", 1),
        ("restaurants", 1),
    }
    group_services.group_update(member=owner, group_id=cafe.pk, name="Tea Lovers")
    assert group_ids(viewer, "tea") == [cafe.pk]  # an edit is searchable at once


def test_unlisted_groups_never_show_to_non_members(
    viewer: User, person: Callable[..., User], connect: Connect, make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    secret = make_group(owner, "Secret Society", unlisted=True, industry="banking")
    assert group_ids(viewer, "secret") == []
    assert group_ids(viewer, industry="banking") == []
    assert group_search(viewer, GroupQuery(industry="banking")).count == 0
    assert group_search(viewer, GroupQuery()).industries == []
    assert typeahead(viewer, "sec").groups == []
    connect(owner, viewer)
    group_services.group_invite(manager=owner, group_id=secret.pk, member_id=viewer.pk)
    assert group_ids(viewer, "secret") == []  # invited is not a member: found by invitation
    group_services.group_join(member=viewer, group_id=secret.pk)
    assert group_ids(viewer, "secret") == [secret.pk]
    assert [hit.group.pk for hit in typeahead(viewer, "sec").groups] == [secret.pk]
    assert group_ids(owner, "secret") == [secret.pk]


def test_group_search_ranks_own_groups_then_connections(
    viewer: User, person: Callable[..., User], connect: Connect, make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    friends = [person("Friend", str(n)) for n in range(3)]
    for friend in friends:
        connect(viewer, friend)
    strangers = tuple(person("Stranger", str(n)) for n in range(5))
    big = make_group(owner, "Hiking Club", members=strangers)
    one_friend = make_group(owner, "Hiking Friends", members=(friends[0],))
    two_friends = make_group(owner, "Hiking Together", members=(friends[1], friends[2]))
    mine = make_group(owner, "Hiking Walkers", members=(viewer,))
    found = group_search(viewer, GroupQuery("hiking")).hits
    assert [hit.group.pk for hit in found] == [mine.pk, two_friends.pk, one_friend.pk, big.pk]
    assert [hit.connections_in_group for hit in found] == [0, 2, 1, 0]
    roles = [getattr(hit.group, "viewer_role", "?") for hit in found]
    assert roles == ["member", None, None, None]
    # Another viewer's network gives another order; a deactivated friend no longer counts.
    assert group_ids(friends[0], "hiking")[0] == one_friend.pk
    account_services.member_deactivate(member=friends[1])
    account_services.member_deactivate(member=friends[2])
    found = group_search(viewer, GroupQuery("hiking")).hits
    assert [hit.group.pk for hit in found][:2] == [mine.pk, one_friend.pk]
    assert {hit.group.pk: hit.connections_in_group for hit in found}[two_friends.pk] == 0


def test_group_search_ranks_the_best_candidates_and_counts_every_match(
    viewer: User,
    person: Callable[..., User],
    connect: Connect,
    make_group: MakeGroup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = person("Olga", "Owner")
    friend = person("Fred", "Friend")
    connect(viewer, friend)
    big = make_group(owner, "Chess Club", members=tuple(person("M", str(n)) for n in range(3)))
    with_friend = make_group(owner, "Chess Friends", members=(friend,))
    make_group(owner, "Chess Lovers")
    monkeypatch.setattr(groups_selectors, "GROUP_CANDIDATES", 1)
    result = group_search(viewer, GroupQuery("chess"))
    # Connections are counted in the best candidate by relevance and size (the big group)
    # alone, so the group with a friend is not ranked; the count and facet cover all three.
    assert [hit.group.pk for hit in result.hits] == [big.pk]
    assert (result.count, result.reachable) == (3, 1)
    monkeypatch.setattr(groups_selectors, "GROUP_CANDIDATES", 500)
    assert group_ids(viewer, "chess")[0] == with_friend.pk


def test_group_search_and_blocks(
    viewer: User, person: Callable[..., User], connect: Connect, make_group: MakeGroup
) -> None:
    """Blocks hide members, not groups: a group run by someone who blocked the viewer is still
    found (as the group pages show it), and a blocked member is never among the viewer's
    connections in it."""
    blocker = person("Bruno", "Blocker")
    friend = person("Fred", "Friend")
    connect(viewer, friend)
    group = make_group(blocker, "Chess Players", members=(friend,))
    Block.objects.create(blocker=blocker, blocked=viewer)
    [hit] = group_search(viewer, GroupQuery("chess")).hits
    assert hit.group.pk == group.pk and hit.connections_in_group == 1
    Block.objects.create(blocker=viewer, blocked=friend)  # the connection row may linger
    [hit] = group_search(viewer, GroupQuery("chess")).hits
    assert hit.connections_in_group == 0


# -- typeahead ------------------------------------------------------------------------------


def test_typeahead_finds_names_and_groups_nearest_first(
    viewer: User, person: Callable[..., User], connect: Connect, make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    friend = person("Fred", "Friend")
    connect(viewer, friend)
    near_member = person("Marta", "Near")
    connect(viewer, near_member)
    far_member = person("Mario", "Far")
    big = make_group(owner, "Marketing Pros", members=tuple(person("S", str(n)) for n in range(3)))
    with_friend = make_group(owner, "Marathon Runners", members=(friend,))
    mine = make_group(owner, "Maritime Law", members=(viewer,))
    make_group(owner, "Other Topic")
    found = typeahead(viewer, "mar")
    assert [hit.member.pk for hit in found.members] == [near_member.pk, far_member.pk]
    assert [hit.group.pk for hit in found.groups] == [mine.pk, with_friend.pk, big.pk]
    assert [hit.group.pk for hit in typeahead(viewer, "mar run").groups] == [with_friend.pk]
    assert typeahead(viewer, "law").groups[0].group.pk == mine.pk  # any word of the name


def test_typeahead_holds_ten_members_and_groups_together(
    viewer: User, person: Callable[..., User], make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    for n in range(12):
        person("Sofia", f"N{n}")
    for n in range(5):
        make_group(owner, f"Software Guild {n}")
    found = typeahead(viewer, "so")
    assert (len(found.members), len(found.groups)) == (7, 3)
    few = typeahead(viewer, "software")
    assert (len(few.members), len(few.groups)) == (0, 5)
