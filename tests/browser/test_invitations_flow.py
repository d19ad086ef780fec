"""Invitations end to end in a real browser: Ana invites Bruno with a note, Bruno sees the
notification count, reads the note (escaped) on My Network and accepts; Ana then sees him as a
1st-degree connection. Also: the profile panel updating in place, and a refused invitation
without JavaScript keeping the note."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts import services as account_services
from accounts.models import InvitationsFrom, User
from config.celery_app import app as celery_app
from connections import services
from connections.models import Connection, Invitation, InvitationStatus
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _eager_tasks() -> Iterator[None]:
    """Run the notification tasks in the live server's thread, as a worker would after commit."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def _context(
    browser: Browser, live_server: LiveServer, *, java_script_enabled: bool = True
) -> BrowserContext:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        java_script_enabled=java_script_enabled,
    )
    context.set_default_timeout(10_000)
    return context


def _watch(page: Page, problems: list[str]) -> Page:
    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return page


def _log_in(page: Page, member: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role(
            "button", name="Log out", include_hidden=True
        )
    ).to_be_attached()  # signed in (Log out is in the Account menu)


@pytest.fixture
def ana(db: None) -> User:
    return UserFactory.create(email="ana@example.com", first_name="Ana", last_name="Silva")


@pytest.fixture
def bruno(db: None) -> User:
    return UserFactory.create(email="bruno@example.com", first_name="Bruno", last_name="Costa")


def test_invite_with_a_note_then_accept(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    results_dir: Path,
    ana: User,
    bruno: User,
) -> None:
    # Ana opens Bruno's profile and invites him with a note that looks like HTML.
    _log_in(page, ana)
    page.goto(f"/in/{bruno.pk}/")
    panel = page.locator("#connect-panel")
    expect(panel.get_by_text("a note helps them recognise you")).to_be_hidden()
    page.evaluate("window.__samePage = true")
    panel.get_by_text("Connect", exact=True).click()  # the Connect dialog
    dialog = page.get_by_role("dialog", name="Invite Bruno Costa to connect")
    expect(dialog.get_by_text("a note helps them recognise you")).to_be_visible()
    note = dialog.get_by_label("Add a note")
    expect(note).to_have_attribute("maxlength", "300")
    expect(note).to_be_focused()
    note.fill("<b>hi</b> Bruno, we met at PyCon Lisbon.")
    page.screenshot(path=results_dir / "invite-dialog.png", full_page=True)
    dialog.get_by_role("button", name="Send invitation").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#connect-panel")).to_contain_text("Pending")
    expect(page.locator("#connect-panel").get_by_role("button", name="Withdraw")).to_be_visible()
    assert page.evaluate("window.__samePage") is True  # htmx swapped the panel only
    invitation = Invitation.objects.get()
    assert invitation.note == "<b>hi</b> Bruno, we met at PyCon Lisbon."
    page.screenshot(path=results_dir / "invite-pending.png", full_page=True)

    # Bruno, in a browser of his own, sees the count in the header and the note as text.
    bruno_problems: list[str] = []
    bruno_context = _context(browser, live_server)
    try:
        bruno_page = _watch(bruno_context.new_page(), bruno_problems)
        _log_in(bruno_page, bruno)
        bell = bruno_page.locator("#notification-bell")
        expect(bell.locator(".bell-count")).to_have_text("1")
        expect(bell).to_contain_text("1 unread")
        bruno_page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="My Network"
        ).click()
        expect(bruno_page.get_by_role("heading", level=1)).to_have_text("My Network")
        card = bruno_page.locator(f"#invitation-{invitation.pk}")
        expect(card).to_contain_text("Ana Silva")
        expect(card.locator(".invitation-note")).to_have_text(
            "<b>hi</b> Bruno, we met at PyCon Lisbon."
        )
        expect(card.locator("b")).to_have_count(0)
        bruno_page.screenshot(path=results_dir / "my-network-invitation.png", full_page=True)
        card.get_by_role("button", name=re.compile(r"^Accept")).click()
        expect(card).to_contain_text("You are now connected.")
        expect(bruno_page.locator("#live-status")).to_have_text("You are now connected.")
        assert Connection.objects.filter(member=bruno, other=ana).exists()
        bruno_page.screenshot(path=results_dir / "my-network-accepted.png", full_page=True)
        bruno_page.get_by_role("navigation", name="Main").get_by_role(
            "link", name=re.compile("Notifications")
        ).click()
        expect(bruno_page.locator(".notification-unread")).to_have_count(1)
        expect(bruno_page.locator("#notification-bell .bell-count")).to_have_count(0)
        bruno_page.reload()  # opening the page read them all
        expect(bruno_page.locator(".notification-unread")).to_have_count(0)
    finally:
        bruno_context.close()
    assert not bruno_problems, "\n".join(bruno_problems)

    # Ana now sees Bruno as a 1st-degree connection, and her own notification.
    page.goto(f"/in/{bruno.pk}/")
    expect(page.locator(".profile-header .badge-degree")).to_contain_text("1st")
    expect(page.locator("#connect-panel")).to_contain_text("Connected")
    expect(page.locator("#connect-panel").get_by_role("link", name="Message")).to_be_visible()
    expect(page.locator("#notification-bell .bell-count")).to_have_text("1")
    page.screenshot(path=results_dir / "profile-connected.png", full_page=True)
    page.goto("/notifications/")
    expect(page.locator(".notification-unread")).to_contain_text("Bruno Costa accepted")
    page.screenshot(path=results_dir / "notifications.png", full_page=True)


