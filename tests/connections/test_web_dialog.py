"""The Connect dialog's server side (connections.views.invitation_dialog and invitation_send
with shown_in=dialog): its content for each state, sending with and without a note, refusals
that keep what was typed and change nothing, and the one include every list uses."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from accounts.models import InvitationsFrom, User
from connections import services
from connections.models import Connection, ConnectionCount, Invitation, InvitationStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def browser(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


def graph_state() -> tuple[object, ...]:
    return (
        sorted(Invitation.objects.values_list("pk", "status", "note")),
        sorted(Connection.objects.values_list("member_id", "other_id")),
        sorted(ConnectionCount.objects.values_list("member_id", "count")),
    )


def dialog(client: Client, member: User) -> str:
    response = client.get(reverse("invitation_dialog", args=[member.pk]), headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def send(client: Client, member: User, **data: str) -> str:
    response = client.post(
        reverse("invitation_send", args=[member.pk]), {"shown_in": "dialog", **data}, headers=HTMX
    )
    assert response.status_code == 200
    return response.content.decode()


def test_without_javascript_the_dialog_is_the_profile_panel(browser: Client, other: User) -> None:
    response = browser.get(reverse("invitation_dialog", args=[other.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("profile", args=[other.pk]) + "?connect=1#connect-panel"
    page = browser.get(reverse("profile", args=[other.pk]) + "?connect=1").content.decode()
    assert '<details class="disclosure connect-dialog" open>' in page
    assert reverse("invitation_dialog", args=[other.pk]) in page  # JavaScript upgrades it


def test_dialog_content_with_the_preflight_hint(browser: Client, other: User) -> None:
    body = dialog(browser, other)
    assert "Invite Bruno Costa to connect" in body and 'id="connect-dialog-title"' in body
    assert 'id="connect-dialog-note"' in body and 'maxlength="300"' in body
    assert "a note helps them recognise you" in body  # no mutual connections
    assert "You can send 100 more invitations this week." in body
    assert "Send without a note" in body and 'name="email"' not in body
    assert "<html" not in body


def test_dialog_asks_for_the_email_where_the_member_requires_it(browser: Client) -> None:
    by_email: User = UserFactory.create(invitations_from=InvitationsFrom.EMAIL_KNOWN)
    assert 'name="email"' in dialog(browser, by_email)


def test_dialog_says_why_not(browser: Client, member: User) -> None:
    closed: User = UserFactory.create(invitations_from=InvitationsFrom.NOBODY)
    body = dialog(browser, closed)
    assert "This member does not accept invitations." in body
    assert reverse("invitation_send", args=[closed.pk]) not in body
    assert "data-connect-close" in body


def test_dialog_for_a_hidden_member_is_not_found(
    browser: Client, member: User, other: User
) -> None:
    account_services.block_create(blocker=other, blocked_id=member.pk)
    body = dialog(browser, other)
    assert "Member not found" in body and "Bruno" not in body


def test_send_from_the_dialog_with_a_note(browser: Client, member: User, other: User) -> None:
    body = send(browser, other, note="Met at PyCon")
    invitation = Invitation.objects.get()
    assert (invitation.sender, invitation.recipient, invitation.note) == (
        member,
        other,
        "Met at PyCon",
    )
    assert "data-connect-result" in body and "Pending" in body and "Invitation sent" in body
    assert "Invitation sent to Bruno Costa." in body


def test_send_without_a_note_drops_what_was_typed(browser: Client, other: User) -> None:
    send(browser, other, note="half a thought", without_note="1")
    assert Invitation.objects.get().note == ""


def test_refusal_keeps_the_note_and_changes_nothing(
    browser: Client, other: User, settings, django_capture_on_commit_callbacks
) -> None:
    settings.INVITATION_NOTE_MAX_LENGTH = 10
    before = graph_state()
    with django_capture_on_commit_callbacks() as callbacks:
        body = send(browser, other, note="far too long a note")
    assert graph_state() == before and callbacks == []
    assert "The note is at most 10 characters." in body
    assert "far too long a note</textarea>" in body
    assert "data-connect-result" not in body


def test_refusal_by_the_recipient_shows_the_reason(
    browser: Client, other: User, django_capture_on_commit_callbacks
) -> None:
    account_services.member_settings_update(member=other, invitations_from=InvitationsFrom.NOBODY)
    with django_capture_on_commit_callbacks() as callbacks:
        body = send(browser, other, note="Hello")
    assert not Invitation.objects.exists() and callbacks == []
    assert "This member does not accept invitations." in body
    assert "Hello</textarea>" in body


def test_dialog_accepts_their_invitation(browser: Client, member: User, other: User) -> None:
    services.invitation_send(sender=other, recipient_id=member.pk)
    assert "Accept the invitation from Bruno Costa" in dialog(browser, other)
    body = send(browser, other)
    assert Connection.objects.filter(member=member, other=other).exists()
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED
    assert "You are now connected with Bruno Costa." in body and "Connected" in body


def test_the_include_on_my_network_suggestions(browser: Client, member: User, connect) -> None:
    friend, suggested = UserFactory.create_batch(2)
    connect(member, friend)
    connect(friend, suggested)
    body = browser.get(reverse("my_network")).content.decode()
    assert f'data-connect-url="{reverse("invitation_dialog", args=[suggested.pk])}"' in body
    assert f'action="{reverse("profile", args=[suggested.pk])}#connect-panel"' in body
    assert f'Connect<span class="visually-hidden"> with {suggested.full_name}' in body


def test_send_when_the_member_is_hidden_the_instant_after(
    browser: Client, member: User, other: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invitation is sent; if they became hidden (a block, a deactivation) between the send
    and the answer, the result names nobody rather than failing."""
    from accounts.exceptions import MemberNotFound
    from connections import views

    def hidden(*args: object, **kwargs: object) -> None:
        raise MemberNotFound()

    monkeypatch.setattr(views, "_dialog_member", hidden)
    body = send(browser, other, note="Hello")
    assert Invitation.objects.filter(sender=member, recipient=other, note="Hello").exists()
    assert "Invitation sent to this member." in body and "Bruno" not in body
