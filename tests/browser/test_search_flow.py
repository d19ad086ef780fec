"""Search in a real browser: typeahead in the header, filters kept in the URL, and Connect from
the results page (htmx swaps the row's actions for the Pending panel)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from connections.models import Invitation
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(first: str, last: str, **profile: str) -> User:
    values = {"headline": "Professional", "location": "Porto", "industry": "accounting", **profile}
    return UserFactory.create(
        first_name=first, last_name=last, **{f"profile__{k}": v for k, v in values.items()}
    )


def _log_in(page: Page, member: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("searchbox", name="Search people")).to_be_visible()


def test_search_with_filters_and_connect(page: Page, connect: Callable[[User, User], None]) -> None:
    viewer = _member("Vera", "Viewer")
    friend = _member("Fabio", "Friend")
    target = _member("Marta", "Lisboa", headline="Product designer", location="Lisbon")
    _member("Marco", "Porto", headline="Product designer", location="Porto")
    connect(viewer, friend)
    connect(friend, target)
    _log_in(page, viewer)

    box = page.get_by_role("searchbox", name="Search people")
    box.fill("mar")
    expect(page.locator("#header-typeahead .typeahead-name").first).to_have_text("Marta Lisboa")

    box.fill("designer")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=designer"))
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="Marta Lisboa")).to_be_visible()
    expect(results.get_by_role("link", name="Marco Porto")).to_be_visible()

    page.locator(".search-facets").get_by_role("link", name="Lisbon").click()
    expect(page).to_have_url(re.compile(r"location=Lisbon"))
    page.get_by_role("checkbox", name="2nd").check()
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"degree=2"))
    expect(results.get_by_role("link", name="Marco Porto")).to_have_count(0)
    row = page.locator(f"#result-{target.pk}")
    expect(row.get_by_text("2nd", exact=True)).to_be_visible()
    expect(row.get_by_text("1 mutual connection")).to_be_visible()

    page.reload()  # bookmarkable: the filters live in the URL
    expect(page.get_by_role("checkbox", name="2nd")).to_be_checked()
    expect(page.get_by_label("Location")).to_have_value("Lisbon")

    row.get_by_role("button", name="Connect with Marta Lisboa").click()
    expect(row.get_by_text("Pending")).to_be_visible()
    assert Invitation.objects.filter(sender=viewer, recipient=target).exists()
    page.reload()
    expect(page.locator(f"#result-{target.pk}").get_by_text("Pending")).to_be_visible()