def test_profile_panel_accepts_and_removes_in_place(
    page: Page, results_dir: Path, ana: User, bruno: User
) -> None:
    services.invitation_send(sender=bruno, recipient_id=ana.pk, note="Coffee next week?")
    _log_in(page, ana)
    page.goto(f"/in/{bruno.pk}/")
    panel = page.locator("#connect-panel")
    expect(panel.locator(".invitation-note")).to_have_text("Coffee next week?")
    expect(page.locator(".profile-header .badge-degree")).to_have_count(0)
    page.evaluate("window.__samePage = true")
    panel.get_by_role("button", name="Accept invitation").click()
    expect(page.locator("#connect-panel")).to_contain_text("Connected")
    expect(page.locator(".profile-header .badge-degree")).to_contain_text("1st")  # out of band
    assert page.evaluate("window.__samePage") is True
    # Remove sits in the profile's overflow menu, drawn with the page (a plain form).
    page.reload()
    page.locator("#profile-menu-toggle").click()
    page.locator("#profile-menu").get_by_text("Remove connection").click()
    page.locator("#profile-menu").get_by_role("button", name="Yes, remove").click()
    expect(page.locator("#connect-panel summary", has_text="Connect")).to_be_visible()
    expect(page.locator(".profile-header .badge-degree")).to_have_count(0)
    assert not Connection.objects.exists()

    # My Network with every list filled, on a desktop and at phone width.
    for number, name in enumerate(["Carla Nunes", "Dora Reis", "Eva Lopes"]):
        first, last = name.split()
        friend: User = UserFactory.create(first_name=first, last_name=last)
        services.invitation_send(sender=friend, recipient_id=ana.pk)
        if number:
            services.invitation_accept(
                recipient=ana, invitation_id=Invitation.objects.get(sender=friend).pk
            )
    services.invitation_send(sender=ana, recipient_id=bruno.pk, note="Let's reconnect")
    withdrawn = services.invitation_send(
        sender=ana, recipient_id=UserFactory.create(first_name="Filipa", last_name="Matos").pk
    ).invitation
    services.invitation_withdraw(sender=ana, invitation_id=withdrawn.pk)
    page.goto("/network/")
    expect(page.locator("#connections .member-row")).to_have_count(2)
    page.get_by_label("Search by name").fill("reis")
    expect(page.locator("#connections .member-row")).to_have_count(1)  # htmx, as one types
    expect(page).to_have_url(re.compile(r"q=reis"))
    page.goto("/network/")
    page.screenshot(path=results_dir / "my-network-lists.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=results_dir / "my-network-360.png", full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"My Network scrolls sideways by {overflow}px at 360px"


def test_refused_invitation_keeps_the_note_without_javascript(
    browser: Browser, live_server: LiveServer, results_dir: Path, ana: User, bruno: User
) -> None:
    context = _context(browser, live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        _log_in(page, ana)
        page.goto(f"/in/{bruno.pk}/")
        page.get_by_text("Connect", exact=True).click()
        page.get_by_label("Add a note").fill("We worked together at Fabrikam.")
        # Bruno closes his invitations while Ana is typing.
        account_services.member_settings_update(
            member=bruno, invitations_from=InvitationsFrom.NOBODY
        )
        page.get_by_role("button", name="Send invitation").click()
        panel = page.locator("#connect-panel")
        expect(panel.get_by_role("alert")).to_contain_text("does not accept invitations")
        expect(page.get_by_label("Add a note")).to_have_value("We worked together at Fabrikam.")
        expect(panel.get_by_role("button", name="Send invitation")).to_be_disabled()
        assert not Invitation.objects.exists()
        page.screenshot(path=results_dir / "invite-refused.png", full_page=True)

        # Bruno reopens; Ana sends; Bruno answers "I don't know this person", without JS too.
        account_services.member_settings_update(
            member=bruno, invitations_from=InvitationsFrom.EVERYONE
        )
        page.goto(f"/in/{bruno.pk}/")
        page.get_by_text("Connect", exact=True).click()
        page.get_by_role("button", name="Send invitation").click()
        expect(page.locator(".messages")).to_contain_text("Invitation sent.")
        context.clear_cookies()
        _log_in(page, bruno)
        page.goto("/network/")
        page.get_by_role("button", name=re.compile(r"^I don't know this person")).click()
        expect(page.locator(".messages")).to_contain_text("cannot invite you again")
        assert Invitation.objects.get().status == InvitationStatus.DONT_KNOW
    finally:
        context.close()
