"""Notification pages: the list (unread until this visit highlighted; opening it clears the
bell), "Mark all as read", the header bell and its polled fragment, login, and the list's
query count at two sizes."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from notifications import services as notification_services
from notifications.models import Notification, NotificationKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


def notify(recipient: User, number: int, *, actor: User | None = None, link: str = "") -> None:
    notification_services.notify(
        recipient_id=recipient.pk,
        actor_id=actor.pk if actor else None,
        kind=NotificationKind.INVITATION_RECEIVED,
        text=f"Notification {number} <b>bold</b>",
        link=link,
        dedupe_key=f"test:{number}",
    )


def test_pages_need_login(client: Client) -> None:
    login = reverse("account_login")
    assert login in client.get(reverse("notifications"))["Location"]
    assert login in client.post(reverse("notifications_mark_read"))["Location"]
    # The polled bell asks htmx to stop polling once the session is gone.
    assert client.get(reverse("notifications_badge")).status_code == 286


def test_list_highlights_unread_and_opening_it_clears_the_bell(
    browser: Client, member: User, other: User
) -> None:
    notify(member, 1, actor=other, link=reverse("profile", args=[other.pk]))
    notify(member, 2, link="https://evil.example/")
    notify(other, 3)  # someone else's
    Notification.objects.filter(dedupe_key="test:1").update(read_at="2026-01-01T00:00:00Z")
    response = browser.get(reverse("notifications"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="notification notification-unread"') == 1
    assert body.count('class="notification"') == 1
    assert "Notification 3" not in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body and "<b>bold</b>" not in body
    assert f'href="{reverse("profile", args=[other.pk])}"' in body
    assert "evil.example" not in body  # only links to this site are followed
    assert "1 new notification since your last visit." in body
    assert "bell-count" not in body  # opening the page read them all: the bell is clear
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=other).read_at is None
    again = browser.get(reverse("notifications")).content.decode()
    assert "notification-unread" not in again and "You're all caught up." in again


def test_mark_all_as_read(browser: Client, member: User, other: User) -> None:
    notify(member, 1)
    notify(member, 2)
    notify(other, 3)
    response = browser.post(reverse("notifications_mark_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=other).read_at is None
    page = browser.get(response["Location"]).content.decode()
    assert "All notifications are marked as read." in page
    assert "bell-count" not in page


def test_mark_read_refuses_get(browser: Client, member: User) -> None:
    notify(member, 1)
    assert browser.get(reverse("notifications_mark_read")).status_code == 405
    assert Notification.objects.get().read_at is None


def test_badge_fragment(browser: Client, member: User) -> None:
    response = browser.get(reverse("notifications_badge"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="notification-bell"' in body and "bell-count" not in body
    assert 'hx-trigger="every 30s"' in body and "<html" not in body
    for number in range(120):
        notify(member, number)
    body = browser.get(reverse("notifications_badge")).content.decode()
    assert ">99+<" in body and "(120 unread)" in body


def test_header_bell_and_my_network_link(browser: Client, member: User) -> None:
    notify(member, 1)
    body = browser.get(reverse("home")).content.decode()
    assert f'href="{reverse("my_network")}"' in body
    assert '<span class="bell-count" aria-hidden="true">1</span>' in body


def test_pages(browser: Client, member: User) -> None:
    for number in range(31):
        notify(member, number)
    first = browser.get(reverse("notifications")).context["page"]
    assert len(first) == 30 and first.has_next()
    assert first[0].text.startswith("Notification 30")  # newest first
    assert len(browser.get(reverse("notifications") + "?page=2").context["page"]) == 1


@pytest.mark.parametrize("size", [1, 12])
def test_list_query_count(
    browser: Client, member: User, size: int, django_assert_num_queries
) -> None:
    for number in range(size):
        notify(member, number, actor=UserFactory.create())
    # session, member (with its confirmed email, for the banner), page count, page rows,
    # marking them read, the bell's unread count
    with django_assert_num_queries(6):
        response = browser.get(reverse("notifications"))
    assert len(response.context["rows"]) == size


def test_admin_is_read_only(client: Client, member: User) -> None:
    notify(member, 1)
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    changelist = reverse("admin:notifications_notification_changelist")
    assert (
        client.get(changelist + "?kind=invitation_received&email_state=pending").status_code == 200
    )
    notification = Notification.objects.get()
    assert (
        client.get(
            reverse("admin:notifications_notification_change", args=[notification.pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
