"""The product's own 404, 500 and 503 pages, with DEBUG off (every deployment, and
`./scripts/start` by default); Django's technical pages only when a developer turns DEBUG on
(DJANGO_DEBUG=1), except for an outage, whose 503 never depends on DEBUG. The 500 and 503
render without the database (the tests without a `db` mark would fail on any query)."""

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from accounts.models import User
from config import views
from core.dependencies import outage_response

pytestmark = pytest.mark.urls("tests.reliability.error_urls")


def _text(response: Any) -> str:
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_404_is_the_products_page(settings, member: User, signed_in: bool) -> None:
    settings.DEBUG = False
    client = Client()
    if signed_in:
        client.force_login(member)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = _text(response)
    assert '<h1 id="error-title">Not found</h1>' in html
    assert "URLconf" not in html and "technical" not in html
    assert ('name="q"' in html) is signed_in  # a member keeps the header and its search


@pytest.mark.django_db
def test_404_under_debug_is_djangos_page(settings) -> None:
    settings.DEBUG = True
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in _text(response)


@pytest.mark.django_db
def test_500_is_the_products_page(settings) -> None:
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/test-errors/bug")
    assert response.status_code == 500
    html = _text(response)
    assert "Something went wrong" in html and 'class="error-code">500' in html
    assert "Traceback" not in html and "a bug in a view" not in html


@pytest.mark.django_db
def test_500_under_debug_is_djangos_page(settings) -> None:
    settings.DEBUG = True
    response = Client(raise_request_exception=False).get("/test-errors/bug")
    assert response.status_code == 500
    assert "a bug in a view" in _text(response) and "Traceback" in _text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_api_404_is_the_error_shape_whatever_debug(settings, debug: bool) -> None:
    settings.DEBUG = debug
    response = APIClient().get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_api_500_is_the_error_shape(settings) -> None:
    settings.DEBUG = False
    response = APIClient(raise_request_exception=False).get("/api/v1/test-errors/bug")
    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "detail": "Something went wrong. Please try again in a moment.",
    }


def test_500_renders_without_the_database() -> None:
    """No `db` mark: a query here would fail the test."""
    response = views.server_error(RequestFactory().get("/in/1/"))
    assert response.status_code == 500
    assert "Something went wrong" in _text(response)
    assert 'aria-label="Main"' not in _text(response)  # no member, no session: no nav


def test_503_renders_without_the_database() -> None:
    response = outage_response(
        RequestFactory().get("/"), "database", OperationalError("connection refused")
    )
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert "briefly unavailable" in _text(response)
    assert 'class="error-code">503' in _text(response)


def test_error_pages_keep_the_stylesheet_and_the_logo() -> None:
    for response in (
        views.server_error(RequestFactory().get("/")),
        outage_response(RequestFactory().get("/"), "redis", OperationalError("down")),
    ):
        html = _text(response)
        assert "/static/css/app.css" in html and 'class="brand-mark"' in html
