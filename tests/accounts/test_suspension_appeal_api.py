"""`POST /api/v1/auth/appeal`: a suspended member, who cannot get a token, appeals the
suspension with the password; every code, the lockout shared with `auth/token`, the
moderators' queue and a lift that lets them log in again."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import User
from moderation import services as moderation_services
from standing import services as standing_services
from standing.models import Appeal, AppealStatus, Sanction, SanctionKind
from tests.factories import PASSWORD, UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db: None) -> User:
    return UserFactory.create(first_name="Mona", is_staff=True)


@pytest.fixture
def second_moderator(db: None) -> User:
    return UserFactory.create(first_name="Otto", is_staff=True)


@pytest.fixture
def suspended(member: User, moderator: User) -> Sanction:
    return moderation_services.member_suspend_directly(
        moderator=moderator, member_id=member.pk, reason="Fake profile photos"
    )


def appeal(api: APIClient, member: User, password: str = PASSWORD, **body: Any) -> Any:
    data = {"email": member.email, "password": password, "text": "My own photos.", **body}
    return api.post(url("suspension-appeal"), data, format="json")


def appeals() -> list[tuple[Any, ...]]:
    return sorted(Appeal.objects.values_list("pk", "sanction_id", "status", "text"))


def staff(member: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_created_then_the_token_is_still_refused(
    api: APIClient, member: User, suspended: Sanction
) -> None:
    response = appeal(api, member, text="  My own photos.  ")
    assert response.status_code == 201, response.content
    created = Appeal.objects.get()
    assert response.json() == {"id": created.pk, "status": "pending"}
    assert (created.sanction_id, created.text) == (suspended.pk, "My own photos.")
    token = api.post(url("token"), {"email": member.email, "password": PASSWORD})
    body = assert_error(token, 403, "account_suspended")
    assert body["detail"] == "Your account is suspended. Reason: Fake profile photos"


def test_the_email_is_matched_as_at_log_in(
    api: APIClient, member: User, suspended: Sanction
) -> None:
    response = appeal(api, member, email=f"  {member.email.upper()} ")
    assert response.status_code == 201, response.content


def test_a_second_appeal_is_a_conflict(api: APIClient, member: User, suspended: Sanction) -> None:
    appeal(api, member)
    before = appeals()
    assert_error(appeal(api, member, text="Again"), 409, "appeal_exists")
    assert appeals() == before


def test_a_wrong_password_or_an_unknown_email_tells_nothing(
    api: APIClient, member: User, suspended: Sanction
) -> None:
    body = assert_error(appeal(api, member, password="not-it-at-all"), 401, "invalid_credentials")
    assert "suspend" not in body["detail"].lower()
    stranger = User(email="nobody@example.com")
    assert_error(appeal(api, stranger), 401, "invalid_credentials")
    assert appeals() == []


def test_wrong_passwords_count_towards_the_lockout_of_auth_token(
    api: APIClient, member: User, suspended: Sanction, settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert_error(appeal(api, member, password="not-it-at-all"), 401, "invalid_credentials")
    locked = appeal(api, member, password="not-it-at-all")
    assert_error(locked, 429, "login_locked")
    assert int(locked["Retry-After"]) > 0
    # Even the right password, here and at auth/token.
    assert_error(appeal(api, member), 429, "login_locked")
    token = api.post(url("token"), {"email": member.email, "password": PASSWORD})
    assert_error(token, 429, "login_locked")
    assert appeals() == []


def test_a_member_in_good_standing_has_nothing_to_appeal(api: APIClient, member: User) -> None:
    assert_error(appeal(api, member), 409, "not_suspended")
    assert appeals() == []


def test_a_restricted_member_uses_me_appeals(api: APIClient, member: User, moderator: User) -> None:
    standing_services.sanction_create(
        member=member, kind=SanctionKind.RESTRICTION, actions=["post"], reason="x", by=moderator
    )
    assert_error(appeal(api, member), 409, "not_suspended")
    assert appeals() == []


def test_a_member_deactivated_by_an_administrator_has_nothing_to_appeal(
    api: APIClient, member: User, moderator: User
) -> None:
    account_services.member_deactivate(member=member, by=moderator)
    assert_error(appeal(api, member), 409, "not_suspended")
    assert appeals() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": None}, "text"),
        ({"email": "not-an-email"}, "email"),
        ({"password": ""}, "password"),
    ],
)
def test_bad_input(
    api: APIClient, member: User, suspended: Sanction, body: dict[str, Any], field: str
) -> None:
    response = appeal(api, member, **body)
    error = assert_error(response, 400, "invalid")
    assert field in error["fields"]
    assert appeals() == []


def test_in_the_queue_another_moderator_lifts_it_and_the_member_logs_in(
    api: APIClient,
    member: User,
    suspended: Sanction,
    moderator: User,
    second_moderator: User,
) -> None:
    created = appeal(api, member).json()
    queue = staff(second_moderator).get(url("moderation-appeals")).json()["results"]
    assert [(item["id"], item["member"], item["sanction"]["kind"]) for item in queue] == [
        (created["id"], member.pk, SanctionKind.SUSPENSION)
    ]
    decide = url("moderation-appeal-decide", appeal_id=created["id"])
    same = staff(moderator).post(decide, {"decision": "lifted"}, format="json")
    assert_error(same, 403, "same_moderator")
    assert Appeal.objects.get().status == AppealStatus.PENDING
    done = staff(second_moderator).post(decide, {"decision": "lifted", "note": "Real"})
    assert done.status_code == 200 and done.json()["status"] == "lifted"
    token = api.post(url("token"), {"email": member.email, "password": PASSWORD})
    assert token.status_code == 200 and token.json()["access"]
    browser = Client()
    page = browser.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert page.status_code == 302 and page["Location"] == "/"
    assert_error(appeal(api, member, text="Again"), 409, "not_suspended")


def test_in_the_schema(api: APIClient) -> None:
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/auth/appeal"]["post"]
    assert {"201", "400", "401", "409", "429"} <= set(operation["responses"])
