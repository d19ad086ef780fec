"""The fast member card equals DRF's field-by-field output, field by field, in every case a
viewer meets: 1st, 2nd, 3rd degree and out of network, invitations pending both ways, a
connections-only and a closed profile, blocked and deactivated members, a photo, and the
search cut (a hidden profile shown as "Network member")."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.template import Context, Template
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from accounts.api.serializers import BlockSerializer
from accounts.models import Block, ConnectionsVisibleTo, User
from accounts.selectors import blocked_members_for
from connections import services as connection_services
from connections.api.serializers import (
    ConnectionSerializer,
    InvitationReceivedSerializer,
    InvitationSerializer,
)
from connections.selectors import connections_of, invitations_received, invitations_sent
from groups.api.serializers import MembershipSerializer
from groups.models import Membership, Role
from groups.selectors import group_members, shared_group_names
from network.api.serializers import MemberSerializer, card_data, member_context
from network.api.views import SuggestionSerializer
from network.selectors import (
    card_members,
    mutual_connections,
    people_you_may_know,
    viewer_fields_for,
)
from network.web import with_nearness, with_why
from search.api.serializers import NETWORK_MEMBER, SearchMemberSerializer, search_card
from search.selectors import PeopleQuery, people_search
from tests.factories import UserFactory
from tests.groups.conftest import make_group
from tests.helpers import url

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _member(first: str, **profile: Any) -> User:
    return UserFactory.create(
        first_name=first,
        last_name="Chef",
        **{f"profile__{key}": value for key, value in profile.items()},
        profile__headline=f"{first} the chef",
        profile__location="Lisbon",
        profile__industry="restaurants",
        profile__current_company="Tasca",
        profile__current_title="Chef",
    )


@pytest.fixture
def network(connect: Connect, django_capture_on_commit_callbacks: Any) -> dict[str, User]:
    """Every kind of member a viewer may be shown, by name."""
    viewer = _member("Vera")
    people = {
        name: _member(name)
        for name in ("friend", "second", "third", "outsider", "sent", "received")
    }
    people["closed"] = _member("closed")
    people["closed"].profile_visible_to_out_of_network = False
    people["closed"].save()
    people["hidden_list"] = _member("hidden_list")
    people["hidden_list"].connections_visible_to = ConnectionsVisibleTo.ONLY_ME
    people["hidden_list"].save()
    people["blocked"] = _member("blocked")
    people["deactivated"] = _member("deactivated")
    people["with_photo"] = _member("with_photo")
    profile = people["with_photo"].profile
    profile.photo = SimpleUploadedFile("face.gif", GIF, content_type="image/gif")
    profile.save()
    connect(viewer, people["friend"])
    connect(people["friend"], people["second"])
    connect(people["second"], people["third"])
    connect(people["friend"], people["hidden_list"])
    connect(people["friend"], people["with_photo"])
    connect(viewer, people["deactivated"])
    with django_capture_on_commit_callbacks(execute=True):
        connection_services.invitation_send(sender=viewer, recipient_id=people["sent"].pk)
        connection_services.invitation_send(sender=people["received"], recipient_id=viewer.pk)
    Block.objects.create(blocker=viewer, blocked=people["blocked"])
    User.objects.filter(pk=people["deactivated"].pk).update(deactivated_at=timezone.now())
    return {"viewer": viewer, **people}


def _members(ids: list[int]) -> QuerySet[User]:
    return User.objects.select_related("profile").filter(pk__in=ids).order_by("pk")


def test_every_member_card_equals_the_serializer_field_by_field(
    network: dict[str, User],
) -> None:
    viewer = network["viewer"]
    members = list(_members([member.pk for member in network.values()]))
    serializer = MemberSerializer(context=member_context(viewer, members))
    relationships = set()
    for member in members:
        fast = serializer.to_representation(member)
        assert list(fast.items()) == list(serializer.field_by_field(member).items())
        relationships.add(fast["relationship"])
    assert relationships == {"self", "connected", "invitation_sent", "invitation_received", "none"}
    degrees = {serializer.to_representation(m)["degree"] for m in members}
    assert degrees == {0, 1, 2, 3, None}
    photo = serializer.to_representation(network["with_photo"])["photo"]
    assert photo is not None


def test_every_search_card_equals_the_serializer_field_by_field(
    network: dict[str, User],
) -> None:
    viewer = network["viewer"]
    hits = people_search(viewer, PeopleQuery(q="chef")).hits
    found = {hit.member.pk for hit in hits}
    # blocked and deactivated members are not found; a closed profile shows as a network member
    assert network["blocked"].pk not in found
    assert network["deactivated"].pk not in found
    assert network["closed"].pk in found
    loaded = {member.pk: member for member in _members(list(found))}
    serializer = SearchMemberSerializer(
        context={
            "viewer_fields": {hit.member.pk: hit.fields for hit in hits},
            "access": {hit.member.pk: hit.access for hit in hits},
        }
    )
    shown = {}
    for hit in hits:
        member = loaded[hit.member.pk]
        member.display_name = member.full_name if hit.shows_name else NETWORK_MEMBER  # type: ignore[attr-defined]
        member.name_visible = hit.shows_name  # type: ignore[attr-defined]
        fast = search_card(hit)
        assert list(fast.items()) == list(serializer.field_by_field(member).items())
        shown[hit.member.pk] = fast
    assert {card["name_visible"] for card in shown.values()} == {True, False}
    assert shown[network["closed"].pk]["display_name"] == "Network member"
    assert shown[network["closed"].pk]["first_name"] == ""


def test_member_cards_equal_the_serializer_and_leave_out_who_is_hidden(
    network: dict[str, User],
) -> None:
    viewer = network["viewer"]
    ids = [member.pk for member in network.values()]
    cards = card_members(viewer, ids, viewer_fields_for)
    hidden = {network["blocked"].pk, network["deactivated"].pk}
    assert set(cards) == set(ids) - hidden  # the viewer's own card among them
    members = list(_members(ids))
    serializer = MemberSerializer(context=member_context(viewer, members))
    for member in members:
        if member.pk in cards:
            fast = card_data(cards[member.pk])
            assert list(fast.items()) == list(serializer.field_by_field(member).items())
    assert card_data(cards[network["with_photo"].pk])["photo"] is not None
    assert card_members(viewer, []) == {}


def _as_json(data: Any) -> Any:
    return json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize("ordering", ["-connected_at", "last_name"])
@pytest.mark.parametrize("query", ["", "chef"])
def test_the_connections_list_equals_its_serializer(
    network: dict[str, User], ordering: str, query: str
) -> None:
    """The friend's list as the viewer sees it: the viewer's own card, a 2nd-degree member, a
    photo, a hidden list; compiled (no name filter) and as a queryset (with one)."""
    viewer, friend = network["viewer"], network["friend"]
    rows = list(connections_of(member=friend, viewer=viewer, query=query, ordering=ordering))
    expected = ConnectionSerializer(
        rows, many=True, context=member_context(viewer, [row.other for row in rows])
    ).data
    api = APIClient()
    api.force_authenticate(viewer)
    response = api.get(
        url("member-connections", member_id=friend.pk), {"ordering": ordering, "q": query}
    )
    assert response.status_code == 200
    assert response.json()["results"] == _as_json(expected)
    assert response.json()["count"] == len(rows) == 4


@pytest.mark.parametrize("ordering", ["-connected_at", "last_name"])
def test_the_own_connections_list_equals_its_serializer(
    network: dict[str, User], connect: Connect, ordering: str
) -> None:
    """The viewer's own list (relationships known, not asked): every one connected."""
    viewer = network["viewer"]
    connect(viewer, network["with_photo"])
    rows = list(connections_of(member=viewer, viewer=viewer, ordering=ordering))
    expected = ConnectionSerializer(
        rows, many=True, context=member_context(viewer, [row.other for row in rows])
    ).data
    api = APIClient()
    api.force_authenticate(viewer)
    response = api.get(url("connections"), {"ordering": ordering})
    assert response.json()["results"] == _as_json(expected)
    assert {row["member"]["relationship"] for row in response.json()["results"]} == {"connected"}
    assert response.json()["count"] == 2  # the deactivated connection is not listed


