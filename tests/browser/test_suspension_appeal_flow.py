"""A suspended member appeals at login, end to end in a real browser: Bruno, suspended by Mona,
logs in with his password and reads why and since when (desktop), appeals on his phone and
reads that it is pending, sees the same on a later log-in; Otto, not Mona, lifts it in the
admin; Bruno logs in. Every page passes axe-core at the width it is used."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from moderation import services as moderation_services
from standing.models import Appeal, AppealStatus
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def moderator_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def refused_log_in(page: Page, member: User) -> None:
    log_in(page, member.email, PASSWORD)
    expect(page.get_by_role("heading", name="Your account is suspended")).to_be_visible()
    expect(page.get_by_text("Reason: Fake profile photos")).to_be_visible()
    expect(page.get_by_text("Suspended since")).to_be_visible()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(0)


def test_a_suspended_member_appeals_at_login_and_another_moderator_lifts_it(
    page: Page, phone_page: Page, moderator_page: Page
) -> None:
    bruno = UserFactory.create(email="bruno@example.com", first_name="Bruno", last_name="Costa")
    mona = UserFactory.create(email="mona@example.com", first_name="Mona", is_staff=True)
    otto = UserFactory.create(email="otto@example.com", first_name="Otto", is_staff=True)
    moderation_services.member_suspend_directly(
        moderator=mona, member_id=bruno.pk, reason="Fake profile photos"
    )

    # A wrong password tells nothing.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(bruno.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Fake profile photos")).to_have_count(0)

    # The right one: why, since when, and the appeal form.
    refused_log_in(page, bruno)
    expect(page.get_by_label("Why should this be lifted?")).to_be_visible()
    assert_accessible(page)

    # On his phone he appeals.
    refused_log_in(phone_page, bruno)
    assert_accessible(phone_page)
    phone_page.get_by_label("Why should this be lifted?").fill("These photos are of me.")
    phone_page.get_by_role("button", name="Send appeal").click()
    expect(phone_page.get_by_text("We received your appeal")).to_be_visible()
    expect(phone_page.get_by_text("is pending")).to_be_visible()
    expect(phone_page.get_by_label("Why should this be lifted?")).to_have_count(0)
    assert_accessible(phone_page)
    assert Appeal.objects.get().text == "These photos are of me."

    # A later log-in shows the status, not the form.
    refused_log_in(page, bruno)
    expect(page.get_by_text("is pending")).to_be_visible()
    expect(page.get_by_label("Why should this be lifted?")).to_have_count(0)
    assert_accessible(page)

    # Otto, not Mona, lifts it in the admin.
    log_in(moderator_page, otto.email, PASSWORD)
    moderator_page.goto("/admin/standing/appeal/")
    moderator_page.get_by_role("link", name="Appeal of sanction").click()
    expect(moderator_page.get_by_text("Suspension (-) of Bruno Costa")).to_be_visible()
    moderator_page.get_by_role("link", name="Decide this appeal").click()
    moderator_page.get_by_label("Lift it").check()
    moderator_page.get_by_role("button", name="Decide").click()
    expect(moderator_page.get_by_text("decided.")).to_be_visible()
    assert Appeal.objects.get().status == AppealStatus.LIFTED

    # Bruno logs in.
    log_in(phone_page, bruno.email, PASSWORD)
    expect(phone_page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    assert_accessible(phone_page)
