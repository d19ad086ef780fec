"""Download your data through the API and the pages: request (202, 409), the latest export
with its download URL, the download for its member alone (404 to anyone else, once expired,
for a bad id), login, and constant queries."""

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from exports import services
from exports.models import DataExport
from tests.exports.conftest import export_state
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


def ready_export(member: User) -> DataExport:
    export = services.data_export_request(member=member)
    services.data_export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def test_post_starts_an_export(
    member_api: APIClient, member: User, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = member_api.post(url("me-export"))
    assert response.status_code == 202
    export = DataExport.objects.get(member=member)
    assert response.json() == {"id": export.pk, "status": "pending"}
    assert len(callbacks) == 1


def test_post_while_one_is_pending_is_409(member_api: APIClient, member: User):
    services.data_export_request(member=member)
    before = export_state()
    assert_error(member_api.post(url("me-export")), 409, "export_in_progress")
    assert export_state() == before


def test_get_before_any_export_is_404(member_api: APIClient):
    assert_error(member_api.get(url("me-export")), 404, "not_found")


def test_get_shows_pending_then_ready_then_expired(member_api: APIClient, member: User):
    export = services.data_export_request(member=member)
    body = member_api.get(url("me-export")).json()
    assert body["id"] == export.pk
    assert (body["status"], body["download_url"], body["expires_at"]) == ("pending", None, None)
    services.data_export_build(export_id=export.pk)
    body = member_api.get(url("me-export")).json()
    assert body["status"] == "ready"
    assert body["download_url"] == f"http://testserver/api/v1/me/export/{export.pk}/download"
    assert body["expires_at"]
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(1))
    body = member_api.get(url("me-export")).json()
    assert (body["status"], body["download_url"]) == ("expired", None)


def test_download_for_its_member(member_api: APIClient, member: User):
    export = ready_export(member)
    response = member_api.get(url("me-export-download", export_id=export.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(BytesIO(response.getvalue()))
    assert "profile.json" in archive.namelist()


def test_download_is_404_to_anyone_else_and_once_expired(
    member_api: APIClient, member: User, other: User, api: APIClient
):
    theirs = ready_export(other)
    assert_error(member_api.get(url("me-export-download", export_id=theirs.pk)), 404, "not_found")
    assert_error(member_api.get(url("me-export-download", export_id=10**12)), 404, "not_found")
    mine = ready_export(member)
    DataExport.objects.filter(pk=mine.pk).update(expires_at=timezone.now())
    assert_error(member_api.get(url("me-export-download", export_id=mine.pk)), 404, "not_found")
    assert api.get(url("me-export-download", export_id=theirs.pk)).status_code == 401
    assert api.get(url("me-export")).status_code == 401
    assert api.post(url("me-export")).status_code == 401


def test_bad_ids_are_404_not_500(member_api: APIClient):
    for bad in ["abc", "-1", "99999999999999999999999", "1.5"]:
        response = member_api.get(f"/api/v1/me/export/{bad}/download")
        assert response.status_code == 404


def test_the_stored_file_is_not_a_public_media_url(client: Client, member: User):
    export = ready_export(member)
    assert client.get(f"/media/{export.file_name}").status_code == 404
    client.force_login(member)
    assert client.get(f"/media/{export.file_name}").status_code == 404
    assert client.get(f"/media/photos/../{export.file_name}").status_code == 404
    assert client.get(f"/media//{export.file_name}").status_code == 404


@pytest.mark.parametrize("exports", [1, 6])
def test_get_query_count_is_constant(
    member_api: APIClient, member: User, django_assert_num_queries, exports: int
):
    for _ in range(exports):
        ready_export(member)
    with django_assert_num_queries(1):
        assert member_api.get(url("me-export")).status_code == 200


# --- the settings page ---


def test_page_requests_then_downloads(
    client: Client, member: User, django_capture_on_commit_callbacks
):
    client.force_login(member)
    page = client.get(reverse("exports:page"))
    assert b"You have not asked for an archive yet" in page.content
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("exports:request"), follow=True)
    assert b"Your archive is being built" in response.content
    assert b"Request a new archive" not in response.content
    assert len(callbacks) == 1
    again = client.post(reverse("exports:request"), follow=True)
    assert b"already being built" in again.content
    assert DataExport.objects.filter(member=member).count() == 1
    export = DataExport.objects.get(member=member)
    services.data_export_build(export_id=export.pk)
    page = client.get(reverse("exports:page"))
    download = reverse("exports:download", args=[export.pk])
    assert download.encode() in page.content
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def test_page_download_is_404_to_another_member(client: Client, member: User, other: User):
    export = ready_export(other)
    client.force_login(member)
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404


def test_pages_need_login(client: Client, member: User):
    export = ready_export(member)
    for path in [reverse("exports:page"), reverse("exports:download", args=[export.pk])]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("exports:request")).status_code == 302
    assert not DataExport.objects.exclude(pk=export.pk).exists()


def test_request_refuses_get(client: Client, member: User):
    client.force_login(member)
    assert client.get(reverse("exports:request")).status_code == 405


def test_page_and_api_refuse_a_second_export_with_the_same_reason(
    client: Client, member_api: APIClient, member: User
):
    services.data_export_request(member=member)
    before = export_state()
    body = assert_error(member_api.post(url("me-export")), 409, "export_in_progress")
    client.force_login(member)
    page = client.post(reverse("exports:request"), follow=True)
    assert body["detail"].encode() in page.content
    assert export_state() == before


def test_other_media_is_still_served(client: Client):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("photos/hello.txt", ContentFile(b"hello"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"  # type: ignore[attr-defined]
