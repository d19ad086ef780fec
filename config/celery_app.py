"""Celery application. Tasks are enqueued with transaction.on_commit by the services."""

import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# Every task publishes through the outbox when the broker is down (core.outbox).
app = Celery("proconnect", task_cls="core.outbox:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic schedule lives in code (django-celery-beat does not support Django 6.1).
app.conf.beat_schedule = {
    "core-outbox-flush": {
        "task": "core.tasks.outbox_flush_task",
        "schedule": 60.0,
    },
    "connections-reconcile-counts": {
        "task": "connections.tasks.reconcile_connection_counts_task",
        "schedule": crontab(minute=5),
    },
    "connections-expire-invitations": {
        "task": "connections.tasks.expire_invitations_task",
        "schedule": crontab(hour=3, minute=30),
    },
    "accounts-purge-expired-axes-attempts": {
        "task": "accounts.tasks.purge_old_login_attempts_task",
        "schedule": crontab(minute=17),
    },
    "exports-expire": {
        "task": "exports.tasks.expire_data_exports_task",
        "schedule": crontab(minute=23),
    },
    "messaging-send-digests": {
        "task": "messaging.tasks.send_message_digests_task",
        "schedule": crontab(minute="*/15"),
    },
}


@worker_ready.connect
def _flush_outbox_on_start(**kwargs: Any) -> None:
    """A worker that starts publishes what was kept while the broker was down."""
    from core.tasks import outbox_flush_task

    outbox_flush_task.delay()
