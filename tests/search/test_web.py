"""The search pages and the typeahead fragment as HTML: the combobox's listbox and options (no
links inside options, "See all results" last), the 429's message, the filters toggle's count
and state, and the typeahead's query count at two data sizes."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from search.forms import GroupSearchForm, PeopleSearchForm


@pytest.fixture
def browser(viewer: User) -> Client:
    client = Client()
    client.force_login(viewer)
    return client


def _html(response: Any) -> str:
    return response.content.decode()


def test_typeahead_options_and_see_all(browser: Client, person: Callable[..., User]) -> None:
    marta = person("Marta", "Lisboa", headline="Designer")
    response = browser.get(reverse("search:typeahead"), {"q": "mar"})
    assert response.status_code == 200
    html = _html(response)
    assert '<div id="header-typeahead-list" role="listbox" aria-label="Suggestions">' in html
    assert f'id="typeahead-member-{marta.pk}"' in html
    assert f'data-href="/in/{marta.pk}/"' in html
    options = re.findall(r'role="option"', html)
    assert len(options) == 2  # Marta, then "See all results"
    assert html.rfind('id="typeahead-all"') > html.rfind(f"typeahead-member-{marta.pk}")
    assert "See all results for “mar”" in html and 'data-href="/search/?q=mar"' in html
    assert "<a " not in html  # an option's content is presentational: no links inside


def test_typeahead_without_a_match_still_offers_the_search_page(browser: Client) -> None:
    html = _html(browser.get(reverse("search:typeahead"), {"q": "zzz"}))
    assert "No one by that name." in html
    assert re.findall(r'role="option"', html) == ['role="option"']  # "See all results"


def test_typeahead_empty_is_an_empty_hidden_listbox(browser: Client) -> None:
    html = _html(browser.get(reverse("search:typeahead"), {"q": ""}))
    assert 'role="listbox"' in html and "hidden" in html and 'role="option"' not in html


def test_typeahead_rate_limited_says_so_with_a_429(browser: Client, settings) -> None:
    settings.SEARCH_TYPEAHEAD_RATE = "1/day"
    assert browser.get(reverse("search:typeahead"), {"q": "ma"}).status_code == 200
    refused = browser.get(reverse("search:typeahead"), {"q": "mar"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = _html(refused)
    assert "Too many searches, wait a moment." in html and 'role="alert"' in html
    assert 'role="option"' not in html


def test_typeahead_query_count_does_not_grow(browser: Client, person: Callable[..., User]) -> None:
    def count() -> int:
        browser.get(reverse("search:typeahead"), {"q": "mar"})  # warm: the graph cache loads
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(reverse("search:typeahead"), {"q": "mar"}).status_code == 200
        return len(queries)

    person("Marta", "One")
    few = count()
    for number in range(8):
        person("Marta", f"More{number}")
    assert count() == few


def test_people_page_filters_toggle(browser: Client) -> None:
    empty = _html(browser.get(reverse("search:people")))
    assert 'aria-expanded="true"' in empty and "filters-panel is-open" in empty  # nothing yet
    searched = _html(browser.get(reverse("search:people"), {"q": "x", "degree": ["1", "2"]}))
    assert "Filters (1 active)</button>" in searched  # degree, however many values
    assert 'aria-controls="search-filters-panel" aria-expanded="false"' in searched
    assert "filters-panel is-open" not in searched
    more = _html(
        browser.get(
            reverse("search:people"), {"location": "Porto", "school": "Lisbon", "page": "1"}
        )
    )
    assert "Filters (2 active)</button>" in more  # paging is not a filter
    invalid = browser.get(reverse("search:people"), {"degree": "9"})
    assert invalid.status_code == 400
    assert "filters-panel is-open" in _html(invalid)  # the error is shown, not folded away


def test_group_page_shares_the_frame(browser: Client) -> None:
    html = _html(browser.get(reverse("search:groups"), {"q": "x", "industry": "farming"}))
    assert "Filters (1 active)</button>" in html
    assert 'id="group-search-form"' in html and 'action="/search/groups/"' in html
    assert 'id="search-results"' in html


def test_active_filter_count() -> None:
    assert PeopleSearchForm().active_filter_count() == 0
    assert PeopleSearchForm({"q": "ana", "page": "2", "company": " "}).active_filter_count() == 0
    assert PeopleSearchForm({"industry": "farming", "group": "3"}).active_filter_count() == 2
    assert GroupSearchForm({"q": "x", "industry": "farming"}).active_filter_count() == 1
