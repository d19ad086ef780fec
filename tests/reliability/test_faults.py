"""Fault tests with servers the test owns: its own Valkey (stopped and started under load),
a real gunicorn and a real Celery worker on the loopback, over the test database.

They assert the answers (503, never 500, no request hangs) and that nothing committed is lost
or done twice; docs/reliability.md records what they measure. No wall-clock assertion: the
bounds below only stop a hung test."""

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from django.conf import settings
from redis import Redis

from accounts.models import User
from connections import services as connection_services
from connections.models import Invitation
from core.models import PendingTask
from messaging import services as messaging_services
from messaging.models import Message
from notifications.models import Notification, NotificationKind
from tests.conftest import connect_members
from tests.factories import PASSWORD, UserFactory
from tests.reliability.servers import Valkey, call, celery_worker, child_env, wait_for, web_server

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ALLOWED = {200, 201, 503}


def token_for(base: str, member: User) -> str:
    status, _, body = call(
        base, "POST", "/api/v1/auth/token", {"email": member.email, "password": PASSWORD}
    )
    assert status == 200, body
    return str(body["access"])


def round_of_requests(
    base: str, token: str, conversation_id: int, label: str, invitee: User | None
) -> list[tuple[str, int, float, Any]]:
    """One pass of the load: reads and writes, API and a page; (what, status, seconds, body)."""
    answers = []
    for what, method, path, body in [
        ("health", "GET", "/healthz", None),
        ("inbox", "GET", "/api/v1/conversations", None),
        ("send", "POST", f"/api/v1/conversations/{conversation_id}/messages", {"body": label}),
        ("page", "GET", "/accounts/login/", None),
        *(
            [("invite", "POST", "/api/v1/invitations", {"to": invitee.pk})]
            if invitee is not None
            else []
        ),
    ]:
        started = time.monotonic()
        status, headers, parsed = call(base, method, path, body, token if what != "health" else "")
        answers.append((what, status, time.monotonic() - started, parsed))
        if status == 503 and what != "health":
            assert int(headers.get("Retry-After", "0")) > 0
            if path.startswith("/api/"):
                assert parsed["code"] == "service_unavailable", parsed
    return answers


