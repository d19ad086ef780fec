"""Tasks survive a broker outage: a publish that fails is kept in PostgreSQL and sent later.

Services schedule tasks with `transaction.on_commit(... .delay(...))`. When the broker (Redis)
is down the commit has already happened; a failing `.delay` would lose the task (and, raised
from on_commit, skip the callbacks after it). Every task of the project is an `OutboxTask`
(config/celery_app.py `task_cls`): its `apply_async` catches the broker's error, writes a
PendingTask row (inside the caller's transaction if there is one, so it commits or rolls back
with the work), logs, and returns None. `outbox_flush` sends the rows again, oldest first: every
minute (Celery beat, `core.tasks.outbox_flush_task`) and when a worker starts. If PostgreSQL
is down too, the task is lost and the error is logged (nothing else could have kept it).
"""

import logging
from typing import Any

from celery import Task, current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

from core.dependencies import log_outage
from core.models import PendingTask

logger = logging.getLogger("proconnect.outage")

FLUSH_BATCH = 100


def keep(name: str, args: Any, kwargs: Any, queue: str, error: BaseException) -> PendingTask:
    """Write the task that could not be published into the outbox."""
    return PendingTask.objects.create(
        name=name,
        args=list(args or []),
        kwargs=dict(kwargs or {}),
        queue=queue or "",
        error=f"{error.__class__.__name__}: {error}"[:300],
    )


class OutboxTask(Task):
    """A task whose publishing, when the broker is unreachable, goes to the outbox."""

    def apply_async(self, args: Any = None, kwargs: Any = None, **options: Any) -> Any:  # type: ignore[override]
        try:
            return super().apply_async(args, kwargs, **options)
        except BrokerUnavailable as error:
            if self.app.conf.task_always_eager:
                raise
            log_outage("broker", error, f"(task {self.name} kept in the outbox)")
            try:
                keep(self.name, args, kwargs, str(options.get("queue") or ""), error)
            except Exception:
                logger.exception("task %s%r lost: broker and database down", self.name, args)
                raise error from None
            return None


def outbox_flush() -> int:
    """Publish the kept tasks, oldest first, deleting each batch once sent; stop at the first
    failure (the broker is still down). Return how many were sent. Rows are taken FOR UPDATE
    SKIP LOCKED, so concurrent flushes never send one twice."""
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(PendingTask.objects.select_for_update(skip_locked=True)[:FLUSH_BATCH])
            if not rows:
                return sent
            done: list[int] = []
            try:
                for row in rows:
                    current_app.send_task(
                        row.name, args=row.args, kwargs=row.kwargs, queue=row.queue or None
                    )
                    done.append(row.pk)
            except BrokerUnavailable as error:
                log_outage("broker", error, "(outbox flush)")
                PendingTask.objects.filter(pk__in=done).delete()
                return sent + len(done)
            PendingTask.objects.filter(pk__in=done).delete()
            sent += len(done)
