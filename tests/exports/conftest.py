"""Exports fixtures: storage in a temporary folder, reading an archive, the refused check."""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage

from core.exceptions import DomainError
from exports import services
from exports.models import DataExport
from notifications.models import Notification


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


class Archive:
    """An export's ZIP, read back: its file names, the JSON documents and the CSV rows."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    @property
    def names(self) -> set[str]:
        return set(self.zip.namelist())

    def json(self, name: str) -> Any:
        return json.loads(self.zip.read(name))

    def rows(self, name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.zip.read(name).decode("utf-8"))))


def archive_of(export: DataExport) -> Archive:
    export.refresh_from_db()
    with default_storage.open(export.file_name, "rb") as stored:
        return Archive(stored.read())


def built_archive(member: Any) -> Archive:
    """Request and build the member's export through the services; return its archive."""
    export = services.data_export_request(member=member)
    assert services.data_export_build(export_id=export.pk)
    return archive_of(export)


def export_state() -> tuple[object, ...]:
    return (
        sorted(DataExport.objects.values_list("pk", "member_id", "status", "file_name")),
        Notification.objects.count(),
    )


@pytest.fixture
def refused(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Assert a call raises the given error and leaves no trace (rows, tasks)."""

    @contextmanager
    def _refused(error: type[DomainError]) -> Iterator[None]:
        before = export_state()
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(error):
            yield
        assert export_state() == before
        assert callbacks == []

    return _refused
