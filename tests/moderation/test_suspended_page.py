"""A suspended member's log-in on the page (PRODUCT.md "Standing and appeals": told why at
login, one appeal per sanction): the right password leads to the reason and the appeal form,
never to a session; a wrong password, a deactivation, a forged or expired marker and a second
appeal are refused with nothing written."""

import time
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.auth import SUSPENSION_MARKER_KEY, SUSPENSION_MARKER_SALT
from accounts.models import User
from moderation import services
from moderation.views import MARKER_EXPIRED
from standing import services as standing_services
from standing.models import Appeal, AppealStatus, Sanction
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SUSPENDED = "/accounts/suspended/"
FORM = 'name="text"'


def log_in(client: Client, member: User, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": member.email, "password": password})


def suspend(member: User, moderator: User, reason: str = "Fake profile photos") -> Sanction:
    return services.member_suspend_directly(moderator=moderator, member_id=member.pk, reason=reason)


def appeals() -> list[tuple[Any, ...]]:
    return sorted(Appeal.objects.values_list("pk", "sanction_id", "status", "text"))


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session or client.get(reverse("settings")).status_code == 200


def test_the_url_is_the_named_route() -> None:
    assert reverse("moderation:suspended") == SUSPENDED


def test_the_right_password_shows_why_and_the_form_without_logging_in(
    member: User, moderator: User
) -> None:
    suspend(member, moderator)
    client = Client()
    response = log_in(client, member)
    assert response.status_code == 302 and response["Location"] == SUSPENDED
    page = client.get(SUSPENDED)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Your account is suspended" in body and "Reason: Fake profile photos" in body
    assert "Suspended since" in body and FORM in body
    assert not logged_in(client)


def test_the_appeal_is_received_then_pending_upheld_on_later_log_ins(
    member: User, moderator: User, second_moderator: User
) -> None:
    sanction = suspend(member, moderator)
    client = Client()
    log_in(client, member)
    sent = client.post(SUSPENDED, {"text": "These are my own photos."}, follow=True)
    body = sent.content.decode()
    assert "We received your appeal" in body and "is pending" in body and FORM not in body
    assert appeals() == [
        (Appeal.objects.get().pk, sanction.pk, AppealStatus.PENDING, "These are my own photos.")
    ]
    assert not logged_in(client)

    later = Client()
    log_in(later, member)
    body = later.get(SUSPENDED).content.decode()
    assert "is pending" in body and FORM not in body and "Fake profile photos" in body

    services.appeal_decide(
        moderator=second_moderator, appeal_id=Appeal.objects.get().pk, decision="upheld"
    )
    again = Client()
    log_in(again, member)
    body = again.get(SUSPENDED).content.decode()
    assert "upheld the suspension" in body and FORM not in body


def test_lifted_by_another_moderator_lets_them_log_in(
    member: User, moderator: User, second_moderator: User
) -> None:
    suspend(member, moderator)
    client = Client()
    log_in(client, member)
    client.post(SUSPENDED, {"text": "These are my own photos."})
    appeal = Appeal.objects.get()
    services.appeal_decide(moderator=second_moderator, appeal_id=appeal.pk, decision="lifted")
    body = client.get(SUSPENDED).content.decode()
    assert "Your suspension was lifted" in body and "Your appeal was accepted" in body
    response = log_in(client, member)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert logged_in(client)


def test_a_wrong_password_reveals_nothing(member: User, moderator: User) -> None:
    suspend(member, moderator)
    client = Client()
    response = log_in(client, member, password="not-the-password")
    body = response.content.decode()
    assert response.status_code == 200 and "Fake profile photos" not in body
    assert "suspended" not in body.lower()
    page = client.get(SUSPENDED).content.decode()
    assert "Fake profile photos" not in page and FORM not in page
    refused = client.post(SUSPENDED, {"text": "Let me in"})
    assert refused.status_code == 400 and MARKER_EXPIRED in refused.content.decode()
    assert appeals() == []


def test_a_wrong_password_after_the_right_one_drops_the_marker(
    member: User, moderator: User
) -> None:
    suspend(member, moderator)
    client = Client()
    log_in(client, member)
    log_in(client, member, password="not-the-password")
    refused = client.post(SUSPENDED, {"text": "Let me in"})
    assert refused.status_code == 400 and MARKER_EXPIRED in refused.content.decode()
    assert appeals() == []


def test_a_member_deactivated_by_an_administrator_gets_no_form(
    member: User, moderator: User
) -> None:
    account_services.member_deactivate(member=member, by=moderator)
    client = Client()
    response = log_in(client, member)
    body = response.content.decode()
    assert response.status_code == 403 and "An administrator deactivated" in body
    assert FORM not in body
    assert FORM not in client.get(SUSPENDED).content.decode()
    assert client.post(SUSPENDED, {"text": "Why?"}).status_code == 400
    assert appeals() == []


@pytest.mark.parametrize(
    "marker",
    [
        "forged:value",
        signing.dumps({"member": "1"}, salt=SUSPENSION_MARKER_SALT),
        signing.dumps([1], salt=SUSPENSION_MARKER_SALT),
        12,
    ],
)
def test_a_forged_marker_is_a_form_error(member: User, moderator: User, marker: object) -> None:
    suspend(member, moderator)
    client = Client()
    session = client.session
    session[SUSPENSION_MARKER_KEY] = marker
    session.save()
    refused = client.post(SUSPENDED, {"text": "Let me in"})
    assert refused.status_code == 400 and MARKER_EXPIRED in refused.content.decode()
    assert FORM not in refused.content.decode()
    assert appeals() == []


def test_a_marker_signed_for_another_purpose_is_refused(member: User, moderator: User) -> None:
    suspend(member, moderator)
    client = Client()
    session = client.session
    session[SUSPENSION_MARKER_KEY] = signing.dumps({"member": member.pk}, salt="another-salt")
    session.save()
    refused = client.post(SUSPENDED, {"text": "Let me in"})
    assert refused.status_code == 400 and MARKER_EXPIRED in refused.content.decode()
    assert appeals() == []


def test_an_expired_marker_is_a_form_error(member: User, moderator: User, monkeypatch) -> None:
    suspend(member, moderator)
    client = Client()
    with monkeypatch.context() as past:
        gone = int(time.time()) - 30 * 60 - 5
        past.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(gone))
        log_in(client, member)
    refused = client.post(SUSPENDED, {"text": "Let me in"})
    assert refused.status_code == 400 and MARKER_EXPIRED in refused.content.decode()
    assert appeals() == []


