"""Search in a real browser: typeahead in the header, filters kept in the URL, Connect from the
results page (the Connect dialog; the row's button becomes Pending), group search and the group
filter."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from connections.models import Invitation
from groups import services as group_services
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
    page.get_by_role("dialog").get_by_role("button", name="Send without a note").click()
    expect(row.get_by_text("Pending")).to_be_visible()
    assert Invitation.objects.filter(sender=viewer, recipient=target).exists()
    page.reload()
    expect(page.locator(f"#result-{target.pk}").get_by_text("Pending")).to_be_visible()


def test_group_search_and_the_group_filter(page: Page) -> None:
    viewer = _member("Vera", "Viewer")
    owner = _member("Olga", "Owner", headline="Urban gardener")
    fellow = _member("Gil", "Green", headline="Urban gardener")
    _member("Gaspar", "Outsider", headline="Urban gardener")
    garden = group_services.group_create(
        creator=owner, name="Lisbon Gardeners", description="Allotments", industry="farming"
    )
    group_services.group_join(member=fellow, group_id=garden.pk)
    group_services.group_join(member=viewer, group_id=garden.pk)
    group_services.group_create(creator=owner, name="Porto Bakers", industry="food_production")
    _log_in(page, viewer)

    box = page.get_by_role("searchbox", name="Search people")
    box.fill("lisb")  # typeahead: the group, by the first letters of a word of its name
    suggestion = page.locator("#header-typeahead .typeahead-group")
    expect(suggestion).to_have_count(1)
    expect(suggestion.locator(".typeahead-name")).to_have_text("Lisbon Gardeners")

    box.fill("gardener")
    box.press("Enter")
    page.get_by_role("navigation", name="Search for").get_by_role("link", name="Groups").click()
    expect(page).to_have_url(re.compile(r"/search/groups/\?q=gardener"))
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="Lisbon Gardeners", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Porto Bakers")).to_have_count(0)

    results.get_by_role("link", name="Search members of Lisbon Gardeners").click()
    expect(page).to_have_url(re.compile(rf"/search/\?group={garden.pk}"))
    expect(page.get_by_label("Member of group")).to_have_value(str(garden.pk))
    page.get_by_label("Keywords").fill("gardener")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(rf"group={garden.pk}"))
    expect(results.get_by_role("link", name="Olga Owner")).to_be_visible()
    expect(results.get_by_role("link", name="Gil Green")).to_be_visible()
    expect(results.get_by_role("link", name="Gaspar Outsider")).to_have_count(0)
    page.reload()  # the group filter lives in the URL too
    expect(page.get_by_label("Member of group")).to_have_value(str(garden.pk))
    expect(results.get_by_role("link", name="Gaspar Outsider")).to_have_count(0)
