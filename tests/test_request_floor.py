"""The request floor (issue 19): orjson renders as DRF did, a short list costs no
count query, and every security property of the request path still holds (CSRF for cookie
sessions, CSP, throttles, token revocation); the lockout has its own tests in tests/accounts."""

import datetime
import importlib
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from accounts.auth import member_tokens
from accounts.models import Block, User
from core.renderers import ORJSONRenderer
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def test_orjson_renders_what_drf_rendered() -> None:
    data = {
        "id": 7,
        "name": "Zoë \u2028 line",
        "when": datetime.datetime(2026, 12, 2, 13, 5, 1, 123456, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 12, 2),
        "price": Decimal("1.50"),
        "items": [1, None, True, {"nested": "ç"}],
        3: "an int key",
    }
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)
    assert ORJSONRenderer().render(None) == b""
    pretty = ORJSONRenderer().render({"a": 1}, "application/json; indent=2")
    assert pretty == JSONRenderer().render({"a": 1}, "application/json; indent=2")


@pytest.mark.django_db
def test_bad_json_is_a_400_with_code_and_detail(member_api: APIClient) -> None:
    response = member_api.post(
        "/api/v1/invitations", data=b'{"to": 1,', content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"code", "detail"}


def _statements(api: APIClient, path: str) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200
    return response.json(), [query["sql"] for query in queries.captured_queries]


def _counts(statements: list[str]) -> int:
    return sum("COUNT(" in sql.upper() for sql in statements)


@pytest.mark.django_db
def test_a_short_list_asks_no_count_a_full_page_does(member: User, member_api: APIClient) -> None:
    member_api.get("/api/v1/blocks")
    page, statements = _statements(member_api, "/api/v1/blocks")
    assert page == {"count": 0, "next": None, "previous": None, "results": []}
    assert _counts(statements) == 0
    for blocked in UserFactory.create_batch(3):
        Block.objects.create(blocker=member, blocked=blocked)
    page, short = _statements(member_api, "/api/v1/blocks?page_size=3")
    assert (page["count"], page["next"], len(page["results"])) == (3, None, 3)
    assert _counts(short) == 0
    page, full = _statements(member_api, "/api/v1/blocks?page_size=2")
    assert (page["count"], len(page["results"])) == (3, 2) and page["next"] is not None
    assert _counts(full) == 1 and len(full) == len(short) + 1  # a full page: the count too
    page, _ = _statements(member_api, "/api/v1/blocks?page_size=2&page=2")
    assert (page["count"], len(page["results"]), page["next"]) == (3, 1, None)


@pytest.mark.django_db
def test_a_cookie_session_still_needs_csrf_and_a_token_does_not(member: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    refused = browser.post(
        "/api/v1/invitations", {"to": member.pk}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert "CSRF" in refused.json()["detail"]
    token = str(member_tokens(member).access_token)
    api = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/blocks").status_code == 200


@pytest.mark.django_db
def test_the_api_still_answers_with_csp_and_a_revoked_token_is_refused(member: User) -> None:
    token = str(member_tokens(member).access_token)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get("/api/v1/blocks")
    assert "Content-Security-Policy" in response.headers
    User.objects.filter(pk=member.pk).update(token_generation=member.token_generation + 1)
    assert api.get("/api/v1/blocks").status_code == 401


@pytest.mark.django_db
def test_the_member_throttle_still_holds(member: User) -> None:
    cache.clear()
    rates: dict[str, str | None] = {"anon": "100/min", "user": "2/min"}
    from rest_framework.settings import api_settings

    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        from rest_framework.throttling import SimpleRateThrottle

        original = SimpleRateThrottle.THROTTLE_RATES
        SimpleRateThrottle.THROTTLE_RATES = rates
        try:
            token = str(member_tokens(member).access_token)
            api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
            codes = [api.get("/api/v1/blocks").status_code for _ in range(3)]
        finally:
            SimpleRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 429]


def test_the_floor_answers_from_wsgi_alone() -> None:
    sys.path.insert(0, str(ROOT / "devtools" / "bench" / "server"))
    try:
        floor = importlib.import_module("floor_wsgi")
    finally:
        sys.path.pop(0)
    started: list[str] = []
    body = b"".join(
        floor.application({"PATH_INFO": "/bench/floor"}, lambda s, h: started.append(s))
    )
    assert started == ["200 OK"]
    assert json.loads(body) == {"count": 0, "next": None, "previous": None, "results": []}
