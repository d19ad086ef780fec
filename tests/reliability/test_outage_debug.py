"""An outage met outside a view (a middleware, a context processor, a template's rendering,
an error page's rendering) answers the product's 503 (a page, or `{"code", "detail"}` under
/api/) with Retry-After, never a 500, and never Django's technical page even with DEBUG on:
Django answers such an error where it was raised, bypassing handler500 under DEBUG, so
core.dependencies puts the 503 in place of that 500 (issue 16)."""

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from tests.helpers import url
from tests.reliability.error_urls import OUTAGE_HEADER
from tests.reliability.test_outage import database_down

pytestmark = pytest.mark.urls("tests.reliability.error_urls")

MIDDLEWARE_AFTER = "django.contrib.sessions.middleware.SessionMiddleware"


def assert_outage_page(response: Any) -> None:
    assert response.status_code == 503, response.content[:300]
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "ProConnect is briefly unavailable" in html
    assert "Traceback" not in html and "OperationalError" not in html


def assert_outage_json(response: Any) -> None:
    assert response.status_code == 503, response.content[:300]
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["code"] == "service_unavailable" and body["detail"]


@pytest.fixture(params=[True, False], ids=["debug", "no-debug"])
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


@pytest.fixture
def outage_middleware(settings: Any) -> None:
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index(MIDDLEWARE_AFTER) + 1, "tests.reliability.error_urls.OutageMiddleware"
    )
    settings.MIDDLEWARE = middleware


@pytest.fixture
def outage_context_processor(settings: Any) -> None:
    engine = {**settings.TEMPLATES[0]}
    options = {**engine["OPTIONS"]}
    options["context_processors"] = [
        *options["context_processors"],
        "tests.reliability.error_urls.outage_context",
    ]
    settings.TEMPLATES = [{**engine, "OPTIONS": options}]


def _ask(kind: str) -> dict[str, Any]:
    return {"headers": {OUTAGE_HEADER: kind}}


def browser(member: User | None = None) -> Client:
    """A browser that gets the answer a real one would (the test client otherwise re-raises
    an error Django answered with a 500)."""
    client = Client(raise_request_exception=False)
    if member is not None:
        client.force_login(member)
    return client


def api(member: User | None = None) -> APIClient:
    client = APIClient(raise_request_exception=False)
    if member is not None:
        client.force_authenticate(member)
    return client


@pytest.mark.django_db
def test_in_a_view(debug: bool) -> None:
    assert_outage_page(browser().get("/test-errors/database"))
    assert_outage_json(api().get("/api/v1/test-errors/database"))


@pytest.mark.django_db
@pytest.mark.usefixtures("outage_middleware")
def test_in_a_middleware(debug: bool, member: User) -> None:
    signed_in = browser(member)
    assert_outage_page(signed_in.get("/", **_ask("middleware")))
    assert_outage_page(browser().get("/accounts/login/", **_ask("middleware")))
    assert_outage_json(api(member).get(url("me"), **_ask("middleware")))
    assert signed_in.get("/").status_code == 200  # nothing asked: the page as usual


@pytest.mark.django_db
@pytest.mark.usefixtures("outage_context_processor")
def test_in_a_context_processor(debug: bool, member: User) -> None:
    assert_outage_page(browser().get("/", **_ask("context")))  # the anonymous home page
    signed_in = browser(member)
    assert_outage_page(signed_in.get("/search/", **_ask("context")))
    assert signed_in.get("/search/").status_code == 200


@pytest.mark.django_db
def test_in_a_templates_rendering(debug: bool) -> None:
    assert_outage_page(browser().get("/test-errors/template"))


@pytest.mark.django_db
@pytest.mark.usefixtures("outage_context_processor")
def test_while_rendering_the_404_page(settings: Any) -> None:
    """The 404 page is the site's frame, context processors included (DEBUG off: with it on,
    Django's technical 404 runs none)."""
    settings.DEBUG = False
    assert_outage_page(browser().get("/no-such-page/", **_ask("context")))


@pytest.mark.django_db(transaction=True)
def test_database_down_under_debug(settings: Any, member: User) -> None:
    """The real thing: PostgreSQL unreachable, DEBUG on, a signed-in member's session read
    outside any view."""
    settings.DEBUG = True
    signed_in, member_api = browser(member), api(member)
    with database_down():
        assert_outage_page(signed_in.get("/"))
        assert_outage_page(signed_in.get("/search/?q=ana"))
        assert_outage_page(signed_in.get("/notifications/"))
        assert_outage_json(member_api.get(url("me")))
    assert signed_in.get("/").status_code == 200
