"""The search API and page: shape, errors, privacy in the payload, constant query counts."""

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


@pytest.fixture
def viewer_api(viewer: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(viewer)
    return client


def test_people_search_shape(
    viewer_api: APIClient, viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    friend = person(
        "Lia", "Lopes", headline="Nurse", location="Lisbon", industry="hospital_health_care"
    )
    connect(viewer, friend)
    response = viewer_api.get(url("search-people"), {"q": "nurse", "degree": "1,2"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [hit] = body["results"]
    assert hit["id"] == friend.pk and hit["first_name"] == "Lia"
    assert (hit["degree"], hit["mutual_connections_count"], hit["relationship"]) == (
        1,
        0,
        "connected",
    )
    assert body["facets"]["location"] == [{"value": "Lisbon", "label": "Lisbon", "count": 1}]
    assert body["facets"]["industry"][0]["value"] == "hospital_health_care"


def test_pagination(viewer_api: APIClient, person: Callable[..., User]) -> None:
    for n in range(5):
        person("Page", f"Member{n}")
    first = viewer_api.get(url("search-people"), {"q": "page", "page_size": "2"}).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    last = viewer_api.get(url("search-people"), {"q": "page", "page_size": "2", "page": "3"}).json()
    assert len(last["results"]) == 1 and last["next"] is None and last["previous"]
    seen = {r["id"] for r in first["results"]} | {r["id"] for r in last["results"]}
    assert len(seen) == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"degree": "4"}, "degree"),
        ({"degree": "1,x"}, "degree"),
        ({"connection_of": "abc"}, "connection_of"),
        ({"connection_of": "-3"}, "connection_of"),
        ({"industry": "not_an_industry"}, "industry"),
        ({"q": "x" * 201}, "q"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_filters_are_400_with_fields(viewer_api: APIClient, params: dict, field: str) -> None:
    body = assert_error(viewer_api.get(url("search-people"), params), 400, "invalid")
    assert field in body["fields"]


def test_group_filter_is_unavailable(viewer_api: APIClient) -> None:
    assert_error(viewer_api.get(url("search-people"), {"group": "3"}), 400, "filter_unavailable")
    assert_error(viewer_api.get(url("search-people"), {"group": "x"}), 400, "invalid")


def test_connection_of_errors(
    viewer_api: APIClient, viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    hidden = person("Only", "Me")
    hidden.connections_visible_to = "only_me"
    hidden.save()
    connect(viewer, hidden)
    assert_error(
        viewer_api.get(url("search-people"), {"connection_of": hidden.pk}),
        403,
        "connections_hidden",
    )
    assert_error(
        viewer_api.get(url("search-people"), {"connection_of": 987654}), 404, "member_not_found"
    )


def test_anonymous_is_401(api: APIClient) -> None:
    assert api.get(url("search-people"), {"q": "a"}).status_code == 401
    assert api.get(url("search-typeahead"), {"q": "a"}).status_code == 401


def test_hidden_profile_shows_as_network_member(
    viewer_api: APIClient, person: Callable[..., User]
) -> None:
    private = person("Secret", "Person", headline="Marine biologist", location="Faro")
    private.profile_visible_to_out_of_network = False
    private.save()
    [hit] = viewer_api.get(url("search-people"), {"q": "marine biologist"}).json()["results"]
    assert hit["display_name"] == "Network member" and hit["name_visible"] is False
    assert (hit["first_name"], hit["last_name"], hit["location"]) == ("", "", "")
    assert hit["headline"] == "Marine biologist"
    assert hit["degree"] is None


def test_typeahead_api(
    viewer_api: APIClient, viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    far = person("Telma", "Far")
    near = person("Teresa", "Near")
    connect(viewer, near)
    body = viewer_api.get(url("search-typeahead"), {"q": "te"}).json()
    assert [r["id"] for r in body["results"]] == [near.pk, far.pk]
    assert body["groups"] == []
    assert viewer_api.get(url("search-typeahead"), {"q": ""}).json()["results"] == []


def _make_network(viewer: User, person: Callable[..., User], connect: Connect, size: int) -> None:
    for n in range(size):
        member = person("Bulk", f"Member{n}", headline="Analyst")
        if n % 2:
            connect(viewer, member)


def _count(callable_: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


@pytest.mark.parametrize("kind", ["api", "page", "typeahead", "typeahead_page"])
def test_query_count_does_not_grow_with_results(
    kind: str, viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    api = APIClient()
    api.force_authenticate(viewer)
    browser = Client()
    browser.force_login(viewer)
    requests = {
        "api": lambda: api.get(url("search-people"), {"q": "analyst bulk"}),
        "page": lambda: browser.get("/search/", {"q": "analyst", "degree": "1,2,3"}),
        "typeahead": lambda: api.get(url("search-typeahead"), {"q": "bul"}),
        "typeahead_page": lambda: browser.get("/search/typeahead", {"q": "bul"}),
    }
    _make_network(viewer, person, connect, 2)
    requests[kind]()  # warm the graph cache
    small = _count(requests[kind])
    _make_network(viewer, person, connect, 12)
    requests[kind]()
    large = _count(requests[kind])
    assert small == large, (small, large)


def test_page_keeps_filters_in_the_url(
    viewer: User, person: Callable[..., User], connect: Connect
) -> None:
    lisbon = person("Rita", "Lisbon", location="Lisbon", industry="banking")
    person("Rita", "Porto", location="Porto", industry="banking")
    connect(viewer, lisbon)
    browser = Client()
    browser.force_login(viewer)
    response = browser.get("/search/", {"q": "rita", "degree": "1", "location": "Lisbon"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rita Lisbon" in html and "Rita Porto" not in html
    assert 'value="Lisbon"' in html
    assert re.search(r'value="1"[^>]*checked', html)
    response = browser.get("/search/", {"degree": "9"})
    assert response.status_code == 400 and "Unknown degree" in response.content.decode()
    response = browser.get("/search/", {"group": "2"})
    assert response.status_code == 400 and "not available" in response.content.decode()
