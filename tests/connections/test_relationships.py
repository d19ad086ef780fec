"""relationships_for: each member's relationship to the viewer, with the connections given
by the caller (the degrees' 1st) or read from PostgreSQL."""

import pytest

from connections.selectors import relationships_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(sender, recipient) -> None:
    from connections import services

    services.invitation_send(sender=sender, recipient_id=recipient.pk)


def test_every_relationship_read_from_postgresql(connect, django_assert_num_queries) -> None:
    viewer, friend, invited, inviting, stranger = UserFactory.create_batch(5)
    connect(viewer, friend)
    _invite(viewer, invited)
    _invite(inviting, viewer)
    ids = [viewer.pk, friend.pk, invited.pk, inviting.pk, stranger.pk]
    with django_assert_num_queries(2):  # connections among them, invitations pending
        found = relationships_for(viewer, ids)
    assert found == {
        viewer.pk: "self",
        friend.pk: "connected",
        invited.pk: "invitation_sent",
        inviting.pk: "invitation_received",
        stranger.pk: "none",
    }


def test_connections_given_skip_their_statement(connect, django_assert_num_queries) -> None:
    viewer, friend, invited, stranger = UserFactory.create_batch(4)
    connect(viewer, friend)
    _invite(viewer, invited)
    ids = [viewer.pk, friend.pk, invited.pk, stranger.pk]
    with django_assert_num_queries(1):  # invitations pending only
        found = relationships_for(viewer, ids, connected=[friend.pk, viewer.pk, 10**9])
    # The viewer stays "self"; an id not asked about is not added.
    assert found == {
        viewer.pk: "self",
        friend.pk: "connected",
        invited.pk: "invitation_sent",
        stranger.pk: "none",
    }
    assert relationships_for(viewer, ids, connected=[]) == {**found, friend.pk: "none"}


def test_a_cards_relationship_follows_its_degree(connect) -> None:
    from network.selectors import viewer_fields_for

    viewer, friend, second = UserFactory.create_batch(3)
    connect(viewer, friend)
    connect(friend, second)
    fields = viewer_fields_for(viewer, [friend.pk, second.pk])
    assert (fields[friend.pk].degree, fields[friend.pk].relationship) == (1, "connected")
    assert (fields[second.pk].degree, fields[second.pk].relationship) == (2, "none")
