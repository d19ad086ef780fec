"""Download your data: one archive per request, built in the background, downloadable by its
member alone until it expires (DATA_EXPORT_LINK_DAYS)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Being built"
    READY = "ready", "Ready to download"
    EXPIRED = "expired", "Expired (the file is deleted)"
    FAILED = "failed", "Failed"


class DataExport(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    # The name in the default storage: random, under exports/, never served as a media URL
    # (config/urls.py keeps exports/ out of /media/); the download view checks the member.
    file_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One export at a time, whatever the interleaving of requests.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="exports_dataexport_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(expires_at__isnull=False) & ~Q(file_name="")),
                name="exports_dataexport_ready_has_file",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="exports_member_recent_idx"),
            models.Index(
                fields=["expires_at"],
                condition=Q(status="ready"),
                name="exports_ready_expiry_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Export {self.pk} of {self.member_id} ({self.status})"

    def is_downloadable(self) -> bool:
        return (
            self.status == ExportStatus.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )

    @property
    def shown_status(self) -> str:
        """What the member is told: ready until it expires (even before the purge runs);
        a failed build reads as expired (there is nothing to download: ask again)."""
        if self.status == ExportStatus.READY and not self.is_downloadable():
            return ExportStatus.EXPIRED
        if self.status == ExportStatus.FAILED:
            return ExportStatus.EXPIRED
        return self.status