def test_suggestions_and_mutual_connections_equal_their_serializers(
    network: dict[str, User],
) -> None:
    viewer, friend = network["viewer"], network["friend"]
    api = APIClient()
    api.force_authenticate(viewer)
    suggestions = people_you_may_know(viewer)
    members = [suggestion.member for suggestion in suggestions]
    expected = SuggestionSerializer(
        suggestions, many=True, context=member_context(viewer, members)
    ).data
    assert {member.pk for member in members} >= {network["second"].pk, network["with_photo"].pk}
    assert api.get(url("suggestions")).json()["results"] == _as_json(expected)
    mutual = list(mutual_connections(viewer=viewer, member=network["second"]))
    assert mutual == [friend]
    expected = MemberSerializer(mutual, many=True, context=member_context(viewer, mutual)).data
    response = api.get(url("mutual-connections", member_id=network["second"].pk))
    assert response.json()["results"] == _as_json(expected)


def test_the_group_members_list_equals_its_serializer(network: dict[str, User]) -> None:
    """Owner first, then members by when they joined; blocked and deactivated left out."""
    viewer = network["viewer"]
    group = make_group(network["friend"])
    for name in ("viewer", "second", "with_photo", "blocked", "deactivated", "closed"):
        Membership.objects.create(group=group, member=network[name], role=Role.MEMBER)
    rows = list(group_members(viewer, group))
    expected = MembershipSerializer(
        rows, many=True, context=member_context(viewer, [row.member for row in rows])
    ).data
    api = APIClient()
    api.force_authenticate(viewer)
    response = api.get(url("group-members", group_id=group.pk))
    assert response.json()["results"] == _as_json(expected)
    shown = [row["member"]["id"] for row in response.json()["results"]]
    assert shown[0] == network["friend"].pk
    assert len(shown) == 5