def test_a_second_appeal_is_refused(member: User, moderator: User) -> None:
    suspend(member, moderator)
    standing_services.suspension_appeal_create(member=member, text="First")
    before = appeals()
    client = Client()
    log_in(client, member)
    refused = client.post(SUSPENDED, {"text": "Second"})
    assert refused.status_code == 409
    assert "already appealed" in refused.content.decode()
    assert appeals() == before


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_the_text_is_checked_as_every_appeal(member: User, moderator: User, text: str) -> None:
    suspend(member, moderator)
    client = Client()
    log_in(client, member)
    refused = client.post(SUSPENDED, {"text": text})
    assert refused.status_code == 400 and FORM in refused.content.decode()
    assert 'aria-invalid="true"' in refused.content.decode()
    assert appeals() == []


def test_the_form_needs_the_csrf_token(member: User, moderator: User) -> None:
    suspend(member, moderator)
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("account_login"))
    token = page.cookies["csrftoken"].value
    client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert client.post(SUSPENDED, {"text": "No token"}).status_code == 403
    assert appeals() == []


def test_without_a_marker_the_page_asks_to_log_in() -> None:
    page = Client().get(SUSPENDED)
    assert page.status_code == 200
    assert "Log in to see why" in page.content.decode()
    assert FORM not in page.content.decode()


def test_the_page_and_the_api_refuse_a_second_appeal_alike(member: User, moderator: User) -> None:
    suspend(member, moderator)
    standing_services.suspension_appeal_create(member=member, text="First")
    before = appeals()
    client = Client()
    log_in(client, member)
    page = client.post(SUSPENDED, {"text": "Second"})
    api = APIClient().post(
        reverse("api:suspension-appeal"),
        {"email": member.email, "password": PASSWORD, "text": "Second"},
        format="json",
    )
    assert (page.status_code, api.status_code) == (409, 409)
    assert api.json()["code"] == "appeal_exists"
    assert escape(api.json()["detail"]) in page.content.decode()
    assert appeals() == before
