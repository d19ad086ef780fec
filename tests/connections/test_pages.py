"""Pages of invitations and connections: thin tests of every action's happy path and one
refusal (nothing written, nothing scheduled), login, the profile's Connect panel, My Network's
lists (escaping, search, pages) and its query count, and the admin going through services."""

from collections.abc import Callable

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from accounts.models import InvitationsFrom, User
from connections import services
from connections.models import Connection, ConnectionCount, Invitation, InvitationStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def browser(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


def invite(sender: User, recipient: User, note: str = "") -> Invitation:
    return services.invitation_send(sender=sender, recipient_id=recipient.pk, note=note).invitation


def graph_state() -> tuple[object, ...]:
    return (
        sorted(Invitation.objects.values_list("pk", "status")),
        sorted(Connection.objects.values_list("member_id", "other_id")),
        sorted(ConnectionCount.objects.values_list("member_id", "count")),
    )


@pytest.fixture
def unchanged(django_capture_on_commit_callbacks):
    """Assert that the block changes no invitation, connection or counter and schedules nothing."""

    class _Unchanged:
        def __enter__(self) -> None:
            self.before = graph_state()
            self.capture = django_capture_on_commit_callbacks()
            self.callbacks = self.capture.__enter__()

        def __exit__(self, *exc: object) -> None:
            self.capture.__exit__(*exc)
            assert graph_state() == self.before
            assert self.callbacks == []

    return _Unchanged


def profile(client: Client, member: User) -> str:
    response = client.get(reverse("profile", args=[member.pk]))
    assert response.status_code == 200
    return response.content.decode()


# ----------------------------------------------------------------------------- login


def test_pages_and_actions_need_login(client: Client, member: User, other: User) -> None:
    invitation = invite(other, member)
    login = reverse("account_login")
    assert login in client.get(reverse("my_network"))["Location"]
    for name, args in [
        ("invitation_send", [member.pk]),
        ("invitation_accept", [invitation.pk]),
        ("invitation_ignore", [invitation.pk]),
        ("invitation_withdraw", [invitation.pk]),
        ("connection_remove", [member.pk]),
    ]:
        response = client.post(reverse(name, args=args))
        assert response.status_code == 302 and login in response["Location"]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_actions_refuse_get(browser: Client, other: User) -> None:
    assert browser.get(reverse("invitation_send", args=[other.pk])).status_code == 405


# ----------------------------------------------------------------------------- profile panel


def test_profile_connect_panel_by_relationship(browser: Client, member: User, other: User) -> None:
    page = profile(browser, other)
    assert 'id="connect-panel"' in page
    assert reverse("invitation_send", args=[other.pk]) in page
    assert 'maxlength="300"' in page
    assert "a note helps them recognise you" in page  # no shared connections
    assert 'name="email"' not in page

    invitation = invite(member, other)
    page = profile(browser, other)
    assert "Pending" in page and reverse("invitation_withdraw", args=[invitation.pk]) in page

    services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
    page = profile(browser, other)
    assert "You withdrew an invitation to this member recently" in page  # disabled, with reason

    third: User = UserFactory.create()
    received = invite(third, member, note="Hello <b>there</b>")
    page = profile(browser, third)
    assert "Accept invitation" in page
    assert reverse("invitation_accept", args=[received.pk]) in page
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in page and "<b>there</b>" not in page

    services.invitation_accept(recipient=member, invitation_id=received.pk)
    page = profile(browser, third)
    assert "Connected" in page and "Message" in page
    assert reverse("connection_remove", args=[third.pk]) in page


def test_profile_panel_disabled_and_email_states(browser: Client, member: User) -> None:
    closed: User = UserFactory.create(invitations_from=InvitationsFrom.NOBODY)
    page = profile(browser, closed)
    assert "This member does not accept invitations." in page
    assert reverse("invitation_send", args=[closed.pk]) not in page

    by_email: User = UserFactory.create(invitations_from=InvitationsFrom.EMAIL_KNOWN)
    page = profile(browser, by_email)
    assert 'name="email"' in page


# ----------------------------------------------------------------------------- send


def test_send_invitation(
    browser: Client, member: User, other: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        response = browser.post(
            reverse("invitation_send", args=[other.pk]),
            {"note": "Met at PyCon\r\nLisbon", "panel": other.pk},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("profile", args=[other.pk])
    invitation = Invitation.objects.get()
    assert (invitation.sender, invitation.recipient) == (member, other)
    assert invitation.note == "Met at PyCon\nLisbon"
    assert len(callbacks) == 2  # the recipient's notification, both members' suggestions
    page = browser.get(response["Location"]).content.decode()
    assert "Invitation sent." in page and "Pending" in page


def test_send_refusal_reopens_the_dialog_with_the_note(
    browser: Client, other: User, unchanged, settings
) -> None:
    settings.INVITATION_NOTE_MAX_LENGTH = 10
    url = reverse("invitation_send", args=[other.pk])
    with unchanged():
        response = browser.post(url, {"note": "far too long a note", "panel": other.pk})
    assert response.status_code == 302
    page = profile(browser, other)
    assert "The note is at most 10 characters." in page
    assert "far too long a note</textarea>" in page  # nothing typed is lost
    assert '<details class="disclosure connect-dialog" open>' in page
    # The flash is shown once.
    assert "The note is at most 10 characters." not in profile(browser, other)


def test_send_with_htmx_redirects_without_a_message(browser: Client, other: User) -> None:
    response = browser.post(
        reverse("invitation_send", args=[other.pk]),
        {"panel": other.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="connect-panel",
    )
    assert response.status_code == 302  # htmx follows it and keeps #connect-panel
    assert Invitation.objects.filter(recipient=other).exists()
    assert "Invitation sent." not in profile(browser, other)


def test_send_to_a_hidden_member_is_not_found(
    browser: Client, member: User, other: User, unchanged
) -> None:
    account_services.block_create(blocker=other, blocked_id=member.pk)
    with unchanged():
        response = browser.post(reverse("invitation_send", args=[other.pk]), {"note": "hi"})
    assert response.status_code == 404
    assert "Member not found." in response.content.decode()


def test_connect_accepts_their_invitation(browser: Client, member: User, other: User) -> None:
    invite(other, member)
    response = browser.post(reverse("invitation_send", args=[other.pk]), {"panel": other.pk})
    assert response.status_code == 302
    assert Connection.objects.filter(member=member, other=other).exists()


# ----------------------------------------------------------------------------- answer


def test_accept_from_my_network(browser: Client, member: User, other: User) -> None:
    invitation = invite(other, member)
    response = browser.post(reverse("invitation_accept", args=[invitation.pk]), headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="invitation-{invitation.pk}"' in body
    assert "You are now connected." in body and other.full_name in body
    assert Connection.objects.filter(member=member, other=other).exists()


def test_accept_refusal_without_javascript(
    browser: Client, member: User, other: User, unchanged
) -> None:
    third: User = UserFactory.create()
    theirs = invite(other, third)  # not addressed to the member
    with unchanged():
        response = browser.post(
            reverse("invitation_accept", args=[theirs.pk]), {"next": "https://evil.example/"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("my_network")  # a foreign `next` is ignored
    page = browser.get(response["Location"]).content.decode()
    assert "Invitation not found." in page


def test_accept_at_the_cap_keeps_the_card(
    browser: Client, member: User, other: User, unchanged, settings
) -> None:
    invitation = invite(other, member)
    settings.CONNECTIONS_MAX_PER_MEMBER = 0
    with unchanged():
        response = browser.post(reverse("invitation_accept", args=[invitation.pk]), headers=HTMX)
    body = response.content.decode()
    assert "The connection limit has been reached." in body
    assert reverse("invitation_ignore", args=[invitation.pk]) in body  # still answerable


def test_ignore_and_dont_know(browser: Client, member: User, other: User) -> None:
    first = invite(other, member)
    response = browser.post(reverse("invitation_ignore", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == InvitationStatus.IGNORED

    third: User = UserFactory.create()
    second = invite(third, member)
    response = browser.post(
        reverse("invitation_ignore", args=[second.pk]), {"reason": "dont_know"}, headers=HTMX
    )
    assert "cannot invite you again" in response.content.decode()
    second.refresh_from_db()
    assert second.status == InvitationStatus.DONT_KNOW


def test_ignore_refusal(browser: Client, member: User, other: User, unchanged) -> None:
    invitation = invite(other, member)
    services.invitation_ignore(recipient=member, invitation_id=invitation.pk)
    with unchanged():
        response = browser.post(reverse("invitation_ignore", args=[invitation.pk]), headers=HTMX)
    assert "This invitation is no longer pending." in response.content.decode()


def test_withdraw_from_the_profile_panel(browser: Client, member: User, other: User) -> None:
    invitation = invite(member, other)
    response = browser.post(
        reverse("invitation_withdraw", args=[invitation.pk]), {"panel": other.pk}
    )
    assert response["Location"] == reverse("profile", args=[other.pk])
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_withdraw_refusal_shows_in_the_panel(
    browser: Client, member: User, other: User, unchanged
) -> None:
    invitation = invite(other, member)  # theirs: not the member's to withdraw
    with unchanged():
        response = browser.post(
            reverse("invitation_withdraw", args=[invitation.pk]), {"panel": other.pk}
        )
    assert response.status_code == 302
    assert "Invitation not found." in profile(browser, other)


def test_remove_connection(browser: Client, member: User, other: User, connect: Connect) -> None:
    connect(member, other)
    response = browser.post(reverse("connection_remove", args=[other.pk]), headers=HTMX)
    assert f'id="connection-{other.pk}"' in response.content.decode()
    assert not Connection.objects.exists()
    assert set(ConnectionCount.objects.values_list("count", flat=True)) == {0}


def test_remove_refusal(browser: Client, other: User, unchanged) -> None:
    with unchanged():
        response = browser.post(reverse("connection_remove", args=[other.pk]), follow=True)
    assert "You are not connected to this member." in response.content.decode()


# ----------------------------------------------------------------------------- My Network


def test_my_network_page(browser: Client, member: User, connect: Connect) -> None:
    sender, recipient, friend = UserFactory.create_batch(3)
    invite(sender, member, note="Hi <b>hi</b>")
    invite(member, recipient)
    connect(member, friend)
    response = browser.get(reverse("my_network"))
    assert response.status_code == 200
    body = response.content.decode()
    assert sender.full_name in body and recipient.full_name in body and friend.full_name in body
    assert "Hi &lt;b&gt;hi&lt;/b&gt;" in body and "<b>hi</b>" not in body
    limits = response.context["limits"]
    assert (limits.pending_count, limits.connections_count) == (1, 1)
    assert "more invitations this week" in body


def test_my_network_search_sort_and_pages(browser: Client, member: User, connect: Connect) -> None:
    zed: User = UserFactory.create(first_name="Zed", last_name="Aalto")
    amy: User = UserFactory.create(first_name="Amy", last_name="Zuniga")
    connect(member, zed)
    connect(member, amy)
    names = [c.other.last_name for c in browser.get("/network/?sort=name").context["connections"]]
    assert names == ["Aalto", "Zuniga"]
    found = browser.get("/network/?q=zunig").context["connections"]
    assert [c.other.pk for c in found] == [amy.pk]
    assert browser.get("/network/?sort=bogus").status_code == 200  # falls back to recent

    for friend in UserFactory.create_batch(30):
        connect(member, friend)
    first = browser.get("/network/").context["connections"]
    assert len(first) == 30 and first.has_next()
    assert len(browser.get("/network/?page=2").context["connections"]) == 2


@pytest.mark.parametrize("size", [1, 6])
def test_my_network_query_count(
    browser: Client, member: User, connect: Connect, size: int, django_assert_num_queries
) -> None:
    for _ in range(size):
        invite(UserFactory.create(), member, note="Hello")
        invite(member, UserFactory.create())
        connect(member, UserFactory.create())
        third: User = UserFactory.create()
        services.invitation_withdraw(sender=member, invitation_id=invite(member, third).pk)
    # session, member (with its confirmed email: the banner and the Message buttons read it),
    # bell; received, sent, connections: count + page each;
    # limits: weekly window, cool-downs, strikes, pending, connection count;
    # network: adjacency (cold cache), blocks (once: then cached per process), suggestions
    # (exclusions, viewer, candidates, fill-up, schools, chosen members), degrees of the shown
    # members (adjacency), the Message buttons of the connections page (one query for all
    # rows), shared groups of suggestions
    # + the viewer's own messaging restriction (read once) and the reports of the last day
    # + the groups each sender of a received invitation shares with the viewer (one query)
    # + why each suggestion is shown (network.web.with_why: profiles, degrees, shared groups)
    with django_assert_num_queries(32):
        response = browser.get(reverse("my_network"))
    assert len(response.context["connections"]) == size
    assert len(response.context["limits"].cooldowns) == size


# ----------------------------------------------------------------------------- admin


@pytest.fixture
def admin_browser(client: Client) -> Client:
    admin: User = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_lists_are_read_only(admin_browser: Client, member: User, other: User) -> None:
    invitation = invite(member, other)
    for url in [
        reverse("admin:connections_invitation_changelist") + f"?q={other.last_name}",
        reverse("admin:connections_invitation_change", args=[invitation.pk]),
        reverse("admin:connections_connection_changelist"),
        reverse("admin:connections_connectioncount_changelist"),
    ]:
        assert admin_browser.get(url).status_code == 200, url
    assert admin_browser.get(reverse("admin:connections_invitation_add")).status_code == 403


def test_admin_withdraw_action(admin_browser: Client, member: User, other: User) -> None:
    invitation = invite(member, other)
    admin_browser.post(
        reverse("admin:connections_invitation_changelist"),
        {"action": "withdraw_invitations", ACTION_CHECKBOX_NAME: [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_admin_deletes_connections_through_the_service(
    admin_browser: Client, member: User, other: User, connect: Connect
) -> None:
    connect(member, other)
    selected = list(Connection.objects.values_list("pk", flat=True))  # both directions
    response = admin_browser.post(
        reverse("admin:connections_connection_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: selected, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Connection.objects.exists()
    assert set(ConnectionCount.objects.values_list("count", flat=True)) == {0}


def test_admin_reconcile_action(
    admin_browser: Client, member: User, other: User, connect: Connect
) -> None:
    connect(member, other)
    ConnectionCount.objects.filter(member=member).update(count=7)
    admin_browser.post(
        reverse("admin:connections_connectioncount_changelist"),
        {"action": "reconcile_counters", ACTION_CHECKBOX_NAME: [member.pk]},
    )
    assert ConnectionCount.objects.get(member=member).count == 1
