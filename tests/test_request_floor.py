"""The request floor (issue 19): orjson renders and parses as DRF did, a short list costs no
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
from django.test import Client
from django.test.utils import override_settings
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from accounts.auth import member_tokens
from accounts.models import Block, User
from core.parsers import BoundedJSONParser
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


def test_the_parser_still_bounds_depth_before_parsing() -> None:
    import io

    from rest_framework.exceptions import ParseError

    with pytest.raises(ParseError):
        BoundedJSONParser().parse(io.BytesIO(b"[" * 40 + b"]" * 40))
    assert BoundedJSONParser().parse(io.BytesIO('{"a": ["é"]}'.encode())) == {"a": ["é"]}


@pytest.mark.django_db
def test_a_short_list_is_one_query_a_full_page_asks_the_count(
    member: User, member_api: APIClient, django_assert_num_queries
) -> None:
    member_api.get("/api/v1/blocks")  # the member's session-free token path warmed
    with django_assert_num_queries(2):  # the token's member, the rows (no count)
        response = member_api.get("/api/v1/blocks")
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    for blocked in UserFactory.create_batch(3):
        Block.objects.create(blocker=member, blocked=blocked)
    with django_assert_num_queries(2):
        response = member_api.get("/api/v1/blocks?page_size=3")
    assert response.json()["count"] == 3 and response.json()["next"] is None
    with django_assert_num_queries(3):  # a full page: the count too
        response = member_api.get("/api/v1/blocks?page_size=2")
    assert response.json()["count"] == 3 and response.json()["next"] is not None
    response = member_api.get("/api/v1/blocks?page_size=2&page=2")
    assert response.json()["count"] == 3 and len(response.json()["results"]) == 1


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
