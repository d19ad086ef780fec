"""Member pages: thin tests of the happy path, one refusal, auth and query counts."""

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts import services
from accounts.models import Block, Position, User
from tests.factories import PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


def test_signup_creates_member_with_profile(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Joana@Example.com",
            "first_name": "Joana",
            "last_name": "Pereira",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    member = User.objects.get()
    assert member.email == "joana@example.com"
    assert (member.first_name, member.last_name) == ("Joana", "Pereira")
    assert member.profile.pk == member.pk


def test_signup_refusal_shows_form_errors(client: Client, member: User) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": member.email, "first_name": "", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    assert User.objects.count() == 1
    assert b"errorlist" in response.content or b"error" in response.content


def test_login_with_email(client: Client, member: User, password: str) -> None:
    response = client.post(
        reverse("account_login"), {"login": member.email.upper(), "password": password}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == member


def test_pages_need_login(client: Client) -> None:
    for name in ("profile_edit", "settings", "blocked_list", "delete_account"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_home_pages(client: Client, member: User) -> None:
    assert client.get(reverse("home")).status_code == 200
    client.force_login(member)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["strength"].percent >= 0


def test_profile_page_by_degree(
    browser: Client, member: User, connect: Callable[[User, User], None]
) -> None:
    first, second = UserFactory.create_batch(2)
    connect(member, first)
    connect(first, second)
    PositionFactory.create(member=second, title="Staff Engineer")
    page = browser.get(reverse("profile", args=[second.pk]))
    assert page.status_code == 200
    assert page.context["degree"] == 2
    assert b"Staff Engineer" in page.content
    services.member_settings_update(member=second, profile_visible_to_out_of_network=False)
    services.block_create(blocker=second, blocked_id=member.pk)
    assert browser.get(reverse("profile", args=[second.pk])).status_code == 404


def test_profile_edit_saves_and_refuses(browser: Client, member: User) -> None:
    data = {
        "first_name": "Ana",
        "last_name": "Silva",
        "headline": "Head of Data",
        "current_title": "Head of Data",
        "current_company": "Northwind",
        "industry": "internet",
        "location": "Porto, Portugal",
        "summary": "Hello",
        "skills": "SQL, Python, sql",
    }
    response = browser.post(reverse("profile_edit"), data)
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.headline == "Head of Data"
    assert member.profile.skills == ["SQL", "Python"]
    refused = browser.post(reverse("profile_edit"), {**data, "industry": "nope", "headline": "X"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["industry"]
    member.profile.refresh_from_db()
    assert member.profile.headline == "Head of Data"


def test_photo_upload_htmx_fragment(browser: Client, member: User) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), "green").save(buffer, format="PNG")
    upload = SimpleUploadedFile("me.png", buffer.getvalue(), "image/png")
    response = browser.post(reverse("photo_upload"), {"photo": upload}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="photo-section"' in response.content
    member.profile.refresh_from_db()
    assert member.profile.photo
    bogus = SimpleUploadedFile("me.png", b"nope", "image/png")
    refused = browser.post(reverse("photo_upload"), {"photo": bogus}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200
    assert refused.context["photo_form"].errors


def test_history_add_and_delete(browser: Client, member: User, other: User) -> None:
    response = browser.post(
        reverse("position_add"),
        {"title": "CTO", "company": "Acme", "start_date": "2020-01-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"CTO" in response.content
    position = Position.objects.get(member=member)
    bad = browser.post(
        reverse("position_add"),
        {"title": "CTO", "company": "Acme", "start_date": "2020-01-01", "end_date": "2019-01-01"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.context["position_form"].errors
    assert Position.objects.filter(member=member).count() == 1
    foreign = PositionFactory.create(member=other)
    assert browser.post(reverse("position_delete", args=[foreign.pk])).status_code == 404
    assert browser.post(reverse("position_delete", args=[position.pk])).status_code == 302
    assert not Position.objects.filter(member=member).exists()
    added = browser.post(reverse("education_add"), {"school": "Técnico", "end_year": 2014})
    assert added.status_code == 302
    assert member.education.count() == 1


def test_settings_page(browser: Client, member: User) -> None:
    assert browser.get(reverse("settings")).status_code == 200
    response = browser.post(
        reverse("settings"),
        {"invitations_from": "mutuals", "connections_visible_to": "only_me"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.invitations_from == "mutuals"
    assert member.profile_visible_to_out_of_network is False
    refused = browser.post(reverse("settings"), {"invitations_from": "x"})
    assert refused.status_code == 200
    member.refresh_from_db()
    assert member.invitations_from == "mutuals"


def test_deactivate_logs_out_and_login_reactivates(
    browser: Client, member: User, password: str
) -> None:
    assert browser.post(reverse("deactivate")).status_code == 302
    member.refresh_from_db()
    assert member.is_deactivated
    browser.post(reverse("account_login"), {"login": member.email, "password": password})
    member.refresh_from_db()
    assert not member.is_deactivated


def test_delete_account(browser: Client, member: User, password: str) -> None:
    refused = browser.post(reverse("delete_account"), {"password": "wrong", "confirm": "on"})
    assert refused.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()
    done = browser.post(reverse("delete_account"), {"password": password, "confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()


def test_block_and_unblock_pages(browser: Client, member: User, other: User) -> None:
    assert browser.post(reverse("block_member", args=[other.pk])).status_code == 302
    assert Block.objects.in_force().filter(blocker=member, blocked=other).exists()
    page = browser.get(reverse("blocked_list"))
    assert other.last_name.encode() in page.content
    browser.post(reverse("unblock_member", args=[other.pk]))
    assert not Block.objects.in_force().exists()
    refused = browser.post(reverse("block_member", args=[other.pk]), follow=True)
    assert not Block.objects.in_force().exists()
    assert b"block them again later" in refused.content


@pytest.mark.parametrize("size", [2, 15])
def test_blocked_list_query_count(
    browser: Client, member: User, size: int, django_assert_num_queries
) -> None:
    for target in UserFactory.create_batch(size):
        services.block_create(blocker=member, blocked_id=target.pk)
    # session + member (with its confirmed email, for the banner) + the blocks with their
    # members and profiles + the header's unread count
    with django_assert_num_queries(4):
        response = browser.get(reverse("blocked_list"))
    assert len(response.context["blocks"]) == size


@pytest.mark.parametrize("size", [1, 10])
def test_profile_page_query_count(
    browser: Client, member: User, size: int, django_assert_num_queries
) -> None:
    PositionFactory.create_batch(size, member=member)
    # session, viewer (with its confirmed email, for the banner), member+profile, positions,
    # education, degree (self: none), unread count
    with django_assert_num_queries(6):
        assert browser.get(reverse("profile", args=[member.pk])).status_code == 200
