"""Accounts API: happy paths, one refusal per error mapping, auth, error shape, query counts."""

import io
from collections.abc import Callable

import pytest
from PIL import Image
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts import services
from accounts.models import Block, User
from tests.factories import PositionFactory, UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


class TestRegisterAndTokens:
    def test_register_returns_the_member(self, api: APIClient) -> None:
        response = api.post(
            url("register"),
            {
                "email": "New@Example.com",
                "password": "a-long-enough-passphrase",
                "first_name": "New",
                "last_name": "Member",
            },
        )
        assert response.status_code == 201
        body = response.json()
        assert body["id"] == User.objects.get().pk
        assert body["email"] == "new@example.com"
        assert "password" not in body

    def test_register_refusals_use_the_error_shape(self, api: APIClient, member: User) -> None:
        body = assert_error(api.post(url("register"), {"email": "bad"}), 400, "invalid")
        assert set(body["fields"]) >= {"email", "password", "first_name", "last_name"}
        taken = {
            "email": member.email.upper(),
            "password": "a-long-enough-passphrase",
            "first_name": "X",
            "last_name": "Y",
        }
        assert_error(api.post(url("register"), taken), 409, "email_taken")
        weak = {**taken, "email": "weak@example.com", "password": "12345"}
        assert_error(api.post(url("register"), weak), 400, "invalid_password")
        assert User.objects.count() == 1

    def test_token_refresh_rotate_and_logout(self, api: APIClient, member: User, password: str):
        tokens = api.post(url("token"), {"email": member.email.upper(), "password": password})
        assert tokens.status_code == 200
        pair = tokens.json()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
        assert api.get(url("me")).json()["id"] == member.pk

        refreshed = api.post(url("token-refresh"), {"refresh": pair["refresh"]})
        assert refreshed.status_code == 200
        rotated = refreshed.json()
        assert rotated["access"] and rotated["refresh"] != pair["refresh"]
        # The old refresh token was blacklisted by the rotation.
        assert_error(
            api.post(url("token-refresh"), {"refresh": pair["refresh"]}), 401, "invalid_credentials"
        )
        assert api.post(url("logout"), {"refresh": rotated["refresh"]}).status_code == 204
        assert_error(
            api.post(url("token-refresh"), {"refresh": rotated["refresh"]}),
            401,
            "invalid_credentials",
        )

    def test_wrong_password_then_lockout(self, api: APIClient, member: User, password: str):
        for _ in range(4):
            assert_error(
                api.post(url("token"), {"email": member.email, "password": "nope"}),
                401,
                "invalid_credentials",
            )
        locked = api.post(url("token"), {"email": member.email, "password": "nope"})
        assert_error(locked, 429, "login_locked")
        assert int(locked["Retry-After"]) > 0
        # Even the right password is refused while locked.
        assert_error(
            api.post(url("token"), {"email": member.email, "password": password}),
            429,
            "login_locked",
        )

    def test_login_reactivates_a_deactivated_member(
        self, api: APIClient, member: User, password: str
    ) -> None:
        services.member_deactivate(member=member)
        response = api.post(url("token"), {"email": member.email, "password": password})
        assert response.status_code == 200
        member.refresh_from_db()
        assert not member.is_deactivated

    def test_suspended_member_gets_no_token(self, api: APIClient, password: str) -> None:
        suspended = UserFactory.create(is_active=False)
        response = api.post(url("token"), {"email": suspended.email, "password": password})
        assert_error(response, 403, "account_suspended")
        wrong = api.post(url("token"), {"email": suspended.email, "password": "not-it-at-all"})
        assert_error(wrong, 401, "invalid_credentials")  # the state is told only to the owner

    def test_register_is_rate_limited(self, api: APIClient, monkeypatch) -> None:
        rates = {**SimpleRateThrottle.THROTTLE_RATES, "register": "2/hour"}
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
        for _ in range(2):
            api.post(url("register"), {})
        response = api.post(url("register"), {})
        assert_error(response, 429, "throttled")
        assert int(response["Retry-After"]) > 0


