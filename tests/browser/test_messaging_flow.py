"""Messaging end to end in a real browser: Ana's invitation note opens her conversation with
Bruno, who says thanks from the nudge; Ana sees the unread badge, reads and replies; Bruno's
open page receives the reply without a reload (htmx polling). Carla, connected to neither,
gets a disabled Message button with the reason and a 404 for their conversation."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from config.celery_app import app as celery_app
from connections import services as connection_services
from messaging.models import Conversation, Message
from messaging.tasks import conversation_open_from_invitation_task
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # Tasks scheduled by name (send_task) still go to the broker; this test runs them itself.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


@pytest.fixture(autouse=True)
def _eager_tasks() -> Iterator[None]:
    """Run tasks in the live server's thread after commit, as a worker would."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


class Session:
    """One member's browser context, failing the test on CSP violations and script errors."""

    def __init__(self, browser: Browser, live_server: LiveServer, problems: list[str]) -> None:
        self.context: BrowserContext = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
        )
        self.context.set_default_timeout(10_000)
        self.page: Page = self.context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                problems.append(f"CSP: {self.page.url} {message.location} {message.text[:60]}")

        self.page.on("console", on_console)
        self.page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def log_in(self, member: User) -> Page:
        page = self.page
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(member.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(
            page.get_by_role("navigation", name="Main").get_by_role(
                "button", name="Log out", include_hidden=True
            )
        ).to_be_attached()  # signed in (Log out is in the Account menu)
        return page


@pytest.fixture
def sessions(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    problems: list[str] = []
    opened: list[Session] = []

    def open_session() -> Session:
        session = Session(browser, live_server, problems)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.context.close()
    assert not problems, "\n".join(problems)


def test_two_connections_exchange_messages_and_a_stranger_cannot(
    sessions: Any, settings: Any, results_dir: Path
) -> None:
    settings.MESSAGING_POLL_SECONDS = 1
    ana = UserFactory.create(email="ana@example.com", first_name="Ana", last_name="Silva")
    bruno = UserFactory.create(email="bruno@example.com", first_name="Bruno", last_name="Costa")
    carla = UserFactory.create(email="carla@example.com", first_name="Carla", last_name="Dias")
    invitation = connection_services.invitation_send(
        sender=ana, recipient_id=bruno.pk, note="Great meeting you at PyCon!"
    ).invitation
    connection_services.invitation_accept(recipient=bruno, invitation_id=invitation.pk)
    assert conversation_open_from_invitation_task(invitation.pk) is True  # as the worker would
    conversation = Conversation.objects.get()

    # Bruno finds the conversation the note opened, and says thanks from the nudge.
    bruno_page = sessions().log_in(bruno)
    bruno_page.get_by_role("navigation", name="Main").get_by_role("link", name="Messaging").click()
    expect(bruno_page.get_by_role("heading", level=1)).to_have_text("Messaging")
    row = bruno_page.get_by_role("link", name=re.compile("Ana Silva"))
    expect(row).to_contain_text("Great meeting you at PyCon!")
    expect(row).to_contain_text("Say thanks")
    row.click()
    expect(bruno_page).to_have_url(re.compile(rf"/messages/{conversation.pk}/$"))
    log = bruno_page.get_by_role("log", name="Messages")
    expect(log).to_contain_text("Great meeting you at PyCon!")
    expect(log).to_contain_text("Invitation note")
    bruno_page.get_by_role("button", name="Say thanks").click()
    expect(log).to_contain_text("Thanks for the invitation, Ana! Glad to be connected.")
    expect(bruno_page.locator("#nudge")).to_have_count(0)
    url_before = bruno_page.url

    # Ana sees the unread badge, reads and replies (htmx: no page load).
    ana_page = sessions().log_in(ana)
    nav = ana_page.get_by_role("navigation", name="Main")
    messaging_link = nav.get_by_role("link", name=re.compile("^Messaging"))
    expect(messaging_link).to_contain_text("1")
    expect(messaging_link).to_contain_text("(1 unread message)")
    messaging_link.click()
    ana_page.get_by_role("link", name=re.compile("Bruno Costa")).click()
    ana_log = ana_page.get_by_role("log", name="Messages")
    expect(ana_log).to_contain_text("Thanks for the invitation, Ana!")
    composer = ana_page.get_by_label("Write a message")
    composer.fill("See you at the next meetup: https://example.com/meetup <b>not bold</b>")
    ana_page.get_by_role("button", name="Send", exact=True).click()
    expect(ana_log).to_contain_text("See you at the next meetup")
    expect(composer).to_have_value("")
    link = ana_log.get_by_role("link", name="https://example.com/meetup")
    expect(link).to_have_attribute("href", "https://example.com/meetup")
    expect(ana_log.locator("b")).to_have_count(0)  # shown as text, never as HTML
    expect(ana_log).to_contain_text("<b>not bold</b>")
    ana_page.screenshot(path=results_dir / "messaging-conversation.png", full_page=True)

    # Bruno's open page receives it without a reload.
    expect(log).to_contain_text("See you at the next meetup", timeout=10_000)
    assert bruno_page.url == url_before
    expect(log.locator(".msg")).to_have_count(3)
    bruno_page.get_by_label("Write a message").fill("Deal!")
    bruno_page.keyboard.press("Tab")
    bruno_page.get_by_role("button", name="Send", exact=True).click()
    expect(ana_log).to_contain_text("Deal!", timeout=10_000)
    expect(ana_log.locator(".msg")).to_have_count(4)  # never appended twice
    expect(log.locator(".msg")).to_have_count(4)
    assert Message.objects.filter(conversation=conversation).count() == 4

    # Carla, connected to neither, cannot message them and cannot see their conversation.
    carla_page = sessions().log_in(carla)
    carla_page.goto(f"/messages/with/{ana.pk}/")
    button = carla_page.get_by_role("button", name="Message")
    expect(button).to_be_disabled()
    expect(carla_page.locator(".block-reason")).to_contain_text(
        "You can message only your 1st-degree connections. Connect first."
    )
    expect(carla_page.get_by_label("Write a message")).to_have_count(0)
    carla_page.screenshot(path=results_dir / "messaging-stranger.png", full_page=True)
    response = carla_page.goto(f"/messages/{conversation.pk}/")
    assert response is not None and response.status == 404
    carla_page.goto("/messages/")
    expect(carla_page.get_by_text("No conversations yet.")).to_be_visible()
