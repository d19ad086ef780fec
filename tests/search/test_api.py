"""The search API and page: shape, errors, privacy in the payload, constant query counts."""

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from groups import services as group_services
from groups.models import Group
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]
MakeGroup = Callable[..., Group]


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


@pytest.mark.parametrize("value", ["x", "0", "-1", "1.5", str(2**31), "9" * 30])
def test_malformed_group_is_400_with_fields(viewer_api: APIClient, value: str) -> None:
    body = assert_error(viewer_api.get(url("search-people"), {"group": value}), 400, "invalid")
    assert "group" in body["fields"]


def test_typeahead_bad_input_is_400(viewer_api: APIClient) -> None:
    body = assert_error(viewer_api.get(url("search-typeahead"), {"q": "x" * 101}), 400, "invalid")
    assert "q" in body["fields"]


def test_group_filter_errors_and_success(
    viewer_api: APIClient, viewer: User, person: Callable[..., User], make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner", headline="Gardener")
    listed = make_group(owner, "Listed circle")
    hidden = make_group(owner, "Hidden circle", unlisted=True)
    search = url("search-people")
    assert_error(viewer_api.get(search, {"group": listed.pk}), 403, "not_group_member")
    assert_error(viewer_api.get(search, {"group": hidden.pk}), 404, "group_not_found")
    assert_error(viewer_api.get(search, {"group": 987654}), 404, "group_not_found")
    group_services.group_join(member=viewer, group_id=listed.pk)
    body = viewer_api.get(search, {"group": str(listed.pk), "q": "gardener"}).json()
    assert [hit["id"] for hit in body["results"]] == [owner.pk] and body["count"] == 1


def test_group_search_shape_and_errors(
    viewer_api: APIClient, viewer: User, person: Callable[..., User], make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    friend = person("Fred", "Friend")
    group = make_group(
        owner,
        "Django Developers",
        description="Web people",
        industry="computer_software",
        members=(friend,),
    )
    make_group(owner, "Django Secret", unlisted=True)
    group_services.group_join(member=viewer, group_id=group.pk)
    response = viewer_api.get(url("search-groups"), {"q": "django"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [hit] = body["results"]
    assert hit["id"] == group.pk and hit["name"] == "Django Developers"
    assert hit["viewer_role"] == "member" and hit["member_count"] == 3
    assert hit["visibility"] == "listed" and hit["connections_in_group"] == 0
    assert body["facets"]["industry"] == [
        {"value": "computer_software", "label": "Computer Software", "count": 1}
    ]
    for params, field in [
        ({"industry": "nope"}, "industry"),
        ({"page": "0"}, "page"),
        ({"page_size": "51"}, "page_size"),
        ({"q": "x" * 201}, "q"),
    ]:
        error = assert_error(viewer_api.get(url("search-groups"), params), 400, "invalid")
        assert field in error["fields"]


def test_group_search_pages(
    viewer_api: APIClient, person: Callable[..., User], make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner")
    for n in range(5):
        make_group(owner, f"Guild {n}")
    first = viewer_api.get(url("search-groups"), {"q": "guild", "page_size": "2"}).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    last = viewer_api.get(url("search-groups"), {"q": "guild", "page_size": "2", "page": "3"})
    assert len(last.json()["results"]) == 1 and last.json()["next"] is None


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
    for name in ("search-people", "search-typeahead", "search-groups"):
        assert_error(api.get(url(name), {"q": "a"}), 401, "not_authenticated")


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
    group = group_services.group_create(creator=far, name="Tennis Club")
    body = viewer_api.get(url("search-typeahead"), {"q": "te"}).json()
    assert [r["id"] for r in body["results"]] == [near.pk, far.pk]
    assert [(g["id"], g["name"], g["viewer_role"]) for g in body["groups"]] == [
        (group.pk, "Tennis Club", None)
    ]
    assert viewer_api.get(url("search-typeahead"), {"q": ""}).json() == {
        "results": [],
        "groups": [],
    }


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


def _grow_groups(
    viewer: User, person: Callable[..., User], connect: Connect, group: Group, size: int
) -> None:
    """More members in `group`, half of them connections, each with a group of their own."""
    for n in range(size):
        member = person("Bulk", f"Grouped{n}", headline="Analyst")
        if n % 2:
            connect(viewer, member)
        group_services.group_join(member=member, group_id=group.pk)
        own = group_services.group_create(creator=member, name=f"Analysts guild {n}")
        if n % 3 == 0:
            group_services.group_join(member=viewer, group_id=own.pk)


@pytest.mark.parametrize(
    "kind",
    ["filter_api", "filter_page", "groups_api", "groups_page", "typeahead", "typeahead_page"],
)
def test_group_query_counts_do_not_grow_with_results(
    kind: str,
    viewer: User,
    person: Callable[..., User],
    connect: Connect,
    make_group: MakeGroup,
) -> None:
    group = make_group(person("Olga", "Owner"), "Analysts united", members=(viewer,))
    api = APIClient()
    api.force_authenticate(viewer)
    browser = Client()
    browser.force_login(viewer)
    requests = {
        "filter_api": lambda: api.get(
            url("search-people"), {"group": str(group.pk), "q": "analyst"}
        ),
        "filter_page": lambda: browser.get("/search/", {"group": str(group.pk), "degree": "1,2,3"}),
        "groups_api": lambda: api.get(url("search-groups"), {"q": "analysts"}),
        "groups_page": lambda: browser.get("/search/groups/", {"q": "analysts"}),
        "typeahead": lambda: api.get(url("search-typeahead"), {"q": "an"}),
        "typeahead_page": lambda: browser.get("/search/typeahead", {"q": "an"}),
    }
    _grow_groups(viewer, person, connect, group, 2)
    first = requests[kind]()  # warm the graph cache
    assert first.status_code == 200
    small = _count(requests[kind])
    _grow_groups(viewer, person, connect, group, 12)
    requests[kind]()
    large = _count(requests[kind])
    assert small == large, (small, large)


def test_group_pages_keep_their_filters_in_the_url(
    viewer: User, person: Callable[..., User], make_group: MakeGroup
) -> None:
    owner = person("Olga", "Owner", headline="Beekeeper")
    person("Bruno", "Stranger", headline="Beekeeper")
    group = make_group(owner, "Beekeepers of Lisbon", industry="farming", members=(viewer,))
    make_group(owner, "Bakers", industry="food_production")
    browser = Client()
    browser.force_login(viewer)
    response = browser.get("/search/", {"q": "beekeeper", "group": str(group.pk)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Olga Owner" in html and "Bruno Stranger" not in html
    assert re.search(rf'<option value="{group.pk}" selected>Beekeepers of Lisbon</option>', html)
    response = browser.get("/search/groups/", {"q": "bee", "industry": "farming"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beekeepers of Lisbon" in html and "Bakers" not in html
    assert re.search(r'<option value="farming" selected>', html)
    assert f'href="/search/?group={group.pk}"' in html  # search the members of one's group
    response = browser.get("/search/groups/", {"industry": "nope"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    stranger_group = make_group(person("Nuno", "Other"), "Not mine")
    response = browser.get("/search/", {"group": stranger_group.pk})
    assert response.status_code == 403 and "Only members" in response.content.decode()
    response = browser.get("/search/", {"group": "abc"})
    assert response.status_code == 400
    typeahead_html = browser.get("/search/typeahead", {"q": "bee"}).content.decode()
    assert "Beekeepers of Lisbon" in typeahead_html and f"/groups/{group.pk}/" in typeahead_html


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
    assert response.status_code == 404 and "Group not found" in response.content.decode()
