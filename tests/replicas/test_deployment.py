"""The deployment side of issue 20: worker queues by kind, and docker-compose's optional replica."""

import yaml
from django.conf import settings

from config.celery_app import app
from tests.replicas.servers import ROOT

KINDS = {
    "notifications.tasks.deliver_notifications_task": "notifications",
    "notifications.tasks.send_notification_email_task": "notifications",
    "connections.tasks.notify_invitation_received_task": "notifications",
    "messaging.tasks.notify_new_message_task": "notifications",
    "graphcache.tasks.graph_neighbours_changed_task": "graph",
    "graphcache.tasks.graph_second_degree_build_task": "graph",
    "feed.tasks.fetch_link_preview_task": "previews",
    "data.tasks.member_export_build_task": "exports",  # issue 18's exports, matched by name
    "connections.tasks.expire_invitations_task": "celery",
}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_each_kind_of_task_has_its_own_queue() -> None:
    for task, queue in KINDS.items():
        assert app.amqp.router.route({}, task)["queue"].name == queue, task


def test_a_worker_without_queues_named_consumes_every_queue() -> None:
    # ./scripts/start and the tests' workers name none.
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    consumed = set(app.amqp.queues)
    assert routed | {"celery"} <= consumed


def test_docker_compose_runs_a_worker_per_queue_group() -> None:
    services = compose()["services"]
    consumed: set[str] = set()
    for service in services.values():
        command = service.get("command")
        if isinstance(command, list) and command[:4] == [
            "celery",
            "-A",
            "config.celery_app",
            "worker",
        ]:
            consumed |= set(command[command.index("-Q") + 1].split(","))
    assert consumed == {queue.name for queue in settings.CELERY_TASK_QUEUES}


def test_docker_compose_has_an_optional_streaming_replica() -> None:
    replica = compose()["services"]["replica"]
    assert replica["profiles"] == ["replica"]  # off unless asked for
    script = " ".join(replica["command"])
    assert "pg_basebackup" in script and " -R " in script and "hot_standby=on" in script
    app_depends = compose()["services"]["web"]["depends_on"]
    assert "replica" not in app_depends  # the app starts and serves without it
