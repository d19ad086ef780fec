"""A received invitation's notification answers it: Accept and Ignore on the notifications
page, through connections' own views and services (htmx swaps the answer in; without
JavaScript a redirect back with a message); refused, with a clear message and nothing changed,
once the invitation was answered elsewhere; the page's query count does not grow."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from connections import services
from connections.models import Connection, ConnectionCount, Invitation, InvitationStatus
from connections.notifications import invitation_received_notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
FROM_NOTIFICATION = {"shown_in": "notification", "next": "/notifications/"}


@pytest.fixture
def browser(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


def invited_by(sender: User, recipient: User) -> Invitation:
    invitation = services.invitation_send(sender=sender, recipient_id=recipient.pk).invitation
    assert invitation_received_notify(invitation_id=invitation.pk)
    return invitation


def graph_state() -> tuple[object, ...]:
    return (
        sorted(Invitation.objects.values_list("pk", "status")),
        sorted(Connection.objects.values_list("member_id", "other_id")),
        sorted(ConnectionCount.objects.values_list("member_id", "count")),
    )


def test_a_pending_invitation_carries_accept_and_ignore(
    browser: Client, member: User, other: User
) -> None:
    invitation = invited_by(other, member)
    body = browser.get(reverse("notifications")).content.decode()
    assert reverse("invitation_accept", args=[invitation.pk]) in body
    assert reverse("invitation_ignore", args=[invitation.pk]) in body
    assert 'name="shown_in" value="notification"' in body
    assert f'Accept<span class="visually-hidden"> the invitation from {other.full_name}' in body


def test_accept_from_the_notification(browser: Client, member: User, other: User) -> None:
    invitation = invited_by(other, member)
    response = browser.post(
        reverse("invitation_accept", args=[invitation.pk]), FROM_NOTIFICATION, headers=HTMX
    )
    body = response.content.decode()
    assert Connection.objects.filter(member=member, other=other).exists()
    assert (
        f'class="notification-actions notification-answer" id="invitation-{invitation.pk}"' in body
    )
    assert "You are now connected." in body and 'id="live-status" hx-swap-oob' in body
    assert reverse("profile", args=[other.pk]) in body
    assert "member-row" not in body  # the notification's answer, not My Network's row


def test_ignore_from_the_notification_without_javascript(
    browser: Client, member: User, other: User
) -> None:
    invitation = invited_by(other, member)
    response = browser.post(reverse("invitation_ignore", args=[invitation.pk]), FROM_NOTIFICATION)
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert Invitation.objects.get().status == InvitationStatus.IGNORED
    page = browser.get(response["Location"]).content.decode()
    assert "Invitation ignored. The sender is not told." in page
    assert "No longer waiting for your answer." in page  # no buttons any more
    assert reverse("invitation_accept", args=[invitation.pk]) not in page


@pytest.mark.parametrize("action", ["invitation_accept", "invitation_ignore"])
def test_refused_once_answered_elsewhere(
    browser: Client,
    member: User,
    other: User,
    action: str,
    django_capture_on_commit_callbacks,
) -> None:
    invitation = invited_by(other, member)
    browser.get(reverse("notifications"))  # the page is open with its buttons...
    services.invitation_withdraw(sender=other, invitation_id=invitation.pk)  # ...then this
    before = graph_state()
    with django_capture_on_commit_callbacks() as callbacks:
        response = browser.post(
            reverse(action, args=[invitation.pk]), FROM_NOTIFICATION, headers=HTMX
        )
    assert graph_state() == before and callbacks == []
    body = response.content.decode()
    assert "notification-answer-error" in body
    assert "This invitation is no longer pending." in body


def test_refused_without_javascript_says_why(browser: Client, member: User, other: User) -> None:
    invitation = invited_by(other, member)
    services.invitation_accept(recipient=member, invitation_id=invitation.pk)
    before = graph_state()
    response = browser.post(reverse("invitation_accept", args=[invitation.pk]), FROM_NOTIFICATION)
    assert graph_state() == before
    assert response["Location"] == "/notifications/"
    assert (
        "This invitation is no longer pending." in browser.get("/notifications/").content.decode()
    )


def test_someone_elses_invitation_is_refused(browser: Client, member: User, other: User) -> None:
    invitation = invited_by(other, UserFactory.create())
    before = graph_state()
    response = browser.post(
        reverse("invitation_accept", args=[invitation.pk]), FROM_NOTIFICATION, headers=HTMX
    )
    assert graph_state() == before
    assert "notification-answer-error" in response.content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_with_invitation_notifications(
    browser: Client, member: User, size: int, django_assert_num_queries
) -> None:
    invitations = [invited_by(sender, member) for sender in UserFactory.create_batch(size)]
    services.invitation_accept(recipient=member, invitation_id=invitations[0].pk)
    # session, member (with its confirmed email, for the banner), page count, page rows, the
    # pending invitations among them (one query), marking them read, the bell
    with django_assert_num_queries(7):
        response = browser.get(reverse("notifications"))
    rows = response.context["rows"]
    assert sum(row.answered for row in rows) >= 1
    assert sum(row.invitation_id is not None for row in rows) == size - 1
