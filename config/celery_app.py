"""Celery application. Tasks are enqueued with transaction.on_commit by the services."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("proconnect")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic schedule lives in code (django-celery-beat does not support Django 6.1).
app.conf.beat_schedule = {
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