class TestErrorShape:
    def test_unauthenticated(self, api: APIClient) -> None:
        assert_error(api.get(url("me")), 401, "not_authenticated")

    def test_bad_bearer_token(self, api: APIClient) -> None:
        api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
        assert_error(api.get(url("me")), 401, "token_not_valid")

    def test_method_not_allowed(self, member_api: APIClient) -> None:
        assert_error(member_api.delete(url("me")), 405, "method_not_allowed")

    def test_malformed_json(self, member_api: APIClient) -> None:
        response = member_api.patch(url("me"), "{not json", content_type="application/json")
        assert_error(response, 400, "parse_error")

    def test_unknown_api_path_is_json_404(self, member_api: APIClient) -> None:
        response = member_api.get("/api/v1/nothing-here")
        assert_error(response, 404, "not_found")


class TestMe:
    def test_get_and_patch(self, member_api: APIClient, member: User) -> None:
        PositionFactory.create(member=member)
        response = member_api.patch(
            url("me"),
            {"headline": "Data engineer", "skills": ["SQL", "Python"], "industry": "internet"},
        )
        assert response.status_code == 200
        body = response.json()
        assert body["headline"] == "Data engineer"
        assert body["skills"] == ["SQL", "Python"]
        assert len(body["positions"]) == 1
        assert 0 <= body["profile_strength"]["percent"] <= 100

    def test_patch_refusal_keeps_what_was_saved(self, member_api: APIClient, member: User):
        member_api.patch(url("me"), {"headline": "Kept"})
        body = assert_error(member_api.patch(url("me"), {"industry": "nope"}), 400, "invalid")
        assert "industry" in body["fields"]
        assert member_api.get(url("me")).json()["headline"] == "Kept"

    def test_photo_upload_and_bad_file(self, member_api: APIClient, member: User) -> None:
        buffer = io.BytesIO()
        Image.new("RGB", (64, 64), "red").save(buffer, format="PNG")
        buffer.name = "me.png"
        buffer.seek(0)
        response = member_api.put(url("me-photo"), {"photo": buffer}, format="multipart")
        assert response.status_code == 200, response.content
        assert "/media/photos/" in response.json()["photo"]
        bogus = io.BytesIO(b"not an image")
        bogus.name = "me.png"
        body = assert_error(
            member_api.put(url("me-photo"), {"photo": bogus}, format="multipart"), 400, "invalid"
        )
        assert "photo" in body["fields"]
        assert_error(member_api.put(url("me-photo"), {}, format="multipart"), 400, "invalid")
        assert member_api.delete(url("me-photo")).status_code == 204

    def test_positions_and_education(self, member_api: APIClient, other: User) -> None:
        created = member_api.post(
            url("positions"), {"company": "Acme", "title": "CTO", "start_date": "2020-01-01"}
        )
        assert created.status_code == 201
        position_id = created.json()["id"]
        patched = member_api.patch(url("position", position_id=position_id), {"title": "CEO"})
        assert patched.json()["title"] == "CEO"
        bad = member_api.patch(url("position", position_id=position_id), {"end_date": "2019-01-01"})
        assert_error(bad, 400, "invalid")
        foreign = PositionFactory.create(member=other)
        assert_error(member_api.delete(url("position", position_id=foreign.pk)), 404, "not_found")
        assert member_api.delete(url("position", position_id=position_id)).status_code == 204
        entry = member_api.post(url("education-list"), {"school": "Técnico", "end_year": 2014})
        assert entry.status_code == 201
        assert len(member_api.get(url("education-list")).json()) == 1

    def test_settings(self, member_api: APIClient, member: User) -> None:
        assert member_api.get(url("settings")).json()["invitations_from"] == "everyone"
        response = member_api.patch(url("settings"), {"invitations_from": "email_known"})
        assert response.json()["invitations_from"] == "email_known"
        assert_error(member_api.patch(url("settings"), {"invitations_from": "x"}), 400, "invalid")
        member.refresh_from_db()
        assert member.invitations_from == "email_known"

    def test_deactivate_and_delete(self, member_api: APIClient, member: User, password: str):
        assert member_api.post(url("deactivate")).status_code == 204
        member.refresh_from_db()
        assert member.is_deactivated
        assert_error(member_api.post(url("delete"), {"password": "no"}), 400, "wrong_password")
        assert User.objects.filter(pk=member.pk).exists()
        assert member_api.post(url("delete"), {"password": password}).status_code == 204
        assert not User.objects.filter(pk=member.pk).exists()


