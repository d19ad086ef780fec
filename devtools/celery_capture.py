"""Celery messages kept in a list instead of sent, for benchmarks that run no worker.

`tasks_recorded()` makes a `RecordingCelery` app the current Celery app of this thread for the
block: the product's shared tasks (`task.delay`, `apply_async`) and `current_app.send_task` all
end in the current app's `send_task`, which here records the task's name and arguments and
sends nothing. The benchmark then runs what it wants to time of them itself (or nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery, current_app


class RecordingCelery(Celery):
    """A Celery app whose messages go to `sent` as (task name, args), never to a broker."""

    def __init__(self) -> None:
        super().__init__("devtools-recording", set_as_current=False)
        self.sent: list[tuple[str, Any]] = []

    def send_task(self, name: str, args: Any = None, kwargs: Any = None, **options: Any) -> None:  # type: ignore[override]
        self.sent.append((name, args))


@contextmanager
def tasks_recorded() -> Iterator[list[tuple[str, Any]]]:
    """Record, instead of sending, every Celery message this thread sends in the block."""
    recorder = RecordingCelery()
    recorder.finalize()  # register the shared tasks now, not inside what is timed
    _ = recorder.conf.task_always_eager  # read the configuration now too
    restore = current_app.set_current  # the app current until now, bound before the switch
    recorder.set_current()
    try:
        yield recorder.sent
    finally:
        restore()