def test_redis_stopped_and_started_under_load(redis: Valkey, tmp_path: Path, capsys: Any) -> None:
    """Redis (cache, graph cache and broker) crashes and comes back under a loop of requests;
    the same web server and worker go on without a restart."""
    member, other = UserFactory.create_batch(2)
    invitees = UserFactory.create_batch(12)
    connect_members(member, other)
    conversation = messaging_services.conversation_start(
        sender=member, participant_ids=[other.pk], body="Before"
    ).conversation
    env = child_env(redis.url)
    publisher = Celery(broker=redis.url, set_as_current=False)
    answers: list[tuple[str, str, int, float, Any]] = []

    def load(phase: str, rounds: int, first: int) -> None:
        for i in range(rounds):
            for answer in round_of_requests(
                base, token, conversation.pk, f"{phase} {i}", invitees[first + i]
            ):
                answers.append((phase, *answer))

    with (
        web_server(env, tmp_path / "web.log") as base,
        celery_worker(env, tmp_path / "worker.log"),
    ):
        token = token_for(base, member)
        load("up", 4, 0)
        # What the worker had not taken yet would die with a Redis that keeps nothing on disk.
        wait_for(
            lambda: (
                not any(
                    Redis.from_url(redis.url).llen(queue.name)
                    for queue in settings.CELERY_TASK_QUEUES
                )
            ),
            120,
            "drained",
        )
        redis.stop()
        load("down", 4, 4)
        health = call(base, "GET", "/healthz")
        # The first request after the crash is a health check: its 503 took this long.
        first_503 = next(a[3] for a in answers if a[0] == "down")
        assert next(a[2] for a in answers if a[0] == "down") == 503
        assert health[0] == 503, health
        assert health[2]["checks"] == {
            "database": "ok",
            "redis": "unavailable",
            "broker": "unavailable",
        }
        kept = PendingTask.objects.count()
        assert kept > 0  # the follow-up tasks of the writes made while the broker was down
        redis.start()
        restarted = time.monotonic()
        wait_for(lambda: call(base, "GET", "/healthz")[0] == 200, 30, "recovery")
        recovered = time.monotonic() - restarted
        load("back", 4, 8)
        publisher.send_task("core.tasks.outbox_flush_task")  # what beat does every minute
        wait_for(lambda: not PendingTask.objects.exists(), 60, "outbox flushed")
        created = Invitation.objects.filter(sender=member).exclude(recipient=other)
        wait_for(
            lambda: (
                Notification.objects.filter(kind=NotificationKind.INVITATION_RECEIVED).count()
                >= created.count()
            ),
            60,
            "every invitation notified",
        )
        time.sleep(1)  # would a second copy arrive?
    statuses = [(phase, what, status) for phase, what, status, _, _ in answers]
    assert all(status in ALLOWED for _, _, status in statuses), statuses
    assert all(status != 503 for phase, what, status in statuses if phase != "down"), statuses
    slowest = max(seconds for phase, _, _, seconds, _ in answers if phase == "down")
    # Nothing committed lost, nothing doubled, nothing half-written: a 201 is exactly one row,
    # a 503 none (the labels are unique).
    for phase in ("up", "down", "back"):
        sends = [a for a in answers if a[0] == phase and a[1] == "send"]
        for i, sent in enumerate(sends):
            expected = 1 if sent[2] == 201 else 0
            assert Message.objects.filter(body=f"{phase} {i}").count() == expected, sent
    invites = [a for a in answers if a[1] == "invite"]
    assert created.count() == sum(1 for a in invites if a[2] == 201), statuses
    for invitation in created:
        notified = Notification.objects.filter(
            recipient=invitation.recipient, kind=NotificationKind.INVITATION_RECEIVED
        )
        assert notified.count() == 1
    # The recipient of the messages is told once for the conversation (one unread notice).
    assert (
        Notification.objects.filter(recipient=other, kind=NotificationKind.NEW_MESSAGE).count() == 1
    )
    with capsys.disabled():
        print(
            f"\n[redis fault] {len(answers)} requests; healthz 503 in {first_503:.3f} s right "
            f"after the crash; slowest answer while down {slowest:.3f} s; healthz 200 again "
            f"{recovered:.3f} s after the restart; {kept} tasks kept in the outbox, all done once; "
            f"statuses while down: {sorted({(w, s) for p, w, s in statuses if p == 'down'})}"
        )


def test_worker_pool_killed_mid_drain(redis: Valkey, tmp_path: Path, capsys: Any) -> None:
    """Tasks queued while no worker runs are done once when one starts; the pool process
    killed in the middle of a task loses nothing (the task is put back) and doubles nothing."""
    sender = UserFactory.create()
    recipients = UserFactory.create_batch(8)
    invitations = [
        connection_services.invitation_send(sender=sender, recipient_id=r.pk).invitation
        for r in recipients
    ]
    log = tmp_path / "runs.log"
    log.touch()
    publisher = Celery(broker=redis.url, set_as_current=False)
    for invitation in invitations:  # queued while no worker runs
        publisher.send_task(
            "tests.reliability.slow_tasks.notify_then_pause", args=[invitation.pk, str(log)]
        )
    env = child_env(redis.url)
    with celery_worker(env, tmp_path / "worker.log") as worker:
        wait_for(lambda: len(log.read_text().split()) >= 3, 60, "three tasks ran")
        children = worker.children()
        assert len(children) == 1
        killed_during = log.read_text().split()[-1]
        os.kill(children[0].pid, signal.SIGKILL)  # inside the task's pause
        killed_at = time.monotonic()
        wait_for(
            lambda: (
                Notification.objects.filter(kind=NotificationKind.INVITATION_RECEIVED).count()
                == len(invitations)
            ),
            60,
            "every task done",
        )
        wait_for(
            lambda: log.read_text().split().count(killed_during) >= 2,
            30,
            "the killed task ran again",
        )
        redone = time.monotonic() - killed_at
        time.sleep(1)
    runs = log.read_text().split()
    for recipient in recipients:
        assert (
            Notification.objects.filter(
                recipient=recipient, kind=NotificationKind.INVITATION_RECEIVED
            ).count()
            == 1
        )
    assert sorted(set(runs)) == sorted(str(i.pk) for i in invitations)
    with capsys.disabled():
        print(
            f"\n[worker kill] {len(invitations)} tasks, {len(runs)} runs "
            f"(the killed one twice); killed task done again within {redone:.3f} s"
        )
