"""Notification preferences: per kind in-app and email, the message digest batched, daily or
off; creation and the email tasks respect them at send time; the settings API and page; every
email's RFC 8058 one-click unsubscribe, used without a session."""

import re
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from messaging import services as messaging_services
from messaging import tasks as messaging_tasks
from messaging.models import MessageDigest
from notifications import preferences, selectors, services
from notifications.models import (
    DigestPreference,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from notifications.tasks import send_notification_email_task
from notifications.unsubscribe import unsubscribe_token
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db
KIND = NotificationKind.INVITATION_RECEIVED


def tell(member: User, key: str = "k", kind: str = KIND) -> Notification | None:
    return services.notify(recipient_id=member.pk, kind=kind, text="Hello", dedupe_key=key)


def set_choice(member: User, kind: str = KIND, **choice: bool) -> None:
    preferences.notification_settings_update(member=member, kinds={kind: choice})


# --- the service ---


def test_defaults_are_on_and_batched(member: User) -> None:
    current = preferences.notification_settings_for(member)
    assert set(current.kinds) == set(NotificationKind.values)
    assert all(choice.in_app and choice.email for choice in current.kinds.values())
    assert current.message_digest == "batched"
    assert not NotificationPreference.objects.exists()


def test_update_changes_only_the_switches_given(member: User, other: User) -> None:
    set_choice(member, email=False)
    set_choice(member, in_app=False)
    set_choice(other, kind=NotificationKind.CAP_WARNING, email=False)
    choice = preferences.choice_for(member.pk, KIND)
    assert (choice.in_app, choice.email) == (False, False)
    assert preferences.choice_for(member.pk, NotificationKind.CAP_WARNING).email
    assert preferences.choice_for(other.pk, KIND).in_app


def test_new_message_email_is_the_digest(member: User) -> None:
    set_choice(member, kind=NotificationKind.NEW_MESSAGE, email=False)
    assert preferences.digest_frequency(member.pk) == "off"
    assert not preferences.email_wanted(member.pk, NotificationKind.NEW_MESSAGE)
    set_choice(member, kind=NotificationKind.NEW_MESSAGE, email=True)
    assert preferences.digest_frequency(member.pk) == "batched"
    preferences.notification_settings_update(member=member, message_digest="daily")
    set_choice(member, kind=NotificationKind.NEW_MESSAGE, email=True)
    assert preferences.digest_frequency(member.pk) == "daily"  # on already: kept


@pytest.mark.parametrize(
    ("kinds", "digest", "field"),
    [
        ({"no_such_kind": {"email": False}}, None, "kinds"),
        ({KIND: {"email": "no"}}, None, "kinds"),
        ({KIND: {"sms": True}}, None, "kinds"),
        ({}, "weekly", "message_digest"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    member: User, kinds: Any, digest: str | None, field: str
) -> None:
    with pytest.raises(preferences.InvalidInput) as raised:
        preferences.notification_settings_update(member=member, kinds=kinds, message_digest=digest)
    assert field in raised.value.fields
    assert not NotificationPreference.objects.exists()
    assert not DigestPreference.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_to_different_switches_both_hold() -> None:
    member = UserFactory.create()
    kinds = [NotificationKind.INVITATION_RECEIVED, NotificationKind.CAP_WARNING]
    calls: list[Callable[[], object]] = [
        partial(set_choice, member, kind=kind, **{channel: False})
        for kind in kinds
        for channel in ["in_app", "email"]
    ]
    assert run_together(calls) == {"ok": 4}
    for kind in kinds:
        assert preferences.choice_for(member.pk, kind) == preferences.Choice(False, False)


# --- creation and sending respect them ---


def test_in_app_off_keeps_it_out_of_the_list_and_the_count(member: User) -> None:
    set_choice(member, in_app=False)
    notification = tell(member)
    assert notification is not None and not notification.in_app
    assert list(selectors.notifications_for(member)) == []
    assert selectors.unread_count(member) == 0
    assert tell(member) is None  # still made once


def test_email_off_queues_no_mail(member: User, django_capture_on_commit_callbacks) -> None:
    set_choice(member, email=False)
    with django_capture_on_commit_callbacks() as callbacks:
        notification = tell(member)
    assert notification is not None and notification.email_state == EmailState.SKIPPED
    assert callbacks == []
    assert selectors.unread_count(member) == 1


def test_email_turned_off_after_queueing_is_not_sent(
    member: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        notification = tell(member)
    assert notification is not None and len(callbacks) == 1
    set_choice(member, email=False)
    assert send_notification_email_task(notification.pk) is False
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SKIPPED
    assert mail.outbox == []


def test_every_notification_email_carries_one_click_unsubscribe(member: User) -> None:
    notification = services.notify(
        recipient_id=member.pk, kind=KIND, text="Bruno invited you", dedupe_key="x", link="/n/"
    )
    assert notification is not None
    assert send_notification_email_task(notification.pk) is True
    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/notifications/unsubscribe/[^>]+/>", link)
    assert link.strip("<>") in email.body
    assert "http://testserver/n/" in email.body  # the page, as an absolute link


# --- the digest ---


def unread_message(member: User, other: User) -> None:
    messaging_services.conversation_start(sender=other, participant_ids=[member.pk], body="Hi")


def test_digest_off_makes_none(member: User, other: User, connect) -> None:
    connect(member, other)
    preferences.notification_settings_update(member=member, message_digest="off")
    unread_message(member, other)
    assert messaging_tasks.send_message_digests_task() == 0
    assert not MessageDigest.objects.exists()


def test_digest_daily_waits_a_day(member: User, other: User, connect) -> None:
    connect(member, other)
    preferences.notification_settings_update(member=member, message_digest="daily")
    unread_message(member, other)
    assert messaging_tasks.send_message_digests_task() == 1
    conversation = messaging_services.conversation_start(
        sender=other, participant_ids=[member.pk], body="Again"
    ).conversation
    assert conversation is not None
    assert messaging_tasks.send_message_digests_task() == 0  # within the day
    MessageDigest.objects.update(created_at=timezone.now() - timedelta(days=1, seconds=1))
    assert messaging_tasks.send_message_digests_task() == 1


def test_digest_turned_off_after_queueing_is_not_sent(member: User, other: User, connect) -> None:
    connect(member, other)
    unread_message(member, other)
    assert messaging_tasks.send_message_digests_task() == 1
    preferences.notification_settings_update(member=member, message_digest="off")
    digest = MessageDigest.objects.get()
    assert messaging_services.message_digest_send(digest_id=digest.pk) is False
    assert mail.outbox == []


def test_the_digest_email_carries_its_unsubscribe(member: User, other: User, connect) -> None:
    connect(member, other)
    unread_message(member, other)
    messaging_tasks.send_message_digests_task()
    assert messaging_services.message_digest_send(digest_id=MessageDigest.objects.get().pk)
    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Used without a session, it turns the digest off.
    response = Client().post(
        email.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver"),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert preferences.digest_frequency(member.pk) == "off"


# --- one-click unsubscribe, without a session ---


def email_link(member: User) -> str:
    notification = tell(member)
    assert notification is not None
    send_notification_email_task(notification.pk)
    header = mail.outbox[-1].extra_headers["List-Unsubscribe"]
    return header.strip("<>").removeprefix("http://testserver")


def test_one_click_post_without_a_session_turns_that_kind_off(member: User) -> None:
    link = email_link(member)
    client = Client(enforce_csrf_checks=True)  # no session, no CSRF cookie: RFC 8058
    response = client.post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert b"no longer receive emails" in response.content
    assert not preferences.email_wanted(member.pk, KIND)
    assert preferences.choice_for(member.pk, KIND).in_app  # in-app untouched
    assert preferences.email_wanted(member.pk, NotificationKind.CAP_WARNING)


def test_get_only_asks_for_confirmation(member: User) -> None:
    link = email_link(member)
    response = Client().get(link)
    assert response.status_code == 200
    assert b'<button type="submit" class="btn btn-primary">Unsubscribe</button>' in response.content
    assert preferences.email_wanted(member.pk, KIND)


def test_the_confirmation_button_posts_with_its_csrf_token(member: User) -> None:
    link = email_link(member)
    client = Client(enforce_csrf_checks=True)
    page = client.get(link)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert token is not None
    # Without the token (and not the RFC 8058 body) the POST is refused.
    assert client.post(link, {}).status_code == 403
    assert preferences.email_wanted(member.pk, KIND)
    response = client.post(link, {"csrfmiddlewaretoken": token.group(1).decode()})
    assert response.status_code == 200
    assert not preferences.email_wanted(member.pk, KIND)


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "a" * 5000,
        signing.dumps([1, KIND], salt="another.salt"),
        signing.dumps(["1", KIND], salt="notifications.unsubscribe"),
        signing.dumps([1, "no_such_kind"], salt="notifications.unsubscribe"),
        signing.dumps({"m": 1}, salt="notifications.unsubscribe"),
    ],
)
def test_a_forged_or_malformed_link_is_404_and_changes_nothing(member: User, token: str) -> None:
    for method in ("get", "post"):
        response = getattr(Client(), method)(
            f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 404
    assert not NotificationPreference.objects.exists()


def test_a_tampered_link_for_another_member_is_404(member: User, other: User) -> None:
    token = unsubscribe_token(member.pk, KIND)
    _payload, rest = token.split(":", 1)
    forged = unsubscribe_token(other.pk, KIND).split(":", 1)[0] + ":" + rest
    response = Client().post(
        f"/notifications/unsubscribe/{forged}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 404
    assert preferences.email_wanted(other.pk, KIND)


def test_a_link_of_a_deleted_member_is_404(member: User) -> None:
    link = email_link(member)
    User.objects.filter(pk=member.pk).delete()
    assert Client().post(link, {"List-Unsubscribe": "One-Click"}).status_code == 404


# --- the API ---


def test_api_get_and_patch(member_api: APIClient, member: User) -> None:
    body = member_api.get(url("notification-settings")).json()
    assert body["message_digest"] == "batched"
    assert body["kinds"][KIND] == {"in_app": True, "email": True}
    assert set(body["kinds"]) == set(NotificationKind.values)
    response = member_api.patch(
        url("notification-settings"),
        {"kinds": {KIND: {"email": False}}, "message_digest": "daily"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["kinds"][KIND] == {"in_app": True, "email": False}
    assert body["message_digest"] == "daily"
    assert member_api.get(url("notification-settings")).json() == body


@pytest.mark.parametrize(
    "payload",
    [
        {"kinds": {"no_such_kind": {"email": False}}},
        {"kinds": [1, 2]},
        {"kinds": {KIND: {"email": "maybe"}}},
        {"kinds": {KIND: "off"}},
        {"message_digest": "weekly"},
        {"kinds": {f"kind{n}": {"email": False} for n in range(2000)}},
    ],
)
def test_api_bad_input_is_400(member_api: APIClient, payload: Any) -> None:
    response = member_api.patch(url("notification-settings"), payload, format="json")
    body = assert_error(response, 400, "invalid")
    assert body.get("fields")
    assert not NotificationPreference.objects.exists()


def test_api_needs_login(api: APIClient) -> None:
    assert_error(api.get(url("notification-settings")), 401, "not_authenticated")
    assert api.patch(url("notification-settings"), {}, format="json").status_code == 401


def test_api_query_count_is_constant(
    member_api: APIClient, member: User, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(3):
        member_api.get(url("notification-settings"))
    for kind in NotificationKind.values:
        set_choice(member, kind=kind, email=False)
    with django_assert_max_num_queries(3):
        member_api.get(url("notification-settings"))


# --- the page ---


def test_page_shows_and_saves_every_switch(client: Client, member: User) -> None:
    client.force_login(member)
    page = client.get(reverse("notification_settings"))
    assert page.status_code == 200
    assert b"Invitation received" in page.content
    form = {f"{kind}__in_app": "on" for kind in NotificationKind.values}
    form.update({f"{kind}__email": "on" for kind in NotificationKind.values})
    del form[f"{KIND}__email"]
    form["message_digest"] = "daily"
    response = client.post(reverse("notification_settings"), form, follow=True)
    assert b"Your notification settings were saved" in response.content
    assert not preferences.email_wanted(member.pk, KIND)
    assert preferences.choice_for(member.pk, KIND).in_app
    assert preferences.digest_frequency(member.pk) == "daily"


def test_page_bad_digest_is_a_form_error(client: Client, member: User) -> None:
    client.force_login(member)
    response = client.post(reverse("notification_settings"), {"message_digest": "weekly"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not DigestPreference.objects.exists()


def test_page_needs_login(client: Client) -> None:
    response = client.get(reverse("notification_settings"))
    assert response.status_code == 302
