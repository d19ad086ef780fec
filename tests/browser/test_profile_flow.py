"""A new member's first visit, end to end in a real browser: sign up, fill the profile, upload
a photo, add a position through htmx; and the log-in lockout after repeated failures."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import PositionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-passphrase-42"


def _png(path: Path) -> Path:
    """A small portrait-like picture: a gradient background with a lighter disc."""
    image = Image.new("RGB", (240, 240))
    image.putdata([(40 + x // 3, 90 + y // 4, 160) for y in range(240) for x in range(240)])
    ImageDraw.Draw(image).ellipse((70, 40, 170, 140), fill=(240, 200, 170))
    ImageDraw.Draw(image).ellipse((30, 150, 210, 330), fill=(30, 50, 90))
    image.save(path, format="PNG")
    return path


def _remove_uploads(email: str) -> None:
    member = User.objects.filter(email=email).select_related("profile").first()
    if member is None:
        return
    for file in (member.profile.photo, member.profile.photo_thumbnail):
        if file and file.name:
            file.storage.delete(file.name)


def test_sign_up_fill_profile_upload_photo_add_position(
    page: Page, tmp_path: Path, results_dir: Path
) -> None:
    email = "ana.silva@example.com"
    try:
        # Landing page → sign up.
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("professional community")
        page.get_by_role("main").get_by_role("link", name="Join now").click()
        expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
        page.get_by_label("First name").fill("Ana")
        page.get_by_label("Last name").fill("Silva")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password (again)").fill(PASSWORD)
        page.screenshot(path=results_dir / "signup.png", full_page=True)
        page.get_by_role("button", name="Agree and join").click()

        # Logged in, on the dashboard.
        expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
        expect(page.locator("meter.strength-meter")).to_have_attribute("value", "0")
        page.screenshot(path=results_dir / "home.png", full_page=True)

        # Edit the profile.
        nav.get_by_role("button", name="Account").click()  # the account menu
        nav.get_by_role("link", name="Edit profile").click()
        form = page.locator("#profile-form")
        form.get_by_label("Headline").fill("Data engineer building reliable pipelines")
        form.get_by_label("Current title").fill("Senior Data Engineer")
        form.get_by_label("Current company").fill("Northwind Analytics")
        form.get_by_label("Industry").select_option(label="Computer Software")
        form.get_by_label("Location").fill("Lisbon, Portugal")
        form.get_by_label("Summary").fill("Ten years of data work.\nI like <b>clean</b> data.")
        form.get_by_label("Skills").fill("Python, SQL, Airflow")
        form.get_by_role("button", name="Save profile").click()

        # The profile page shows it all (and escapes what members type).
        expect(page).to_have_url(re.compile(r"/in/\d+/$"))
        expect(page.locator(".messages")).to_contain_text("Your profile was saved.")
        header = page.locator(".profile-header")
        expect(header.get_by_role("heading", level=1)).to_have_text("Ana Silva")
        expect(header).to_contain_text("Data engineer building reliable pipelines")
        expect(header).to_contain_text("Senior Data Engineer at Northwind Analytics")
        expect(header).to_contain_text("Lisbon, Portugal")
        expect(header).to_contain_text("Computer Software")
        expect(page.locator(".summary-text")).to_have_text(
            "Ten years of data work.\nI like <b>clean</b> data."
        )
        expect(page.locator(".skill")).to_have_text(["Python", "SQL", "Airflow"])
        expect(page.locator("b", has_text="clean")).to_have_count(0)

        # Upload a photo (htmx swaps the photo fragment).
        nav.get_by_role("button", name="Account").click()  # the account menu
        nav.get_by_role("link", name="Edit profile").click()
        photo = page.locator("#photo-section")
        photo.get_by_label("Photo").set_input_files(_png(tmp_path / "ana.png"))
        photo.get_by_role("button", name="Upload photo").click()
        expect(page.locator("#photo-section img.avatar")).to_have_attribute(
            "src", re.compile(r"/media/photos/")
        )
        expect(
            page.locator("#photo-section").get_by_role("button", name="Remove photo")
        ).to_be_visible()
        expect(page.locator("#live-status")).to_have_text("Your photo was updated.")
        strength = page.locator("#strength-panel meter")
        expect(strength).to_have_attribute("value", "80")  # refreshed without a page load

        # Add a position through htmx: the list updates without a page load.
        page.evaluate("window.__samePage = true")
        history = page.locator("#history-section")
        history.get_by_text("Add position", exact=True).click()
        position_form = page.locator("#position-add-form")
        position_form.locator("[name=title]").fill("Senior Data Engineer")
        position_form.locator("[name=company]").fill("Northwind Analytics")
        start = position_form.get_by_role("group", name="Start", exact=True)
        start.get_by_label("Month").select_option(label="March")
        start.get_by_label("Year").fill("2021")
        position_form.locator("[name=location]").fill("Lisbon")
        position_form.get_by_role("button", name="Save position").click()
        positions = page.locator("#position-list")
        expect(positions).to_contain_text("Senior Data Engineer")
        expect(positions).to_contain_text("Mar 2021 \u2013 Present")
        expect(page.locator("#live-status")).to_have_text("Position added.")
        expect(strength).to_have_attribute("value", "90")
        assert page.evaluate("window.__samePage") is True
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=results_dir / "profile-edit.png", full_page=True)

        # The profile page, desktop and phone width.
        page.get_by_role("main").get_by_role("link", name="View your profile").click()
        expect(page.locator(".profile-header img.avatar")).to_have_attribute(
            "src", re.compile(r"/media/photos/")
        )
        expect(page.locator(".timeline")).to_contain_text("Senior Data Engineer")
        page.screenshot(path=results_dir / "profile.png", full_page=True)
        page.set_viewport_size({"width": 360, "height": 800})
        page.screenshot(path=results_dir / "profile-360.png", full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px"
        nav.get_by_role("button", name="Account").click()  # the account menu
        nav.get_by_role("link", name="Edit profile").click()
        page.screenshot(path=results_dir / "profile-edit-360.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        nav.get_by_role("button", name="Account").click()  # the account menu
        nav.get_by_role("link", name="Settings").click()
        page.screenshot(path=results_dir / "settings.png", full_page=True)
        nav.get_by_role("button", name="Account").click()  # the account menu
        nav.get_by_role("link", name="Blocked members").click()
        page.screenshot(path=results_dir / "blocked.png", full_page=True)
    finally:
        _remove_uploads(email)


def test_repeated_wrong_passwords_lock_the_login(page: Page, results_dir: Path) -> None:
    member: User = UserFactory.create(
        email="locked@example.com", first_name="Lia", last_name="Costa"
    )
    page.goto("/accounts/login/")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        page.get_by_label("Email").fill(member.email)
        page.get_by_label("Password").fill(f"wrong-password-{attempt}")
        page.get_by_role("button", name="Log in").click()
        if attempt < settings.AXES_FAILURE_LIMIT:
            expect(page.get_by_role("alert")).to_contain_text("not correct")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Too many failed log-in attempts")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    expect(page.get_by_role("alert")).to_contain_text(f"Try again in {minutes} minutes")
    page.screenshot(path=results_dir / "lockout.png", full_page=True)

    # Even the right password is refused while the lockout lasts.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed log-in attempts")


def _log_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role(
            "button", name="Log out", include_hidden=True
        )
    ).to_be_attached()


def test_other_profiles_by_degree_and_blocking_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    results_dir: Path,
    connect: Callable[[User, User], None],
) -> None:
    """Other members' profiles show the degree badge and only what the degree allows; blocking
    is a two-step form that works without JavaScript, and the re-block wait is explained."""
    ana: User = UserFactory.create(email="ana@example.com", first_name="Ana", last_name="Silva")
    bruno: User = UserFactory.create(
        email="bruno@example.com",
        first_name="Bruno",
        last_name="Costa",
        show_email_to_connections=True,
    )
    carla: User = UserFactory.create(
        email="carla@example.com", first_name="Carla", last_name="Nunes"
    )
    dora: User = UserFactory.create(
        email="dora@example.com",
        first_name="Dora",
        last_name="Reis",
        profile_visible_to_out_of_network=False,
    )
    connect(ana, bruno)
    connect(bruno, carla)
    PositionFactory(member=carla, title="Head of Design", company="Fabrikam")

    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _log_in(page, ana.email, FACTORY_PASSWORD)

        # 1st degree: everything, the email included because Bruno shows it.
        page.goto(f"/in/{bruno.pk}/")
        expect(page.locator(".profile-header .badge-degree")).to_contain_text("1st")
        expect(page.get_by_role("link", name=bruno.email)).to_be_visible()

        # 2nd degree: history but no contact details.
        page.goto(f"/in/{carla.pk}/")
        header = page.locator(".profile-header")
        expect(header.get_by_role("heading", level=1)).to_contain_text("Carla Nunes")
        expect(header.locator(".badge-degree")).to_contain_text("2nd")
        expect(page.locator(".timeline")).to_contain_text("Head of Design")
        expect(page.get_by_text(carla.email)).to_have_count(0)
        page.locator("#profile-menu-toggle").click()  # the overflow menu, a <details>
        page.get_by_text("Block", exact=True).click()  # opens the <details> disclosure
        expect(page.get_by_text("cannot block the same member again for 48 hours")).to_be_visible()
        page.screenshot(path=results_dir / "profile-other.png", full_page=True)

        # Out of network and not shown outside it: "Network member" and the headline only.
        page.goto(f"/in/{dora.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Network member")
        expect(page.get_by_text("Dora")).to_have_count(0)
        expect(page.locator(".badge-degree")).to_have_count(0)
        page.screenshot(path=results_dir / "profile-minimal.png", full_page=True)

        # Block Carla: two steps, no JavaScript.
        page.goto(f"/in/{carla.pk}/")
        page.locator("#profile-menu-toggle").click()
        page.get_by_text("Block", exact=True).click()
        page.get_by_role("button", name="Yes, block").click()
        expect(page).to_have_url(re.compile(r"/settings/blocked/$"))
        expect(page.locator(".messages")).to_contain_text("Member blocked.")
        expect(page.locator(".member-list")).to_contain_text("Carla Nunes")
        page.screenshot(path=results_dir / "blocked-list.png", full_page=True)

        # Carla no longer exists for Ana.
        response = page.goto(f"/in/{carla.pk}/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        page.screenshot(path=results_dir / "not-found.png", full_page=True)

        # Unblock; the profile explains why she cannot be blocked again yet.
        page.goto("/settings/blocked/")
        page.get_by_role("button", name="Unblock Carla Nunes").click()
        expect(page.locator(".messages")).to_contain_text("Member unblocked.")
        expect(page.get_by_text("You have not blocked anyone.")).to_be_visible()
        page.goto(f"/in/{carla.pk}/")
        page.locator("#profile-menu-toggle").click()
        block = page.get_by_role("button", name="Block")
        expect(block).to_be_disabled()
        expect(page.locator("#block-reason")).to_contain_text("You unblocked this member recently.")
        expect(page.locator("#block-reason")).to_contain_text("48 hours")
        page.screenshot(path=results_dir / "profile-reblock-wait.png", full_page=True)

        # The account pages from allauth use the same layout.
        page.goto("/accounts/password/change/")
        expect(page.get_by_role("navigation", name="Account")).to_be_visible()
        page.screenshot(path=results_dir / "password-change.png", full_page=True)
        page.goto("/accounts/email/")
        page.screenshot(path=results_dir / "email.png", full_page=True)
        page.goto("/settings/delete/")
        page.get_by_label("Confirm with your password").fill("not-my-password")
        page.get_by_label("I understand").check()
        page.get_by_role("button", name="Delete my account for good").click()
        expect(page.get_by_role("alert")).to_be_visible()
        page.screenshot(path=results_dir / "delete-account.png", full_page=True)
    finally:
        context.close()


def _relationship_network(connect: Callable[[User, User], None]) -> dict[str, User]:
    """Vera — Ana — Putri — Carla; Vera and Putri both at Fabrikam and in one group."""
    from accounts.models import Profile
    from groups import services as group_services

    people = {
        key: UserFactory.create(email=f"{key}@example.com", first_name=first, last_name=last)
        for key, first, last in [
            ("vera", "Vera", "Viewer"),
            ("ana", "Ana", "Lima"),
            ("putri", "Putri", "Sari"),
            ("carla", "Carla", "Nunes"),
        ]
    }
    connect(people["vera"], people["ana"])
    connect(people["ana"], people["putri"])
    connect(people["putri"], people["carla"])
    Profile.objects.filter(member__in=[people["vera"], people["putri"]]).update(
        current_company="Fabrikam"
    )
    group = group_services.group_create(creator=people["vera"], name="Data people")
    group_services.group_join(member=people["putri"], group_id=group.pk)
    return people


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_how_you_are_connected_and_the_overflow_menu_by_keyboard(
    request: pytest.FixtureRequest,
    width: str,
    results_dir: Path,
    connect: Callable[[User, User], None],
) -> None:
    page: Page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    people = _relationship_network(connect)
    _log_in(page, people["vera"].email, FACTORY_PASSWORD)

    # 3rd degree: the path, each intermediary a link to their profile.
    page.goto(f"/in/{people['carla'].pk}/")
    path = page.get_by_role("list", name="How you're connected")
    expect(path.get_by_role("listitem")).to_have_text(
        ["You", "Ana Lima", "Putri Sari", "Carla Nunes"]
    )
    expect(path.get_by_role("link", name="Putri Sari")).to_have_attribute(
        "href", f"/in/{people['putri'].pk}/"
    )
    assert_accessible(page)
    page.screenshot(path=results_dir / f"profile-path-{width}.png", full_page=True)

    # 2nd degree: the mutual connection's face and name, opening the list; what they share.
    path.get_by_role("link", name="Putri Sari").click()
    why = page.get_by_role("list", name="Why you see Putri")
    expect(why).to_contain_text("Ana Lima is a mutual connection")
    expect(why).to_contain_text("Both work at Fabrikam")
    expect(why).to_contain_text("Both in the group Data people")
    expect(why.locator(".face-stack .avatar")).to_have_count(1)

    # The overflow menu, by keyboard alone: open, move in, Esc closes and focus comes back.
    toggle = page.locator("#profile-menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    report = page.get_by_role("link", name="Report Putri")
    expect(report).to_be_visible()
    page.keyboard.press("Tab")
    expect(report).to_be_focused()
    assert_accessible(page)
    page.screenshot(path=results_dir / f"profile-menu-{width}.png", full_page=True)
    page.keyboard.press("Escape")
    expect(report).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Space")  # a click outside closes it too
    expect(report).to_be_visible()
    page.locator("h1").click()
    expect(report).to_be_hidden()

    why.get_by_role("link", name=re.compile("Ana Lima is a mutual connection")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mutual connections")
    expect(page.locator("#mutual-list")).to_contain_text("Ana Lima")
    assert_accessible(page)

    # A search result and a suggestion say why they are there.
    page.goto("/search/?q=Putri")
    result = page.locator(f"#result-{people['putri'].pk}")
    expect(result.get_by_role("list", name="Why you see Putri")).to_contain_text(
        "Ana Lima is a mutual connection"
    )
    assert_accessible(page)
    page.screenshot(path=results_dir / f"search-why-{width}.png", full_page=True)
    page.goto("/network/")
    suggestion = page.locator(f"#suggestion-{people['putri'].pk}")
    expect(suggestion).to_contain_text("Both work at Fabrikam")
    assert_accessible(page)
