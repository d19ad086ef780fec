"""Scoped rate limits on people search and typeahead: one counter per member for the pages and
the API (SEARCH_PEOPLE_RATE, SEARCH_TYPEAHEAD_RATE); 429 with Retry-After on both, a clear
message on the page; each shown in me/limits."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def searcher(db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def clients(searcher: User) -> tuple[Client, APIClient]:
    browser = Client()
    browser.force_login(searcher)
    api = APIClient()
    api.force_authenticate(searcher)
    return browser, api


def usage(api: APIClient, scope: str) -> dict:
    rows = api.get(url("limits")).json()["rate_limits"]
    return next(row for row in rows if row["scope"] == scope)


def test_people_search_shares_one_counter(clients: tuple[Client, APIClient], settings) -> None:
    settings.SEARCH_PEOPLE_RATE = "3/day"
    browser, api = clients
    assert browser.get(reverse("search:people"), {"q": "ana"}).status_code == 200
    assert api.get(url("search-people"), {"q": "ana"}).status_code == 200
    row = usage(api, "search_people")
    assert 0 < row.pop("resets_in") <= 86400  # read from the clock: it moves between reads
    assert row == {
        "scope": "search_people",
        "limit": 3,
        "window_seconds": 86400,
        "used": 2,
        "remaining": 1,
    }
    assert browser.get(reverse("search:people"), {"q": "ana"}).status_code == 200
    refused = api.get(url("search-people"), {"q": "ana"})
    assert_error(refused, 429, "rate_limited")
    assert 0 < int(refused["Retry-After"]) <= 86400
    page = browser.get(reverse("search:people"), {"q": "ana"})
    assert page.status_code == 429 and 0 < int(page["Retry-After"]) <= 86400
    assert "You are searching too fast (at most 3 a day)" in page.content.decode()
    assert usage(api, "search_people")["remaining"] == 0


def test_the_empty_search_page_is_not_counted(clients, settings) -> None:
    settings.SEARCH_PEOPLE_RATE = "1/day"
    browser, api = clients
    for _ in range(3):
        assert browser.get(reverse("search:people")).status_code == 200
    assert usage(api, "search_people")["used"] == 0


def test_typeahead_shares_one_counter(clients: tuple[Client, APIClient], settings) -> None:
    settings.SEARCH_TYPEAHEAD_RATE = "2/day"
    browser, api = clients
    assert browser.get(reverse("search:typeahead"), {"q": "an"}).status_code == 200
    assert api.get(url("search-typeahead"), {"q": "an"}).status_code == 200
    refused = api.get(url("search-typeahead"), {"q": "an"})
    assert_error(refused, 429, "rate_limited")
    assert int(refused["Retry-After"]) > 0
    fragment = browser.get(reverse("search:typeahead"), {"q": "an"})
    assert fragment.status_code == 429
    assert "looking up names too fast" in fragment.content.decode()


def test_an_empty_typeahead_is_not_counted(clients, settings) -> None:
    settings.SEARCH_TYPEAHEAD_RATE = "1/day"
    browser, api = clients
    for _ in range(3):
        assert api.get(url("search-typeahead"), {"q": ""}).status_code == 200
        assert browser.get(reverse("search:typeahead"), {"q": ""}).status_code == 200
    assert usage(api, "search_typeahead")["used"] == 0


def test_each_member_has_their_own_counter(clients, settings) -> None:
    settings.SEARCH_PEOPLE_RATE = "1/day"
    _, api = clients
    assert api.get(url("search-people"), {"q": "x"}).status_code == 200
    other = APIClient()
    other.force_authenticate(UserFactory.create())
    assert other.get(url("search-people"), {"q": "x"}).status_code == 200


def test_the_limits_panel_lists_them(clients) -> None:
    browser, _ = clients
    html = browser.get(reverse("my_network")).content.decode()
    assert "People searches" in html and "Name look-ups (typeahead)" in html
    assert "Confirmation emails resent" in html
