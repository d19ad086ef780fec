"""Confirmed email end to end in a real browser, at desktop and phone widths: a newcomer signs
up, finds Connect greyed with the reason (and a resend button), opens the link of the
confirmation email (read from Django's locmem outbox) and then invites."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from connections.models import Invitation
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_up(page: Page, email: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Novak")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-password-2026")
    page.get_by_label(re.compile("Password \\(again\\)|Confirm password")).fill(
        "a-long-password-2026"
    )
    page.get_by_role("button", name="Agree and join").click()
    expect(page.locator(".confirm-email-banner")).to_be_visible()


def _confirmation_path(email: str) -> str:
    sent = [message for message in mail.outbox if message.to == [email]]
    assert sent, "no confirmation email was sent"
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", str(sent[-1].body))
    assert found, sent[-1].body
    return found.group(1)


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_sign_up_confirm_then_invite(viewport: str, request: pytest.FixtureRequest) -> None:
    page: Page = request.getfixturevalue(viewport)
    bruno = UserFactory.create(first_name="Bruno", last_name="Costa")
    email = f"nina.{viewport}@example.com"
    _sign_up(page, email)
    newcomer = User.objects.get(email=email)

    page.goto(f"/in/{bruno.pk}/")
    panel = page.locator("#connect-panel")
    connect = panel.get_by_role("button", name="Connect")
    expect(connect).to_be_disabled()
    expect(panel.locator("#connect-reason")).to_contain_text("Confirm your email address")
    expect(panel.get_by_role("button", name="Resend confirmation email")).to_be_visible()
    assert_accessible(page)

    page.goto(_confirmation_path(email))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.locator(".confirm-email-banner")).to_have_count(0)

    page.goto(f"/in/{bruno.pk}/")
    expect(page.locator(".confirm-email-banner")).to_have_count(0)
    page.locator("#connect-panel summary", has_text="Connect").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("#connect-panel")).to_contain_text("Pending")
    assert Invitation.objects.filter(sender=newcomer, recipient=bruno).exists()
    assert_accessible(page)