class TestMemberProfile:
    def test_views_by_degree(
        self, member_api: APIClient, member: User, connect: Callable[[User, User], None]
    ) -> None:
        first, second, third, outside = UserFactory.create_batch(4, show_email_to_connections=True)
        connect(member, first)
        connect(first, second)
        connect(second, third)
        PositionFactory.create(member=first)
        PositionFactory.create(member=second)
        PositionFactory.create(member=third)

        def get(target: User) -> dict:
            response = member_api.get(url("member", member_id=target.pk))
            assert response.status_code == 200
            return response.json()

        assert get(first)["visibility"] == "full"
        assert get(first)["email"] == first.email
        assert len(get(first)["positions"]) == 1
        assert get(second)["visibility"] == "no_contact"
        assert get(second)["email"] is None and len(get(second)["positions"]) == 1
        assert get(third)["visibility"] == "limited"
        assert get(third)["positions"] is None and get(third)["summary"] is None
        assert get(outside)["visibility"] == "limited"
        services.member_settings_update(member=outside, profile_visible_to_out_of_network=False)
        minimal = get(outside)
        assert minimal["display_name"] == "Network member"
        assert minimal["first_name"] == "" and minimal["location"] is None
        assert minimal["headline"] == outside.profile.headline

    def test_hidden_and_missing_are_the_same_404(self, member_api: APIClient, member: User):
        blocker = UserFactory.create()
        services.block_create(blocker=blocker, blocked_id=member.pk)
        hidden = assert_error(
            member_api.get(url("member", member_id=blocker.pk)), 404, "member_not_found"
        )
        missing = assert_error(
            member_api.get(url("member", member_id=99_999_999)), 404, "member_not_found"
        )
        assert hidden == missing


class TestBlocks:
    def test_block_list_unblock(self, member_api: APIClient, member: User, other: User) -> None:
        created = member_api.post(url("blocks"), {"member": other.pk})
        assert created.status_code == 201
        assert created.json()["member"]["id"] == other.pk
        listed = member_api.get(url("blocks")).json()
        assert [row["member"]["id"] for row in listed["results"]] == [other.pk]
        assert listed["count"] == 1 and listed["next"] is None
        assert member_api.delete(url("block", member_id=other.pk)).status_code == 204
        again = member_api.post(url("blocks"), {"member": other.pk})
        assert_error(again, 429, "reblock_too_soon")
        assert int(again["Retry-After"]) > 0
        assert not Block.objects.in_force().exists()

    def test_block_refusals(self, member_api: APIClient, member: User) -> None:
        assert_error(member_api.post(url("blocks"), {"member": member.pk}), 400, "self_action")
        assert_error(member_api.post(url("blocks"), {"member": 424242}), 404, "member_not_found")
        assert_error(member_api.post(url("blocks"), {"member": "x"}), 400, "invalid")
        assert_error(member_api.delete(url("block", member_id=424242)), 404, "not_blocked")
        assert not Block.objects.exists()

    @pytest.mark.parametrize("size", [2, 12])
    def test_block_list_query_count_is_constant(
        self, member_api: APIClient, member: User, size: int, django_assert_num_queries
    ) -> None:
        for target in UserFactory.create_batch(size):
            services.block_create(blocker=member, blocked_id=target.pk)
        # session/auth are forced; count + page of blocks with members and profiles
        with django_assert_num_queries(1):
            response = member_api.get(url("blocks"))
        assert response.json()["count"] == size
