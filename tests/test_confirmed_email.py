"""Confirmed email (PRODUCT.md "Trust and safety"): inviting, messaging, posting and creating a
group wait for it, on every interface, through the one rule accounts.policies.
email_unconfirmed_reason; everything else works before. Refusals write and queue nothing."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.exceptions import (
    EmailAlreadyConfirmed,
    EmailUnconfirmed,
    InvalidConfirmationKey,
    RateLimited,
)
from accounts.models import User
from accounts.policies import email_unconfirmed_reason
from accounts.selectors import email_confirmed
from connections import services as connection_services
from connections.models import Invitation
from connections.policies import invitation_preflight
from core.exceptions import DomainError
from feed import services as feed_services
from feed.models import Comment, Post
from groups import services as group_services
from groups.models import Group
from messaging import services as messaging_services
from messaging.models import Conversation, Message
from messaging.policies import message_block_reason
from notifications.models import Notification
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def state() -> tuple[object, ...]:
    return (
        Invitation.objects.count(),
        Conversation.objects.count(),
        Message.objects.count(),
        Post.objects.count(),
        Comment.objects.count(),
        Group.objects.count(),
        Notification.objects.count(),
    )


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[..., object]:
    """Assert a call is refused with `email_unconfirmed` and leaves no row and no task."""

    @contextmanager
    def _refused() -> Iterator[None]:
        before = state()
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(EmailUnconfirmed):
            yield
        assert state() == before
        assert callbacks == []

    return _refused


@pytest.fixture
def newcomer(db: None) -> User:
    return UserFactory.create(unconfirmed=True, first_name="Nina", last_name="Novak")


def confirmation_key(member: User) -> str:
    return EmailConfirmationHMAC(EmailAddress.objects.get(user=member)).key


class TestTheRule:
    def test_unconfirmed_member_has_a_reason(self, newcomer: User) -> None:
        reason = email_unconfirmed_reason(newcomer)
        assert isinstance(reason, EmailUnconfirmed)
        assert (reason.code, reason.status) == ("email_unconfirmed", 403)
        assert newcomer.email in reason.detail

    def test_confirmed_member_has_none(self, member: User) -> None:
        assert email_unconfirmed_reason(member) is None

    def test_no_address_row_is_unconfirmed(self, newcomer: User) -> None:
        EmailAddress.objects.filter(user=newcomer).delete()
        assert isinstance(email_unconfirmed_reason(newcomer), EmailUnconfirmed)

    def test_a_confirmed_other_address_does_not_count(self, newcomer: User) -> None:
        EmailAddress.objects.create(user=newcomer, email="old@example.com", verified=True)
        assert isinstance(email_unconfirmed_reason(newcomer), EmailUnconfirmed)

    def test_the_setting_turns_it_off(self, newcomer: User, settings) -> None:
        settings.EMAIL_CONFIRMATION_REQUIRED = False
        assert email_unconfirmed_reason(newcomer) is None


class TestEveryActionWaits:
    def test_inviting(self, newcomer: User, other: User, refused) -> None:
        with refused():
            connection_services.invitation_send(sender=newcomer, recipient_id=other.pk)
        preflight = invitation_preflight(sender=newcomer, recipient=other)
        assert not preflight.can_invite
        assert preflight.reason is not None and preflight.reason.code == "email_unconfirmed"

    def test_accepting_their_invitation_needs_no_confirmation(
        self, newcomer: User, other: User
    ) -> None:
        theirs = connection_services.invitation_send(sender=other, recipient_id=newcomer.pk)
        outcome = connection_services.invitation_send(sender=newcomer, recipient_id=other.pk)
        assert outcome.connection is not None and outcome.invitation == theirs.invitation

    def test_accepting_directly(self, newcomer: User, other: User) -> None:
        theirs = connection_services.invitation_send(sender=other, recipient_id=newcomer.pk)
        connection_services.invitation_accept(
            recipient=newcomer, invitation_id=theirs.invitation.pk
        )

    def test_other_refusals_come_first(self, newcomer: User) -> None:
        with pytest.raises(DomainError) as info:
            connection_services.invitation_send(sender=newcomer, recipient_id=newcomer.pk)
        assert info.value.code == "self_invitation"

    def test_starting_a_conversation(self, newcomer: User, other: User, refused) -> None:
        theirs = connection_services.invitation_send(sender=other, recipient_id=newcomer.pk)
        connection_services.invitation_accept(
            recipient=newcomer, invitation_id=theirs.invitation.pk
        )
        with refused():
            messaging_services.conversation_start(
                sender=newcomer, participant_ids=[other.pk], body="Hello"
            )
        reason = message_block_reason(sender=newcomer, member=other)
        assert reason is not None and reason.code == "email_unconfirmed"

    def test_not_connected_says_so_first(self, newcomer: User, other: User) -> None:
        reason = message_block_reason(sender=newcomer, member=other)
        assert reason is not None and reason.code == "not_first_degree"

    def test_sending_in_a_conversation(self, member: User, other: User, refused) -> None:
        connect_members(member, other)
        started = messaging_services.conversation_start(
            sender=member, participant_ids=[other.pk], body="Hello"
        )
        EmailAddress.objects.filter(user=member).update(verified=False)
        with refused():
            messaging_services.message_send(
                sender=member, conversation_id=started.conversation.pk, body="Again"
            )

    def test_posting(self, newcomer: User, refused) -> None:
        with refused():
            feed_services.post_create(author=newcomer, body="Hello network")

    def test_commenting(self, newcomer: User, member: User, connect: Connect, refused) -> None:
        connect(member, newcomer)
        post = feed_services.post_create(author=member, body="A post")
        with refused():
            feed_services.comment_create(author=newcomer, post_id=post.pk, body="Nice")

    def test_creating_a_group(self, newcomer: User, refused) -> None:
        with refused():
            group_services.group_create(creator=newcomer, name="Newcomers")

    def test_posting_in_a_group(self, newcomer: User, member: User, refused) -> None:
        group = group_services.group_create(creator=member, name="Open group")
        group_services.group_join(member=newcomer, group_id=group.pk)
        with refused():
            feed_services.post_create(author=newcomer, body="Hi", group_id=group.pk)

    def test_everything_else_works_before(self, newcomer: User, other: User) -> None:
        account_services.profile_update(member=newcomer, headline="Engineer")
        account_services.member_settings_update(member=newcomer, show_email_to_connections=True)
        account_services.block_create(blocker=newcomer, blocked_id=other.pk)
        group = group_services.group_create(creator=other, name="Readers")
        group_services.group_join(member=newcomer, group_id=group.pk)

    def test_all_allowed_once_confirmed(self, newcomer: User, other: User) -> None:
        account_services.email_confirm(key=confirmation_key(newcomer))
        connection_services.invitation_send(sender=newcomer, recipient_id=other.pk)
        feed_services.post_create(author=newcomer, body="Confirmed at last")
        group_services.group_create(creator=newcomer, name="Confirmed")


class TestConfirmAndResend:
    def test_confirm_with_the_key(self, newcomer: User) -> None:
        address = account_services.email_confirm(key=confirmation_key(newcomer))
        assert address.verified and address.primary
        assert email_confirmed(newcomer)

    @pytest.mark.parametrize("key", ["", "nonsense", "x" * 201, "MQ:1vQb2b:tampered"])
    def test_bad_keys(self, key: str) -> None:
        with pytest.raises(InvalidConfirmationKey):
            account_services.email_confirm(key=key)

    def test_a_used_key_is_invalid(self, newcomer: User) -> None:
        key = confirmation_key(newcomer)
        account_services.email_confirm(key=key)
        with pytest.raises(InvalidConfirmationKey):
            account_services.email_confirm(key=key)

    def test_an_address_confirmed_by_someone_else_cannot_be_confirmed(self, newcomer: User) -> None:
        key = confirmation_key(newcomer)
        EmailAddress.objects.filter(user=newcomer).update(email="taken@example.com")
        owner = UserFactory.create(email="owner@example.com")
        EmailAddress.objects.filter(user=owner).update(email="taken@example.com")
        with pytest.raises(InvalidConfirmationKey):
            account_services.email_confirm(key=key)

    def test_resend_mails_the_link_after_commit(
        self, newcomer: User, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            account_services.email_confirmation_resend(member=newcomer)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [newcomer.email]
        account_services.email_confirm(key=key_in(mail.outbox[0]))
        assert email_confirmed(newcomer)

    def test_resend_when_confirmed(self, member: User, django_capture_on_commit_callbacks) -> None:
        with (
            django_capture_on_commit_callbacks() as callbacks,
            pytest.raises(EmailAlreadyConfirmed),
        ):
            account_services.email_confirmation_resend(member=member)
        assert callbacks == []

    def test_resend_is_rate_limited(
        self, newcomer: User, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.EMAIL_RESEND_RATE = "2/hour"
        for _ in range(2):
            account_services.email_confirmation_resend(member=newcomer)
        with (
            django_capture_on_commit_callbacks() as callbacks,
            pytest.raises(RateLimited) as info,
        ):
            account_services.email_confirmation_resend(member=newcomer)
        assert callbacks == []
        assert info.value.status == 429
        assert info.value.retry_after is not None and 0 < info.value.retry_after <= 3600


def key_in(message: mail.EmailMessage) -> str:
    found = re.search(r"/accounts/confirm-email/([^/\s]+)/", str(message.body))
    assert found, message.body
    return found.group(1)


class TestApi:
    def test_register_sends_the_confirmation(
        self, api: APIClient, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                url("register"),
                {
                    "email": "Fresh@Example.com",
                    "password": "a-long-password-2026",
                    "first_name": "Fresh",
                    "last_name": "Member",
                },
            )
        assert response.status_code == 201
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fresh@example.com"]
        member = User.objects.get(email="fresh@example.com")
        assert not email_confirmed(member)
        confirmed = api.post(url("email-confirm"), {"key": key_in(mail.outbox[0])})
        assert confirmed.status_code == 200
        assert confirmed.json() == {"email": "fresh@example.com", "verified": True}
        assert email_confirmed(member)

    @pytest.mark.parametrize("body", [{"key": "nonsense"}, {"key": ""}, {}, {"key": ["x"]}])
    def test_confirm_refuses_bad_keys(self, api: APIClient, body: dict) -> None:
        response = api.post(url("email-confirm"), body)
        assert response.status_code == 400
        assert response.json()["code"] in {"invalid_key", "invalid"}

    def test_confirm_refuses_an_unknown_key_with_invalid_key(self, api: APIClient) -> None:
        assert_error(api.post(url("email-confirm"), {"key": "nonsense"}), 400, "invalid_key")

    def test_resend(self, newcomer: User, django_capture_on_commit_callbacks) -> None:
        client = APIClient()
        client.force_authenticate(newcomer)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url("email-resend")).status_code == 202
        assert len(mail.outbox) == 1

    def test_resend_rate_limited(self, newcomer: User, settings) -> None:
        settings.EMAIL_RESEND_RATE = "1/hour"
        client = APIClient()
        client.force_authenticate(newcomer)
        assert client.post(url("email-resend")).status_code == 202
        response = client.post(url("email-resend"))
        assert_error(response, 429, "rate_limited")
        assert 0 < int(response["Retry-After"]) <= 3600

    def test_resend_confirmed(self, member_api: APIClient) -> None:
        assert_error(member_api.post(url("email-resend")), 409, "email_already_confirmed")

    def test_resend_needs_a_member(self, api: APIClient) -> None:
        assert api.post(url("email-resend")).status_code == 401

    @pytest.mark.parametrize("action", ["invite", "post", "group", "message"])
    def test_refusals(self, action: str, newcomer: User, other: User, connect: Connect) -> None:
        client = APIClient()
        client.force_authenticate(newcomer)
        if action == "invite":
            response = client.post(url("invitations"), {"to": other.pk})
        elif action == "post":
            response = client.post(url("posts"), {"body": "Hello"})
        elif action == "group":
            response = client.post(url("groups"), {"name": "Mine"})
        else:
            theirs = connection_services.invitation_send(sender=other, recipient_id=newcomer.pk)
            connection_services.invitation_accept(
                recipient=newcomer, invitation_id=theirs.invitation.pk
            )
            response = client.post(url("conversations"), {"participants": [other.pk], "body": "Hi"})
        assert_error(response, 403, "email_unconfirmed")

    def test_limits_say_so(self, newcomer: User) -> None:
        client = APIClient()
        client.force_authenticate(newcomer)
        assert client.get(url("limits")).json()["email_confirmed"] is False


class TestPages:
    def test_connect_is_greyed_with_the_reason_and_a_resend(
        self, newcomer: User, other: User
    ) -> None:
        browser = Client()
        browser.force_login(newcomer)
        html = browser.get(reverse("profile", args=[other.pk])).content.decode()
        reason = email_unconfirmed_reason(newcomer)
        assert reason is not None
        assert 'disabled aria-describedby="connect-reason">Connect</button>' in html
        assert escape(reason.detail) in html
        assert reverse("email_resend") in html

    def test_page_and_api_refuse_a_post_alike(self, newcomer: User) -> None:
        browser = Client()
        browser.force_login(newcomer)
        client = APIClient()
        client.force_authenticate(newcomer)
        api = client.post(url("posts"), {"body": "Hello"})
        page = browser.post(reverse("feed:post_create"), {"kind": "status", "body": "Hello"})
        assert_error(api, 403, "email_unconfirmed")
        assert page.status_code == 403
        assert escape(api.json()["detail"]) in page.content.decode()
        assert Post.objects.count() == 0

    def test_resend_page(
        self, newcomer: User, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.EMAIL_RESEND_RATE = "1/hour"
        browser = Client()
        browser.force_login(newcomer)
        with django_capture_on_commit_callbacks(execute=True):
            sent = browser.post(reverse("email_resend"), {"next": "/network/"})
        assert sent.status_code == 302 and sent["Location"] == "/network/"
        assert len(mail.outbox) == 1
        again = browser.post(reverse("email_resend"))
        assert again.status_code == 429 and int(again["Retry-After"]) > 0
        assert "at most 1 time per hour" in again.content.decode()

    def test_the_banner_only_while_unconfirmed(self, newcomer: User, member: User) -> None:
        browser = Client()
        browser.force_login(newcomer)
        assert "confirm-email-banner" in browser.get(reverse("my_network")).content.decode()
        browser.force_login(member)
        assert "confirm-email-banner" not in browser.get(reverse("my_network")).content.decode()

    def test_allauth_confirmation_page_confirms(self, newcomer: User) -> None:
        key = confirmation_key(newcomer)
        browser = Client()
        page = browser.get(f"/accounts/confirm-email/{key}/")
        assert page.status_code == 200
        browser.post(f"/accounts/confirm-email/{key}/")
        assert email_confirmed(newcomer)
