"""Hostile input (issue 16, docs/reliability.md): bad bodies, ids and paths answer the API's
error shape, never a 500 and never an HTML page, whatever DEBUG says."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import Profile, User
from tests.helpers import assert_error, url

ROOT = Path(__file__).resolve().parent.parent
DATABASE_ID_MAX = 2**63 - 1  # PostgreSQL's bigint
BEYOND_BIGINT = 2**64 + 1
DEPTH = 100_000  # about 200 KB of brackets: far past the stdlib parser's recursion limit


# --- 1. JSON depth and size -------------------------------------------------------------------


def _json_response(client: APIClient, method: str, path: str, body: str):
    return getattr(client, method)(path, data=body, content_type="application/json")


@pytest.mark.django_db
def test_deeply_nested_json_body_is_a_400(api: APIClient) -> None:
    body = "[" * DEPTH + "]" * DEPTH
    response = _json_response(api, "post", url("register"), body)
    assert_error(response, 400, "invalid")


@pytest.mark.django_db
def test_deeply_nested_json_inside_a_field_is_a_400(member_api: APIClient) -> None:
    body = '{"headline": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}"
    response = _json_response(member_api, "patch", url("me"), body)
    assert_error(response, 400, "invalid")


@pytest.mark.django_db
def test_brackets_inside_strings_do_not_count_as_nesting(member_api: APIClient) -> None:
    response = member_api.patch(url("me"), {"headline": "[[[[" * 50 + '"\\"{{{{'}, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_json_body_over_the_size_limit_is_a_413(member_api: APIClient, settings) -> None:
    settings.API_JSON_MAX_BYTES = 1000
    response = member_api.patch(url("me"), {"summary": "x" * 2000}, format="json")
    assert_error(response, 413, "too_large")


# --- 2. Path ids beyond the database's range ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member_id", [DATABASE_ID_MAX + 1, BEYOND_BIGINT, 10**30])
def test_id_beyond_bigint_is_a_404(member_api: APIClient, member_id: int) -> None:
    for method, path in [
        ("delete", f"/api/v1/connections/{member_id}"),
        ("get", f"/api/v1/members/{member_id}"),
        ("get", f"/api/v1/members/{member_id}/connections"),
        ("post", f"/api/v1/invitations/{member_id}/accept"),
        ("get", f"/api/v1/conversations/{member_id}/messages"),
        ("get", f"/api/v1/groups/{member_id}/posts/{member_id}/comments"),
    ]:
        response = getattr(member_api, method)(path)
        assert_error(response, 404, "not_found")


@pytest.mark.django_db
def test_largest_bigint_id_is_a_plain_miss(member_api: APIClient) -> None:
    response = member_api.delete(f"/api/v1/connections/{DATABASE_ID_MAX}")
    assert response.status_code == 404  # the service's own miss (`member_not_found`)


def test_path_ids_are_documented_as_integers() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameter = next(
        p for p in schema["paths"]["/api/v1/connections/{member_id}"]["delete"]["parameters"]
    )
    assert parameter["schema"]["type"] == "integer"
    assert parameter["schema"]["maximum"] == DATABASE_ID_MAX


# --- 3. Every account has a profile -------------------------------------------------------------


@pytest.mark.django_db
def test_createsuperuser_makes_a_member_with_a_profile(
    member_api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-staff-password-2026")
    call_command(
        "createsuperuser",
        interactive=False,
        email="Staff@Example.com",
        first_name="Sam",
        last_name="Staffer",
        verbosity=0,
    )
    staff = User.objects.get(email="staff@example.com")
    assert staff.is_staff and staff.is_superuser
    assert Profile.objects.filter(member=staff).exists()

    assert member_api.get(url("search-people"), {"q": "Staffer"}).status_code == 200
    assert member_api.get(url("search-typeahead"), {"q": "Sam"}).status_code == 200
    assert member_api.get(url("member", member_id=staff.pk)).status_code == 200


@pytest.mark.django_db
def test_create_user_makes_a_profile_too() -> None:
    created = User.objects.create_user("plain@example.com", "x", first_name="P", last_name="Q")
    assert Profile.objects.filter(member=created).exists()


# --- 4. The error shape does not depend on DEBUG ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/members/abc", "/api/v1/no-such-endpoint", "/api/v2/me", "/api/v1/members/1/x"]
)
def test_unmatched_api_path_is_a_json_404_under_debug(
    member_api: APIClient, settings, path: str
) -> None:
    settings.DEBUG = True
    for method in ("get", "post", "delete"):
        response = getattr(member_api, method)(path)
        assert response["Content-Type"] == "application/json"
        assert_error(response, 404, "not_found")


@pytest.mark.django_db
def test_unmatched_api_path_is_a_json_404_without_debug(member_api: APIClient) -> None:
    assert_error(member_api.get("/api/v1/members/abc"), 404, "not_found")


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_oversize_multipart_body_is_a_413(member_api: APIClient, settings, debug: bool) -> None:
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = member_api.patch(url("me"), {"summary": "x" * 5000}, format="multipart")
    assert response["Content-Type"] == "application/json"
    assert_error(response, 413, "too_large")


@pytest.mark.django_db
def test_pages_keep_their_html_404(client, settings) -> None:
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- 5. The schema says what the API answers ----------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/connections",
        "/api/v1/conversations",
        "/api/v1/groups",
        "/api/v1/invitations/preflight",
        "/api/v1/members/{member_id}/connections",
    ],
)
def test_schema_documents_the_400_of_a_bad_query(schema: dict, path: str) -> None:
    assert "400" in schema["paths"][path]["get"]["responses"]


def test_schema_documents_suggestions_as_a_page(schema: dict) -> None:
    content = schema["paths"]["/api/v1/network/suggestions"]["get"]["responses"]["200"]["content"]
    reference = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    page = schema["components"]["schemas"][reference]
    assert page["type"] == "object"
    assert {"results", "next", "previous"} <= set(page["properties"])
    assert page["properties"]["results"]["type"] == "array"


@pytest.mark.django_db
def test_suggestions_answer_the_documented_page(member_api: APIClient) -> None:
    response = member_api.get(url("suggestions"))
    assert response.status_code == 200
    assert set(response.json()) == {"results", "next", "previous"}


@pytest.mark.django_db
def test_over_long_q_answers_the_documented_400(member_api: APIClient) -> None:
    for name in ("connections", "conversations", "groups"):
        assert_error(member_api.get(url(name), {"q": "x" * 5000}), 400, "invalid")
    assert_error(member_api.get(url("invitation-preflight")), 400, "invalid")


# --- 6. Database connections per environment ----------------------------------------------------


def _database_settings(module: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "CONN_MAX_AGE"}
    env.update(
        {"DJANGO_SETTINGS_MODULE": module, "SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "e.com"}
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_development_server_closes_connections_after_each_request() -> None:
    assert _database_settings("config.settings.local") == "0 True"


def test_production_keeps_persistent_checked_connections() -> None:
    assert _database_settings("config.settings.production") == "60 True"


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["DÃ%\x97Aø¢µ𢷛é¾", "¾", "ana ½ si", "x'y"])
def test_typeahead_with_characters_unaccent_splits_is_a_200(member_api: APIClient, q: str) -> None:
    """Found by schemathesis: unaccent turns ¾ into " 3/4", and the bare prefix query built
    from it was a tsquery syntax error (500)."""
    response = member_api.get(url("search-typeahead"), {"q": q})
    assert response.status_code == 200, response.content
