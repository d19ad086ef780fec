"""PostgreSQL or Redis that accepts connections and never answers, under a real gunicorn: a
page and an API request answer 503 (the API's `{"code", "detail"}`), or what the same outage
as a refused port answers (Redis's degraded reads), within the configured timeouts: never a
500, never a hang. A task queued after commit while the broker hangs is kept in the outbox.

No speed is asserted: each request's client timeout (GUARD_FACTOR times the timeout that
should fire, plus slack for a loaded machine) is only a hang guard; status 0 means it hung.
"""

import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.auth import member_tokens
from accounts.models import User
from connections.models import Invitation
from core.models import PendingTask
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.reliability.servers import Valkey, call, child_env, web_server
from tests.reliability.silent import SilentServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DB_CONNECT_TIMEOUT = 2  # libpq's least
REDIS_CONNECT_TIMEOUT = 0.5
REDIS_SOCKET_TIMEOUT = 1.0
GUARD_FACTOR = 10
SLACK = 10.0
TIMEOUTS = {
    "DB_CONNECT_TIMEOUT": str(DB_CONNECT_TIMEOUT),
    "REDIS_CONNECT_TIMEOUT": str(REDIS_CONNECT_TIMEOUT),
    "REDIS_SOCKET_TIMEOUT": str(REDIS_SOCKET_TIMEOUT),
}


def session_cookie(member: User) -> str:
    browser = Client()
    browser.force_login(member)
    return f"sessionid={browser.cookies['sessionid'].value}"


def timed(
    what: str, base: str, method: str, path: str, **options: Any
) -> tuple[int, dict[str, str], Any]:
    """`call`, printing how long the answer took (docs/reliability.md's numbers; `-s`)."""
    started = time.monotonic()
    answer = call(base, method, path, **options)
    print(f"{what}: {answer[0]} after {time.monotonic() - started:.2f} s")
    return answer


def page(base: str, path: str, cookie: str, guard: float) -> tuple[int, dict[str, str], Any]:
    headers = {"Cookie": cookie, "Accept": "text/html"}
    return timed(f"page {path}", base, "GET", path, headers=headers, timeout=guard)


def assert_answered(what: str, answer: tuple[int, dict[str, str], Any], allowed: set[int]) -> None:
    status, headers, body = answer
    assert status != 0, f"{what}: no answer within the hang guard"
    assert status in allowed, (what, status, body)
    if status == 503:
        assert int(headers["Retry-After"]) > 0
        if isinstance(body, dict):
            assert body["code"] == "service_unavailable" and body["detail"]
        else:
            assert "briefly unavailable" in body


def test_postgresql_that_never_answers(redis: Valkey, tmp_path: Path) -> None:
    member = UserFactory.create()
    token = str(member_tokens(member).access_token)
    cookie = session_cookie(member)
    guard = GUARD_FACTOR * DB_CONNECT_TIMEOUT + SLACK
    with SilentServer() as silent:
        env = child_env(
            redis.url,
            RELIABILITY_DATABASE_HOST="127.0.0.1",
            RELIABILITY_DATABASE_PORT=str(silent.port),
            **TIMEOUTS,
        )
        with web_server(env, tmp_path / "web.log") as base:
            api = timed("api me", base, "GET", "/api/v1/me", token=token, timeout=guard)
            home = page(base, "/", cookie, guard)
            health = timed("healthz", base, "GET", "/healthz", timeout=guard)
        assert silent.accepted, "the server never reached the silent PostgreSQL"
    assert_answered("api", api, allowed={503})
    assert_answered("page", home, allowed={503})
    assert health[0] == 503 and health[2]["checks"]["database"] == "unavailable"


def test_redis_that_never_answers(redis: Valkey, tmp_path: Path) -> None:
    """Cache, graph cache and broker all on the silent server: each request answers as with
    Redis refused (the reads degrade to PostgreSQL, the rate limits to process memory), and
    the invitation's "invited you" task, refused by the hanging broker, is kept."""
    member, other, invitee = UserFactory.create_batch(3)
    connect_members(member, other)
    token = str(member_tokens(member).access_token)
    cookie = session_cookie(member)
    guard = GUARD_FACTOR * (REDIS_CONNECT_TIMEOUT + REDIS_SOCKET_TIMEOUT) * 3 + SLACK
    with SilentServer() as silent:
        env = child_env(silent.redis_url, **TIMEOUTS)
        with web_server(env, tmp_path / "web.log") as base:
            answers = {
                "me": timed("api me", base, "GET", "/api/v1/me", token=token, timeout=guard),
                "notifications": timed(
                    "api notifications",
                    base,
                    "GET",
                    "/api/v1/notifications",
                    token=token,
                    timeout=guard,
                ),
                "profile": timed(
                    "api member",
                    base,
                    "GET",
                    f"/api/v1/members/{other.pk}",
                    token=token,
                    timeout=guard,
                ),
                "invite": timed(
                    "api invite",
                    base,
                    "POST",
                    "/api/v1/invitations",
                    body={"to": invitee.pk},
                    token=token,
                    timeout=guard,
                ),
                "home": page(base, "/", cookie, guard),
            }
            health = timed("healthz", base, "GET", "/healthz", timeout=guard)
        assert silent.accepted, "the server never reached the silent Redis"
    for what, answer in answers.items():
        assert_answered(what, answer, allowed={200, 201, 503})
    assert answers["invite"][0] == 201, answers["invite"]
    invitation = Invitation.objects.get(sender=member, recipient=invitee)
    kept = PendingTask.objects.filter(name="connections.tasks.notify_invitation_received_task")
    assert [row.args for row in kept] == [[invitation.pk]]
    assert health[0] == 503
    assert health[2]["checks"]["redis"] == "unavailable"
    assert health[2]["checks"]["broker"] == "unavailable"
