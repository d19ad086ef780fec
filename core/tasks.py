"""The shared kernel's periodic work."""

from celery import shared_task

from core.outbox import outbox_flush


@shared_task(ignore_result=True)
def outbox_flush_task() -> int:
    """Publish the tasks kept while the broker was down (core.outbox); every minute."""
    return outbox_flush()
