"""Trust and safety end to end in a real browser: Ana reports a message from Bruno (it leaves
her conversation at once); a moderator restricts Bruno from messaging in the admin; Bruno, on
a phone, sees his standing and appeals; a second moderator lifts the restriction; Ana sees
that action was taken. Every new page passes axe-core at the width it is used."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from config.celery_app import app as celery_app
from messaging import services as messaging_services
from moderation.models import Case
from standing.models import Sanction
from tests.browser.conftest import assert_accessible
from tests.conftest import connect_members
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


@pytest.fixture(autouse=True)
def _eager_tasks() -> Iterator[None]:
    """Run tasks in the live server's thread after commit, as a worker would."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def log_in(page: Page, member: User) -> Page:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


@pytest.fixture
def desktop(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    """New desktop pages, one per moderator (each its own session)."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_report_restrict_appeal_and_lift(page: Page, phone_page: Page, desktop: Any) -> None:
    ana = UserFactory.create(email="ana@example.com", first_name="Ana", last_name="Silva")
    bruno = UserFactory.create(email="bruno@example.com", first_name="Bruno", last_name="Costa")
    mona = UserFactory.create(email="mona@example.com", first_name="Mona", is_staff=True)
    otto = UserFactory.create(email="otto@example.com", first_name="Otto", is_staff=True)
    connect_members(ana, bruno)
    outcome = messaging_services.conversation_start(
        sender=bruno, participant_ids=[ana.pk], body="Cheap followers, click here"
    )
    conversation_id = outcome.conversation.pk

    # Ana reports the message from its overflow menu; it is gone from her conversation.
    log_in(page, ana)
    page.goto(f"/messages/{conversation_id}/")
    message = page.locator(".msg", has_text="Cheap followers")
    message.locator("summary", has_text="More actions for this message").click()
    message.get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", name="Report this message")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Spam").check()
    page.get_by_label("Anything moderators should know").fill("Sent to many people")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Waiting for a moderator's review.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/messages/{conversation_id}/")
    expect(page.get_by_text("Cheap followers")).to_have_count(0)

    # Mona restricts Bruno from messaging in the admin.
    case = Case.objects.get()
    mona_page = log_in(desktop(), mona)
    mona_page.goto("/admin/moderation/case/")
    mona_page.get_by_role("link", name=f"Case {case.pk}").click()
    expect(mona_page.get_by_text("Cheap followers, click here")).to_be_visible()
    mona_page.get_by_role("link", name="Resolve this case").click()
    mona_page.get_by_label("Restrict the member").check()
    mona_page.get_by_label("sending messages").check()
    mona_page.get_by_label("Reason (shown to the member when sanctioned)").fill("Spam messages")
    mona_page.get_by_role("button", name="Resolve").click()
    expect(mona_page.get_by_text("resolved.")).to_be_visible()
    assert Sanction.objects.get().member_id == bruno.pk

    # Bruno, on his phone, sees his standing and appeals.
    log_in(phone_page, bruno)
    phone_page.goto("/standing/")
    expect(phone_page.get_by_text("Restricted from sending messages")).to_be_visible()
    expect(phone_page.get_by_text("Reason: Spam messages")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_text("Appeal", exact=True).click()
    phone_page.get_by_label("Why should this be lifted?").fill("I was sharing a real offer.")
    phone_page.get_by_role("button", name="Send appeal").click()
    expect(phone_page.get_by_text("Your appeal was sent")).to_be_visible()
    expect(phone_page.get_by_text("Appeal: waiting for a moderator.")).to_be_visible()
    assert_accessible(phone_page)

    # Otto, not Mona, decides the appeal and lifts it.
    otto_page = log_in(desktop(), otto)
    otto_page.goto("/admin/standing/appeal/")
    otto_page.get_by_role("link", name="Appeal of sanction").click()
    otto_page.get_by_role("link", name="Decide this appeal").click()
    otto_page.get_by_label("Lift it").check()
    otto_page.get_by_role("button", name="Decide").click()
    expect(otto_page.get_by_text("decided.")).to_be_visible()

    phone_page.reload()
    expect(phone_page.get_by_text("Your account is in good standing.")).to_be_visible()
    expect(phone_page.get_by_text("accepted, the sanction was lifted")).to_be_visible()

    # Ana sees that action was taken (never what), on her standing page.
    page.goto("/standing/")
    expect(page.get_by_text("Reviewed: we took action.")).to_be_visible()
    assert_accessible(page)
