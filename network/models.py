"""Read-side state of the graph: what a member chose not to be suggested."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SuggestionDismissal(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dismissed_suggestions"
    )
    dismissed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "dismissed"], name="network_dismissal_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("dismissed")), name="network_dismissal_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} dismissed {self.dismissed_id}"
