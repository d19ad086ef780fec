"""The one table of the shared kernel: tasks whose publishing failed (core.outbox)."""

from django.db import models


class PendingTask(models.Model):
    """A Celery task that could not be handed to the broker (it was down): sent again, in
    order, by core.outbox.outbox_flush. Tasks take ids and are idempotent, so a row sent twice
    (the broker took it, the delete did not commit) does its work once."""

    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    queue = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}{tuple(self.args)}"
