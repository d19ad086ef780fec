"""Your attention in a real browser, at desktop and phone widths: Ana endorses a skill on her
connection Bruno's profile and sees the count and her name on it; Ana mutes Bruno from his post's
menu and his posts leave her feed; she edits her own post in place (htmx). Every page is
checked with axe-core."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts import services as account_services
from accounts.models import Endorsement, User
from connections import services as connection_services
from feed import services as feed_services
from feed.models import Mute
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import log_in as sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ["page", "phone_page"]


def log_in(page: Page, member: User) -> None:
    sign_in(page, member.email, PASSWORD)


def connected_pair() -> tuple[User, User]:
    ana = UserFactory.create(first_name="Ana", last_name="Silva")
    bruno = UserFactory.create(first_name="Bruno", last_name="Costa")
    outcome = connection_services.invitation_send(sender=ana, recipient_id=bruno.pk)
    connection_services.invitation_accept(recipient=bruno, invitation_id=outcome.invitation.pk)
    return ana, bruno


@pytest.mark.parametrize("width", WIDTHS)
def test_endorse_a_skill(request: pytest.FixtureRequest, width: str, results_dir: Path) -> None:
    page: Page = request.getfixturevalue(width)
    ana, bruno = connected_pair()
    account_services.profile_update(member=bruno, skills=["Python", "Django"])
    log_in(page, ana)
    page.goto(f"/in/{bruno.pk}/")
    skills = page.get_by_role("region", name="Skills")
    expect(skills.get_by_text("0 endorsements").first).to_be_visible()
    assert_accessible(page)
    skills.get_by_role("button", name="Endorse Django").click()
    expect(page.get_by_text("You endorsed Django.")).to_be_visible()
    row = page.locator(".endorsement-row", has_text="Django")
    expect(row.get_by_text("1 endorsement", exact=True)).to_be_visible()
    expect(row.get_by_text("Endorsed by you")).to_be_visible()
    expect(row.get_by_role("button", name="Withdraw your endorsement of Django")).to_be_visible()
    assert_accessible(page)
    assert Endorsement.objects.filter(member=bruno, endorser=ana, skill="django").exists()
    page.screenshot(path=results_dir / f"endorse-{width}.png", full_page=True)

    # Bruno sees who of his connections endorsed him.
    page.context.clear_cookies()
    log_in(page, bruno)
    page.goto(f"/in/{bruno.pk}/")
    expect(page.locator(".endorsement-row", has_text="Django")).to_contain_text(
        "Endorsed by Ana Silva"
    )
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_mute_a_member_and_edit_a_post(
    request: pytest.FixtureRequest, width: str, results_dir: Path
) -> None:
    page: Page = request.getfixturevalue(width)
    ana, bruno = connected_pair()
    feed_services.post_create(author=bruno, body="Bruno's first update")
    feed_services.post_create(author=bruno, body="Bruno's second update")
    feed_services.post_create(author=ana, body="Ana's own news")
    log_in(page, ana)
    page.goto("/")
    feed = page.get_by_role("main")
    expect(feed.get_by_text("Bruno's second update")).to_be_visible()
    assert_accessible(page)

    card = page.locator("article.post", has_text="Bruno's second update")
    card.get_by_role("button", name="Mute Bruno").click()
    expect(page.get_by_text("Muted: their posts no longer appear")).to_be_visible()
    expect(feed.get_by_text("Bruno's first update")).to_have_count(0)
    expect(feed.get_by_text("Bruno's second update")).to_have_count(0)
    expect(feed.get_by_text("Ana's own news")).to_be_visible()
    assert Mute.objects.filter(member=ana, muted=bruno).exists()
    assert_accessible(page)

    # Editing her own post swaps the card for its form and back, in place.
    own = page.locator("article.post", has_text="Ana's own news")
    own.get_by_role("link", name="Edit").click()
    editor = page.get_by_role("article", name="Edit your post")
    expect(editor).to_be_visible()
    page.screenshot(path=results_dir / f"edit-{width}.png", full_page=True)
    assert_accessible(page)
    editor.get_by_label("Text").fill("Ana's corrected news")
    editor.get_by_role("button", name="Save").click()
    edited = page.locator("article.post", has_text="Ana's corrected news")
    expect(edited.get_by_text("edited")).to_be_visible()
    assert_accessible(page)

    # Unmute from Bruno's profile: his posts come back.
    page.goto(f"/in/{bruno.pk}/")
    page.get_by_role("button", name="Unmute").click()
    page.goto("/")
    expect(page.get_by_role("main").get_by_text("Bruno's second update")).to_be_visible()
    page.screenshot(path=results_dir / f"unmuted-{width}.png", full_page=True)
