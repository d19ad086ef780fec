"""The write side of the graph: who is connected to whom.

A connection is stored as two directed rows (a→b and b→a) so that "my connections" and every
degree query are a plain index range scan on (member, other); the services always write and
delete both rows in one transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Connection(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections"
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "other"], name="connections_connection_one_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("other")), name="connections_connection_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["other", "member"], name="connections_connection_rev_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} — {self.other_id}"
