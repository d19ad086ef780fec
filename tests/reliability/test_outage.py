"""Dependencies down, in this process: PostgreSQL, Redis or the broker unreachable answers 503
with Retry-After (the API's error shape, a page of our own), never a 500; rate limits hold in
process memory; /healthz names the failing check; nothing committed loses its follow-up work.

Each of these failed on the code before (500s, a lost task, a 200 health check)."""

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, RequestFactory, override_settings
from kombu.exceptions import OperationalError as BrokerUnavailable
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import User
from config import views
from connections import services as connection_services
from connections import tasks as connection_tasks
from core import cache as core_cache
from core.models import PendingTask
from core.outbox import outbox_flush
from graphcache import degraded
from notifications.models import Notification, NotificationKind
from tests.factories import UserFactory
from tests.helpers import url

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@contextmanager
def redis_down() -> Iterator[None]:
    """Point the cache and the graph cache at a closed port; after it, the processes' pause
    before trying Redis again is forgotten, so the next test reads Redis at once."""
    cache = {**settings.CACHES["default"], "LOCATION": DEAD_REDIS}
    try:
        with override_settings(REDIS_URL=DEAD_REDIS, CACHES={"default": cache}):
            yield
    finally:
        degraded.forget_outage()
        core_cache.forget_outage()


def assert_outage(response: Any) -> None:
    assert response.status_code == 503, response.content[:300]
    assert int(response["Retry-After"]) > 0
    if response["Content-Type"].startswith("application/json"):
        body = json.loads(response.content)
        assert body["code"] == "service_unavailable" and body["detail"]
    else:
        assert "briefly unavailable" in response.content.decode()


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


@contextmanager
def database_down() -> Iterator[None]:
    """Point this process's connection at a socket directory with no server, and back."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "/nonexistent-socket-dir"
    connection.settings_dict["PORT"] = "5432"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


class TestRedisDown:
    @pytest.mark.django_db
    def test_api_without_the_graph_still_answers(self, member: User) -> None:
        client = APIClient()
        client.force_authenticate(member)
        with redis_down():
            response = client.get(url("notifications"))
        assert response.status_code == 200, response.content

    @pytest.mark.django_db
    def test_throttles_hold_in_process_memory(self, member: User, monkeypatch) -> None:
        """The flood is still limited (per process) while the shared counters are away."""
        rates = {**SimpleRateThrottle.THROTTLE_RATES, "user": "3/min"}
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
        client = APIClient()
        client.force_authenticate(member)
        with redis_down():
            statuses = [client.get(url("notifications")).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]

    @pytest.mark.django_db
    def test_graph_reads_degrade_to_postgresql(
        self, member: User, other: User, connect: Any
    ) -> None:
        """Degrees, mutual counts and suggestions come from PostgreSQL while Redis is down."""
        third = UserFactory.create()
        connect(member, other)
        connect(other, third)
        client = APIClient()
        client.force_authenticate(member)
        with redis_down():
            near = client.get(url("member", member_id=other.pk))
            far = client.get(url("member", member_id=third.pk))
            suggestions = client.get(url("suggestions"))
            page = browser_for(member).get("/")
        assert near.status_code == 200 and near.json()["degree"] == 1, near.content
        assert far.status_code == 200 and far.json()["degree"] == 2
        assert far.json()["mutual_connections_count"] == 1
        assert suggestions.status_code == 200, suggestions.content
        assert page.status_code == 200
        # Redis back: the same process reads the cache again.
        assert client.get(url("member", member_id=third.pk)).json()["degree"] == 2

    @pytest.mark.django_db
    def test_accepting_with_redis_down_keeps_the_follow_up_work(
        self, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        """The graph's version bump failing after commit used to raise out of on_commit and
        skip the callbacks after it: the acceptance's notification task was never queued."""
        invitation = connection_services.invitation_send(sender=member, recipient_id=other.pk)
        queued: list[str] = []

        def record(task: Any, *args: Any, **kwargs: Any) -> None:
            queued.append(task.name)

        with (
            redis_down(),
            mock.patch("celery.app.task.Task.apply_async", autospec=True, side_effect=record),
            django_capture_on_commit_callbacks(execute=True),
        ):
            connection_services.invitation_accept(
                recipient=other, invitation_id=invitation.invitation.pk
            )
        assert "connections.tasks.notify_invitation_accepted_task" in queued
        assert "graphcache.tasks.graph_invalidation_task" in queued


