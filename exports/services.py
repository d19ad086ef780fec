"""Download your data: request an archive (one at a time), build it in the background, tell
the member, and delete it when its link expires."""

import logging
import secrets
import tempfile
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from exports.archive import write_archive
from exports.exceptions import ExportInProgress
from exports.models import DataExport, ExportStatus
from notifications.models import NotificationKind
from notifications.services import notify

logger = logging.getLogger(__name__)
ORPHAN_AGE = timedelta(hours=1)


def data_export_request(*, member: User) -> DataExport:
    """Start building the member's archive; queue the build after commit.

    Raises ExportInProgress while an export of theirs is pending (the database's partial
    unique index decides, so two requests at once make one export).
    """
    from exports.tasks import build_data_export_task

    try:
        with transaction.atomic():
            export = DataExport.objects.create(member=member)
            transaction.on_commit(partial(build_data_export_task.delay, export.pk))
    except IntegrityError as error:
        raise ExportInProgress from error
    return export


def _link_lifetime() -> timedelta:
    return timedelta(days=settings.DATA_EXPORT_LINK_DAYS)


def data_export_build(*, export_id: int) -> bool:
    """Build a pending export into the default storage, mark it ready and tell the member (in
    the app and by email, in the same transaction); return True when this call made it ready.

    Safe to run twice: the file is written under a fresh random name first, and only the run
    that finds the export still pending under its lock keeps its file.
    """
    export = DataExport.objects.select_related("member").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.PENDING:
        return False
    generated_at = timezone.now()
    name = f"exports/{export.member_id}/{secrets.token_urlsafe(32)}.zip"
    with tempfile.TemporaryFile() as scratch:
        write_archive(export.member, scratch, generated_at=generated_at)
        size = scratch.tell()
        scratch.seek(0)
        stored = default_storage.save(name, File(scratch, name=name))
    with transaction.atomic():
        locked = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if locked is None or locked.status != ExportStatus.PENDING:
            transaction.on_commit(partial(default_storage.delete, stored))
            return False
        now = timezone.now()
        locked.status = ExportStatus.READY
        locked.file_name = stored
        locked.size_bytes = size
        locked.ready_at = now
        locked.expires_at = now + _link_lifetime()
        locked.save(update_fields=["status", "file_name", "size_bytes", "ready_at", "expires_at"])
        notify(
            recipient_id=locked.member_id,
            kind=NotificationKind.DATA_EXPORT_READY,
            text=(
                f"Your data export is ready to download for {settings.DATA_EXPORT_LINK_DAYS} days."
            ),
            dedupe_key=f"data_export:{locked.pk}",
            link=reverse("exports:page"),
        )
    return True


def data_export_fail(*, export_id: int) -> bool:
    """Mark a pending export failed (its build gave up), so the member may ask again."""
    return bool(
        DataExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
            status=ExportStatus.FAILED
        )
    )


def data_exports_expire(*, now: datetime | None = None) -> int:
    """Delete the files of ready exports past their expiry and mark them expired; return how
    many. Each is marked first, then its file deleted, so a download never finds a half."""
    now = now or timezone.now()
    expired = 0
    due = DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now)
    for export_id, file_name in due.values_list("pk", "file_name").iterator(chunk_size=500):
        changed = DataExport.objects.filter(pk=export_id, status=ExportStatus.READY).update(
            status=ExportStatus.EXPIRED, file_name=""
        )
        if changed:
            try:
                default_storage.delete(file_name)
            except OSError:
                logger.exception("Deleting export file %s failed", file_name)
            expired += 1
    return expired


def export_files_sweep(*, now: datetime | None = None) -> int:
    """Delete stored archives no ready export names (a deleted member's, a build that lost a
    race or crashed before its commit) once they are an hour old; return how many.

    The hour keeps a build that has saved its file but not yet committed safe from the sweep.
    """
    now = now or timezone.now()
    if not default_storage.exists("exports"):
        return 0
    kept = set(
        DataExport.objects.filter(status=ExportStatus.READY).values_list("file_name", flat=True)
    )
    deleted = 0
    for folder in default_storage.listdir("exports")[0]:
        for file in default_storage.listdir(f"exports/{folder}")[1]:
            name = f"exports/{folder}/{file}"
            if name in kept or default_storage.get_modified_time(name) > now - ORPHAN_AGE:
                continue
            default_storage.delete(name)
            deleted += 1
    return deleted
