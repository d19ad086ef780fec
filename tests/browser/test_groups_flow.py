"""Groups and the feed in a real browser: Ana creates a group; Bruno (her connection) finds
it, joins and comments on her discussion without a page reload; Ana's home feed shows Bruno's
status update, and she reacts to it in place (htmx) with no CSP violation or script error."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from config.celery_app import app as celery_app
from connections import services as connection_services
from feed.models import Comment, Reaction
from groups.models import Group, Membership
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


@pytest.fixture(autouse=True)
def _eager_tasks() -> Iterator[None]:
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def log_in(page: Page, member: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Groups")).to_be_visible()


def test_create_join_comment_and_react(browser: Browser, live_server: LiveServer) -> None:
    ana = UserFactory.create(first_name="Ana", last_name="Silva")
    bruno = UserFactory.create(first_name="Bruno", last_name="Costa")
    outcome = connection_services.invitation_send(sender=ana, recipient_id=bruno.pk)
    connection_services.invitation_accept(recipient=bruno, invitation_id=outcome.invitation.pk)
    problems: list[str] = []
    contexts = []

    def session() -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        return page

    # Ana creates a group and starts a discussion.
    ana_page = session()
    log_in(ana_page, ana)
    ana_page.get_by_role("link", name="Groups").click()
    ana_page.get_by_role("link", name="Create a group").click()
    ana_page.get_by_label("Name").fill("Lisbon Django developers")
    ana_page.get_by_label("Description").fill("Meetups and discussions")
    ana_page.get_by_role("button", name="Create group").click()
    expect(ana_page.get_by_role("heading", name="Lisbon Django developers")).to_be_visible()
    ana_page.get_by_label("What do you want to talk about?").fill("Who is coming on Thursday?")
    ana_page.get_by_role("button", name="Post", exact=True).click()
    expect(ana_page.get_by_text("Who is coming on Thursday?")).to_be_visible()
    group = Group.objects.get(name="Lisbon Django developers")

    # Bruno finds it in the directory, joins and comments without a reload.
    bruno_page = session()
    log_in(bruno_page, bruno)
    bruno_page.goto("/groups/")
    bruno_page.get_by_label("Search groups").fill("lisbon")
    bruno_page.get_by_role("button", name="Search").click()
    bruno_page.get_by_role("link", name="Lisbon Django developers").click()
    expect(bruno_page.get_by_text("Only members see this group's discussions.")).to_be_visible()
    bruno_page.get_by_role("button", name="Join group").click()
    expect(bruno_page.get_by_text("You joined the group.")).to_be_visible()
    assert Membership.objects.filter(group=group, member=bruno).exists()
    bruno_page.evaluate("window.__noReload = true")
    bruno_page.get_by_label("Add a comment").fill("Count me in!")
    bruno_page.get_by_role("button", name="Comment").click()
    expect(bruno_page.locator(".comment-text", has_text="Count me in!")).to_be_visible()
    assert bruno_page.evaluate("window.__noReload") is True  # htmx swapped, no page load
    assert Comment.objects.filter(author=bruno, body="Count me in!").exists()

    # Bruno posts a status update on his feed; Ana sees it on her home feed and reacts.
    bruno_page.goto("/")
    bruno_page.get_by_label("What do you want to talk about?").fill("Started a new role today")
    bruno_page.get_by_role("button", name="Post", exact=True).click()
    ana_page.goto("/")
    card = ana_page.locator("article.post", has_text="Started a new role today")
    expect(card).to_be_visible()
    expect(card.get_by_text("1st", exact=True)).to_be_visible()
    ana_page.evaluate("window.__noReload = true")
    card.get_by_role("button", name="React").click()
    expect(card.get_by_text("1 reaction")).to_be_visible()
    expect(card.get_by_role("button", name="Reacted: Like")).to_be_visible()
    assert ana_page.evaluate("window.__noReload") is True
    assert Reaction.objects.filter(member=ana, kind="like").count() == 1
    # Bruno's comment in the group also reached Ana's feed.
    expect(ana_page.locator(".comment-text", has_text="Count me in!")).to_be_visible()

    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
