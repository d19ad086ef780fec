"""The one Connect dialog in a real browser, at 1280 and 390 px: keyboard only from search
results (Tab to Connect, open, type a note, send; Esc closes another and focus returns to its
button), from My Network's suggestions (which come before the connections), and answering an
invitation from its notification (the bell clears on opening Notifications) and on My Network
(the counts and the header's badge update in place). axe-core on each page."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from connections import services
from connections.models import Connection, Invitation
from connections.notifications import invitation_received_notify
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import log_in as sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = ["page", "phone_page"]


def _member(first: str, last: str, **profile: str) -> User:
    values = {"headline": "Professional", "location": "Porto", "industry": "accounting", **profile}
    return UserFactory.create(
        first_name=first, last_name=last, **{f"profile__{k}": v for k, v in values.items()}
    )


def _log_in(page: Page, member: User) -> None:
    sign_in(page, member.email, PASSWORD)
    expect(page.get_by_role("combobox", name="Search people")).to_be_visible()


def _focused_name(page: Page) -> str:
    return str(page.evaluate("(document.activeElement && document.activeElement.innerText) || ''"))


def _tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text is `name` (keyboard only, as a member would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if " ".join(_focused_name(page).split()) == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_keyboard_only_connect_with_a_note_from_search(page: Page) -> None:
    viewer = _member("Vera", "Viewer")
    marta = _member("Marta", "Lisboa", headline="Product designer")
    marco = _member("Marco", "Porto", headline="Product designer")
    _log_in(page, viewer)
    page.goto("/search/?q=designer")
    expect(page.locator("#search-results").get_by_role("link", name="Marta Lisboa")).to_be_visible()

    # Tab to Connect in Marta's result, open the dialog with Enter: focus moves into it.
    _tab_to(page, "Connect with Marta Lisboa")
    opener_row = page.locator(f"#result-{marta.pk}")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Invite Marta Lisboa to connect")
    expect(dialog).to_be_visible()
    note = dialog.get_by_label("Add a note")
    expect(note).to_be_focused()
    expect(dialog).to_contain_text("a note helps them recognise you")
    expect(dialog).to_contain_text("You can send 100 more invitations this week.")
    assert_accessible(page)

    # Type a note and send it, keyboard only.
    page.keyboard.type("We met at the design meetup in Lisbon.")
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Send invitation")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(opener_row.get_by_text("Pending")).to_be_visible()
    expect(opener_row.get_by_text("Invitation sent")).to_be_visible()
    expect(page.locator("#live-status")).to_have_text("Invitation sent to Marta Lisboa.")
    expect(opener_row.locator(".status-chip")).to_be_focused()  # the button's replacement
    invitation = Invitation.objects.get(sender=viewer, recipient=marta)
    assert invitation.note == "We met at the design meetup in Lisbon."

    # Open another, close it with Esc: focus returns to its button, nothing is sent.
    _tab_to(page, "Connect with Marco Porto")
    page.keyboard.press("Enter")
    other_dialog = page.get_by_role("dialog", name="Invite Marco Porto to connect")
    expect(other_dialog.get_by_label("Add a note")).to_be_focused()
    page.keyboard.type("never mind")
    page.keyboard.press("Escape")
    expect(other_dialog).to_be_hidden()
    expect(
        page.locator(f"#result-{marco.pk}").get_by_role("button", name="Connect with Marco Porto")
    ).to_be_focused()
    assert not Invitation.objects.filter(recipient=marco).exists()
    page.reload()
    expect(page.locator(f"#result-{marta.pk}").get_by_text("Pending")).to_be_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_suggestions_first_and_connect_without_a_note(
    viewport: str, request: pytest.FixtureRequest, connect: Callable[[User, User], None]
) -> None:
    page: Page = request.getfixturevalue(viewport)
    viewer = _member("Vera", "Viewer")
    friends = [_member("Fabio", f"Friend{number}") for number in range(3)]
    suggested = _member("Sara", "Suggested")
    for friend in friends:
        connect(viewer, friend)
    connect(friends[0], suggested)
    _log_in(page, viewer)
    page.goto("/network/")
    suggestions = page.locator("#suggestions")
    connections = page.locator("#connections")
    assert suggestions.bounding_box()["y"] < connections.bounding_box()["y"]  # type: ignore[index]
    assert_accessible(page)

    suggestions.get_by_role("button", name="Connect with Sara Suggested").click()
    dialog = page.get_by_role("dialog", name="Invite Sara Suggested to connect")
    expect(dialog.get_by_label("Add a note")).to_be_focused()
    assert_accessible(page)
    dialog.get_by_role("button", name="Send without a note").click()
    expect(dialog).to_be_hidden()
    row = page.locator(f"#suggestion-{suggested.pk}")
    expect(row.get_by_text("Invitation sent")).to_be_visible()
    expect(page.locator("#live-status")).to_have_text("Invitation sent to Sara Suggested.")
    assert Invitation.objects.get(sender=viewer, recipient=suggested).note == ""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_profile_opens_the_same_dialog(viewport: str, request: pytest.FixtureRequest) -> None:
    page: Page = request.getfixturevalue(viewport)
    viewer = _member("Vera", "Viewer")
    bruno = _member("Bruno", "Costa")
    _log_in(page, viewer)
    page.goto(f"/in/{bruno.pk}/")
    page.locator("#connect-panel summary", has_text="Connect").click()
    dialog = page.get_by_role("dialog", name="Invite Bruno Costa to connect")
    dialog.get_by_label("Add a note").fill("Hello Bruno")
    dialog.get_by_role("button", name="Send invitation").click()
    expect(dialog).to_be_hidden()
    panel = page.locator("#connect-panel")
    expect(panel).to_contain_text("Pending")
    expect(panel.get_by_role("button", name="Withdraw")).to_be_visible()
    expect(page.locator("#live-status")).to_have_text("Invitation sent to Bruno Costa.")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_accept_from_the_notification_and_the_bell_clears(
    viewport: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(viewport)
    bruno = _member("Bruno", "Costa")
    ana = _member("Ana", "Silva")
    carla = _member("Carla", "Nunes")
    for sender in (ana, carla):
        invitation = services.invitation_send(sender=sender, recipient_id=bruno.pk).invitation
        invitation_received_notify(invitation_id=invitation.pk)
    _log_in(page, bruno)
    expect(page.locator("#notification-bell .bell-count")).to_have_text("2")
    expect(page.locator("#network-badge .nav-count")).to_have_text("2")
    page.goto("/notifications/")
    expect(page.locator("#notification-bell .bell-count")).to_have_count(0)  # cleared on opening
    expect(page.locator(".notification-unread")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Accept the invitation from Ana Silva").click()
    expect(page.locator("#live-status")).to_have_text("You are now connected.")
    expect(page.get_by_role("link", name="View Ana's profile")).to_be_visible()
    assert Connection.objects.filter(member=bruno, other=ana).exists()
    page.reload()
    expect(page.get_by_text("No longer waiting for your answer.")).to_be_visible()
    expect(page.locator("#notification-bell .bell-count")).to_have_count(0)

    # On My Network, ignoring Carla's updates the counts and the header's badge in place.
    page.goto("/network/")
    expect(page.locator("#count-received")).to_have_text("1")
    expect(page.locator("#count-connections")).to_have_text("1")
    page.evaluate("window.__samePage = true")
    page.get_by_role("button", name="Ignore the invitation from Carla Nunes").click()
    expect(page.locator("#live-status")).to_have_text(re.compile("Invitation ignored"))
    expect(page.locator("#count-received")).to_have_text("0")
    expect(page.locator("#received-total")).to_have_text("(0)")
    expect(page.locator("#network-badge .nav-count")).to_have_count(0)
    assert page.evaluate("window.__samePage") is True
    assert_accessible(page)
