"""Search in a real browser: typeahead in the header, filters kept in the URL, Connect from the
results page (the Connect dialog; the row's button becomes Pending), group search and the group
filter; keyboard-only journeys for the typeahead (an ARIA combobox) and the search filters, at
1280 and 390 px, where the results come first and the filters fold into a panel."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.models import User
from connections.models import Invitation
from groups import services as group_services
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import log_in as sign_in
from tests.conftest import connect_members
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(first: str, last: str, **profile: str) -> User:
    values = {"headline": "Professional", "location": "Porto", "industry": "accounting", **profile}
    return UserFactory.create(
        first_name=first, last_name=last, **{f"profile__{k}": v for k, v in values.items()}
    )


def _log_in(page: Page, member: User) -> None:
    sign_in(page, member.email, PASSWORD)
    expect(page.get_by_role("combobox", name="Search people")).to_be_visible()


def test_search_with_filters_and_connect(page: Page, connect: Callable[[User, User], None]) -> None:
    viewer = _member("Vera", "Viewer")
    friend = _member("Fabio", "Friend")
    target = _member("Marta", "Lisboa", headline="Product designer", location="Lisbon")
    _member("Marco", "Porto", headline="Product designer", location="Porto")
    connect(viewer, friend)
    connect(friend, target)
    _log_in(page, viewer)

    box = page.get_by_role("combobox", name="Search people")
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

    box = page.get_by_role("combobox", name="Search people")
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


# --- keyboard-only journeys ---------------------------------------------------------------------

LONG_HEADLINE = "Principal product designer for accessible public services and open data"


def _tab_to(page: Page, target: Locator, most: int = 60) -> None:
    """Press Tab (only the keyboard) until `target` has the focus."""
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def _typeahead_people() -> User:
    viewer = _member("Vera", "Viewer")
    _member("Marta", "Lisboa-Vasconcelos de Albuquerque e Castro", headline=LONG_HEADLINE)
    _member("Mariana", "Pinto", headline="Data engineer")
    return viewer


@pytest.mark.parametrize("width", [1280, 390])
def test_typeahead_with_the_keyboard_only(
    page: Page, phone_page: Page, width: int, results_dir
) -> None:
    page = page if width == 1280 else phone_page
    viewer = _typeahead_people()
    _log_in(page, viewer)
    box = page.get_by_role("combobox", name="Search people")
    expect(box).to_have_attribute("aria-expanded", "false")
    _tab_to(page, box)
    page.keyboard.type("mar")
    listbox = page.get_by_role("listbox", name="Suggestions")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(3)  # two members, then "See all results"
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "header-typeahead-list")
    expect(options.last).to_have_text("See all results for “mar”")
    page.screenshot(path=results_dir / f"typeahead-{width}.png")
    assert_accessible(page)

    # One line per name (ellipsis), the headline readable under it.
    long_name = listbox.locator(".typeahead-name", has_text="Marta")
    name_box = long_name.bounding_box()
    line_height = long_name.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 20")
    assert name_box is not None and name_box["height"] <= line_height * 1.3
    assert long_name.evaluate("el => getComputedStyle(el).textOverflow") == "ellipsis"
    headline = listbox.locator(".typeahead-meta", has_text="Principal")
    expect(headline).to_contain_text(LONG_HEADLINE)
    headline_box = headline.bounding_box()
    assert headline_box is not None and headline_box["width"] >= 280

    # Down and Up move the active option (wrapping); the box keeps the focus.
    page.keyboard.press("ArrowDown")
    first = options.first
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")  # wraps to the last: "See all results"
    expect(options.last).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    expect(box).to_be_focused()

    # Esc closes the list, a second Esc clears the box.
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))
    expect(box).to_have_value("mar")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")

    # Enter opens the active option: "See all results" goes to the search page...
    page.keyboard.type("mar")
    expect(options).to_have_count(3)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=mar$"))
    # ...and a member opens their profile.
    box = page.get_by_role("combobox", name="Search people")
    _tab_to(page, box)
    page.keyboard.press("End")
    page.keyboard.type("i")
    expect(listbox.get_by_role("option")).to_have_count(2)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mariana Pinto")


def test_typeahead_says_when_it_is_rate_limited(page: Page, settings) -> None:
    settings.SEARCH_TYPEAHEAD_RATE = "1/day"
    viewer = _typeahead_people()
    _log_in(page, viewer)
    box = page.get_by_role("combobox", name="Search people")
    box.press_sequentially("mar")
    expect(page.get_by_role("listbox", name="Suggestions").get_by_role("option")).to_have_count(3)
    box.press_sequentially("i")  # the second look-up of the day: 429
    refusal = page.locator("#header-typeahead").get_by_role("alert")
    expect(refusal).to_contain_text("Too many searches, wait a moment")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert_accessible(page)


def _searchable_people() -> User:
    viewer = _member("Vera", "Viewer")
    friend = _member("Fabio", "Friend", headline="Product designer")
    _member("Marco", "Porto", headline="Product designer")
    for number in range(6):
        _member("Designer", f"Number{number}", headline="Product designer", location="Lisbon")
    connect_members(viewer, friend)
    return viewer


def test_search_filters_with_the_keyboard_on_a_phone(phone_page: Page) -> None:
    page = phone_page
    viewer = _searchable_people()
    _log_in(page, viewer)
    page.goto("/search/?q=designer&location=Lisbon")
    results = page.locator("#search-results")
    first = results.locator(".search-result").first
    expect(first).to_be_visible()
    # Results first: the first result is on the first screen, above the tab bar.
    box = first.bounding_box()
    bar = page.locator(".nav-main").bounding_box()
    assert box is not None and bar is not None
    assert box["y"] + box["height"] <= bar["y"], (box, bar)
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 64
    # The filters are folded: a toggle says how many are set.
    toggle = page.get_by_role("button", name="Filters (1 active)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Current company")).to_be_hidden()
    assert_accessible(page)

    _tab_to(page, toggle)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Current company")).to_be_visible()
    second = page.get_by_role("checkbox", name="2nd")
    _tab_to(page, second)
    page.keyboard.press("Space")
    expect(second).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Search", exact=True))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"degree=2"))
    expect(page.get_by_role("button", name="Filters (2 active)")).to_have_attribute(
        "aria-expanded", "false"
    )
    assert_accessible(page)


def test_search_filters_with_the_keyboard_on_a_desktop(page: Page) -> None:
    viewer = _searchable_people()
    _log_in(page, viewer)
    page.goto("/search/?q=designer")
    expect(page.get_by_role("button", name=re.compile("^Filters"))).to_be_hidden()  # a column
    filters = page.locator("#search-filters-panel")
    results = page.locator("#search-results")
    filters_box, results_box = filters.bounding_box(), results.bounding_box()
    assert filters_box is not None and results_box is not None
    assert filters_box["x"] + filters_box["width"] <= results_box["x"]  # side by side
    assert_accessible(page)
    location = page.get_by_label("Location")
    _tab_to(page, location)
    page.keyboard.type("Lisbon")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"location=Lisbon"))
    expect(results.get_by_role("link", name="Marco Porto")).to_have_count(0)
    expect(results.locator(".search-result")).to_have_count(6)
    industry = page.get_by_label("Industry")
    _tab_to(page, industry)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Location")).to_be_focused()


def test_group_search_on_a_phone_puts_results_first(phone_page: Page) -> None:
    page = phone_page
    viewer = _member("Vera", "Viewer")
    owner = _member("Olga", "Owner")
    group_services.group_create(
        creator=owner, name="Lisbon Gardeners", description="Allotments", industry="farming"
    )
    _log_in(page, viewer)
    page.goto("/search/groups/?q=gardeners")
    first = page.locator("#search-results .search-result").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844 - 56
    expect(page.get_by_role("button", name="Filters")).to_have_attribute("aria-expanded", "false")
    assert_accessible(page)