@pytest.mark.django_db(transaction=True)
def test_database_down_is_a_503_and_recovers(member: User) -> None:
    api = APIClient()
    api.force_authenticate(member)
    browser = browser_for(member)
    with database_down():
        assert_outage(api.get(url("me")))
        assert_outage(browser.get("/"))
        assert_outage(APIClient().post(url("token"), {"email": member.email, "password": "x"}))
        health = Client().get("/healthz")
        assert health.status_code == 503
        assert health.json()["checks"]["database"] == "unavailable"
    assert api.get(url("me")).status_code == 200
    assert browser.get("/").status_code == 200


def test_an_outage_outside_a_view_is_a_503_too() -> None:
    """handler500 answers 503 for an outage raised by middleware (a session save)."""
    for path in ("/api/v1/me", "/"):
        request = RequestFactory().get(path)
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            assert sys.exc_info()[1] is not None
            assert_outage(views.server_error(request))


class TestHealth:
    @pytest.mark.django_db
    def test_all_up(self) -> None:
        response = Client().get("/healthz")
        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "checks": {"database": "ok", "redis": "ok", "broker": "ok"},
        }

    @pytest.mark.django_db
    def test_redis_down_is_named(self) -> None:
        with redis_down():
            response = Client().get("/healthz")
        assert response.status_code == 503 and int(response["Retry-After"]) > 0
        body = response.json()
        assert body["code"] == "service_unavailable" and "redis" in body["detail"]
        assert body["checks"] == {"database": "ok", "redis": "unavailable", "broker": "ok"}

    @pytest.mark.django_db
    def test_broker_down_is_named(self) -> None:
        with override_settings(CELERY_BROKER_URL=DEAD_REDIS):
            response = Client().get("/healthz")
        assert response.status_code == 503
        assert response.json()["checks"] == {
            "database": "ok",
            "redis": "ok",
            "broker": "unavailable",
        }


class TestOutbox:
    @pytest.mark.django_db
    def test_a_task_the_broker_refused_is_kept_and_sent_later(
        self, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        refused = BrokerUnavailable("Error 111 connecting to redis")
        with (
            mock.patch("celery.app.base.Celery.send_task", side_effect=refused),
            django_capture_on_commit_callbacks(execute=True),
        ):
            outcome = connection_services.invitation_send(sender=member, recipient_id=other.pk)
        kept = PendingTask.objects.get(name="connections.tasks.notify_invitation_received_task")
        assert kept.args == [outcome.invitation.pk]
        with mock.patch("celery.app.base.Celery.send_task", side_effect=refused):
            assert outbox_flush() == 0  # still down: kept
        assert PendingTask.objects.filter(pk=kept.pk).exists()
        sent: list[tuple[str, list[int]]] = []
        with mock.patch(
            "celery.app.base.Celery.send_task",
            side_effect=lambda name, args, kwargs, **options: sent.append((name, args)),
        ):
            assert outbox_flush() >= 1
            assert outbox_flush() == 0
        assert ("connections.tasks.notify_invitation_received_task", kept.args) in sent
        assert not PendingTask.objects.exists()


@pytest.mark.django_db
def test_invitation_accepted_while_the_worker_was_down(member: User, other: User) -> None:
    """Decided (docs/reliability.md): the queued "invited you" is dropped when it finally runs,
    since the recipient has already accepted; the sender is told of the acceptance, once."""
    invitation = connection_services.invitation_send(sender=member, recipient_id=other.pk)
    connection_services.invitation_accept(recipient=other, invitation_id=invitation.invitation.pk)
    pk = invitation.invitation.pk
    assert connection_tasks.notify_invitation_received_task(pk) is False
    assert connection_tasks.notify_invitation_accepted_task(pk) is True
    assert connection_tasks.notify_invitation_accepted_task(pk) is False
    kinds = list(Notification.objects.values_list("recipient_id", "kind"))
    assert kinds == [(member.pk, NotificationKind.INVITATION_ACCEPTED)]


def test_schema_documents_the_503() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "503" in operation["responses"], (method, path)
