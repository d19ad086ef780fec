"""The site's chrome in a real browser at 1280 and 390 px: the header's main sections as peers
and the account items in a menu (keyboard, Esc, focus back on the button), the phone's one-row
header and bottom tab bar with the unread badges, a visible logo, the product's own error pages,
and the header search's typeahead as an ARIA combobox (keyboard only, "See all results", the
rate limit's message)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from messaging.services import conversation_start
from notifications.models import Notification, NotificationKind
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_SECTIONS = ["Home", "My Network", "Groups", "Messaging", "Notifications"]
ACCOUNT_ITEMS = ["My profile", "Edit profile", "Settings", "Blocked members", "Standing"]
PHONE_HEADER_MAX_PX = 64


def _member(first: str, last: str, headline: str = "Professional") -> User:
    return UserFactory.create(
        first_name=first, last_name=last, profile__headline=headline, profile__location="Porto"
    )


def log_in(page: Page, member: User, *, script: bool = True) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    signed_in = "Account" if script else "Log out"  # without a script: no menu, a plain list
    expect(page.get_by_role("button", name=signed_in)).to_be_visible()


def _luminance(rgb: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", rgb)[:3])

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _unread_things_for(viewer: User, connect: Callable[[User, User], None]) -> None:
    friend = _member("Fabio", "Friend")
    connect(viewer, friend)
    conversation_start(sender=friend, participant_ids=[viewer.pk], body="Hello there")
    Notification.objects.create(
        recipient=viewer,
        actor=friend,
        kind=NotificationKind.INVITATION_ACCEPTED,
        text="Fabio Friend accepted your invitation",
        dedupe_key="chrome-test",
    )


def assert_logo_visible(page: Page) -> None:
    mark = page.locator(".brand-mark")
    expect(mark).to_be_visible()
    box = mark.bounding_box()
    assert box is not None and box["width"] >= 28 and box["height"] >= 28
    colors = mark.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color,"
        " getComputedStyle(el.closest('.site-header')).backgroundColor]"
    )
    background, text, header = colors
    assert _contrast(background, header) >= 3, colors  # the mark against the header
    assert _contrast(text, background) >= 4.5, colors  # the "P" against the mark


def test_desktop_header_and_account_menu(page: Page, connect, results_dir) -> None:
    viewer = _member("Vera", "Viewer")
    _unread_things_for(viewer, connect)
    log_in(page, viewer)
    nav = page.get_by_role("navigation", name="Main")
    for name in MAIN_SECTIONS:
        expect(nav.get_by_role("link", name=re.compile(rf"^{name}"))).to_be_visible()
    expect(page.locator("#notification-bell .bell-count")).to_have_text("1")
    expect(page.locator("#messaging-unread .nav-count")).to_have_text("1")
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 72  # one row at 1280
    assert_logo_visible(page)

    button = page.get_by_role("button", name="Account")
    expect(button).to_have_attribute("aria-expanded", "false")
    menu = page.locator("#account-menu")
    for name in ACCOUNT_ITEMS:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_hidden()
    assert_accessible(page)

    # Keyboard only: focus the button, open with Enter, move with the arrows, Esc closes.
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    for name in ACCOUNT_ITEMS:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(menu.get_by_role("button", name="Log out")).to_be_visible()
    page.screenshot(path=results_dir / "chrome-desktop-account-menu.png")
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("link", name="My profile")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("link", name="Edit profile")).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(menu.get_by_role("button", name="Log out")).to_be_focused()  # wraps
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu.get_by_role("link", name="Settings")).to_be_hidden()

    # A click opens it, a click elsewhere closes it; an item goes where it says.
    button.click()
    page.locator("main h1").first.click()
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    menu.get_by_role("link", name="Settings").click()
    expect(page).to_have_url(re.compile(r"/settings/$"))
    page.get_by_role("button", name="Account").click()
    expect(page.locator("#account-menu").get_by_role("link", name="Settings")).to_have_attribute(
        "aria-current", "page"
    )
    page.locator("#account-menu").get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()


def test_phone_header_is_one_row_and_the_sections_are_a_tab_bar(
    phone_page: Page, connect, results_dir
) -> None:
    page = phone_page
    viewer = _member("Vera", "Viewer")
    _unread_things_for(viewer, connect)
    log_in(page, viewer)

    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= PHONE_HEADER_MAX_PX, header
    assert_logo_visible(page)
    search = page.get_by_role("combobox", name="Search people").bounding_box()
    account = page.get_by_role("button", name="Account").bounding_box()
    logo = page.locator(".brand-mark").bounding_box()
    assert search and account and logo
    for box in (search, account, logo):  # logo, search and account on the header's one row
        assert (
            box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
        )
    assert logo["x"] < search["x"] < account["x"]

    # The main sections: a tab bar along the bottom of the screen, with the badges.
    tabs = page.locator(".nav-main")
    bar = tabs.bounding_box()
    viewport = page.viewport_size
    assert bar is not None and viewport is not None
    assert abs(bar["y"] + bar["height"] - viewport["height"]) <= 1, bar
    assert bar["height"] <= 72 and bar["width"] >= viewport["width"] - 1
    for name in MAIN_SECTIONS:
        link = page.get_by_role("navigation", name="Main").get_by_role(
            "link", name=re.compile(rf"^{name}")
        )
        link_box = link.bounding_box()
        assert link_box is not None and link_box["y"] >= bar["y"] - 1, name  # in the bar
    expect(page.locator("#notification-bell .bell-count")).to_be_visible()
    expect(page.locator("#messaging-unread .nav-count")).to_be_visible()
    page.screenshot(path=results_dir / "chrome-phone-home.png")
    assert_accessible(page)

    # Nothing pinned at the top: scrolled down, the header has gone; the end of the page
    # is not under the tab bar.
    page.goto("/settings/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    header_after = page.locator(".site-header").bounding_box()
    assert header_after is not None
    position = page.locator(".site-header").evaluate("el => getComputedStyle(el).position")
    assert position not in {"fixed", "sticky"}
    footer = page.locator(".site-footer").bounding_box()
    bar = tabs.bounding_box()
    assert footer is not None and bar is not None
    assert footer["y"] + footer["height"] <= bar["y"] + 1, (footer, bar)
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_overflow

    # The account menu opens from the header on a phone too.
    page.get_by_role("button", name="Account").click()
    menu = page.locator("#account-menu")
    expect(menu.get_by_role("link", name="Blocked members")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Blocked members")).to_be_hidden()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^My Network")
    ).click()
    expect(page).to_have_url(re.compile(r"/network/"))
    current = page.locator(".nav-main [aria-current=page]")
    expect(current).to_have_text("My Network")


def test_without_javascript_the_account_items_are_links(
    browser: Browser, live_server: LiveServer
) -> None:
    member = _member("Nora", "Noscript")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        log_in(page, member, script=False)
        menu = page.locator("#account-menu")
        for name in ACCOUNT_ITEMS:
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(menu.get_by_role("button", name="Log out")).to_be_visible()
        expect(page.get_by_role("button", name="Account")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_own_404_page(browser: Browser, live_server: LiveServer, width: int) -> None:
    member = _member("Vera", "Viewer")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 844}
    )
    page = context.new_page()
    try:
        log_in(page, member)
        response = page.goto("/no-such-page/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(page.get_by_text("URLconf")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
        page.get_by_role("link", name="Go to the home page").click()
        expect(page).to_have_url(re.compile(r"/$"))
    finally:
        context.close()
