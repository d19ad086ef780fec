"""The composer and one-click reactions in a real browser, at 1280 and 390 px, by keyboard
alone: Tab into the box, type, paste a link (the preview shows its host and path, nothing
fetched), post, then react and take the reaction back with the keyboard, the count and the
announcement updating in place. Also: the box grows, articles have their own page, and an
unconfirmed member finds the box locked with a way to resend the confirmation."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from config.celery_app import app as celery_app
from feed.models import Post, Reaction
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import log_in as sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


@pytest.fixture(autouse=True)
def _no_preview_fetch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run tasks inline, and keep the after-posting preview fetch off the network (the
    composer's own preview never fetches: that is what this file shows)."""
    monkeypatch.setattr("feed.services.fetch_open_graph", lambda url: None)
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def log_in(page: Page, member: User) -> None:
    sign_in(page, member.email, PASSWORD)
    expect(page.get_by_role("heading", name="Start a post")).to_be_visible()


def tab_to(page: Page, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element with this id has the focus (fail if it never does)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} never received the focus by Tab")


def keyboard_journey(page: Page) -> None:
    ana = UserFactory.create(first_name="Ana", last_name="Silva")
    log_in(page, ana)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    box = page.locator("#composer-body")
    height = box.bounding_box()["height"]  # type: ignore[index]

    tab_to(page, "composer-body")
    page.keyboard.type(
        "Our launch is live.\nThree years of work.\nFive of us.\nThree cities.\nThank you all: "
    )
    page.evaluate("navigator.clipboard.writeText('https://Blog.Example.com/launch?ref=feed')")
    page.keyboard.press("ControlOrMeta+V")
    draft = page.get_by_test_id("link-draft")
    expect(draft).to_contain_text("blog.example.com")
    expect(draft).to_contain_text("/launch?ref=feed")
    grown = box.bounding_box()["height"]  # type: ignore[index]
    assert grown > height, (
        height,
        box.input_value(),
        box.evaluate(
            "b => [getComputedStyle(b).fieldSizing, getComputedStyle(b).height].join(' ')"
        ),
    )  # the box grew
    assert_accessible(page)

    page.keyboard.press("Tab")  # the opt-out checkbox, left unticked
    assert page.evaluate("document.activeElement.name") == "no_link"
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Posted.")).to_be_visible()
    post = Post.objects.get(author=ana)
    assert (post.kind, post.link_url) == ("link", "https://blog.example.com/launch?ref=feed")
    card = page.locator(f"#post-{post.pk}")
    expect(card).to_contain_text("Three years of work.")

    page.evaluate("window.__noReload = true")
    tab_to(page, f"react-{post.pk}-celebrate")
    page.keyboard.press("Enter")
    celebrate = card.get_by_role("button", name="Celebrate", exact=True)
    expect(celebrate).to_have_attribute("aria-pressed", "true")
    expect(card.locator(".reaction-count")).to_have_text("1 reaction")
    expect(card.get_by_role("status")).to_have_text("You reacted: Celebrate. 1 reaction.")
    expect(celebrate).to_be_focused()  # the swap keeps the focus where it was
    # htmx wires the swapped form only once the swap settles (20 ms later): a key pressed before
    # that submits it natively, which reloads the page (tests/core/test_context_processors.py).
    page.wait_for_function("() => !document.querySelector('.htmx-swapping, .htmx-settling')")
    page.keyboard.press("Space")
    expect(celebrate).to_have_attribute("aria-pressed", "false")
    expect(card.locator(".reaction-count")).to_have_text("0 reactions")
    expect(card.get_by_role("status")).to_have_text("Reaction removed. 0 reactions.")
    assert page.evaluate("window.__noReload") is True
    assert not Reaction.objects.exists()
    assert_accessible(page)


def test_keyboard_journey_at_1280(page: Page) -> None:
    keyboard_journey(page)


def test_keyboard_journey_at_390(phone_page: Page) -> None:
    keyboard_journey(phone_page)


def article_and_refusals(page: Page) -> None:
    ana = UserFactory.create(first_name="Ana", last_name="Silva")
    log_in(page, ana)
    page.get_by_label("What do you want to talk about?").fill("javascript:alert(1)")
    expect(page.get_by_test_id("link-draft-error")).to_have_text(
        "Only web addresses (http:// or https://) can be attached."
    )
    page.get_by_label("What do you want to talk about?").fill("")
    page.get_by_role("button", name="Post", exact=True).click()
    # The browser keeps an empty box from being sent (`required`); nothing was posted.
    assert page.evaluate("document.querySelector('#composer-body').validity.valueMissing")
    assert not Post.objects.exists()

    page.get_by_role("link", name="Write an article").click()
    expect(page.get_by_role("heading", name="Write an article")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Title").fill("What I learned hiring")
    page.get_by_role("textbox", name="Article").fill(
        "First, write the job down.\n\nThen talk to people."
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Your article is published.")).to_be_visible()
    expect(page.get_by_role("heading", name="What I learned hiring")).to_be_visible()
    assert Post.objects.values_list("kind", "title").get() == ("article", "What I learned hiring")
    assert_accessible(page)


def test_article_page_and_refusals_at_1280(page: Page) -> None:
    article_and_refusals(page)


def test_article_page_and_refusals_at_390(phone_page: Page) -> None:
    article_and_refusals(phone_page)


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_unconfirmed_member_finds_the_box_locked(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(fixture)
    nina = UserFactory.create(unconfirmed=True, first_name="Nina", last_name="Novak")
    log_in(page, nina)
    box = page.get_by_label("What do you want to talk about?")
    expect(box).to_be_disabled()
    locked = page.locator(".composer-card")
    expect(locked).to_contain_text("Confirm your email address to post")
    expect(page.get_by_role("button", name="Post", exact=True)).to_have_count(0)
    assert_accessible(page)
    locked.get_by_role("button", name="Resend confirmation email").click()
    expect(page.get_by_text("We sent the confirmation link again.")).to_be_visible()
    assert not Post.objects.exists()
