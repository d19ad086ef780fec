"""The fast member card equals DRF's field-by-field output, field by field, in every case a
viewer meets: 1st, 2nd, 3rd degree and out of network, invitations pending both ways, a
connections-only and a closed profile, blocked and deactivated members, a photo, and the
search cut (a hidden profile shown as "Network member")."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Block, ConnectionsVisibleTo, User
from connections import services as connection_services
from network.api.serializers import MemberSerializer, member_context
from search.api.serializers import SearchMemberSerializer, search_context
from search.selectors import PeopleQuery, people_search
from tests.factories import UserFactory

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
    context = search_context(hits)
    serializer = SearchMemberSerializer(context=context)
    shown = {}
    for hit in hits:
        fast = serializer.to_representation(hit.member)
        assert list(fast.items()) == list(serializer.field_by_field(hit.member).items())
        shown[hit.member.pk] = fast
    assert {card["name_visible"] for card in shown.values()} == {True, False}
    assert shown[network["closed"].pk]["display_name"] == "Network member"
    assert shown[network["closed"].pk]["first_name"] == ""
