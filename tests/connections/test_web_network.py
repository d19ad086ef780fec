"""My Network as the member uses it: what asks for them first (invitations, with the groups
they share with each sender; suggestions), then sent invitations and a paginated list of
connections; the limits in words in the side column; counts and the header's badge sent out
of band after each action; the badge's own fragment; query counts that do not grow."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from connections import services
from connections.models import Connection, Invitation
from groups import services as group_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def browser(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


def invite(sender: User, recipient: User) -> Invitation:
    return services.invitation_send(sender=sender, recipient_id=recipient.pk).invitation


def share_a_group(first: User, second: User, name: str) -> None:
    group = group_services.group_create(
        creator=first, name=name, description="", industry="farming"
    )
    group_services.group_join(member=second, group_id=group.pk)


def test_invitations_and_suggestions_come_before_connections(
    browser: Client, member: User, connect
) -> None:
    sender, friend, suggested, recipient = UserFactory.create_batch(4)
    invite(sender, member)
    invite(member, recipient)
    connect(member, friend)
    connect(friend, suggested)
    body = browser.get(reverse("my_network")).content.decode()
    order = [
        body.index('id="invitations-received"'),
        body.index('id="suggestions"'),
        body.index('id="invitations-sent"'),
        body.index('id="connections"'),
        body.index('id="limits"'),
    ]
    assert order == sorted(order)
    assert body.index("<aside") < body.index('id="limits"')  # the side column


def test_limits_in_words_without_internals(browser: Client, member: User) -> None:
    body = browser.get(reverse("my_network")).content.decode()
    assert "You can send <strong>100</strong> more invitations this week." in body
    assert "None of your invitations is waiting for an answer." in body
    assert "know this person” answers" not in body and "of 5" not in body


def test_received_invitations_show_the_groups_shared_with_the_sender(
    browser: Client, member: User, other: User
) -> None:
    share_a_group(other, member, "Lisbon Gardeners")
    share_a_group(member, other, "Porto Bakers")
    invitation = invite(other, member)
    body = browser.get(reverse("my_network")).content.decode()
    card = body[body.index(f'id="invitation-{invitation.pk}"') :]
    assert (
        "You're both in <strong>Lisbon Gardeners</strong> and <strong>Porto Bakers</strong>" in card
    )


@pytest.mark.parametrize("size", [1, 5])
def test_shared_groups_cost_one_query_for_the_page(
    browser: Client, member: User, size: int, django_assert_max_num_queries
) -> None:
    for number in range(size):
        sender: User = UserFactory.create()
        share_a_group(sender, member, f"Group {number}")
        invite(sender, member)
    # The page's constant count (tests/connections/test_pages.py) with received invitations.
    with django_assert_max_num_queries(31):
        response = browser.get(reverse("my_network"))
    assert [len(i.shared_groups) for i in response.context["received"]] == [1] * size


def test_accept_sends_the_counts_and_the_badge_out_of_band(
    browser: Client, member: User, other: User
) -> None:
    invitation = invite(other, member)
    invite(UserFactory.create(), member)
    response = browser.post(
        reverse("invitation_accept", args=[invitation.pk]), {"shown_in": "network"}, headers=HTMX
    )
    body = response.content.decode()
    assert Connection.objects.filter(member=member, other=other).exists()
    assert '<span class="count-pill" id="count-received" hx-swap-oob="outerHTML">1</span>' in body
    assert (
        '<span class="count-pill" id="count-connections" hx-swap-oob="outerHTML">1</span>' in body
    )
    assert 'id="network-badge" hx-swap-oob="outerHTML"' in body and "(1 invitation waiting)" in body
    assert "You are now connected." in body


def test_withdraw_updates_the_sent_count(browser: Client, member: User, other: User) -> None:
    invitation = invite(member, other)
    response = browser.post(
        reverse("invitation_withdraw", args=[invitation.pk]), {"shown_in": "network"}, headers=HTMX
    )
    body = response.content.decode()
    assert '<span class="count-pill" id="count-sent" hx-swap-oob="outerHTML">0</span>' in body


def test_actions_elsewhere_send_no_counts(browser: Client, member: User, other: User) -> None:
    invitation = invite(other, member)
    body = browser.post(reverse("invitation_accept", args=[invitation.pk]), headers=HTMX).content
    assert b"count-received" not in body


def test_network_badge(browser: Client, member: User) -> None:
    page = browser.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("network_badge")}" hx-trigger="load"' in page  # loaded after
    body = browser.get(reverse("network_badge"), headers=HTMX).content.decode()
    assert 'id="network-badge"' in body and "nav-count" not in body
    for sender in UserFactory.create_batch(2):
        invite(sender, member)
    body = browser.get(reverse("network_badge"), headers=HTMX).content.decode()
    assert '<span class="nav-count" aria-hidden="true">2</span>' in body
    assert "(2 invitations waiting)" in body and "hx-get" not in body


def test_network_badge_needs_login(client: Client) -> None:
    assert reverse("account_login") in client.get(reverse("network_badge"))["Location"]


@pytest.mark.parametrize("size", [1, 6])
def test_network_badge_query_count(
    browser: Client, member: User, size: int, django_assert_num_queries
) -> None:
    for sender in UserFactory.create_batch(size):
        invite(sender, member)
    with django_assert_num_queries(3):  # session, member, the count
        browser.get(reverse("network_badge"), headers=HTMX)
