"""The request floor (issue 19): orjson renders as DRF did, a short list costs no
count query, and every security property of the request path still holds (CSRF for cookie
sessions, CSP, throttles, token revocation); the lockout has its own tests in tests/accounts."""

import datetime
import importlib
import io
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import set_urlconf
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

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


@pytest.fixture
def floor_wsgi() -> Iterator[Any]:
    """The load test's server module, importable as gunicorn's --pythonpath makes it."""
    sys.path.insert(0, str(ROOT / "devtools" / "bench" / "server"))
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield importlib.import_module("floor_wsgi")
    finally:
        set_urlconf(None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        sys.path.pop(0)


EMPTY: dict[str, Any] = {"count": 0, "next": None, "previous": None, "results": []}


def _wsgi_get(application: Any, path: str, token: str | None = None) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    if token is not None:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    started: list[str] = []
    response = application(environ, lambda status, headers: started.append(status))
    try:
        body = b"".join(response)
    finally:
        # As a WSGI server does: closing the response finishes the request, which resets the
        # thread's URLconf (bench_urls must not leak into the next test on this thread).
        if hasattr(response, "close"):
            response.close()
    return started[0], body


def test_the_floor_answers_from_wsgi_alone(floor_wsgi: Any) -> None:
    started: list[str] = []
    body = b"".join(
        floor_wsgi.application({"PATH_INFO": "/bench/floor"}, lambda s, h: started.append(s))
    )
    assert started == ["200 OK"]
    assert json.loads(body) == EMPTY


@pytest.mark.django_db
def test_each_rung_of_the_ladder_answers_the_floors_body(floor_wsgi: Any, member: User) -> None:
    """Django bare, the middleware stack, DRF and DRF with the member: the same body, so the
    load test's table compares only what each layer costs."""
    token = str(member_tokens(member).access_token)
    for path in ("/bench/django-bare", "/bench/django-stack", "/bench/drf", "/bench/drf-member"):
        status, body = _wsgi_get(floor_wsgi.application, path, token)
        assert status == "200 OK", (path, body)
        assert json.loads(body) == EMPTY
    # The member rung is the project's authentication: no token, no answer.
    assert _wsgi_get(floor_wsgi.application, "/bench/drf-member")[0].startswith("401")
    # Every other path is the application's own.
    assert _wsgi_get(floor_wsgi.application, "/api/v1/blocks", token)[0] == "200 OK"


def test_one_redis_client_per_pool_is_shared() -> None:
    """Django's Redis cache built a client per call; ours keeps one per pool."""
    client = cache._cache  # type: ignore[attr-defined]
    assert client.get_client(write=True) is client.get_client(write=True)
    cache.set("floor:shared", 1, 30)
    assert cache.get("floor:shared") == 1


def test_a_counter_hit_counts_atomically_and_expires() -> None:
    from core.cache import counter_hit

    cache.delete("floor:counter")
    assert [counter_hit("floor:counter", 30) for _ in range(3)] == [1, 2, 3]
    # The same integer the rate limits read back with cache.get (me/limits).
    assert cache.get("floor:counter") == 3
    raw = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    key = cache.make_and_validate_key("floor:counter")
    assert 0 < raw.ttl(key) <= 30
    # One command per hit: the script (Django's add + incr were SET NX, EXISTS, INCRBY).
    before = raw.info("commandstats").get("cmdstat_eval", {}).get("calls", 0)
    counter_hit("floor:counter", 30)
    assert raw.info("commandstats")["cmdstat_eval"]["calls"] == before + 1


def test_concurrent_hits_are_each_counted_once() -> None:
    from core.cache import counter_hit

    cache.delete("floor:race")
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = sorted(pool.map(lambda _: counter_hit("floor:race", 30), range(40)))
    assert counts == list(range(1, 41))


@pytest.mark.django_db
def test_the_member_throttle_says_when_to_retry(member: User, monkeypatch) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "user": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    api = APIClient()
    api.force_authenticate(member)
    responses = [api.get("/api/v1/blocks") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[2].json()["code"] == "throttled"
    assert 1 <= int(responses[2].headers["Retry-After"]) <= 60
    # Another member has a counter of their own.
    other = APIClient()
    other.force_authenticate(UserFactory.create())
    assert other.get("/api/v1/blocks").status_code == 200


@pytest.mark.django_db
def test_anonymous_callers_are_counted_by_address(monkeypatch) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)

    class Open(APIView):  # anyone allowed, the project's default throttles
        permission_classes = [AllowAny]

        def get(self, request: Any) -> Response:
            return Response({})

    view = Open.as_view()
    factory = APIRequestFactory()

    def status_from(address: str) -> int:
        return int(view(factory.get("/open", REMOTE_ADDR=address)).status_code)

    assert [status_from("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert status_from("203.0.113.2") == 200


@pytest.mark.django_db
def test_the_tokens_member_is_one_query(member: User) -> None:
    """The token's member row is read without the email annotation (API answers show no
    banner); an action that needs a confirmed address still asks (tests/test_confirmed_email)."""
    token = str(member_tokens(member).access_token)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    api.get("/api/v1/blocks")
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/blocks").status_code == 200
    member_rows = [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(member_rows) == 1 and "account_emailaddress" not in member_rows[0]
