"""Sessions end (PRODUCT.md "Trust and safety"): suspension, deactivation and deletion end every
browser session and revoke every token at once; what an administrator did cannot be undone by
logging in; a suspended member is told why; the admin actions go through the services."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken

from accounts import services
from accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


def tokens(member: User) -> dict[str, str]:
    response = APIClient().post(url("token"), {"email": member.email, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def logged_in(member: User) -> Client:
    browser = Client()
    browser.force_login(member)
    return browser


def signed_in(browser: Client) -> bool:
    return browser.get(reverse("settings")).status_code == 200


def login_page(email: str, password: str = PASSWORD) -> Any:
    return Client().post(reverse("account_login"), {"login": email, "password": password})


class TestDeactivation:
    def test_own_deactivation_refuses_the_access_token_at_once(self, member: User) -> None:
        pair = tokens(member)
        client = bearer(pair["access"])
        assert client.get(url("me")).status_code == 200
        assert client.post(url("deactivate")).status_code == 204
        assert_error(client.get(url("me")), 401, "token_not_valid")
        assert_error(APIClient().post(url("token-refresh"), pair), 401, "invalid_credentials")

    def test_own_deactivation_ends_every_browser_session(self, member: User) -> None:
        first, second = logged_in(member), logged_in(member)
        services.member_deactivate(member=member)
        assert not signed_in(first) and not signed_in(second)

    def test_own_deactivation_is_undone_by_logging_in(self, member: User) -> None:
        services.member_deactivate(member=member)
        pair = tokens(member)
        member.refresh_from_db()
        assert not member.is_deactivated
        assert bearer(pair["access"]).get(url("me")).status_code == 200

    def test_an_administrators_deactivation_is_not(self, member: User) -> None:
        admin = UserFactory.create(is_staff=True)
        services.member_deactivate(member=member, by=admin)
        response = APIClient().post(url("token"), {"email": member.email, "password": PASSWORD})
        body = assert_error(response, 403, "account_suspended")
        assert "administrator deactivated" in body["detail"]
        page = login_page(member.email)
        assert page.status_code == 403
        assert "An administrator deactivated your account." in page.content.decode()
        member.refresh_from_db()
        assert member.is_deactivated and member.deactivated_by_staff

    def test_reactivate_without_an_administrator_keeps_theirs(self, member: User) -> None:
        admin = UserFactory.create(is_staff=True)
        services.member_deactivate(member=member, by=admin)
        services.member_reactivate(member=member)
        member.refresh_from_db()
        assert member.is_deactivated
        services.member_reactivate(member=member, by=admin)
        member.refresh_from_db()
        assert not member.is_deactivated and not member.deactivated_by_staff

    def test_deactivating_oneself_with_by_oneself_is_not_staff(self, member: User) -> None:
        services.member_deactivate(member=member, by=member)
        member.refresh_from_db()
        assert member.is_deactivated and not member.deactivated_by_staff


class TestSuspension:
    def test_tokens_and_sessions_end_at_once(self, member: User) -> None:
        pair = tokens(member)
        browser = logged_in(member)
        services.member_suspend(member=member, reason="Spam invitations.")
        assert_error(bearer(pair["access"]).get(url("me")), 403, "account_suspended")
        assert APIClient().post(url("token-refresh"), pair).status_code == 401
        assert not signed_in(browser)
        assert not OutstandingToken.objects.filter(user=member, blacklistedtoken__isnull=True)

    def test_told_why_at_login(self, member: User) -> None:
        services.member_suspend(member=member, reason="Spam invitations.")
        response = APIClient().post(url("token"), {"email": member.email, "password": PASSWORD})
        body = assert_error(response, 403, "account_suspended")
        assert body["detail"] == "Your account is suspended. Reason: Spam invitations."
        page = login_page(member.email)  # to the page that offers the appeal, if any
        assert page.status_code == 302 and page["Location"] == reverse("moderation:suspended")
        browser = Client()
        browser.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
        told = browser.get(reverse("moderation:suspended"))
        assert told.status_code == 200
        assert "Your account is suspended. Reason: Spam invitations." in told.content.decode()
        assert not signed_in(browser)

    def test_a_wrong_password_tells_nothing(self, member: User) -> None:
        services.member_suspend(member=member, reason="Spam invitations.")
        response = APIClient().post(url("token"), {"email": member.email, "password": "nope-nope"})
        assert_error(response, 401, "invalid_credentials")

    def test_unsuspend_lets_them_back_but_old_tokens_stay_revoked(self, member: User) -> None:
        old = tokens(member)
        services.member_suspend(member=member, reason="Review")
        services.member_unsuspend(member=member)
        member.refresh_from_db()
        assert member.is_active and member.suspended_at is None and not member.suspension_reason
        assert_error(bearer(old["access"]).get(url("me")), 401, "token_not_valid")
        assert bearer(tokens(member)["access"]).get(url("me")).status_code == 200

    def test_a_second_suspension_keeps_the_first_date(self, member: User) -> None:
        services.member_suspend(member=member, reason="One")
        first = member.suspended_at
        services.member_suspend(member=member, reason="Two")
        member.refresh_from_db()
        assert member.suspended_at == first and member.suspension_reason == "Two"

    def test_other_members_keep_their_sessions(self, member: User, other: User) -> None:
        pair = tokens(other)
        browser = logged_in(other)
        services.member_suspend(member=member)
        assert bearer(pair["access"]).get(url("me")).status_code == 200
        assert signed_in(browser)


class TestDeletion:
    def test_tokens_are_revoked_before_the_member_goes(self, member: User) -> None:
        pair = tokens(member)
        services.member_delete(member=member, password=PASSWORD)
        assert BlacklistedToken.objects.count() == 1
        assert bearer(pair["access"]).get(url("me")).status_code == 401
        assert_error(APIClient().post(url("token-refresh"), pair), 401, "invalid_credentials")


class TestSessionHash:
    def test_generation_zero_keeps_djangos_hash(self, member: User) -> None:
        # Sessions made before generations existed stay valid after the upgrade.
        from django.contrib.auth.base_user import AbstractBaseUser

        assert member.token_generation == 0
        assert member.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(member)

    def test_a_new_generation_changes_it(self, member: User) -> None:
        before = member.get_session_auth_hash()
        services.member_sessions_end(member=member)
        assert member.token_generation == 1
        assert member.get_session_auth_hash() != before


class TestAdminActions:
    @pytest.fixture
    def admin_browser(self) -> Client:
        admin = UserFactory.create(is_staff=True, is_superuser=True)
        browser = Client()
        browser.force_login(admin)
        return browser

    def act(self, browser: Client, action: str, *members: User, **reason: str) -> None:
        # An action that asks for a reason (suspend) is sent with it, as its page does.
        extra = {"apply_reason": "1", **reason} if reason else {}
        response = browser.post(
            reverse("admin:accounts_user_changelist"),
            {"action": action, "_selected_action": [member.pk for member in members], **extra},
        )
        assert response.status_code == 302

    def test_suspend_goes_through_the_service(self, admin_browser: Client, member: User) -> None:
        pair = tokens(member)
        self.act(admin_browser, "suspend_members", member, reason="Spam invitations.")
        member.refresh_from_db()
        assert not member.is_active and member.suspended_at is not None
        assert_error(bearer(pair["access"]).get(url("me")), 403, "account_suspended")

    def test_deactivate_cannot_be_undone_by_login(
        self, admin_browser: Client, member: User
    ) -> None:
        pair = tokens(member)
        self.act(admin_browser, "deactivate_members", member)
        member.refresh_from_db()
        assert member.is_deactivated and member.deactivated_by_staff
        assert_error(bearer(pair["access"]).get(url("me")), 403, "account_suspended")
        assert login_page(member.email).status_code == 403

    def test_restore(self, admin_browser: Client, member: User, other: User) -> None:
        self.act(admin_browser, "suspend_members", member, reason="Review")
        self.act(admin_browser, "deactivate_members", other)
        self.act(admin_browser, "lift_suspensions", member, reason="Cleared")
        self.act(admin_browser, "restore_members", other)
        for restored in (member, other):
            restored.refresh_from_db()
            assert restored.is_active and not restored.is_deactivated
            assert bearer(tokens(restored)["access"]).get(url("me")).status_code == 200

    def test_state_is_read_only_on_the_change_form(self, admin_browser: Client, member: User):
        page = admin_browser.get(reverse("admin:accounts_user_change", args=[member.pk]))
        assert page.status_code == 200
        assert 'name="is_active"' not in page.content.decode()


@pytest.mark.parametrize("claim", ["gone", "not-a-number", "99999999999999999999", "0", None])
def test_a_token_for_no_member_is_refused(claim: str | None) -> None:
    """The token's member is read by id (compiled once): a deleted member, and ids no member
    can have (signed by this server, yet not a member's), are the same 401, never a 500."""
    member = UserFactory.create()
    token = AccessToken.for_user(member)
    if claim == "gone":
        member.delete()
    else:
        token["user_id"] = claim
    assert_error(bearer(str(token)).get(url("me")), 401, "user_not_found")