def test_the_invitation_lists_equal_their_serializers(
    network: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    """Received (with the groups shared with the sender) and sent: both members' cards, the
    viewer's own among them; an invitation from a member deactivated since is left out."""
    viewer = network["viewer"]
    group = make_group(viewer)
    Membership.objects.create(group=group, member=network["received"], role=Role.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        connection_services.invitation_send(sender=network["third"], recipient_id=viewer.pk)
    User.objects.filter(pk=network["third"].pk).update(deactivated_at=timezone.now())
    api = APIClient()
    api.force_authenticate(viewer)
    for name, rows, serializer_class in (
        ("invitations-received", invitations_received(viewer), InvitationReceivedSerializer),
        ("invitations-sent", invitations_sent(viewer), InvitationSerializer),
    ):
        invitations = list(rows)
        assert len(invitations) == 1
        members = [m for i in invitations for m in (i.sender, i.recipient)]
        context = {
            **member_context(viewer, members),
            "shared_groups": shared_group_names(viewer, [i.sender_id for i in invitations]),
        }
        expected = serializer_class(invitations, many=True, context=context).data
        assert api.get(url(name)).json()["results"] == _as_json(expected)
    received = api.get(url("invitations-received")).json()["results"][0]
    assert received["shared_groups"] == [group.name]
    assert received["recipient"]["relationship"] == "self"


# Everything the list pages' templates read of a member, both avatar paths included.
_AS_PAGES_READ = Template(
    "{% load member_bits %}{{ m.pk }}|{{ m.first_name }}|{{ m.last_name }}|{{ m.full_name }}|"
    "{{ m.profile.headline }}|{{ m.profile.location }}|{{ m.nearness.degree }}|"
    "{{ m.nearness.mutual_connections_count }}|{{ m.nearness.relationship }}|"
    '{% avatar m "md" %}|{% include "includes/avatar.html" with member=m size="sm" %}|'
    "{% for person in m.why.mutuals %}{{ person.pk }}{% endfor %}{{ m.why.mutual_count }}"
)


def test_a_card_member_renders_as_the_member_it_stands_for(network: dict[str, User]) -> None:
    viewer = network["viewer"]
    ids = [member.pk for member in network.values()]
    members = list(_members(ids))
    with_nearness(viewer, members)
    with_why(viewer, members)
    cards = card_members(viewer, ids, viewer_fields_for)
    with_why(viewer, list(cards.values()))
    assert set(cards) == {member.pk for member in members} - {
        network["blocked"].pk,
        network["deactivated"].pk,
    }
    for member in members:
        if member.pk in cards:
            as_member = _AS_PAGES_READ.render(Context({"m": member}))
            assert _AS_PAGES_READ.render(Context({"m": cards[member.pk]})) == as_member
    assert "<img" in _AS_PAGES_READ.render(Context({"m": cards[network["with_photo"].pk]}))
    degrees_only = card_members(viewer, [network["second"].pk])[network["second"].pk]
    assert degrees_only.nearness is not None and degrees_only.nearness.degree == 2
    assert card_members(viewer, [network["second"].pk], None)[network["second"].pk].nearness is None


def test_the_blocks_list_equals_its_serializer(network: dict[str, User]) -> None:
    """Newest first, a photo among them; a member deactivated since is still listed."""
    viewer = network["viewer"]
    for name in ("with_photo", "deactivated"):
        Block.objects.create(blocker=viewer, blocked=network[name])
    blocks = list(blocked_members_for(viewer))
    assert len(blocks) == 3
    api = APIClient()
    api.force_authenticate(viewer)
    response = api.get(url("blocks"))
    assert response.json()["results"] == _as_json(BlockSerializer(blocks, many=True).data)
    assert response.json()["results"][1]["member"]["photo"] is not None
    assert response.json()["count"] == 3
