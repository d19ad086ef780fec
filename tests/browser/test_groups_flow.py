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
from groups import services as group_services
from groups.models import Group, Membership
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import log_in as sign_in
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
    sign_in(page, member.email, PASSWORD)
    expect(page.get_by_role("link", name="Groups", exact=True)).to_be_visible()


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
    # The owner is told how to step down instead of a Leave button they cannot use.
    expect(ana_page.get_by_role("button", name="Leave group")).to_have_count(0)
    expect(ana_page.get_by_test_id("owner-note")).to_contain_text("transfer ownership")
    expect(ana_page.locator(".group-header .join-policy")).to_have_text("Anyone can join")
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
    row = bruno_page.locator(".group-row", has_text="Lisbon Django developers")
    expect(row.locator(".join-policy")).to_have_text("Anyone can join")  # as on the header
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
    like = card.get_by_role("button", name="Like", exact=True)
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(card.get_by_text("1 reaction", exact=True)).to_be_visible()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(card.get_by_role("status")).to_have_text("You reacted: Like. 1 reaction.")
    assert ana_page.evaluate("window.__noReload") is True
    assert Reaction.objects.filter(member=ana, kind="like").count() == 1
    # Bruno's comment in the group also reached Ana's feed.
    expect(ana_page.locator(".comment-text", has_text="Count me in!")).to_be_visible()

    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 390])
def test_owner_and_member_group_pages_are_accessible(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    owner = UserFactory.create(first_name="Ana", last_name="Silva")
    member = UserFactory.create(first_name="Bruno", last_name="Costa")
    group = group_services.group_create(creator=owner, name="Porto makers", join_policy="approval")
    outcome = connection_services.invitation_send(sender=owner, recipient_id=member.pk)
    connection_services.invitation_accept(recipient=member, invitation_id=outcome.invitation.pk)
    group_services.group_invite(manager=owner, group_id=group.pk, member_id=member.pk)
    group_services.group_join(member=member, group_id=group.pk)
    for person, leave_buttons in ((owner, 0), (member, 1)):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        log_in(page, person)
        page.goto(f"/groups/{group.pk}/")
        header = page.locator(".group-header .join-policy")
        expect(header).to_have_text("A manager approves each request to join")
        expect(page.get_by_role("button", name="Leave group")).to_have_count(leave_buttons)
        expect(page.get_by_test_id("owner-note")).to_have_count(1 - leave_buttons)
        assert_accessible(page)
        page.goto("/groups/?mine=1")
        row = page.locator(".group-row", has_text="Porto makers").locator(".join-policy")
        expect(row).to_have_text("A manager approves each request to join")
        assert_accessible(page)
        context.close()
