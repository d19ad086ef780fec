"""A task for the worker-kill test: the real "invitation received" notification, then a pause
long enough for the test to kill the pool process in the middle of the task."""

import time

from celery import shared_task

from connections.notifications import invitation_received_notify


@shared_task
def notify_then_pause(invitation_id: int, log_path: str) -> bool:
    created = invitation_received_notify(invitation_id=invitation_id)
    with open(log_path, "a") as log:
        log.write(f"{invitation_id}\n")
    time.sleep(0.4)
    return created
