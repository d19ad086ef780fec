"""Run the Celery work the demo seed queues in this process, once the seed is written.

The seed acts through the product's services, which queue tasks after commit (notifications,
the note of an accepted invitation opening a conversation). No worker may be running yet
(`./scripts/start` starts one after seeding, a test never does), so `tasks_run_here()` takes the
tasks' messages instead of sending them and runs each in this process at the end of the block,
with whatever they queue in turn. Emails and the graph's fan-out are left out: the demo mails
nobody, and the seed forgets the graph cache as a whole afterwards.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery, current_app

# Task-name prefixes that are not run: mail, and the graph cache's own bookkeeping.
SKIPPED = (
    "notifications.tasks.send_notification_email_task",
    "messaging.tasks.send_message_digest",
    "graphcache.tasks.",
    "feed.tasks.fetch_link_preview_task",
)


class _HeldCelery(Celery):
    """A Celery app that keeps every message in `held` instead of sending it."""

    def __init__(self) -> None:
        super().__init__("devtools-demo", set_as_current=False)
        self.held: deque[tuple[str, tuple[Any, ...], dict[str, Any]]] = deque()

    def send_task(self, name: str, args: Any = None, kwargs: Any = None, **options: Any) -> None:  # type: ignore[override]
        self.held.append((name, tuple(args or ()), dict(kwargs or {})))


@contextmanager
def tasks_run_here() -> Iterator[None]:
    """Hold the tasks queued in the block, then run them here (and what they queue)."""
    app = _HeldCelery()
    app.finalize()  # register the shared tasks on this app
    restore = current_app.set_current  # the app current until now, bound before the switch
    app.set_current()
    trace = logging.getLogger("celery.app.trace")  # a line per task: hundreds of them
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        yield
        while app.held:
            name, args, kwargs = app.held.popleft()
            if not name.startswith(SKIPPED):
                app.tasks[name].apply(args=args, kwargs=kwargs, throw=True)
    finally:
        trace.setLevel(level)
        restore()
